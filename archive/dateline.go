package archive

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	// nominal is the day a date the month lacks runs on to ("31 June":
	// 1 July), and weekday the day of the week the line names (named):
	// what tells which day was meant (Parser.meantDay).
	nominal time.Time
	weekday time.Weekday
	named   bool
	// note is said of a date line kept as written that dates its edition
	// by a guess ("March 2016": the 1st of the month).
	note string
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
	f := digest.DateWords(s)
	if len(f) < 2 {
		return dateLine{}, false
	}
	weekday, known := lineWeekday(f[0])
	if !known {
		return dateLine{}, false
	}
	dl, ok = readDate(s, f[1:])
	dl.weekday, dl.named = weekday, true
	if ok && dl.problem == "" && dl.date.Weekday() != weekday {
		dl.warning = fmt.Sprintf("date line %q: %s was a %s; the edition is dated %s", s, digest.OrdinalDate(dl.date), dl.date.Weekday(), digest.DateLine(dl.date))
	}
	return dl, ok
}

// lineWeekday reads the weekday that starts a date line, in full or short
// as digest.WeekdayNamed reads it, or as British editors shorten it
// ("Tues", "Weds", "Thur", "Thurs"), with a full stop after it or not
// ("Fri."). Only here: a date line is a line of its own, where such a word
// can be nothing else.
func lineWeekday(word string) (time.Weekday, bool) {
	word = strings.TrimSuffix(word, ".")
	if d, ok := digest.WeekdayNamed(word); ok {
		return d, true
	}
	for short, d := range map[string]time.Weekday{"tues": time.Tuesday, "weds": time.Wednesday, "thur": time.Thursday, "thurs": time.Thursday} {
		if strings.EqualFold(word, short) {
			return d, true
		}
	}
	return 0, false
}

// parseBareDateLine reads a date line without a weekday: "1st December
// 2014", "December 1, 2014", "01/12/2014" (day first, as in Britain) or
// "2014-12-01". Whether such a line starts an edition depends on where it
// stands (see Parser.splitEditions).
func parseBareDateLine(s string) (dateLine, bool) {
	if len(s) > 40 {
		return dateLine{}, false
	}
	return readDate(s, digest.DateWords(s))
}

// readDate reads the date in the fields f of the line s (digest.ReadDate):
// a day the month lacks is a line that cannot date its edition.
func readDate(s string, f []string) (dateLine, bool) {
	d, ok := digest.ReadDate(f)
	if !ok && len(f) == 3 {
		// A year of two figures after a month's name ("3 Mar 16",
		// "3rd March '16"), as a date in figures has it ("03/03/16").
		yy := strings.TrimLeft(f[2], "'’")
		if y, isYear := digest.ReadDate([]string{"01/01/" + yy}); isYear && len(yy) == 2 {
			d, ok = digest.ReadDate([]string{f[0], f[1], strconv.Itoa(y.Year)})
		}
	}
	switch {
	case !ok:
		return dateLine{}, false
	case !d.Exists():
		dl := dateLine{problem: fmt.Sprintf("date line %q: %s", s, d.NoSuchDay())}
		if d.Day >= 1 && d.Day <= 31 { // a day other months have: a slip
			dl.nominal = d.Time()
		}
		return dl, true
	}
	return dateLine{date: d.Time()}, true
}

// issueLabel is the label a newsletter may put before its date on the
// date line: "Issue 42 — 3 March 2016", "Issue No. 42, Thursday 3 March
// 2016", "Vol. 3, Issue 12 - 3 March 2016", "No. 57 | 16 June 2016",
// "Edition 9: 16 June 2016", "#42 – 3 March 2016". The number is required:
// "Edition: 16 June 2016" or "Issue of 3 March" is text.
var issueLabel = regexp.MustCompile(`(?i)^(?:vol(?:ume|\.)?\s*\d+\s*[,.;:|/\-–—]?\s*)?` +
	`(?:(?:issue|edition|number|no\.?)\s*(?:no\.?\s*|number\s*)?#?|#)\s*\d+\s*(?:[,.;:|/\-–—]+\s*)?`)

// parseIssueLine reads a date line with an issue label before its date
// (issueLabel): the date after it with its weekday or without. ok is false
// when s has no such label, or no date after it.
func parseIssueLine(s string) (dl dateLine, ok bool) {
	m := issueLabel.FindStringIndex(s)
	if m == nil || m[1] == len(s) {
		return dateLine{}, false
	}
	rest := strings.TrimSpace(s[m[1]:])
	if dl, ok := parseDateLine(rest); ok {
		return dl, true
	}
	return parseBareDateLine(rest)
}

