package archive

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// parseDateLine reads an edition's date line: "Friday 30 May 2014", as
// digest.DateLine writes it, also with a comma after the weekday or an
// ordinal day ("Friday, 30th May 2014"). ok is false when s is not shaped
// like a date line at all; msg is set when it is, but names a day that does
// not exist or falls on another weekday.
func parseDateLine(s string) (d time.Time, ok bool, msg string) {
	if len(s) > 40 { // "Wednesday, 30th September 2014" is the longest
		return time.Time{}, false, ""
	}
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(f) != 4 {
		return time.Time{}, false, ""
	}
	weekday, known := parseWeekday(f[0])
	if !known {
		return time.Time{}, false, ""
	}
	dayWord := strings.ToLower(f[1])
	dayText := strings.TrimRight(dayWord, "stndrh")
	if !isDigits(dayText) || len(dayText) > 2 {
		return time.Time{}, false, ""
	}
	day, _ := strconv.Atoi(dayText)
	if dayText != dayWord && dayWord != dayText+ordinal(day) {
		return time.Time{}, false, ""
	}
	month, err := time.Parse("January", titleCase(f[2]))
	if err != nil {
		return time.Time{}, false, ""
	}
	if !isDigits(f[3]) || len(f[3]) != 4 {
		return time.Time{}, false, ""
	}
	year, _ := strconv.Atoi(f[3])
	d = time.Date(year, month.Month(), day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day || d.Month() != month.Month() {
		return time.Time{}, true, fmt.Sprintf("date line %q: %s %d has no day %d", s, month.Month(), year, day)
	}
	if d.Weekday() != weekday {
		return time.Time{}, true, fmt.Sprintf("date line %q: %s was a %s", s, digest.OrdinalDate(d), d.Weekday())
	}
	return d, true, ""
}

func parseWeekday(s string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(s, d.String()) {
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

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
