package digest

import (
	"strings"
	"time"
)

// The names of months and the days of a month as people write them in
// English: the one reading of them that the archive's date lines, a
// search's period, the newswire's dates and its headlines share.

// MonthNamed returns the month an English word names, in full or short, in
// any case ("September", "sep", "SEPT"), and whether the word is the short
// name; 0 when it names none. A short name may end in the full stop of an
// abbreviation ("Nov.", as the AP writes it); a full name may not. May's
// short name is its full name.
func MonthNamed(word string) (month time.Month, short bool) {
	word, stop := strings.CutSuffix(word, ".")
	if len(word) < 3 || len(word) > len("September") {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		name := m.String()
		switch {
		case strings.EqualFold(word, name):
			if stop {
				return 0, false
			}
			return m, false
		case strings.EqualFold(word, name[:3]), m == time.September && strings.EqualFold(word, "sept"):
			return m, true
		}
	}
	return 0, false
}

// DayOfMonth reads a day of a month written in figures: one or two of
// them, with or without the ordinal ending that fits the number, in any
// case ("7", "07", "30th", "1ST"; not "2th", "30rd" or "123"). It reads any
// such number, 0 and 32 to 99 too: whether a month has that day is for the
// caller to say (a date line naming a day that does not exist is refused
// with the reason, not taken for text).
func DayOfMonth(word string) (int, bool) {
	n := 0 // leading figures
	for n < len(word) && n <= 2 && word[n] >= '0' && word[n] <= '9' {
		n++
	}
	if n == 0 || n > 2 {
		return 0, false
	}
	day := int(word[0] - '0')
	if n == 2 {
		day = day*10 + int(word[1]-'0')
	}
	if ending := word[n:]; ending != "" && !strings.EqualFold(ending, OrdinalSuffix(day)) {
		return 0, false
	}
	return day, true
}
