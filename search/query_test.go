package search

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	type part struct {
		typed  string
		stems  string
		phrase bool
	}
	for _, tc := range []struct {
		raw     string
		parts   []part
		names   []string
		ignored []string
	}{
		{raw: "fire and police", parts: []part{{"fire", "fire", false}, {"police", "polic", false}}, ignored: []string{"and"}},
		{raw: "the devolution", parts: []part{{"devolution", "devolut", false}}, ignored: []string{"the"}},
		{raw: `"shared services" council`, parts: []part{{`"shared services"`, "share servic", true}, {"council", "council", false}}},
		{raw: "“fire and rescue”", parts: []part{{"“fire and rescue”", "fire and rescu", true}}},
		{raw: `"the"`, parts: []part{{`"the"`, "the", false}}},
		{raw: `"open phrase`, parts: []part{{`"open phrase`, "open phrase", true}}},
		{raw: "Stoke-on-Trent council", parts: []part{{"Stoke-on-Trent", "stoke on trent", true}, {"council", "council", false}}},
		{raw: "tri-borough", parts: []part{{"tri-borough", "tri borough", true}}},
		{raw: "Neath Port Talbot", parts: []part{{"Neath", "neath", false}, {"Port", "port", false}, {"Talbot", "talbot", false}},
			names: []string{"Neath Port Talbot"}},
		{raw: "Newcastle upon Tyne deal", parts: []part{{"Newcastle", "newcastl", false}, {"Tyne", "tyne", false}, {"deal", "deal", false}},
			names: []string{"Newcastle upon Tyne"}, ignored: []string{"upon"}},
		{raw: "fire AND police OR ambulance", parts: []part{{"fire", "fire", false}, {"police", "polic", false}, {"ambulance", "ambulanc", false}},
			ignored: []string{"AND", "OR"}},
		{raw: "IT and US", parts: []part{{"IT", "it", false}, {"US", "us", false}}, names: []string{"IT and US"}, ignored: []string{"and"}},
		{raw: "councils Councils COUNCIL", parts: []part{{"councils", "council", false}}, names: []string{"Councils COUNCIL"}},
		{raw: "council's O’Neill", parts: []part{{"council's", "council", false}, {"O’Neill", "oneill", false}}},
		{raw: "NEAR(fire police) col:fire ^x *", parts: []part{{"NEAR", "near", false}, {"fire", "fire", false}, {"police", "polic", false}, {"col", "col", false}}, ignored: []string{"x"}},
		{raw: "  fire\t\x1b[0m police\u200b  ", parts: []part{{"fire", "fire", false}, {"police", "polic", false}}},
		{raw: "\x1b[31mdevolution\x1b[0m \x1b]8;;https://x.example\x07deal\x1b]8;;\x07", parts: []part{{"devolution", "devolut", false}, {"deal", "deal", false}}},
		{raw: "£5M Council savings", parts: []part{{"5M", "5 million", true}, {"Council", "council", false}, {"savings", "save", false}}},
		{raw: "£2.5m 1.99% v1.2", parts: []part{{"2.5m", "2_5 million", true}, {"1.99%", "1_99 percent", true}, {"v1.2", "v1 2", true}}},
		// A magnitude typed as a word after a number is one amount with it,
		// as "£5m" is, which a story may write in another magnitude.
		{raw: "5 million", parts: []part{{"5 million", "5 million", true}}},
		{raw: "£0.5 billion cap", parts: []part{{"0.5 billion", "0_5 billion", true}, {"cap", "cap", false}}},
		// Its short form apart only after a currency sign: "5 m" may be
		// metres.
		{raw: "£0.5 bn cap", parts: []part{{"0.5 bn", "0_5 billion", true}, {"cap", "cap", false}}},
		{raw: "5 mn wall", parts: []part{{"5", "5", false}, {"mn", "mn", false}, {"wall", "wall", false}}},
		// Initials said apart are the word they spell ("A&E"), not three
		// small words; letters beside other words are not.
		{raw: "A and E waits", parts: []part{{"A and E", "ae", false}, {"waits", "wait", false}}},
		{raw: "r & d in Q and A", parts: []part{{"r & d", "rd", false}, {"Q and A", "qa", false}}, ignored: []string{"in"}},
		// A financial year is one thing: its two numbers in a row.
		{raw: "budget 2014/15", parts: []part{{"budget", "budget", false}, {"2014/15", "2014 15", true}}},
		{raw: "plan B and contingency", parts: []part{{"plan", "plan", false}, {"contingency", "contingency", false}},
			ignored: []string{"B", "and"}},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			q := Parse(tc.raw)
			if q.Problem != "" {
				t.Fatalf("problem %q", q.Problem)
			}
			var got []part
			for _, p := range q.Parts {
				got = append(got, part{p.Typed, strings.Join(p.Stems, " "), p.Phrase})
				if q.Text[p.Start:p.End] != p.Typed {
					t.Errorf("span %d–%d of %q is not %q", p.Start, p.End, q.Text, p.Typed)
				}
			}
			if !slices.Equal(got, tc.parts) {
				t.Errorf("parts %+v, want %+v", got, tc.parts)
			}
			var names []string
			for _, n := range q.Names {
				names = append(names, n.Typed)
			}
			if !slices.Equal(names, tc.names) {
				t.Errorf("names %q, want %q", names, tc.names)
			}
			if !slices.Equal(q.Ignored, tc.ignored) {
				t.Errorf("ignored %q, want %q", q.Ignored, tc.ignored)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	for raw, want := range map[string]string{
		"the and of":             "“the and of” has only small words, which search leaves out. Put them in quotes to search for them as a phrase: \"the and of\".",
		"?!":                     "There are no words to search for there: type some words, such as `devolution` or `shared services`.",
		strings.Repeat("é", 201): "A search can be at most 200 characters; yours has 201. Try its most telling words.",
		// Counted as every other limit counts, with a comma in the thousands.
		strings.Repeat("é ", 2000): "A search can be at most 200 characters; yours has 3,999. Try its most telling words.",
	} {
		if got := Parse(raw).Problem; got != want {
			t.Errorf("Parse(%.20q).Problem = %q, want %q", raw, got, want)
		}
	}
	if p := Parse(strings.Repeat("éa ", 66) + "éa").Problem; p != "" {
		t.Errorf("200 characters: %q", p)
	}
}

// FuzzParse: whatever is typed, Parse gives parts whose spans are what they
// say, with words and stems, or a sentence saying why there are none; and
// Query.Text holds no control characters.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"fire and police", `"shared services"`, "Stoke-on-Trent", "NEAR(a b)", "\x00\xff", `"`, "IT", "£5m-a-year 2.5BN",
		"devolution -wales", `-"city deal" devolution -`, "-Stoke-on-Trent x", `-"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := Parse(raw)
		if !utf8.ValidString(q.Text) || strings.ContainsFunc(q.Text, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Fatalf("Text %q", q.Text)
		}
		if len(q.Parts) == 0 && q.Problem == "" {
			t.Fatalf("%q: no parts and no problem", raw)
		}
		if len(q.Parts) > 0 && q.Problem != "" {
			t.Fatalf("%q: parts and a problem %q", raw, q.Problem)
		}
		for _, p := range slices.Concat(q.Parts, q.Names, q.Excluded) {
			if p.Start < 0 || p.End > len(q.Text) || p.Start > p.End || q.Text[p.Start:p.End] != p.Typed {
				t.Fatalf("%q: span %d–%d for %q in %q", raw, p.Start, p.End, p.Typed, q.Text)
			}
			if len(p.Words) == 0 || len(p.Words) != len(p.Stems) || slices.Contains(p.Stems, "") {
				t.Fatalf("%q: part %+v", raw, p)
			}
		}
	})
}

// TestParseInitials: initials written with full stops are one part, quoted
// in answers as typed, last stop included.
func TestParseInitials(t *testing.T) {
	q := Parse("U.K. council a.m.")
	if len(q.Parts) != 2 || q.Parts[0].Typed != "U.K." || q.Parts[0].Stems[0] != "uk" || q.Parts[1].Typed != "council" {
		t.Errorf("parts: %+v", q.Parts)
	}
	if !slices.Equal(q.Ignored, []string{"a.m."}) {
		t.Errorf("ignored: %q", q.Ignored)
	}
}

// TestParseDated: a month typed with its year and nothing else, or a year
// typed as a word of its own, is the query's Dated period, and its words
// are parts (small ones aside: "May"); a month among other words is the
// Period instead, and a year in a range, an amount, joined or quoted is a
// number.
func TestParseDated(t *testing.T) {
	for _, tc := range []struct {
		raw, dated, from, to string // from, to: the period's first day and the day after it, "" for none
		parts                []string
	}{
		{"November 2014", "November 2014", "2014-11-01", "2014-12-01", []string{"November", "2014"}},
		{"nov 2014", "nov 2014", "2014-11-01", "2014-12-01", []string{"nov", "2014"}},
		{"20th November 2014", "20th November 2014", "2014-11-01", "2014-12-01", []string{"20th", "November", "2014"}},
		{"May 20, 2014", "May 20, 2014", "2014-05-01", "2014-06-01", []string{"20", "2014"}},
		{"May 2014", "May 2014", "2014-05-01", "2014-06-01", []string{"2014"}},
		{"2014", "2014", "2014-01-01", "2015-01-01", []string{"2014"}},
		{"housing 2019", "2019", "2019-01-01", "2020-01-01", []string{"housing", "2019"}},
		{"(2019) housing, 1999.", "2019", "2019-01-01", "2020-01-01", []string{"2019", "housing", "1999"}},
		{"mergers November 2014", "", "", "", []string{"mergers"}},
		{"mergers November 2014 2015", "", "", "", []string{"mergers", "2015"}},
		{`"November 2014"`, "", "", "", []string{`"November 2014"`}},
		{`"2014" housing`, "", "", "", []string{`"2014"`, "housing"}},
		{"November-2014", "", "", "", []string{"November-2014"}},
		{"budget 2014-15", "", "", "", []string{"budget", "2014-15"}},
		{"budget 2014/15", "", "", "", []string{"budget", "2014/15"}},
		{"£2014 fine", "", "", "", []string{"2014", "fine"}},
		{"November", "", "", "", []string{"November"}},
		{"1850 census", "", "", "", []string{"1850", "census"}},
		// A date in figures, day first as British dates are, or ISO.
		{"10/07/2014", "10/07/2014", "2014-07-01", "2014-08-01", []string{"10", "07", "2014"}},
		{"2014-11-20", "2014-11-20", "2014-11-01", "2014-12-01", []string{"2014-11-20"}},
		{"31/02/2014", "", "", "", []string{"31", "02", "2014"}},
		// No such date is a period: its words are searched, never a
		// month read from the wrong field or a year 0.
		{"2014-13-01", "", "", "", []string{"2014-13-01"}},
		{"00/00/0000", "", "", "", []string{"00", "0000"}},
		{"29/02/2015", "", "", "", []string{"29", "02", "2015"}},
		{"29/02/2016", "29/02/2016", "2016-02-01", "2016-03-01", []string{"29", "02", "2016"}},
	} {
		q := Parse(tc.raw)
		var parts []string
		for _, p := range q.Parts {
			parts = append(parts, p.Typed)
		}
		from, to := "", ""
		if !q.Dated.To.IsZero() {
			from, to = q.Dated.From.Format(time.DateOnly), q.Dated.To.Format(time.DateOnly)
			if q.Text[q.Dated.Start:q.Dated.End] != q.Dated.Typed {
				t.Errorf("%q: dated %q at %d–%d", tc.raw, q.Dated.Typed, q.Dated.Start, q.Dated.End)
			}
		}
		if q.Dated.Typed != tc.dated || from != tc.from || to != tc.to || !slices.Equal(parts, tc.parts) {
			t.Errorf("%q: dated %q from %q to %q, parts %q; want %q from %q to %q, parts %q",
				tc.raw, q.Dated.Typed, from, to, parts, tc.dated, tc.from, tc.to, tc.parts)
		}
		if tc.dated != "" && !q.Period.To.IsZero() {
			t.Errorf("%q: also a period %q", tc.raw, q.Period.Typed)
		}
	}
}

// TestParsePeriod: a month typed with its year among other words is the
// query's period, not words to find; alone, or quoted, or joined, it is
// words as before.
func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		raw, period, from string // from: the period's first day, "" for none
		parts             []string
	}{
		{"mergers November 2014", "November 2014", "2014-11-01", []string{"mergers"}},
		{"Nov 2014 council mergers", "Nov 2014", "2014-11-01", []string{"council", "mergers"}},
		{"20th May 2014 shared services", "20th May 2014", "2014-05-01", []string{"shared", "services"}},
		{"shared services 30 may 2014", "30 may 2014", "2014-05-01", []string{"shared", "services"}},
		{"fire deaths sept 2014", "sept 2014", "2014-09-01", []string{"fire", "deaths"}},
		{"mergers December 2014 January 2015", "December 2014", "2014-12-01", []string{"mergers", "January", "2015"}},
		{"mergers 32 May 2014", "May 2014", "2014-05-01", []string{"mergers", "32"}},
		{"mergers 2th May 2014", "May 2014", "2014-05-01", []string{"mergers", "2th"}},
		{"mergers 22ND May 2014", "22ND May 2014", "2014-05-01", []string{"mergers"}},
		{"mergers May 20, 2014", "May 20, 2014", "2014-05-01", []string{"mergers"}},
		{"November 19th 2014 shared services", "November 19th 2014", "2014-11-01", []string{"shared", "services"}},
		{"mergers May 32, 2014", "", "", []string{"mergers", "32", "2014"}},
		{"mergers May 20-2014", "", "", []string{"mergers", "20-2014"}},
		{"May 2014", "", "", []string{"2014"}},
		{`"May 2014" mergers`, "", "", []string{`"May 2014"`, "mergers"}},
		{"mergers May-2014", "", "", []string{"mergers", "May-2014"}},
		{"may councils merge 2014", "", "", []string{"councils", "merge", "2014"}},
		{"mergers May 214", "", "", []string{"mergers", "214"}},
		// A date in figures: day first, month first only when the
		// second is no month, or ISO; one separator, the same twice.
		{"fire deaths 10/07/2014", "10/07/2014", "2014-07-01", []string{"fire", "deaths"}},
		{"fire deaths 10.7.2014", "10.7.2014", "2014-07-01", []string{"fire", "deaths"}},
		{"fire deaths 10-07-2014", "10-07-2014", "2014-07-01", []string{"fire", "deaths"}},
		{"fire deaths 07/30/2014", "07/30/2014", "2014-07-01", []string{"fire", "deaths"}},
		{"2014-11-20 Wales", "2014-11-20", "2014-11-01", []string{"Wales"}},
		{"2014/11/20 Wales", "2014/11/20", "2014-11-01", []string{"Wales"}},
		{"fire deaths 10/07-2014", "", "", []string{"fire", "deaths", "10", "07-2014"}},
		{"fire deaths 10/07/14", "", "", []string{"fire", "deaths", "10", "07", "14"}},
		{"fire deaths 2014.11.20", "", "", []string{"fire", "deaths", "2014.11.20"}},
		{"fire deaths 30/30/2014", "", "", []string{"fire", "deaths", "30", "2014"}},
	} {
		q := Parse(tc.raw)
		var parts []string
		for _, p := range q.Parts {
			parts = append(parts, p.Typed)
		}
		from := ""
		if !q.Period.To.IsZero() {
			from = q.Period.From.Format(time.DateOnly)
			if q.Period.To != q.Period.From.AddDate(0, 1, 0) {
				t.Errorf("%q: period %v to %v is not a month", tc.raw, q.Period.From, q.Period.To)
			}
		}
		if q.Period.Typed != tc.period || from != tc.from || !slices.Equal(parts, tc.parts) {
			t.Errorf("%q: period %q from %q, parts %q; want %q from %q, parts %q", tc.raw, q.Period.Typed, from, parts, tc.period, tc.from, tc.parts)
		}
	}
}
