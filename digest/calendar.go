package digest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A CalendarDate is a day as someone wrote it: a year, a month and a day
// of the month, which that month may not have ("30 February 2014"). It is
// the one reading of a written date that the archive's date lines,
// `/shared edition` and the web archive's edition pages share, so that
// each says the same of the same words.
type CalendarDate struct {
	Year  int
	Month time.Month // 1 to 12
	Day   int        // 0 to 99: whether the month has it is Exists's
}

// Exists reports whether the month has the day.
func (d CalendarDate) Exists() bool {
	return d.Day >= 1 && d.Time().Day() == d.Day
}

// Time is the date's midnight UTC. For a day the month does not have it
// is the day time.Date normalises it to: ask Exists first.
func (d CalendarDate) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// NoSuchDay says why the date names no day ("February 2014 has no day
// 30"), or "" when it exists.
func (d CalendarDate) NoSuchDay() string {
	if d.Exists() {
		return ""
	}
	return fmt.Sprintf("%s %d has no day %d", d.Month, d.Year, d.Day)
}

// DateWords are the words of a written date without its commas and the
// words "the" and "of" ("Friday the 30th of May, 2014").
func DateWords(s string) []string {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	return slices.DeleteFunc(f, func(w string) bool { return strings.EqualFold(w, "the") || strings.EqualFold(w, "of") })
}

// WeekdayNamed returns the day of the week an English word names, in full
// or short, in any case ("Friday", "fri").
func WeekdayNamed(word string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(word, d.String()) || strings.EqualFold(word, d.String()[:3]) {
			return d, true
		}
	}
	return 0, false
}

// ReadDate reads a date from its words (DateWords; a weekday before it is
// the caller's to take off): a day (DayOfMonth), a month's name
// (MonthNamed) and a year of four figures, in either order of day and
// month ("30th May 2014", "May 30 2014"); or the date in figures, day
// first as in Britain, with the same separator twice ("30/05/2014",
// "30.05.2014", "30-05-14"), or ISO ("2014-05-30"). A year of two figures
// is read as POSIX strptime's %y reads it: 69 to 99 the 1900s, 00 to 68
// the 2000s, so that a date reads the same whenever it is read. ok is
// false when the words are not a date at all, a month 13 among them; a
// day the month lacks is a date that does not exist (Exists).
func ReadDate(words []string) (d CalendarDate, ok bool) {
	switch len(words) {
	case 3:
		dayWord, monthWord := words[0], words[1]
		if m, _ := MonthNamed(words[0]); m != 0 {
			dayWord, monthWord = words[1], words[0] // "May 30 2014"
		}
		day, isDay := DayOfMonth(dayWord)
		month, _ := MonthNamed(monthWord)
		if !isDay || month == 0 || !AllDigits(words[2]) || len(words[2]) != 4 {
			return CalendarDate{}, false
		}
		year, _ := strconv.Atoi(words[2])
		return CalendarDate{Year: year, Month: month, Day: day}, true
	case 1:
		return readFigures(words[0])
	}
	return CalendarDate{}, false
}

// readFigures reads a date in figures: day, month and year with the same
// separator ('/', '.' or '-') twice, or ISO's year, month and day.
func readFigures(s string) (CalendarDate, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 || strings.Count(s, s[len(parts[0]):len(parts[0])+1]) != 2 {
		return CalendarDate{}, false
	}
	for _, p := range parts {
		if !AllDigits(p) {
			return CalendarDate{}, false
		}
	}
	if len(parts[0]) == 4 { // ISO: year, month, day
		parts[0], parts[2] = parts[2], parts[0]
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 && len(parts[2]) != 2 {
		return CalendarDate{}, false
	}
	day, _ := strconv.Atoi(parts[0])
	month, _ := strconv.Atoi(parts[1])
	year, _ := strconv.Atoi(parts[2])
	if len(parts[2]) == 2 {
		year = FullYear(year)
	}
	if month < 1 || month > 12 || day < 1 {
		return CalendarDate{}, false
	}
	return CalendarDate{Year: year, Month: time.Month(month), Day: day}, true
}

// FullYear is the year a date in figures means by its last two figures
// ("31/12/15"), as POSIX strptime's %y reads them: 69 to 99 are the
// 1900s, 00 to 68 the 2000s. Mail clients and editors write dates so; a
// fixed pivot, not today's date, keeps an import's dates the same
// whenever it runs.
func FullYear(yy int) int {
	if yy >= 69 {
		return 1900 + yy
	}
	return 2000 + yy
}

// AllDigits reports whether s is one or more ASCII figures: the one test
// of a number written in figures that dates, page numbers, the
// newswire's dates and the archive's headings share.
func AllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
