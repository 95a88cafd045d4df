package archive

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sharednews/sharednews/digest"
)

// nameDate reads the date editors put in the names of the files they save
// an edition as: "2014-07-10-newsletter.txt", "newsletter_10_07_2014.txt"
// (day first, as in Britain), "Newsletter 10 July 2014.txt",
// "20140710.txt", or a month alone, "2014-07.txt" and "July 2014.txt" (the
// 1st of the month: monthly is true). A year of four figures is required:
// other numbers in a name are not dates. ok is false when the name holds
// no date that exists.
func nameDate(name string) (d time.Time, monthly, ok bool) {
	base := filepath.Base(name)
	return wordsDate(strings.TrimSuffix(base, filepath.Ext(base)))
}

// wordsDate reads the first date among the words of s, marks aside, as
// nameDate reads a file's name: a title line ("Shared Services Weekly —
// 17 July 2014") is read so too.
func wordsDate(s string) (d time.Time, monthly, ok bool) {
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range words {
		if w := words[i]; len(w) == 8 && digest.AllDigits(w) { // 20140710
			if cd, found := digest.ReadDate([]string{w[:4] + "-" + w[4:6] + "-" + w[6:]}); found && cd.Exists() {
				return cd.Time(), false, true
			}
		}
		if i+3 <= len(words) {
			w := words[i : i+3]
			try := w
			if digest.AllDigits(w[0]) && digest.AllDigits(w[1]) && digest.AllDigits(w[2]) {
				if len(w[0]) != 4 && len(w[2]) != 4 {
					continue
				}
				try = []string{strings.Join(w, "-")}
			}
			if cd, found := digest.ReadDate(try); found && cd.Exists() {
				return cd.Time(), false, true
			}
		}
	}
	for i := 0; i+2 <= len(words); i++ {
		first, second := words[i], words[i+1]
		if d, ok := monthAlone(first, second); ok { // "July 2014"
			return d, true, true
		}
		if d, ok := monthAlone(second, first); ok { // "2014-July"
			return d, true, true
		}
		// "2014-07"; "07-2014" is as likely a number.
		if n, err := strconv.Atoi(second); err == nil && len(second) == 2 && n >= 1 && n <= 12 && isYear(first) {
			y, _ := strconv.Atoi(first)
			return time.Date(y, time.Month(n), 1, 0, 0, 0, 0, time.UTC), true, true
		}
	}
	return time.Time{}, false, false
}

// monthAlone reads a month named alone with its year ("March 2016", "Mar
// 2016"): the 1st of the month, as a monthly newsletter's edition and a
// file named by its month are dated. ok is false unless month is a
// month's name (digest.MonthNamed) and year has four figures.
func monthAlone(month, year string) (time.Time, bool) {
	m, _ := digest.MonthNamed(month)
	if m == 0 || !isYear(year) {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(year)
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true
}

// isYear reports whether w is a year of four figures.
func isYear(w string) bool { return len(w) == 4 && digest.AllDigits(w) }

// nameDateLine is the dateLine of an edition dated by the name of its
// file, and says so; ok is false when the name holds no date.
func nameDateLine(name, why string) (dateLine, bool) {
	d, monthly, ok := nameDate(name)
	if !ok {
		return dateLine{}, false
	}
	day := digest.DateLine(d)
	if monthly {
		day = "the 1st of its month, " + day
	}
	return dateLine{date: d, note: fmt.Sprintf("%s: the edition is dated from the file's name %q, %s", why, filepath.Base(name), day)}, true
}
