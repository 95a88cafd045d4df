package archive_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// TestDateLineStylesOfRealDigests writes the date lines of the real
// digests as other editions do (an ordinal day without the weekday, in
// figures day first, month first, abbreviated, ISO, a weekday and figures)
// and separates editions with a row of asterisks or a page break alone.
// Every edition must start at its date line, dated by it, and keep it.
func TestDateLineStylesOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	dv := map[string]func(d time.Time) []string{
		"ordinal": func(d time.Time) []string {
			return []string{d.Format("2") + digest.OrdinalSuffix(d.Day()) + d.Format(" January 2006")}
		},
		"slash":           func(d time.Time) []string { return []string{d.Format("02/01/2006")} },
		"us":              func(d time.Time) []string { return []string{d.Format("January 2 2006")} },
		"abbr":            func(d time.Time) []string { return []string{d.Format("Mon 2 Jan 2006")} },
		"iso":             func(d time.Time) []string { return []string{d.Format("2006-01-02")} },
		"weekday-figures": func(d time.Time) []string { return []string{d.Format("Monday 02/01/2006")} },
		"of": func(d time.Time) []string {
			return []string{d.Format("Monday the 2") + digest.OrdinalSuffix(d.Day()) + d.Format(" of January, 2006")}
		},
		"dotted": func(d time.Time) []string { return []string{d.Format("2.1.2006")} },
		// The weekday as British editors shorten it: "Tues", "Weds",
		// "Thurs", or with a full stop ("Fri."). Before, such a line was
		// no date line: the edition was dated from its title, a day out,
		// and the line kept as text after the footer of the edition above.
		"british-abbr": func(d time.Time) []string {
			short := map[time.Weekday]string{time.Monday: "Mon.", time.Tuesday: "Tues", time.Wednesday: "Weds",
				time.Thursday: "Thurs", time.Friday: "Fri.", time.Saturday: "Sat.", time.Sunday: "Sun."}
			return []string{short[d.Weekday()] + d.Format(" 2 January 2006")}
		},
		"rule-sep": func(d time.Time) []string { return []string{"************", d.Format("Monday 2 January 2006")} },
		"ff-sep":   func(d time.Time) []string { return []string{"\f" + d.Format("Monday 2 January 2006")} },
	}
	for vname, v := range dv {
		for name, data := range files {
			want := parseReal(t, name, data)
			starts := map[int]time.Time{}
			for _, e := range want.Editions {
				starts[e.Line] = e.Date
			}
			var out []string
			lines := strings.Split(string(data), "\n")
			for i, l := range lines {
				if d, ok := starts[i+1]; ok {
					if vname == "rule-sep" || vname == "ff-sep" {
						// nothing but the separator between editions
						for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
							out = out[:len(out)-1]
						}
					}
					out = append(out, v(d)...)
					continue
				}
				out = append(out, l)
			}
			checkVariant(t, vname, name, []byte(strings.Join(out, "\n")), want)
		}
	}
}