// maxDateLabelWords is how many words a date line may have around its
// date ("Week ending", "Published:", "— Issue 42", "at 09:00"): more is a
// sentence that names a date.
const maxDateLabelWords = 3

// parseLabelledDateLine reads a date line with a few words before or after
// its date, as other newsletters write theirs: "Week ending 4 March 2016",
// "w/c 29 February 2016", "Published: Thursday 3 March 2016", "Thursday 3
// March 2016 — Issue 42", "Thursday, 3 March 2016 at 09:00". The date is
// the longest run of the line's words that reads as one, with its weekday
// or without; at most maxDateLabelWords other words (marks alone, such as
// a dash, not counted) may stand around it. ok is false for a line that
// ends a sentence, asks or is a plain date line.
func parseLabelledDateLine(s string) (dl dateLine, ok bool) {
	if len(s) > 80 || strings.ContainsAny(s, "?!") || strings.HasSuffix(s, ".") {
		return dateLine{}, false
	}
	words := strings.Fields(s)
	n := len(words)
	for size := n - 1; size >= 2; size-- {
		for i := 0; i+size <= n; i++ {
			if labelWords(words[:i])+labelWords(words[i+size:]) > maxDateLabelWords {
				continue
			}
			span := strings.Trim(strings.Join(words[i:i+size], " "), ",;:|–—-")
			if dl, ok := parseDateLine(span); ok {
				return dl, true
			}
			if dl, ok := parseBareDateLine(span); ok {
				return dl, true
			}
		}
	}
	return dateLine{}, false
}

// labelWords counts the words of ws that have a letter or a figure: a dash
// or a bar alone is no word.
func labelWords(ws []string) int {
	n := 0
	for _, w := range ws {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// parseMonthLine reads a date line that names a month alone ("March 2016",
// "Mar 2016", a monthly newsletter's): the edition is dated the 1st of
// the month, and the line kept as written, with a note that says so.
func parseMonthLine(s string) (dateLine, bool) {
	f := digest.DateWords(s)
	if len(f) != 2 {
		return dateLine{}, false
	}
	d, ok := monthAlone(f[0], f[1])
	if !ok {
		return dateLine{}, false
	}
	return dateLine{date: d, note: fmt.Sprintf("date line %q names no day: the edition is dated the 1st, %s", s, digest.DateLine(d))}, true
}

// nearestWeekday is the day named wd nearest d: within three days of it.
func nearestWeekday(d time.Time, wd time.Weekday) time.Time {
	diff := (int(wd) - int(d.Weekday()) + 7) % 7
	if diff > 3 {
		diff -= 7
	}
	return d.AddDate(0, 0, diff)
}

// meantDay reads which day a date line that names a day its month lacks
// ("Thursday 31 June 2014") meant, and says how in the dateLine's
// warning: the title's date, when it is within a week of the day the
// date runs on to (1 July), or else the file's name's, is the day, or
// the day of the line's weekday nearest it; with neither, the line's
// weekday nearest that day (Thursday 3 July). ok is false when nothing
// tells: no weekday, and no date in the title or the file's name near it.
func (p Parser) meantDay(name string, et editionText) (dateLine, bool) {
	dl := et.date
	if dl.nominal.IsZero() {
		return dateLine{}, false
	}
	title := ""
	for _, l := range et.body {
		if l.text != "" {
			title = l.text
			break
		}
	}
	var near time.Time
	how := ""
	td, ok := p.titleDate(title)
	if !ok {
		var monthly bool
		td, monthly, ok = wordsDate(title)
		ok = ok && !monthly && utf8.RuneCountInString(title) <= maxTitleRunes
	}
	if nd, monthly, named := nameDate(name); ok && daysApart(td, dl.nominal) <= maxTitleDays {
		near, how = td, fmt.Sprintf("its title's date, %s", digest.OrdinalDate(td))
	} else if named && !monthly && daysApart(nd, dl.nominal) <= maxTitleDays {
		near, how = nd, fmt.Sprintf("the file's name, %q", filepath.Base(name))
	}
	switch {
	case !near.IsZero() && dl.named:
		d := nearestWeekday(near, dl.weekday)
		how = fmt.Sprintf("the %s nearest %s", dl.weekday, how)
		near = d
	case near.IsZero() && dl.named:
		near, how = nearestWeekday(dl.nominal, dl.weekday), fmt.Sprintf("its weekday, the %s nearest %s", dl.weekday, digest.OrdinalDate(dl.nominal))
	case near.IsZero():
		return dateLine{}, false
	}
	return dateLine{date: near, warning: fmt.Sprintf("%s; the edition is dated %s, as %s says", dl.problem, digest.DateLine(near), how)}, true
}
