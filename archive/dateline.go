package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// dateLine is what a line shaped like an edition's date line says.
type dateLine struct {
	date time.Time // midnight UTC; zero when the day does not exist
	// problem is set when the line names a day that does not exist
	// ("Friday 31 June 2014"): the edition cannot be dated.
	problem string
	// warning is set when the weekday is wrong for the date: the date
	// itself is kept, as the more specific of the two.
	warning string
}

// parseDateLine reads an edition's date line: "Friday 30 May 2014", as
// digest.DateLine writes it, also with commas, an ordinal day or the month
// first ("Friday, 30th May 2014", "Friday, May 30, 2014"). ok is false when
// s is not shaped like a date line at all. A weekday is required: a bare
// date on a line of its own ("27 June 2014") is more often an event in the
// text than the start of an edition.
func parseDateLine(s string) (dl dateLine, ok bool) {
	if len(s) > 40 { // "Wednesday, 30th September 2014" is the longest
		return dateLine{}, false
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) != 4 {
		return dateLine{}, false
	}
	weekday, known := parseWeekday(f[0])
	if !known {
		return dateLine{}, false
	}
	dayWord, monthWord := f[1], f[2]
	if _, isMonth := parseMonth(f[1]); isMonth {
		dayWord, monthWord = f[2], f[1] // "Friday, May 30, 2014"
	}
	day, isDay := parseDay(dayWord)
	month, isMonth := parseMonth(monthWord)
	if !isDay || !isMonth || !isDigits(f[3]) || len(f[3]) != 4 {
		return dateLine{}, false
	}
	year, _ := strconv.Atoi(f[3])
	d := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day || d.Month() != month {
		return dateLine{problem: fmt.Sprintf("date line %q: %s %d has no day %d", s, month, year, day)}, true
	}
	dl = dateLine{date: d}
	if d.Weekday() != weekday {
		dl.warning = fmt.Sprintf("date line %q: %s was a %s; the edition is dated %s", s, digest.OrdinalDate(d), d.Weekday(), digest.DateLine(d))
	}
	return dl, true
}

// parseDay reads "30", "30th", "1st"; the suffix must fit the number.
func parseDay(s string) (int, bool) {
	s = strings.ToLower(s)
	digits := strings.TrimRight(s, "stndrh")
	if !isDigits(digits) || len(digits) > 2 {
		return 0, false
	}
	day, _ := strconv.Atoi(digits)
	if digits != s && s != digits+ordinal(day) {
		return 0, false
	}
	return day, true
}

// parseMonth reads a month's name, in full or its first three letters.
func parseMonth(s string) (time.Month, bool) {
	for m := time.January; m <= time.December; m++ {
		if strings.EqualFold(s, m.String()) || strings.EqualFold(s, m.String()[:3]) || strings.EqualFold(s, "Sept") && m == time.September {
			return m, true
		}
	}
	return 0, false
}

func parseWeekday(s string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(s, d.String()) || strings.EqualFold(s, d.String()[:3]) {
			return d, true
		}
	}
	return 0, false
}

// ordinal is the suffix of an ordinal day: "st", "nd", "rd" or "th".
func ordinal(day int) string {
	switch {
	case day%100 >= 11 && day%100 <= 13:
		return "th"
	case day%10 == 1:
		return "st"
	case day%10 == 2:
		return "nd"
	case day%10 == 3:
		return "rd"
	}
	return "th"
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
