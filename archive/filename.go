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
		year, month := words[i], words[i+1]
		m, _ := digest.MonthNamed(month)
		if n, err := strconv.Atoi(month); err == nil && len(month) == 2 && n >= 1 && n <= 12 {
			m = time.Month(n) // "2014-07"; "07-2014" is as likely a number
		}
		if len(year) != 4 || !digest.AllDigits(year) {
			year = month // "July 2014"
			m, _ = digest.MonthNamed(words[i])
		}
		if len(year) != 4 || !digest.AllDigits(year) {
			continue
		}
		if m != 0 {
			y, _ := strconv.Atoi(year)
			return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true, true
		}
	}
	return time.Time{}, false, false
}

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
