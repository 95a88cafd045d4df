package archive

import (
	"fmt"
	"slices"
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
// digest.DateLine writes it, also with commas, an ordinal day, the month
// first or the date in figures ("Friday, 30th May 2014", "Friday, May 30,
// 2014", "Fri 30/05/2014"). ok is false when s is not shaped like a date
// line at all. A weekday is required: a bare date on a line of its own
// ("27 June 2014") is more often an event in the text than the start of an
// edition (parseBareDateLine reads those, for where an edition starts).
func parseDateLine(s string) (dl dateLine, ok bool) {
	if len(s) > 40 { // "Wednesday, 30th September 2014" is the longest
		return dateLine{}, false
	}
	f := dateFields(s)
	if len(f) < 2 {
		return dateLine{}, false
	}
	weekday, known := parseWeekday(f[0])
	if !known {
		return dateLine{}, false
	}
	dl, ok = readDate(s, f[1:])
	if ok && dl.problem == "" && dl.date.Weekday() != weekday {
		dl.warning = fmt.Sprintf("date line %q: %s was a %s; the edition is dated %s", s, digest.OrdinalDate(dl.date), dl.date.Weekday(), digest.DateLine(dl.date))
	}
	return dl, ok
}

// parseBareDateLine reads a date line without a weekday: "1st December
// 2014", "December 1, 2014", "01/12/2014" (day first, as in Britain) or
// "2014-12-01". Whether such a line starts an edition depends on where it
// stands (see Parser.splitEditions).
func parseBareDateLine(s string) (dateLine, bool) {
	if len(s) > 40 {
		return dateLine{}, false
	}
	return readDate(s, dateFields(s))
}

// dateFields are the words of a date line without commas and the words
// "the" and "of" ("Friday the 30th of May 2014").
func dateFields(s string) []string {
	f := strings.Fields(strings.ReplaceAll(s, ",", " "))
	return slices.DeleteFunc(f, func(w string) bool { return strings.EqualFold(w, "the") || strings.EqualFold(w, "of") })
}

// readDate reads the date in the fields f of the line s: a day, a month's
// name and a year in either order of day and month, or the date in
// figures, day first ("30/05/2014", "30.05.2014", "30-05-2014", also with
// the year in two figures, "30/05/14") or ISO ("2014-05-30").
func readDate(s string, f []string) (dateLine, bool) {
	var day, year int
	var month time.Month
	switch len(f) {
	case 3:
		dayWord, monthWord := f[0], f[1]
		if _, isMonth := parseMonth(f[0]); isMonth {
			dayWord, monthWord = f[1], f[0] // "May 30, 2014"
		}
		// Any day of one or two figures: one the month lacks is
		// refused below, naming it.
		d, isDay := digest.DayOfMonth(dayWord)
		m, isMonth := parseMonth(monthWord)
		if !isDay || !isMonth || !isDigits(f[2]) || len(f[2]) != 4 {
			return dateLine{}, false
		}
		day, month = d, m
		year, _ = strconv.Atoi(f[2])
	case 1:
		parts := strings.FieldsFunc(f[0], func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		if len(parts) != 3 || strings.Count(f[0], f[0][len(parts[0]):len(parts[0])+1]) != 2 {
			return dateLine{}, false
		}
		for _, p := range parts {
			if !isDigits(p) {
				return dateLine{}, false
			}
		}
		if len(parts[0]) == 4 { // ISO: year, month, day
			parts[0], parts[2] = parts[2], parts[0]
		}
		if len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 && len(parts[2]) != 2 {
			return dateLine{}, false
		}
		day, _ = strconv.Atoi(parts[0])
		m, _ := strconv.Atoi(parts[1])
		year, _ = strconv.Atoi(parts[2])
		if len(parts[2]) == 2 {
			year = fullYear(year)
		}
		if m < 1 || m > 12 || day < 1 {
			return dateLine{}, false
		}
		month = time.Month(m)
	default:
		return dateLine{}, false
	}
	d := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day || d.Month() != month {
		return dateLine{problem: fmt.Sprintf("date line %q: %s %d has no day %d", s, month, year, day)}, true
	}
	return dateLine{date: d}, true
}

// fullYear is the year a date in figures means by its last two figures
// ("31/12/15"), as POSIX strptime's %y reads them: 69 to 99 are the
// 1900s, 00 to 68 the 2000s. Mail clients and editors write dates so; a
// fixed pivot, not today's date, keeps an import's dates the same
// whenever it runs.
func fullYear(yy int) int {
	if yy >= 69 {
		return 1900 + yy
	}
	return 2000 + yy
}

// parseMonth reads a month's name, in full or short (digest.MonthNamed).
func parseMonth(s string) (time.Month, bool) {
	m, _ := digest.MonthNamed(s)
	return m, m != 0
}

func parseWeekday(s string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(s, d.String()) || strings.EqualFold(s, d.String()[:3]) {
			return d, true
		}
	}
	return 0, false
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
