package archive

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func testParser(t testing.TB) Parser {
	return Parser{Sectors: shippedSectors(t), TitleTemplate: "News Summary from {date}"}
}

func parseText(t *testing.T, text string) (File, error) {
	t.Helper()
	return testParser(t).ParseFile("news.txt", strings.NewReader(text))
}

func mustParse(t *testing.T, lines ...string) []ParsedEdition {
	t.Helper()
	f, err := parseText(t, strings.Join(lines, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Refused) > 0 {
		t.Fatalf("refused: %v", f.Refused)
	}
	return f.Editions
}

// outline writes an edition as the parser read it, one line per piece:
// "intro:", "lead:", "# Heading (slug)", "section text:", "story:" with
// its headline, summary, and "above:"/"after:" text, and "footer:".
func outline(e ParsedEdition) string {
	var b strings.Builder
	if e.DateLine != "" {
		fmt.Fprintf(&b, "date line as written: %s\n", e.DateLine)
	}
	fmt.Fprintf(&b, "title: %s\n", e.Title)
	if e.Intro != "" {
		fmt.Fprintf(&b, "intro: %q\n", e.Intro)
	}
	story := func(kind string, st ParsedStory) {
		if st.Commentary != "" {
			fmt.Fprintf(&b, "  above: %q\n", st.Commentary)
		}
		fmt.Fprintf(&b, "  %s: %s | %q", kind, st.Headline, st.Summary)
		if st.Link != "" {
			fmt.Fprintf(&b, " <%s>", st.Link)
		}
		if st.Source != "" {
			fmt.Fprintf(&b, " from %s", st.Source)
		}
		b.WriteString("\n")
		if st.Afterword != "" {
			fmt.Fprintf(&b, "  after: %q\n", st.Afterword)
		}
	}
	for _, st := range e.Lead {
		story("lead", st)
	}
	for _, s := range e.Sections {
		unruled := ""
		if s.Unruled {
			unruled = " unruled"
		}
		fmt.Fprintf(&b, "# %s (%s)%s\n", s.Heading, s.Sector.Slug, unruled)
		if s.Text != "" {
			fmt.Fprintf(&b, "  text: %q\n", s.Text)
		}
		for _, st := range s.Stories {
			story("story", st)
		}
	}
	if e.Footer != "" {
		fmt.Fprintf(&b, "footer: %q\n", e.Footer)
	}
	return b.String()
}

func warnings(e ParsedEdition) string {
	var out []string
	for _, w := range e.Warnings {
		out = append(out, w.String())
	}
	return strings.Join(out, "\n")
}

// TestParseIrregularEditions reads editions as a long-running newsletter
// wrote them over the years. Whatever the layout, no text is dropped: it
// stays where it was, and what the parser guessed is a warning.
func TestParseIrregularEditions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lines    []string
		outline  string
		warnings []string // substrings, in order
	}{
		{
			name: "ruled sections, commentary above and text after",
			lines: []string{"Thursday 20 November 2014", "", "News Summary from 19th November 2014", "", "Intro one.", "", "Intro two.", "",
				"************", "Local Government", "", "Here are two stories:", "",
				"Councils merge", "", "Two councils become one. Read more >>>", "",
				"Shared chief executive", "", "A chief for two. Read more >>>", "", "Watch this space.", "",
				"************", "Health", "", "Trusts merge", "Two trusts become one. Read more >>>", "", "",
				"Receive this Shared Service News Summary into your inbox every week.", "", "No comments:", "", "Post a Comment"},
			outline: `title: News Summary from 19th November 2014
intro: "Intro one.\n\nIntro two."
# Local Government (local-government)
  above: "Here are two stories:"
  story: Councils merge | "Two councils become one."
  story: Shared chief executive | "A chief for two."
  after: "Watch this space."
# Health (health)
  story: Trusts merge | "Two trusts become one."
footer: "Receive this Shared Service News Summary into your inbox every week."
`,
		},
		{
			name: "stories before the first heading are the lead",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone,", "",
				"The big one this week:", "", "Councils merge", "", "Two councils become one. Read more >>>", "", "More soon.", "",
				"Local Government", "", "Shared chief executive", "", "A chief for two. Read more >>>"},
			outline: `title: News Summary from 19th November 2014
intro: "Hi everyone,\n\nThe big one this week:"
  lead: Councils merge | "Two councils become one."
  after: "More soon."
# Local Government (local-government) unruled
  story: Shared chief executive | "A chief for two."
`,
			warnings: []string{`8: the story "Councils merge" comes before the first section heading: it is the edition's lead; it is filed under Other collaborative items (other)`},
		},
		{
			name: "headings that only resemble a sector",
			lines: []string{"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
				"************", "Blue Light Transformation", "", "Fire deaths fall", "Fewer fire deaths. Read more >>>", "",
				"************", "Blue lights service", "", "Police merge", "", "Two forces. Read more >>>", "",
				"************", "Social care", "", "Care crisis", "", "Funding is short. Read more >>>", "",
				"************", "Jobs", "", "Director of Shared Services", "", "£90,000 a year. Read more >>>"},
			outline: `title: News Summary from 9th July 2014
# Blue Light Transformation (blue-light)
  story: Fire deaths fall | "Fewer fire deaths."
# Blue lights service (blue-light)
  story: Police merge | "Two forces."
# Social care (health)
  story: Care crisis | "Funding is short."
# Jobs (other)
  story: Director of Shared Services | "£90,000 a year."
`,
			warnings: []string{
				`5: section heading "Blue Light Transformation" is not a configured sector; read as Blue Light Services (blue-light), whose name it contains`,
				`11: section heading "Blue lights service" is not a configured sector; read as the closest one, Blue Light Services (blue-light)`,
				`25: section heading "Jobs" names no configured sector; its stories are filed under Other collaborative items (other)`,
			},
		},
		{
			name: "a summary without a headline is kept as text in its place",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
				"************", "Housing", "", "Landlords share a repairs team. Read more >>>", "",
				"Homes built", "", "Three hundred homes. Read more >>>"},
			outline: `title: News Summary from 19th November 2014
# Housing (housing)
  above: "Landlords share a repairs team. Read more >>>"
  story: Homes built | "Three hundred homes."
`,
			warnings: []string{`7: summary ending in "Read more >>>" has no headline above it; kept as the editor's text, not as a story`},
		},
		{
			name: "multi-line summaries, the marker alone, links and sources",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
				"************", "Health", "", "Trusts merge", "", "Two trusts become one, the board said",
				"on Monday, in a vote. Read more >>>", "",
				"Care homes close", "", "Three homes shut.", "Read more >>> https://example.org/care?utm_source=x", "Source: BBC News", "",
				"Hospital link-up", "", "Two hospitals share a pharmacy.", "", "Read more >>>", "<https://example.org/pharmacy>"},
			outline: `title: News Summary from 19th November 2014
# Health (health)
  story: Trusts merge | "Two trusts become one, the board said\non Monday, in a vote."
  story: Care homes close | "Three homes shut." <https://example.org/care?utm_source=x> from BBC News
  story: Hospital link-up | "Two hospitals share a pharmacy." <https://example.org/pharmacy>
`,
		},
		{
			name: "commentary, headline and summary with no blank lines",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014",
				"************", "Social care", "Comment.", "Same headline", "First. Read more >>>",
				"Same headline", "Second. Read more >>>", "After.",
				"************", "Housing", "Other headline", "Third. Read more >>>"},
			outline: `title: News Summary from 19th November 2014
# Social care (health)
  above: "Comment."
  story: Same headline | "First."
  story: Same headline | "Second."
  after: "After."
# Housing (housing)
  story: Other headline | "Third."
`,
			warnings: []string{`8: the story "Same headline" is in this edition twice (also on line 6); both are kept`},
		},
		{
			// A file that lost its blank lines but for those around its
			// rows of asterisks: the heading, the commentary, the
			// headline and the summary are one paragraph. The heading is
			// not the story's headline, nor the commentary its summary.
			name: "heading, commentary, headline and summary with no blank lines",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
				"Health", "The trusts have talked of this for years; now they act…", "Trusts merge", "Two trusts. Read more >>>", "",
				"************", "Housing", "Homes built", "Three hundred. Read more >>>"},
			outline: `title: News Summary from 19th November 2014
# Health (health) unruled
  above: "The trusts have talked of this for years; now they act…"
  story: Trusts merge | "Two trusts."
# Housing (housing)
  story: Homes built | "Three hundred."
`,
		},
		{
			// The footer right under the last summary, with no blank
			// line between: a file that lost its blank lines.
			name: "footer right under the last story",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
				"************", "Housing", "Homes built", "Three hundred. Read more >>>",
				"Receive this Shared Service News Summary into your inbox every week. Just register on our website."},
			outline: `title: News Summary from 19th November 2014
# Housing (housing)
  story: Homes built | "Three hundred."
footer: "Receive this Shared Service News Summary into your inbox every week. Just register on our website."
`,
		},
		{
			name: "a section with no stories keeps its text under its heading",
			lines: []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
				"************", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
				"************", "Jobs", "", "Director of Shared Services, £90,000", "Apply by 1 December.", "",
				"Receive this Shared Service News Summary into your inbox every week."},
			outline: `title: News Summary from 19th November 2014
# Health (health)
  story: Trusts merge | "Two trusts."
# Jobs (other)
  text: "Director of Shared Services, £90,000\nApply by 1 December."
footer: "Receive this Shared Service News Summary into your inbox every week."
`,
			warnings: []string{`12: section heading "Jobs" names no configured sector`, `12: section "Jobs" has no stories; its text is kept under its heading`},
		},
		{
			name: "no title line, a rule with no heading, text after the footer",
			lines: []string{"Friday, 30th May 2014", "", "It has been a quiet week.", "",
				"************", "", "Councils merge", "", "Two councils become one. Read more >>>", "",
				"Receive this Shared Service News Summary into your inbox every week.", "", "P.S. See you at the conference."},
			outline: `date line as written: Friday, 30th May 2014
title: News Summary from 30th May 2014
intro: "It has been a quiet week."
  lead: Councils merge | "Two councils become one."
footer: "Receive this Shared Service News Summary into your inbox every week.\n\nP.S. See you at the conference."
`,
			warnings: []string{
				`3: the edition of Friday 30 May 2014 has no title line under its date line; titled "News Summary from 30th May 2014"`,
				`5: row of asterisks with no section heading under it`,
				`7: the story "Councils merge" comes before the first section heading`,
				`13: text after the footer is kept with the footer`,
			},
		},
		{
			name:  "a wrong weekday keeps the date, not the date line",
			lines: []string{"Monday 30 May 2014", "News Summary from 28th May 2014", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>"},
			outline: `title: News Summary from 28th May 2014
# Health (health) unruled
  story: Trusts merge | "Two trusts."
`,
			warnings: []string{`1: date line "Monday 30 May 2014": 30th May 2014 was a Friday; the edition is dated Friday 30 May 2014`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eds := mustParse(t, tc.lines...)
			if len(eds) != 1 {
				t.Fatalf("%d editions", len(eds))
			}
			if got := outline(eds[0]); got != tc.outline {
				t.Errorf("outline\n%s\nwant\n%s", got, tc.outline)
			}
			got := eds[0].Warnings
			if len(got) != len(tc.warnings) {
				t.Errorf("warnings\n%s\nwant %d:\n%s", warnings(eds[0]), len(tc.warnings), strings.Join(tc.warnings, "\n"))
				return
			}
			for i, w := range tc.warnings {
				if !strings.Contains(got[i].String(), w) {
					t.Errorf("warning %d\n got %q\nwant %q", i, got[i], w)
				}
			}
		})
	}
}

func TestParseEncodingsAndLineEnds(t *testing.T) {
	edition := "Thursday 20 November 2014\nNews Summary from 19th November 2014\n\nHealth\n\nTrusts merge\n\nTwo\u00a0trusts \u2019agree\u2019. Read more >>>\n"
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range edition {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	cp1252 := strings.NewReplacer("\u00a0", "\xa0", "\u2019", "\x92").Replace(edition)
	for _, tc := range []struct {
		name, text string
		warning    string
	}{
		{"LF", edition, ""},
		{"CRLF and a BOM", "\uFEFF" + strings.ReplaceAll(edition, "\n", "\r\n"), ""},
		{"old Mac CR", strings.ReplaceAll(edition, "\n", "\r"), ""},
		{"UTF-16 with a BOM", string(utf16le), ""},
		{"Windows-1252", cp1252, "8: the file is not UTF-8; read it as Windows-1252"},
		{"zero-width spaces and tabs", strings.ReplaceAll(edition, "Trusts merge", "Trusts\u200b\tmerge"), ""},
		{"a stray control character", strings.ReplaceAll(edition, "Trusts merge", "Trusts\x1b merge"), "6: control characters removed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseText(t, tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Editions) != 1 {
				t.Fatalf("%d editions, refused %v", len(f.Editions), f.Refused)
			}
			st := f.Editions[0].Sections[0].Stories[0]
			if st.Headline != "Trusts merge" || st.Summary != "Two trusts ’agree’." {
				t.Errorf("story %q | %q", st.Headline, st.Summary)
			}
			var ws []string
			for _, w := range f.Warnings {
				ws = append(ws, w.String())
			}
			if got := strings.Join(ws, "\n"); (tc.warning == "") != (got == "") || !strings.Contains(got, tc.warning) {
				t.Errorf("warnings %q, want %q", got, tc.warning)
			}
		})
	}
}

func TestParseSeveralEditionsOneRefusedAlone(t *testing.T) {
	f, err := parseText(t, strings.Join([]string{
		"Shared Service Architects blog", "Home | About", "",
		"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"Thursday 32 November 2014", "News Summary from 30th November 2014", "", "Health", "", "Lost", "", "Lost. Read more >>>", "",
		"Thursday 13 November 2014", "News Summary from 12th November 2014", "", "No stories this week: happy holidays.", "",
		"Thursday 6 November 2014", "News Summary from 5th November 2014", "", "Housing", "", "Homes built", "", "Three hundred. Read more >>>",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, e := range f.Editions {
		dates = append(dates, e.Date.Format("2006-01-02"))
	}
	if strings.Join(dates, " ") != "2014-11-20 2014-11-13 2014-11-06" {
		t.Errorf("editions %v", dates)
	}
	var refused []string
	for _, r := range f.Refused {
		refused = append(refused, r.Error())
	}
	want := []string{
		`news.txt:13: date line "Thursday 32 November 2014": November 2014 has no day 32: nothing says which day was meant (no weekday, and no date near it in the title or the file's name); nothing of this edition was imported`,
	}
	if strings.Join(refused, "\n") != strings.Join(want, "\n") {
		t.Errorf("refused\n%s\nwant\n%s", strings.Join(refused, "\n"), strings.Join(want, "\n"))
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].String(), `1: text before the first edition's date line (line 4) belongs to no edition and is not imported: "Shared Service Architects blog"`) {
		t.Errorf("file warnings %v", f.Warnings)
	}
	// Parse, for callers that want editions or an error, has both.
	eds, err := testParser(t).Parse("news.txt", strings.NewReader(strings.Join([]string{
		"Thursday 32 November 2014", "Title", "", "Thursday 6 November 2014", "Title", "", "H", "", "S. Read more >>>"}, "\n")))
	var pe *ParseError
	if len(eds) != 1 || !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("Parse: %d editions, %v", len(eds), err)
	}
}

// TestParseEditionWithoutItsDateLine: an edition saved without its date
// line starts at its title, and is dated from it, with a warning.
func TestParseEditionWithoutItsDateLine(t *testing.T) {
	eds := mustParse(t,
		"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week.", "",
		"News Summary from 12th November 2014", "", "Housing", "", "Homes built", "", "Three hundred. Read more >>>")
	if len(eds) != 2 {
		t.Fatalf("%d editions", len(eds))
	}
	e := eds[1]
	if e.Line != 12 || e.Title != "News Summary from 12th November 2014" || e.Date.Format("2006-01-02") != "2014-11-12" ||
		len(e.Sections) != 1 || e.Sections[0].Heading != "Housing" {
		t.Errorf("second edition: %s", outline(e))
	}
	if w := warnings(e); !strings.Contains(w, "12: no date line above this title: the edition is dated from its title, Wednesday 12 November 2014") {
		t.Errorf("warnings %q", w)
	}
	if len(eds[0].Warnings) != 0 || eds[0].Footer == "" {
		t.Errorf("first edition: %s %v", outline(eds[0]), eds[0].Warnings)
	}
}

func TestParseRefusesWhatIsNotANewsletter(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"empty file", "", "news.txt:1: the file is empty"},
		{"blank file", "\n \n\u00a0\n\t\n", "news.txt:1: the file is empty"},
		{"a byte-order mark alone", "\uFEFF", "news.txt:1: the file is empty"},
		{"UTF-16 white space", "\xff\xfe \x00\n\x00", "news.txt:1: the file is empty"},
		{"zero-width spaces and page breaks", "\u200b\n\f\n\u2060", "news.txt:1: the file is empty"},
		{"no date line", "\nMinutes of the board, 28th May 2014\n\nLocal Government\n",
			`news.txt:2: no edition found: this is not the newsletter's plain-text form (an edition starts with a date line such as "Thursday 20 November 2014"; the first line is "Minutes of the board, 28th May 2014"), and the file's name gives no date (as "2014-07-10-newsletter.txt" would)`},
		{"NUL bytes", "Friday 30 May 2014\nTitle\nHead\x00line\n", "news.txt:1: binary content (it has NUL bytes)"},
		{"a PDF", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "news.txt:1: this is a PDF document, not plain text"},
		{"a zip", "PK\x03\x04\x14\x00\x06\x00", "news.txt:1: binary content (it looks like a zip archive (a Word .docx file is one))"},
		// Outlook's "Save As" default and Word's old .doc are OLE compound
		// files, whose NUL bytes were all the refusal named.
		{"an RTF document", "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n{\\fonttbl\\f0\\fswiss Helvetica;}\n\\f0\\fs24 Thursday 10 July 2014\\par\n}",
			"news.txt:1: this is a Rich Text (RTF) document, as TextEdit, WordPad and Word save one, not plain text; save it as plain text (TextEdit: Format › Make Plain Text; WordPad, Word: Save As › Plain Text) and import that"},
		{"a Safari web archive", "bplist00\xd1\x01\x02_\x10\x0fWebMainResource",
			"news.txt:1: this is a Safari web archive (.webarchive), not plain text; save the page from Safari as Page Source (File › Save As), and import that"},
		{"an Outlook .msg", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00\x3e\x00\x03\x00\xfe\xff",
			"news.txt:1: this is an Outlook message (.msg) or an older Office document (.doc), not plain text; save the mail from Outlook as Text Only (File › Save As) or drag it out of Outlook as an .eml, save a document from Word as Plain Text, and import that"},
		{"an HTML page that is no newsletter", "<!DOCTYPE html><html><body>Friday 30 May 2014</body></html>", "news.txt:1: no edition found: no line ends a story"},
		{"control characters", strings.Repeat("\x01\x02\x03 ", 100), "news.txt:1: binary content (mostly control characters)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseText(t, tc.text)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%d editions), want a *ParseError", err, len(f.Editions))
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n got %q\nwant %q…", err, tc.want)
			}
		})
	}
}

func TestParseFileTooLarge(t *testing.T) {
	line := bytes.Repeat([]byte(strings.Repeat("x", 1023)+"\n"), 64)
	r := io.MultiReader(strings.NewReader("Friday 30 May 2014\n"), io.LimitReader(&repeatReader{block: line}, MaxFileBytes))
	_, err := Parser{}.ParseFile("big.txt", r)
	if err == nil || !strings.Contains(err.Error(), "big.txt:1: the file is larger than 64 MiB") {
		t.Errorf("got %v", err)
	}
}

// repeatReader reads its block over and over.
type repeatReader struct{ block []byte }

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], r.block)
	}
	return n, nil
}

func TestParseReadError(t *testing.T) {
	_, err := Parser{}.ParseFile("broken.txt", iotest.ErrReader(errors.New("disk on fire")))
	var pe *ParseError
	if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "read broken.txt: disk on fire") {
		t.Errorf("got %v", err)
	}
}

func TestParseDateLines(t *testing.T) {
	for _, tc := range []struct {
		line, want string
		ok         bool
	}{
		{"Friday 30 May 2014", "2014-05-30", true},
		{"Friday, 30th May 2014", "2014-05-30", true},
		{"Friday, May 30, 2014", "2014-05-30", true},
		{"Fri 30 May 2014", "2014-05-30", true},
		{"friday 30 may 2014", "2014-05-30", true},
		{"Thursday 20 Sept 2012", "2012-09-20", true},
		{"Friday, Nov. 28, 2014", "2014-11-28", true},
		{"Friday 28 Sept. 2012", "2012-09-28", true},
		{"Friday 30 May. 2014", "", false},
		{"30 May 2014", "", false},
		{"Friday 30 Mayo 2014", "", false},
		{"Friday 30rd May 2014", "", false},
		{"Friday 30 May 14", "2014-05-30", true}, // a two-figure year, as in "Friday 30/05/14"
		{"Friday 30 May 140", "", false},
		{"Friday the 30th of May", "", false},
		{"Friday 30/05/2014", "2014-05-30", true},
		{"Friday 30th of May 2014", "2014-05-30", true},
		{"Friday the 30th of May, 2014", "2014-05-30", true},
		{"Fri 2014-05-30", "2014-05-30", true},
		{"Friday 30/05/14", "2014-05-30", true},
		{"Fri 30.05.99", "1999-05-30", true},
		{"Friday 30/05/140", "", false},
		{"Friday 30/05-2014", "", false},
	} {
		dl, ok := parseDateLine(tc.line)
		got := ""
		if ok {
			got = dl.date.Format("2006-01-02")
		}
		if ok != tc.ok || got != tc.want {
			t.Errorf("%q: %q, %v; want %q, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

// TestBareDateInTheTextIsNoEdition keeps a date without a weekday that
// stands in the text as text: only where an edition starts (the file's
// first line, above a title, after a footer, a rule or a page break) is it
// a date line.
func TestBareDateInTheTextIsNoEdition(t *testing.T) {
	eds := mustParse(t, "01/12/2014", "", "News Summary from 30th November 2014", "", "Come to the conference on", "",
		"27 June 2014", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week.", "",
		"2014-12-08", "", "Health", "", "Trusts merge again", "", "Two trusts. Read more >>>")
	if len(eds) != 2 {
		t.Fatalf("%d editions", len(eds))
	}
	if d := eds[0].Date.Format("2006-01-02"); d != "2014-12-01" || eds[0].DateLine != "01/12/2014" {
		t.Errorf("first edition dated %s by %q", d, eds[0].DateLine)
	}
	if !strings.Contains(eds[0].Intro, "27 June 2014") {
		t.Errorf("intro %q lost the date in its text", eds[0].Intro)
	}
	if d := eds[1].Date.Format("2006-01-02"); d != "2014-12-08" || eds[1].DateLine != "2014-12-08" {
		t.Errorf("second edition dated %s by %q", d, eds[1].DateLine)
	}
}

func TestReadMore(t *testing.T) {
	for _, tc := range []struct {
		line, summary, link string
		ok                  bool
	}{
		{"Two trusts. Read more >>>", "Two trusts.", "", true},
		{"Two trusts. Read More>>", "Two trusts.", "", true},
		{"Two trusts. read more »", "Two trusts.", "", true},
		{"Read more >>>", "", "", true},
		{"Two trusts. Read more >>> https://example.org/a", "Two trusts.", "https://example.org/a", true},
		{"Two trusts. Read more >>> <https://example.org/a>", "Two trusts.", "https://example.org/a", true},
		{"It spread more >>>", "", "", false},
		{"Two trusts.Read more >>>", "Two trusts.", "", true},
		{"Two trusts (in Kent)Read more >>> https://example.org/a", "Two trusts (in Kent)", "https://example.org/a", true},
		{"It is 2014read more >>>", "", "", false},
		{"Über-spread more >>>", "", "", false},
		{"You can read more about it.", "", "", false},
		{"See https://example.org/a", "", "", false},
		{"Two trusts. Read more >>>>", "Two trusts.", "", true},
		{"Two trusts. Read more > > >", "Two trusts.", "", true},
		{"Two trusts. Read more ->", "Two trusts.", "", true},
		{"Two trusts. Read more =>", "Two trusts.", "", true},
		{"Two trusts. Read more →", "Two trusts.", "", true},
		{"Two trusts. Read more→https://example.org/a", "Two trusts.", "https://example.org/a", true},
		{"Two trusts. Read more -", "", "", false},
		{"Two trusts. Read more =", "", "", false},
		{"It spread more →", "", "", false},
		{"Two trusts. Read more: https://example.org/a", "Two trusts.", "https://example.org/a", true},
		{"Two trusts. Read more:https://example.org/a", "Two trusts.", "https://example.org/a", true},
		{"Two trusts. READ MORE : <https://example.org/a>", "Two trusts.", "https://example.org/a", true},
		{"Two trusts. Read more:", "", "", false},
		{"It spread more: https://example.org/a", "", "", false},
		{"Two trusts. See more: https://example.org/a", "", "", false},
	} {
		summary, link, ok := readMore(tc.line)
		if summary != tc.summary || link != tc.link || ok != tc.ok {
			t.Errorf("%q: %q, %q, %v", tc.line, summary, link, ok)
		}
	}
}

// TestRuleBetweenEditionsSeparatesThem reads a row of asterisks that only
// separates two editions as a separator, not as text after the footer.
func TestRuleBetweenEditionsSeparatesThem(t *testing.T) {
	eds := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "", "Trusts merge", "",
		"Two trusts. Read more >>>", "", "Receive this Shared Service News Summary into your inbox every week.", "", "************",
		"Thursday 27 November 2014", "News Summary from 26th November 2014", "", "Health", "", "Trusts merge again", "", "Two trusts. Read more >>>")
	if len(eds) != 2 {
		t.Fatalf("%d editions", len(eds))
	}
	if eds[0].Footer != "Receive this Shared Service News Summary into your inbox every week." || len(eds[0].Warnings) > 0 {
		t.Errorf("footer %q, warnings %v", eds[0].Footer, eds[0].Warnings)
	}
}

// TestReadMoreNotEndingTheLineIsReported keeps a summary whose "Read more"
// the parser cannot read (a colon with words before the link, words after
// the arrow) as text, and says so at its line: a story must not turn into
// commentary silently. ("(Read more >>>)" is read: TestReadMoreInBracketsOrWithDots.)
func TestReadMoreNotEndingTheLineIsReported(t *testing.T) {
	eds := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "",
		"Trusts merge", "", "Two trusts. Read more here: https://example.org/trusts", "",
		"Care homes close", "", "Three homes shut. Read more >>> on page 4", "",
		"Hospitals share", "", "Two hospitals. Read more >>>")
	if len(eds) != 1 {
		t.Fatalf("%d editions", len(eds))
	}
	got := warnings(eds[0])
	for _, want := range []string{`8: "Read more >>>" is not at the end of this line`, `12: "Read more >>>" is not at the end of this line`} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings\n%s\nlack %q", got, want)
		}
	}
}

// TestShortLinesAloneAreNotHeadings keeps one-word paragraphs that begin a
// sector's name ("Home", "Lead") as the editor's text: only a line that
// comes close to a whole name, or holds one, is a heading without a rule.
func TestShortLinesAloneAreNotHeadings(t *testing.T) {
	eds := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "",
		"Trusts merge", "", "Two trusts. Read more >>>", "", "Lead", "", "Home", "", "Care homes close", "", "Three homes shut. Read more >>>")
	if len(eds) != 1 {
		t.Fatalf("%d editions", len(eds))
	}
	if n := len(eds[0].Sections); n != 1 {
		t.Errorf("%d sections:\n%s", n, outline(eds[0]))
	}
}

// TestUnderlinedTitle reads a row of "=" under the title as its underline,
// not as a rule making a heading of the intro's first line.
func TestUnderlinedTitle(t *testing.T) {
	eds := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", strings.Repeat("=", 36), "",
		"Hi everyone", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>")
	want := `title: News Summary from 19th November 2014
intro: "Hi everyone"
# Health (health) unruled
  story: Trusts merge | "Two trusts."
`
	if got := outline(eds[0]); got != want || len(eds[0].Warnings) > 0 {
		t.Errorf("outline\n%s\nwant\n%s\nwarnings %v", got, want, eds[0].Warnings)
	}
}

// TestReadMoreAfterTextThatGrowsInLowerCase reads a marker and link after
// text whose lower case is longer in bytes than itself ("Ⱥ" is two bytes,
// "ⱥ" three): finding the link must not index past the line.
func TestReadMoreAfterTextThatGrowsInLowerCase(t *testing.T) {
	line := strings.Repeat("Ⱥ", 40) + " Read more>>>https://example.org/x"
	if _, link, ok := readMore(line); !ok || link != "https://example.org/x" {
		t.Errorf("%q read as %q, %v", line, link, ok)
	}
}

// TestLoneLineWithASectorWordIsNoHeading: a short line alone as its
// paragraph that holds a sector's word among words of its own ("Thanks to
// the housing team", "New police chief") is the editor's text, in the
// intro or after a story, as it was before unruled headings were read: as
// a heading it cut the intro short and moved the stories under it to
// another sector. A heading that is mostly a sector's words ("Fire and
// rescue", "Highway Code notes") still starts its section.
func TestLoneLineWithASectorWordIsNoHeading(t *testing.T) {
	for _, line := range []string{"Thanks to the housing team", "More on health below", "New police chief",
		"Education Secretary resigns", "Police and crime commissioners"} {
		t.Run(line, func(t *testing.T) {
			es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone,", "", line, "",
				"************", "Local Government", "", "Councils merge", "", "Two councils become one. Read more >>>", "",
				line, "", "Shared chief", "", "A chief for two. Read more >>>")
			want := `title: News Summary from 19th November 2014
intro: "Hi everyone,\n\n` + line + `"
# Local Government (local-government)
  story: Councils merge | "Two councils become one."
  above: "` + line + `"
  story: Shared chief | "A chief for two."
`
			if got := outline(es[0]); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	for line, slug := range map[string]string{"Fire and rescue": "blue-light", "Highway Code notes": "highway-code",
		"Universities and Colleges": "education", "NHS and Social Care": "health"} {
		es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone,", "",
			"************", "Local Government", "", "Councils merge", "", "Two councils become one. Read more >>>", "",
			line, "", "Shared chief", "", "A chief for two. Read more >>>")
		if secs := es[0].Sections; len(secs) != 2 || secs[1].Heading != line || secs[1].Sector.Slug != slug {
			t.Errorf("%q: sections %+v, want it the heading of a %s section", line, secs, slug)
		}
	}
}

// TestStoryAboutAnInboxIsNoFooter: a story's summary that speaks of an
// inbox ("alerts straight into your inbox"), on the line of its "Read
// more >>>" or a line above it, is the story's and not the edition's
// footer: read as the footer, the stories after it were taken for an
// undated edition and refused, and the edition lost them.
func TestStoryAboutAnInboxIsNoFooter(t *testing.T) {
	for name, summary := range map[string][]string{
		"one line":      {"Residents get bin alerts straight into your inbox. Read more >>>"},
		"wrapped lines": {"Residents get bin alerts straight into your inbox", "from next week. Read more >>>"},
		"receive this":  {"Receive this council's alerts by email from next week. Read more >>>"},
	} {
		t.Run(name, func(t *testing.T) {
			lines := []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone,", "",
				"************", "Local Government", "", "Councils merge", "", "Two councils become one. Read more >>>", "",
				"Bin alerts by email", ""}
			lines = append(lines, summary...)
			lines = append(lines, "", "Shared chief", "", "A chief for two. Read more >>>", "",
				"Receive this Shared Service News Summary into your inbox every week.")
			es := mustParse(t, lines...)
			if len(es) != 1 {
				t.Fatalf("%d editions, want 1", len(es))
			}
			// Nor does a date alone after it (an event's) start an edition.
			dated := append(slices.Clone(lines[:len(lines)-6]), "", "1 December 2014")
			es = mustParse(t, append(dated, lines[len(lines)-6:]...)...)
			if len(es) != 1 {
				t.Fatalf("with a date after the story: %d editions, want 1", len(es))
			}
			got := outline(es[0])
			if !strings.Contains(got, "story: Bin alerts by email") || !strings.Contains(got, "story: Shared chief") ||
				!strings.Contains(got, `footer: "Receive this Shared Service News Summary into your inbox every week."`) {
				t.Errorf("got\n%s", got)
			}
		})
	}
}

// TestDateGluedToTextIsNoEditionStart: a date line joined to the end of
// the line above starts an edition where files were joined by cat (after
// a footer, the blog's debris or a story's end, or above a title); a date
// written straight after a colon in an intro ("Next meeting:Thursday 4
// December 2014") is the editor's text. Read as a date line it started an
// edition there: the real one was refused for having no stories and its
// stories were imported under the wrong date.
func TestDateGluedToTextIsNoEditionStart(t *testing.T) {
	line := "Next meeting:Thursday 4 December 2014"
	es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone,", "", line, "",
		"************", "Local Government", "", "Councils merge", "", "Two councils become one. Read more >>>")
	want := `title: News Summary from 19th November 2014
intro: "Hi everyone,\n\n` + line + `"
# Local Government (local-government)
  story: Councils merge | "Two councils become one."
`
	if len(es) != 1 || outline(es[0]) != want {
		for _, e := range es {
			t.Logf("edition:\n%s", outline(e))
		}
		t.Errorf("%d editions, want one:\n%s", len(es), want)
	}
	// Joined by cat after a story's end, with no footer: two editions.
	es = mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "",
		"Councils merge", "", "Two councils become one. Read more >>>Thursday 27 November 2014", "News Summary from 26th November 2014", "",
		"Trusts merge", "", "Two trusts become one. Read more >>>")
	if len(es) != 2 || es[1].Date.Day() != 27 {
		t.Errorf("%d editions, want two, the second of 27 November", len(es))
	}
}

// TestNumberedListIsNoHeading: a numbered list of sectors in the intro
// ("1. Housing", "2. Health" on the lines of one paragraph, the edition's
// contents) is the editor's text. Numbered headings ("2. Health") are read
// without their number, which made the list's first line an unruled
// heading: an empty section, and the intro lost its list.
func TestNumberedListIsNoHeading(t *testing.T) {
	es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone, this week:", "",
		"1. Housing", "2. Health", "", "************", "Housing", "", "Bin alerts", "", "Residents get bin alerts. Read more >>>", "",
		"************", "Health", "", "Shared chief", "", "A chief for two. Read more >>>")
	want := `title: News Summary from 19th November 2014
intro: "Hi everyone, this week:\n\n1. Housing\n2. Health"
# Housing (housing)
  story: Bin alerts | "Residents get bin alerts."
# Health (health)
  story: Shared chief | "A chief for two."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestSummaryIsNoHeadline keeps a line that ends in "Read more >>>" out of
// the headlines: two summaries in a row without headlines, or a summary
// over two paragraphs followed by a story whose headline ends in a full
// stop, made the first summary the second's headline, "Read more >>>" and
// all, and the second a story under it. Both stay the editor's text, each
// with its warning.
func TestSummaryIsNoHeadline(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
	}{
		{"two summaries without headlines", []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
			"************", "Housing", "", "Two quick ones this week.", "",
			"Landlords share a repairs team. Read more >>>", "", "Tenants get one panel. Read more >>>", "",
			"Homes built", "", "Three hundred homes. Read more >>>"}},
		{"on the next line", []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "",
			"************", "Housing", "", "Two quick ones this week.", "",
			"Landlords share a repairs team. Read more >>>", "Tenants get one panel. Read more >>>", "",
			"Homes built", "", "Three hundred homes. Read more >>>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eds := mustParse(t, tc.lines...)
			if len(eds) != 1 || len(eds[0].Sections) != 1 {
				t.Fatalf("%d editions: %+v", len(eds), eds)
			}
			stories := eds[0].Sections[0].Stories
			if len(stories) != 1 || stories[0].Headline != "Homes built" {
				t.Errorf("outline\n%s\nwant one story, Homes built", outline(eds[0]))
			}
			var n int
			for _, w := range eds[0].Warnings {
				if strings.Contains(w.Msg, "has no headline above it") {
					n++
				}
			}
			if n != 2 {
				t.Errorf("warnings\n%s\nwant one for each summary without a headline", warnings(eds[0]))
			}
		})
	}
}

// TestDateLineWithTwoFigureYear starts an edition at a date in figures
// with the year in two (“31/12/15”, as editors and mail clients write
// dates). Such a line was no date line: the edition was dated by its
// title, a day out, and its date line was kept as the footer of the
// edition before it.
func TestDateLineWithTwoFigureYear(t *testing.T) {
	edition := func(date, from, story string) string {
		return date + "\n\nNews Summary of Collaboration and Shared Services from " + from + "\n\n" +
			"************\nHousing\n\n" + story + "\n\nTwo landlords agree. Read more >>>\n\n" +
			"Receive this Shared Service News Summary into your inbox every week.\n"
	}
	for _, second := range []string{"31/12/15", "Thursday 31.12.15"} {
		t.Run(second, func(t *testing.T) {
			text := edition("Thursday 24 December 2015", "23rd December 2015", "Landlords share a lettings agent") +
				"\n************\n\n" + edition(second, "30th December 2015", "Landlords share a gas engineer")
			f, err := testParser(t).ParseFile("news.txt", strings.NewReader(text))
			if err != nil || len(f.Refused) > 0 || len(f.Editions) != 2 {
				t.Fatalf("%v %+v", err, f)
			}
			if got := f.Editions[1].Date.Format("2006-01-02"); got != "2015-12-31" {
				t.Errorf("second edition dated %s, want 2015-12-31; warnings:\n%s", got, warnings(f.Editions[1]))
			}
			if strings.Contains(f.Editions[0].Footer, "31") {
				t.Errorf("first edition's footer took the second's date line: %q", f.Editions[0].Footer)
			}
			for _, e := range f.Editions {
				if len(e.Warnings) > 0 {
					t.Errorf("%s: warnings\n%s", e.Date.Format("2006-01-02"), warnings(e))
				}
			}
		})
	}
}

// TestReadMoreArrowsAsEditorsTypeThem reads a story whose "Read more" ends
// in an arrow typed otherwise (">>>>", "> > >", "->", "→"): such a story
// was the editor's text, its headline no story's, unsearchable as one and
// with no warning for "→".
func TestReadMoreArrowsAsEditorsTypeThem(t *testing.T) {
	lines := []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "************", "Housing", ""}
	arrows := []string{">>>>", "> > >", "->", "→"}
	for i, a := range arrows {
		lines = append(lines, fmt.Sprintf("Landlords share team %d", i), "", fmt.Sprintf("Two landlords share team %d. Read more %s", i, a), "")
	}
	eds := mustParse(t, lines...)
	if len(eds) != 1 || len(eds[0].Sections) != 1 {
		t.Fatalf("%+v", eds)
	}
	got := eds[0].Sections[0].Stories
	if len(got) != len(arrows) {
		t.Fatalf("outline\n%s\nwarnings\n%s\nwant %d stories", outline(eds[0]), warnings(eds[0]), len(arrows))
	}
	for i, st := range got {
		if want := fmt.Sprintf("Two landlords share team %d.", i); st.Summary != want {
			t.Errorf("story %d: summary %q, want %q", i, st.Summary, want)
		}
	}
	if len(eds[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(eds[0]))
	}
}

// TestBulletedListIsNoHeading keeps an intro's bulleted list in the intro,
// as a numbered one is: its first item that named a sector ("- Health")
// became a section of no stories, with the other items as its text, and
// the intro ended above the list.
func TestBulletedListIsNoHeading(t *testing.T) {
	for _, bullet := range []string{"-", "•", "*"} {
		t.Run(bullet, func(t *testing.T) {
			es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone, this week:", "",
				bullet+" Housing", bullet+" Health", "", "************", "Housing", "", "Bin alerts", "", "Residents get bin alerts. Read more >>>", "",
				"************", "Health", "", "Shared chief", "", "A chief for two. Read more >>>")
			want := `title: News Summary from 19th November 2014
intro: "Hi everyone, this week:\n\n` + bullet + ` Housing\n` + bullet + ` Health"
# Housing (housing)
  story: Bin alerts | "Residents get bin alerts."
# Health (health)
  story: Shared chief | "A chief for two."
`
			if got := outline(es[0]); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if len(es[0].Warnings) > 0 {
				t.Errorf("warnings\n%s", warnings(es[0]))
			}
		})
	}
}

// TestLinkUnderHeadlineIsNoHeadline: an editor who pasted a story's link
// between its headline and its summary had the link read as the headline
// and the headline as commentary above it. A link alone is never a
// headline: right under its headline it stays in the summary, where it was
// written; as a paragraph of its own, the story is the editor's text, with
// a warning.
func TestLinkUnderHeadlineIsNoHeadline(t *testing.T) {
	head := []string{"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "************", "Health", ""}
	tail := []string{"", "Homes built", "", "Three hundred homes. Read more >>>"}
	for _, tc := range []struct {
		name  string
		story []string
		want  string
	}{
		{"in the headline's paragraph", []string{"Trusts merge", "https://example.org/trusts", "Two trusts become one. Read more >>>"},
			`title: News Summary from 19th November 2014
# Health (health)
  story: Trusts merge | "https://example.org/trusts\nTwo trusts become one."
  story: Homes built | "Three hundred homes."
`},
		{"a paragraph of its own", []string{"Trusts merge", "", "www.example.org/trusts", "", "Two trusts become one. Read more >>>"},
			`title: News Summary from 19th November 2014
# Health (health)
  above: "Trusts merge\n\nwww.example.org/trusts\n\nTwo trusts become one. Read more >>>"
  story: Homes built | "Three hundred homes."
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := mustParse(t, append(append(append([]string{}, head...), tc.story...), tail...)...)
			if got := outline(es[0]); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestUnruledHeadingOverHeadline reads a section heading written with no
// row of asterisks and no blank line under it, right over its first
// story's headline: the heading was taken for the headline, the headline
// for the first line of the summary, and the story became the lead.
func TestUnruledHeadingOverHeadline(t *testing.T) {
	es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Hi everyone.", "",
		"Health", "Trusts merge", "Two trusts become one. Read more >>>", "",
		"Housing", "Homes built", "Three hundred homes. Read more >>>", "",
		"Health matters", "Two hospitals share a pharmacy. Read more >>>")
	want := `title: News Summary from 19th November 2014
intro: "Hi everyone."
# Health (health) unruled
  story: Trusts merge | "Two trusts become one."
# Housing (housing) unruled
  story: Homes built | "Three hundred homes."
  story: Health matters | "Two hospitals share a pharmacy."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestReadMoreWithAColonAndALink reads "Read more: https://…", the way
// many mail editors write a link: the stories were the editor's text, each
// with a warning, and their links no story's.
func TestReadMoreWithAColonAndALink(t *testing.T) {
	es := mustParse(t, "Thursday 20 November 2014", "News Summary from 19th November 2014", "", "************", "Housing", "",
		"Landlords share a repairs team", "", "Two landlords agree. Read more: https://example.org/repairs", "",
		"Homes built", "", "Three hundred homes.", "Read more: www.example.org/homes")
	want := `title: News Summary from 19th November 2014
# Housing (housing)
  story: Landlords share a repairs team | "Two landlords agree." <https://example.org/repairs>
  story: Homes built | "Three hundred homes." <http://www.example.org/homes>
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestLinkBrokenAfterAHyphen reads a story's link that the editor's text
// broke over lines after its hyphens, on the line of "Read more >>>" or
// under it: the story kept the link's first line as its link, an address
// that does not exist, and the rest as text under it.
func TestLinkBrokenAfterAHyphen(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Merger talks stall", "Talks stalled on Monday. Read more >>> https://example.org/news/merger-talks-stall-over-council-", "tax-harmonisation", "",
		"Waste partnership wins award", "Recycling above 60%. Read more >>>", "https://example.org/news/waste-", "partnership-wins-", "award.", "",
		"Homes built", "Three hundred homes. Read more >>> https://example.org/homes-", "", "Built by the council.")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Merger talks stall | "Talks stalled on Monday." <https://example.org/news/merger-talks-stall-over-council-tax-harmonisation>
  story: Waste partnership wins award | "Recycling above 60%." <https://example.org/news/waste-partnership-wins-award>
  story: Homes built | "Three hundred homes." <https://example.org/homes->
  after: "Built by the council."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestLinkBrokenAfterASlash reads a story's link that a mail client
// broke over lines after one of its slashes (or after "?", "=" or "&"), on
// the line of "Read more >>>" or under it: the story kept the link's first
// line as its link, the address of a folder, and the rest ("story-1.html")
// as text under it. A link that ends in a slash, with the editor's text or
// a source's name under it, stays as it is.
func TestLinkBrokenAfterASlash(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Merger talks stall", "Talks stalled on Monday. Read more >>> https://example.org/news/2015/09/", "merger-talks-stall.html", "",
		"Waste partnership wins award", "Recycling above 60%. Read more >>>", "https://example.org/news/waste/", "2015/09/03/", "award.html?", "from=newsletter", "",
		"Homes built", "Three hundred homes. Read more >>> https://example.org/homes/", "Council", "",
		"Roads mended", "Forty roads. Read more >>> https://example.org/roads/", "Built by the council.")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Merger talks stall | "Talks stalled on Monday." <https://example.org/news/2015/09/merger-talks-stall.html>
  story: Waste partnership wins award | "Recycling above 60%." <https://example.org/news/waste/2015/09/03/award.html?from=newsletter>
  story: Homes built | "Three hundred homes." <https://example.org/homes/>
  above: "Council"
  story: Roads mended | "Forty roads." <https://example.org/roads/>
  after: "Built by the council."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestLinkUnderTheHeadline reads a story whose link stands alone on the
// line under its headline, in its paragraph, with the summary after a
// blank line, as a web page's text keeps a headline's link. Before, the
// story was lost to the editor's text ("summary ending in "Read more >>>"
// has no headline above it"): the line above the summary was the link.
// The link starts the summary, where it was written, as it does when the
// summary follows it with no blank line (TestLinkUnderHeadlineIsNoHeadline).
func TestLinkUnderTheHeadline(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Merger talks stall", "https://example.org/merger", "", "Talks stalled on Monday. Read more >>>", "",
		"Waste partnership wins award", "<https://example.org/waste>", "", "Recycling above 60%. Read more >>>")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Merger talks stall | "https://example.org/merger\nTalks stalled on Monday."
  story: Waste partnership wins award | "<https://example.org/waste>\nRecycling above 60%."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestHeadlineEndingInAnEllipsis reads a story whose headline, alone as its
// paragraph over the summary's, ends in an ellipsis, as a headline clipped
// by a feed or a mail does ("Fire chiefs could run police…"): before, it
// read as the editor's sentence, and the story was lost to the editor's
// text ("summary ending in "Read more >>>" has no headline above it"). A
// long line of the editor's that ends so, or one in the summary's
// paragraph, is still no headline.
func TestHeadlineEndingInAnEllipsis(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Fire chiefs could run police…", "", "The Home Office proposes it. Read more >>>", "",
		"Right Tier, Right Now...", "", "Two tiers of councils struggle. Read more >>>", "",
		"Merger talks stall", "", "So the talks are off. We will see what the new year brings, as councils tend to say at this time…", "",
		"Three councils stop talking. Read more >>>")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Fire chiefs could run police… | "The Home Office proposes it."
  story: Right Tier, Right Now... | "Two tiers of councils struggle."
  after: "Merger talks stall\n\nSo the talks are off. We will see what the new year brings, as councils tend to say at this time…\n\nThree councils stop talking. Read more >>>"
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestDateLineInTheIntroIsText reads an edition whose intro gives an
// event's date on a line of its own ("Friday 26 September 2014"), shaped
// like a date line: before, it started an edition of 26 September, which
// took every story, and the edition it stood in was refused as having
// none. So with such a date between two stories: the stories after it
// went to an edition of their own. Among the editor's text, with no title
// under it, such a line is the editor's text; after a story's last line
// (or a footer, or a rule) it starts the next edition, title or not.
func TestDateLineInTheIntroIsText(t *testing.T) {
	f, err := parseText(t, strings.Join([]string{"Thursday 10 July 2014", "News Summary from 9th July 2014", "",
		"Our next conference is on", "", "Friday 26 September 2014", "", "at Canterbury. Book now.", "",
		"************", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"The board meets on", "", "Tuesday 15 July 2014", "", "to agree it.", "",
		"Care homes close", "", "Three homes. Read more >>>", "",
		"Thursday 3 July 2014", "", "Housing", "", "Homes built", "", "Built. Read more >>>"}, "\n"))
	if err != nil || len(f.Refused) > 0 || len(f.Editions) != 2 {
		t.Fatalf("%v refused %v, %d editions", err, f.Refused, len(f.Editions))
	}
	want := `title: News Summary from 9th July 2014
intro: "Our next conference is on\n\nFriday 26 September 2014\n\nat Canterbury. Book now."
# Health (health)
  story: Trusts merge | "Two trusts."
  above: "The board meets on\n\nTuesday 15 July 2014\n\nto agree it."
  story: Care homes close | "Three homes."
`
	if got := outline(f.Editions[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// After a story, a date line starts the next edition, title or not.
	if got := f.Editions[1].Date.Format("2006-01-02"); got != "2014-07-03" {
		t.Errorf("second edition dated %s", got)
	}
}

// TestReadMoreWithASourceInBrackets reads an edition written all with a
// source named after the link ("Read more >>> https://… (Gazette)"): it
// was refused as having no stories. The source is kept as the story's.
func TestReadMoreWithASourceInBrackets(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Two districts pool their planners", "", "The planning teams move into one office in April. Read more >>> https://example.org/planners (Valley Gazette)", "",
		"Coastal councils buy software together", "One contract replaces six. Read More>>> www.example.org/software (Coast FM)")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Two districts pool their planners | "The planning teams move into one office in April." <https://example.org/planners> from Valley Gazette
  story: Coastal councils buy software together | "One contract replaces six." <http://www.example.org/software> from Coast FM
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestReadMoreInBracketsOrWithDots reads the marker written in brackets
// ("(Read more >>>)") or with dots for its arrow ("Read more...", "Read
// more…") at the end of a summary: each story was kept as the editor's
// text with a warning. "You can read more…" in the editor's own text, and
// a bracket that names no source, stay text.
func TestReadMoreInBracketsOrWithDots(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "",
		"Welcome. You can read more…", "", "************", "Health", "",
		"Trusts share a pharmacy", "Two hospital trusts share one pharmacy. (Read more >>>)", "",
		"Ambulance control rooms merge", "The rooms merge in May. (Read more >>> https://example.org/ambulance)", "",
		"Clinics share a booking line", "One number for four clinics. Read more...", "",
		"GP practices federate", "Nine practices form one federation.Read more…", "https://example.org/gp", "",
		"Commissioners meet", "The board met on Monday. Read more >>> https://example.org/board (see page 2.)", "",
		"Our view", "", "We think there is more to come, and you can read more...")
	want := `title: News Summary from 2nd September 2015
intro: "Welcome. You can read more…"
# Health (health)
  story: Trusts share a pharmacy | "Two hospital trusts share one pharmacy."
  story: Ambulance control rooms merge | "The rooms merge in May." <https://example.org/ambulance>
  story: Clinics share a booking line | "One number for four clinics."
  story: GP practices federate | "Nine practices form one federation." <https://example.org/gp>
  after: "Commissioners meet\nThe board met on Monday. Read more >>> https://example.org/board (see page 2.)\n\nOur view\n\nWe think there is more to come, and you can read more..."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestHeadlineEndingInAFullStop reads a headline written as a sentence
// ("Councils agree to share a chief executive."), alone as its paragraph
// over its summary: the story was kept as the editor's text, and an
// edition written all so refused. A one-sentence paragraph under another
// line that could head it is a summary's first paragraph, not a headline:
// that story stays text with a warning rather than get an invented one.
func TestHeadlineEndingInAFullStop(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Councils agree to share a chief executive.", "", "The two district councils will advertise the joint post in March. Read more >>>", "",
		"Waste partnership wins national award.", "", "Recycling rose above 60% in its first year. The award was presented in Leeds. Read more >>>", "",
		"‘Digital by default’ saves £2m.", "", "The county’s online forms cut its costs. Read more >>>", "",
		"Shire halls to close", "", "The county will sell both of its halls.", "", "Staff move to the library building in June. Read more >>>", "",
		"Two boroughs merge their legal teams.", "", "The boroughs will share one head of law.", "", "Savings are put at £400,000. Read more >>>")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Councils agree to share a chief executive. | "The two district councils will advertise the joint post in March."
  story: Waste partnership wins national award. | "Recycling rose above 60% in its first year. The award was presented in Leeds."
  story: ‘Digital by default’ saves £2m. | "The county’s online forms cut its costs."
  after: "Shire halls to close\n\nThe county will sell both of its halls.\n\nStaff move to the library building in June. Read more >>>\n\nTwo boroughs merge their legal teams.\n\nThe boroughs will share one head of law.\n\nSavings are put at £400,000. Read more >>>"
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got := warnings(es[0])
	for _, want := range []string{"23: summary ending in", "29: summary ending in"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings\n%s\nlack %q", got, want)
		}
	}
}

// TestReadMoreWithALinkMarkerInBrackets reads a story whose link is
// followed by what it points at, a file type, a size or where it opens
// ("Read more >>> https://… (PDF, 2MB)"): the marker was taken as the
// story's publisher, "PDF" shown as its source. It describes the link, so
// the story has no source from it; a publisher named beside it is still
// read, and a bracket naming a publisher is still its source.
func TestReadMoreWithALinkMarkerInBrackets(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Shared services strategy", "The strategy is published. Read more >>> https://example.org/strategy.pdf (PDF)", "",
		"Pay policy", "The policy for 2015. Read more >>> https://example.org/pay (pdf)", "",
		"Annual report", "The partnership's year. Read more >>> https://example.org/report (PDF, 2MB)", "",
		"Budget book", "Every line of the budget. Read more >>> https://example.org/budget (Excel spreadsheet 1.4 MB)", "",
		"Consultation response", "The council's answer. Read more >>> https://example.org/response (Word document)", "",
		"Minutes of the joint committee", "What was agreed. Read more >>> https://example.org/minutes (opens in new window)", "",
		"Audit findings", "The auditor's letter. Read more >>> https://example.org/audit (PDF 356KB, 12 pages)", "",
		"Waste contract signed", "Seven districts sign. Read more >>> https://example.org/waste (PDF) (Valley Gazette)", "",
		"Coastal councils buy software together", "One contract replaces six. Read more >>> https://example.org/software (Coast FM) (opens in a new tab)", "",
		"Planners move in", "Two teams, one office. Read more >>> https://example.org/planners (BBC News)")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Shared services strategy | "The strategy is published." <https://example.org/strategy.pdf>
  story: Pay policy | "The policy for 2015." <https://example.org/pay>
  story: Annual report | "The partnership's year." <https://example.org/report>
  story: Budget book | "Every line of the budget." <https://example.org/budget>
  story: Consultation response | "The council's answer." <https://example.org/response>
  story: Minutes of the joint committee | "What was agreed." <https://example.org/minutes>
  story: Audit findings | "The auditor's letter." <https://example.org/audit>
  story: Waste contract signed | "Seven districts sign." <https://example.org/waste> from Valley Gazette
  story: Coastal councils buy software together | "One contract replaces six." <https://example.org/software> from Coast FM
  story: Planners move in | "Two teams, one office." <https://example.org/planners> from BBC News
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestLinkLineWithBracketsUnderReadMore reads a story's link alone on the
// line under its "Read more >>>" with brackets after it, as after the
// marker: "https://… (PDF)" or "https://… (BBC News)". The line was kept as
// the editor's text and the story had no link.
func TestLinkLineWithBracketsUnderReadMore(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Shared services strategy", "The strategy is published. Read more >>>", "https://example.org/strategy.pdf (PDF, 2MB)", "",
		"Pay policy", "The policy for 2015. Read more >>>", "https://example.org/pay (BBC News)", "",
		"Budget book", "Every line of the budget. Read more >>>", "https://example.org/budget (Excel spreadsheet) (Valley Gazette)", "",
		"Minutes", "What was agreed. Read more >>>", "https://example.org/minutes", "Source: Coast FM")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Shared services strategy | "The strategy is published." <https://example.org/strategy.pdf>
  story: Pay policy | "The policy for 2015." <https://example.org/pay> from BBC News
  story: Budget book | "Every line of the budget." <https://example.org/budget> from Valley Gazette
  story: Minutes | "What was agreed." <https://example.org/minutes> from Coast FM
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestLinkOnALineOfItsOwnUnderAStory reads a story's link written on a
// line of its own under "Read more >>>" with a label ("More:", "Link:",
// "Read more:"), after its source, or as the next paragraph, alone: it
// stayed the editor's text after the story, which had no link. A link
// alone after a story that has one, or a link that starts a sentence of
// the editor's, stays text.
func TestLinkOnALineOfItsOwnUnderAStory(t *testing.T) {
	es := mustParse(t, "Thursday 3 September 2015", "News Summary from 2nd September 2015", "", "************", "Local Government", "",
		"Shared services strategy", "The strategy is published. Read more >>>", "More: https://example.org/strategy", "",
		"Pay policy", "The policy for 2015. Read more >>>", "Link: https://example.org/pay (BBC News)", "",
		"Budget book", "Every line of the budget. Read more >>>", "Read more: https://example.org/budget", "",
		"Minutes", "What was agreed. Read more >>>", "Source: Coast FM", "Full story: https://example.org/minutes", "",
		"Leisure trust", "A trust runs the pools. Read more >>>", "", "https://example.org/leisure", "",
		"Parking", "One contract. Read more >>> https://example.org/parking", "", "https://example.org/parking-map", "",
		"Waste", "Bins shared. Read more >>>", "", "https://example.org/consultation", "is open until May.")
	want := `title: News Summary from 2nd September 2015
# Local Government (local-government)
  story: Shared services strategy | "The strategy is published." <https://example.org/strategy>
  story: Pay policy | "The policy for 2015." <https://example.org/pay> from BBC News
  story: Budget book | "Every line of the budget." <https://example.org/budget>
  story: Minutes | "What was agreed." <https://example.org/minutes> from Coast FM
  story: Leisure trust | "A trust runs the pools." <https://example.org/leisure>
  story: Parking | "One contract." <https://example.org/parking>
  above: "https://example.org/parking-map"
  story: Waste | "Bins shared."
  after: "https://example.org/consultation\nis open until May."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestEditionWithReadMoreOnlyBeforeMoreIsKeptNamingTheLine: an edition
// whose every "Read more >>>" has more after it than its link (two links
// joined by a word, a note) has no story; it is kept as text, and the
// warning names a line where the marker stands, rather than saying only
// that no line ends in it, which the editor sees lines do.
func TestEditionWithReadMoreOnlyBeforeMoreIsKeptNamingTheLine(t *testing.T) {
	f, err := parseText(t, strings.Join([]string{
		"Thursday 20 November 2014", "News Summary from 19th November 2014", "", "Health", "",
		"Trusts merge", "", "Two trusts. Read more >>> https://example.org/a and https://example.org/b", "",
		"Care homes close", "", "Three homes shut. Read more >>> on page 4",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `1: the edition of Thursday 20 November 2014 has no stories: no line ends in "Read more >>>" as a story's summary does (line 8 has more after it: "…Read more >>> https://example.org/a and https://example.org/b"); it is imported with its text alone`
	if len(f.Refused) != 0 || len(f.Editions) != 1 || !strings.Contains(warnings(f.Editions[0]), want) {
		t.Errorf("refused %v, %d editions; want one, warned\n%s", f.Refused, len(f.Editions), want)
	}
}

// TestEditionOfTextAloneIsKept: an edition with no story at all (a week
// off, a conference notice, a file that ends on one) is an edition of
// the back catalogue, kept as written with a warning; before, it was
// refused, alone or after another edition and a separator line.
func TestEditionOfTextAloneIsKept(t *testing.T) {
	f, err := parseText(t, strings.Join([]string{
		"Thursday 26 May 2016", "News Summary from 25th May 2016", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"----------------------------------------", "",
		"Thursday 2 June 2016", "News Summary from 1st June 2016", "",
		"There are no stories this week: the team is at the annual conference.", "",
		"Normal service resumes next Thursday.", "", "Best wishes,", "The editors",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Refused) != 0 || len(f.Editions) != 2 {
		t.Fatalf("refused %v, %d editions; want two", f.Refused, len(f.Editions))
	}
	e := f.Editions[1]
	want := `title: News Summary from 1st June 2016
intro: "There are no stories this week: the team is at the annual conference.\n\nNormal service resumes next Thursday.\n\nBest wishes,\nThe editors"
`
	if got := outline(e); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if w := `12: the edition of Thursday 2 June 2016 has no stories: no line ends in "Read more >>>"; it is imported with its text alone`; warnings(e) != w {
		t.Errorf("warnings\n%s\nwant\n%s", warnings(e), w)
	}
}

// TestDateLineAgainstItsTitle reads a date line in figures that both a
// day and a month could be ("07/10/2014") under a title that names the
// date in words. Day first, as in Britain, it was 7 October 2014, three
// months from the title's "9th July 2014", and nothing said so; an
// American export writes the month first. The title decides, with a
// warning. A date line far from its title otherwise is dated by the date
// line, with a warning; one that agrees with its title says nothing.
func TestDateLineAgainstItsTitle(t *testing.T) {
	for _, tc := range []struct {
		dateLine, title, date, warning string
	}{
		{"07/10/2014", "News Summary from 9th July 2014", "2014-07-10",
			`1: date line "07/10/2014" read month first, Thursday 10 July 2014, as its title's date (9th July 2014) says; read day first, as in Britain, it would be Tuesday 7 October 2014`},
		{"Thursday 07/10/2014", "News Summary from 9th July 2014", "2014-07-10",
			`1: date line "Thursday 07/10/2014" read month first, Thursday 10 July 2014, as its title's date (9th July 2014) says; read day first, as in Britain, it would be Tuesday 7 October 2014`},
		{"10/07/2014", "News Summary from 9th July 2014", "2014-07-10", ""},
		{"2014-07-10", "News Summary from 9th July 2014", "2014-07-10", ""},
		{"Thursday 20 November 2014", "News Summary from 19th March 2014", "2014-11-20",
			`1: date line "Thursday 20 November 2014" (Thursday 20 November 2014) is 246 days from the date in the title under it (19th March 2014); the edition is dated by its date line`},
	} {
		eds := mustParse(t, tc.dateLine, tc.title, "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>")
		if len(eds) != 1 {
			t.Fatalf("%s: %d editions", tc.dateLine, len(eds))
		}
		if got := eds[0].Date.Format("2006-01-02"); got != tc.date {
			t.Errorf("%s: dated %s, want %s", tc.dateLine, got, tc.date)
		}
		if got := warnings(eds[0]); got != tc.warning {
			t.Errorf("%s: warnings\n%s\nwant\n%s", tc.dateLine, got, tc.warning)
		}
	}
}

// TestMarkdownHeadlinesInPlainText reads a plain-text edition whose
// headlines are written in Markdown ("### Headline", "**Headline**"): the
// stored headline was the line as typed, marks and all, and search, chat
// and the web archive showed "### Councils share a data centre". A "#"
// glued to a word is a hashtag and stays.
func TestMarkdownHeadlinesInPlainText(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "************", "Local Government", "",
		"### Councils share a data centre", "", "Three councils move. Read more >>>", "",
		"**Two districts share a chief executive**", "", "A shared chief executive starts in March. Read more >>>", "",
		"## Fire and police share a control room ##", "", "The rooms merge in May. Read more >>>", "",
		"#NHS70 celebrations shared", "", "Two trusts mark the day together. Read more >>>")
	want := `title: News Summary from 4th February 2015
# Local Government (local-government)
  story: Councils share a data centre | "Three councils move."
  story: Two districts share a chief executive | "A shared chief executive starts in March."
  story: Fire and police share a control room | "The rooms merge in May."
  story: #NHS70 celebrations shared | "Two trusts mark the day together."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestHeadlinesThatStartWithANumber: a headline that starts with a year, a
// count or a figure is not a numbered list's item, and keeps its number.
func TestHeadlinesThatStartWithANumber(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "************", "Local Government", "",
		"2015: a year of mergers", "Councils look back. Read more >>>", "",
		"10 councils merge their back offices", "Ten become one. Read more >>>", "",
		"3.5% more councils share a chief executive", "The count rises. Read more >>>", "",
		"1. Two districts share a chief executive", "A shared chief executive starts in March. Read more >>>")
	want := `title: News Summary from 4th February 2015
# Local Government (local-government)
  story: 2015: a year of mergers | "Councils look back."
  story: 10 councils merge their back offices | "Ten become one."
  story: 3.5% more councils share a chief executive | "The count rises."
  story: Two districts share a chief executive | "A shared chief executive starts in March."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestBulletedHeadlinesInPlainText reads headlines written as a list's
// items ("• Councils share…", "- …", "* …", "– …", "▪ …", a bullet glued
// to the headline): the stored headline kept the bullet, and search, chat
// and the web archive showed "• Councils share a data centre". A dash
// inside a headline, and a hyphenated first word, stay.
func TestBulletedHeadlinesInPlainText(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "************", "Local Government", "",
		"• Councils share a data centre", "Three councils move. Read more >>>", "",
		"- Two districts share a chief executive", "A shared chief executive starts in March. Read more >>>", "",
		"* Fire and police share a control room", "The rooms merge in May. Read more >>>", "",
		"– Trusts merge – at last", "Two trusts become one. Read more >>>", "",
		"▪ Libraries shared", "One service for two towns. Read more >>>", "",
		"•Parks shared", "One team for the parks. Read more >>>", "",
		"Cross-border deal signed", "Two councils agree. Read more >>>")
	want := `title: News Summary from 4th February 2015
# Local Government (local-government)
  story: Councils share a data centre | "Three councils move."
  story: Two districts share a chief executive | "A shared chief executive starts in March."
  story: Fire and police share a control room | "The rooms merge in May."
  story: Trusts merge – at last | "Two trusts become one."
  story: Libraries shared | "One service for two towns."
  story: Parks shared | "One team for the parks."
  story: Cross-border deal signed | "Two councils agree."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestHeadlineEndingInAColon reads a headline that ends in a colon, as a
// feed's kicker headline can ("Devolution: what next:"), alone over its
// summary: the colon read as a sentence's end, the story had no headline
// and was lost to the editor's text, with a warning. The editor's own
// lead-in over a headline ("Here are some examples:") stays text.
func TestHeadlineEndingInAColon(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "************", "Local Government", "",
		"Devolution: what next:", "", "The deal for the north is signed, and councils ask what comes next. Read more >>>", "",
		"Here are some examples from this week’s media:", "", "Councils share a lawyer", "", "Two councils share one. Read more >>>")
	want := `title: News Summary from 4th February 2015
# Local Government (local-government)
  story: Devolution: what next: | "The deal for the north is signed, and councils ask what comes next."
  above: "Here are some examples from this week’s media:"
  story: Councils share a lawyer | "Two councils share one."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(es[0].Warnings) > 0 {
		t.Errorf("warnings\n%s", warnings(es[0]))
	}
}

// TestHTMLEntitiesInPlainText reads an edition copied from a blog's or a
// mail's HTML source, its characters written as HTML references: they
// were stored as typed, and search and chat showed "Fire &amp; Rescue".
// One without its semicolon, or of no known name, is text.
func TestHTMLEntitiesInPlainText(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "************", "Local Government", "",
		"Fire &amp; police share a control room", "",
		"The county&rsquo;s services share one from June&#8217;s&nbsp;start; R&D &copy 2014 &foo; stay. Read more >>> http://example.org/a?b=1&amp;c=2")
	want := `title: News Summary from 4th February 2015
# Local Government (local-government)
  story: Fire & police share a control room | "The county’s services share one from June’s start; R&D &copy 2014 &foo; stay." <http://example.org/a?b=1&c=2>
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestUnfiledFirstHeadingWithoutARule reads an edition whose first
// heading has no row of asterisks above it and names no sector, nor can
// the sector model file it ("Member Updates"): it stayed the intro's text
// and its story became the edition's lead, while the stories after it had
// sections. It is now a section, filed under the fallback sector with a
// warning. A greeting right under the title stays the intro's.
func TestUnfiledFirstHeadingWithoutARule(t *testing.T) {
	es := mustParse(t, "Thursday 5 February 2015", "News Summary from 4th February 2015", "", "Happy New Year", "", "Hello everyone, a short week.", "",
		"Member Updates", "", "Buying together saves more than it costs.", "",
		"Councils buy paper together", "", "Three councils buy their paper together. Read more >>>", "",
		"************", "Health", "", "Trusts merge", "", "Two trusts become one. Read more >>>")
	want := `title: News Summary from 4th February 2015
intro: "Happy New Year\n\nHello everyone, a short week."
# Member Updates (other) unruled
  above: "Buying together saves more than it costs."
  story: Councils buy paper together | "Three councils buy their paper together."
# Health (health)
  story: Trusts merge | "Two trusts become one."
`
	if got := outline(es[0]); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if w := warnings(es[0]); !strings.Contains(w, `"Member Updates" names no configured sector; its stories are filed under`) {
		t.Errorf("warnings\n%s", w)
	}
}

// TestIssueLineAsTheDateLine reads editions whose date line names the
// issue first ("Issue 57 — 16 June 2016", "Vol. 3, Issue 12 - Thursday 23
// June 2016", "No. 59 | 30/06/2016"). Such a line was not read as a date
// line: the first edition was dated from its title, a day early, and the
// line was dropped as text before the first edition; a later one ran on
// into the edition above. An issue line under the date line, or over it,
// is the editor's text.
func TestIssueLineAsTheDateLine(t *testing.T) {
	eds := mustParse(t,
		"Issue 57 — 16 June 2016", "", "News Summary from 15th June 2016", "", "Health", "", "Trusts merge", "", "Two trusts. Read more >>>", "",
		"Vol. 3, Issue 58 - Thursday 23 June 2016", "", "News Summary from 22nd June 2016", "", "Housing", "", "Homes built", "", "Three hundred. Read more >>>", "",
		"No. 59 | 30/06/2016", "", "Housing", "", "Landlords merge", "", "Two landlords. Read more >>>", "",
		"Thursday 7 July 2016", "", "News Summary from 6th July 2016", "", "Issue 60 — 7 July 2016", "", "Housing", "", "Rents pooled", "", "Four landlords. Read more >>>", "",
		"Issue 61 — 14 July 2016", "Thursday 14 July 2016", "", "News Summary from 13th July 2016", "", "Housing", "", "Repairs shared", "", "Two teams. Read more >>>",
	)
	var got []string
	for _, e := range eds {
		got = append(got, e.Date.Format("2006-01-02")+" "+e.DateLine)
	}
	want := []string{"2016-06-16 Issue 57 — 16 June 2016", "2016-06-23 Vol. 3, Issue 58 - Thursday 23 June 2016",
		"2016-06-30 No. 59 | 30/06/2016", "2016-07-07 ", "2016-07-14 "}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("editions\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if eds[3].Intro != "Issue 60 — 7 July 2016" {
		t.Errorf("issue line under the title: intro %q", eds[3].Intro)
	}
	if st := eds[3].Sections[0].Stories[0]; st.Afterword != "Issue 61 — 14 July 2016" {
		t.Errorf("issue line over the next date line: after the last story %q", st.Afterword)
	}
	for _, e := range eds[:2] {
		if strings.Contains(warnings(e), "dated from its title") || strings.Contains(warnings(e), "before the first edition") {
			t.Errorf("%s: %s", e.DateLine, warnings(e))
		}
	}
}

// TestDateLineWithWordsAroundTheDate reads another newsletter's editions,
// titled otherwise than the configuration's title, whose date lines have a
// few words around the date. Each such file was refused whole ("no
// edition found: this is not the newsletter's plain-text form"). A line
// that names a date in a sentence stays the editor's text.
func TestDateLineWithWordsAroundTheDate(t *testing.T) {
	for dateLine, want := range map[string]string{
		"Week ending 4 March 2016":          "2016-03-04",
		"w/c 29 February 2016":              "2016-02-29",
		"Published: Thursday 3 March 2016":  "2016-03-03",
		"Date: 3 March 2016":                "2016-03-03",
		"Thursday 3 March 2016 — Issue 42":  "2016-03-03",
		"Thursday, 3 March 2016 at 09:00":   "2016-03-03",
		"Bulletin 12 | Friday 4 March 2016": "2016-03-04",
	} {
		eds := mustParse(t, dateLine, "", "Shared Services Bulletin", "",
			"Welcome to this week's bulletin.", "", "Our partnership board meets on Thursday 10 March 2016", "",
			"Health", "", "Trusts merge", "", "Two trusts become one. Read more >>>", "",
			"You are receiving this because you subscribed.", "",
			"Week ending 11 March 2016", "", "Shared Services Bulletin", "",
			"Housing", "", "Homes built", "", "Three hundred homes. Read more >>>")
		if len(eds) != 2 {
			t.Errorf("%s: %d editions, want 2", dateLine, len(eds))
			continue
		}
		e := eds[0]
		if got := e.Date.Format("2006-01-02"); got != want || e.DateLine != dateLine || e.Title != "Shared Services Bulletin" {
			t.Errorf("%s: dated %s, date line %q, title %q; want %s", dateLine, got, e.DateLine, e.Title, want)
		}
		if !strings.Contains(e.Intro, "meets on Thursday 10 March 2016") {
			t.Errorf("%s: the date in the intro's text: intro %q", dateLine, e.Intro)
		}
		if eds[1].Date.Format("2006-01-02") != "2016-03-11" || eds[1].DateLine != "Week ending 11 March 2016" {
			t.Errorf("%s: second edition dated %s by %q", dateLine, eds[1].Date.Format("2006-01-02"), eds[1].DateLine)
		}
	}
}

// TestDateLineOfAMonthOrATwoFigureYear reads a monthly newsletter dated by
// its month alone ("March 2016"), dated the 1st with a warning and its
// date line kept as written, and date lines with a two-figure year after
// the month's name ("3 Mar 16", "Thursday 3rd March '16"). Each file was
// refused whole: "no edition found".
func TestDateLineOfAMonthOrATwoFigureYear(t *testing.T) {
	body := []string{"", "Partnership Update", "", "Health", "", "Trusts merge", "", "Two trusts become one. Read more >>>", ""}
	for dateLine, want := range map[string]string{
		"3 Mar 16": "2016-03-03", "Thursday 3rd March '16": "2016-03-03", "March 2016": "2016-03-01",
	} {
		lines := append(append([]string{dateLine}, body...), "April 2016")
		eds := mustParse(t, append(lines, body...)...)
		if len(eds) != 2 || eds[0].Date.Format("2006-01-02") != want || eds[0].DateLine != dateLine {
			t.Errorf("%s: %d editions, the first dated %s by %q; want two, %s", dateLine, len(eds), eds[0].Date.Format("2006-01-02"), eds[0].DateLine, want)
			continue
		}
		if eds[1].Date.Format("2006-01-02") != "2016-04-01" || eds[1].DateLine != "April 2016" {
			t.Errorf("%s: the second edition dated %s by %q", dateLine, eds[1].Date.Format("2006-01-02"), eds[1].DateLine)
		}
		if w := warnings(eds[1]); w != `11: date line "April 2016" names no day: the edition is dated the 1st, Friday 1 April 2016` {
			t.Errorf("%s: warnings %q", dateLine, w)
		}
	}
}

// TestHeadingsMarkedAlike reads editions whose headings a wiki or Markdown
// marks ("== Health ==", "### Housing"), one of them naming no sector.
// "== Health ==" was not read as a heading (its stories became the lead,
// the next heading their commentary), and "### Transport and Highways"
// among "### Health" and "### Housing" was the commentary of the story
// under it, which joined the section above.
func TestHeadingsMarkedAlike(t *testing.T) {
	eds := mustParse(t,
		"Thursday 10 March 2016", "News Summary from 9th March 2016", "", "A short edition this week.", "",
		"== Health ==", "", "Hospital trusts merge back offices", "", "Two trusts will combine their finance teams. Read more >>>", "",
		"== Libraries and Leisure ==", "", "Library services merge", "", "Three boroughs will run one library service. Read more >>>", "",
		"Thursday 17 March 2016", "News Summary from 16th March 2016", "", "Spring is here.", "",
		"### Housing", "", "Landlords merge", "", "Two landlords agree a merger. Read more >>>", "",
		"### Transport and Highways", "", "Counties share a highways contract", "", "Two counties let one contract. Read more >>>", "",
		"### Our thanks to the editors of last week", "", "Fire services share a control room", "", "Two services share one room. Read more >>>",
	)
	want := []string{`title: News Summary from 9th March 2016
intro: "A short edition this week."
# == Health == (health) unruled
  story: Hospital trusts merge back offices | "Two trusts will combine their finance teams."
# == Libraries and Leisure == (other) unruled
  story: Library services merge | "Three boroughs will run one library service."
`, `title: News Summary from 16th March 2016
intro: "Spring is here."
# ### Housing (housing) unruled
  story: Landlords merge | "Two landlords agree a merger."
# ### Transport and Highways (other) unruled
  story: Counties share a highways contract | "Two counties let one contract."
  above: "### Our thanks to the editors of last week"
  story: Fire services share a control room | "Two services share one room."
`}
	if len(eds) != 2 {
		t.Fatalf("%d editions", len(eds))
	}
	for i, e := range eds {
		if got := outline(e); got != want[i] {
			t.Errorf("edition %d:\n%s\nwant\n%s", i+1, got, want[i])
		}
	}
}

// TestPlainTextIsNotQuotedPrintable: only a file with both a soft line
// break and an escape that only quoted-printable writes is decoded; "=="
// around a heading, a sum, or "=" at a line's end in plain text is kept.
func TestPlainTextIsNotQuotedPrintable(t *testing.T) {
	for _, text := range []string{
		"== Health ==\nTrusts merge\nTwo trusts. Read more >>>",
		"Savings =\n£5m=C2",
		"The formula: cost =\nstaff + estates, 2+2=4, and A=BC",
		"Two trusts=E2=80=99 merger. Read more >>>",
	} {
		if _, ok := decodeQuotedPrintable([]byte(text)); ok {
			t.Errorf("%q read as quoted-printable", text)
		}
	}
	got, ok := decodeQuotedPrintable([]byte("Two trusts=E2=80=99 mer=\nger =3D one.\r\nNext=20\n"))
	if want := "Two trusts’ merger = one.\nNext \n"; !ok || string(got) != want {
		t.Errorf("decoded %q, %v; want %q", got, ok, want)
	}
}

// TestMojibakeIsReadAgain: text that one program read as Windows-1252
// though it was UTF-8, and the next saved as UTF-8 ("Councilsâ€™", "Â£5m"),
// was imported so into the archive, search and chat. It is read again as
// UTF-8, with a warning on its first line; "café" is left as it is.
func TestMojibakeIsReadAgain(t *testing.T) {
	f, err := parseText(t, strings.Join([]string{
		"Thursday 21 April 2016", "News Summary from 20th April 2016", "", "Itâ€™s a café week â€“ three new deals.", "",
		"Local Government", "", "Councilsâ€™ shared payroll saves Â£5m", "", "The â€œbiggestâ€™ payroll in the region. Read more >>>",
	}, "\n"))
	if err != nil || len(f.Editions) != 1 {
		t.Fatalf("%v, %+v", err, f)
	}
	e := f.Editions[0]
	if e.Intro != "It’s a café week – three new deals." || e.Sections[0].Stories[0].Headline != "Councils’ shared payroll saves £5m" {
		t.Errorf("intro %q, headline %q", e.Intro, e.Sections[0].Stories[0].Headline)
	}
	if len(f.Warnings) != 1 || !strings.HasPrefix(f.Warnings[0].String(), `4: text that had been read as Windows-1252 though it was UTF-8`) {
		t.Errorf("warnings %v", f.Warnings)
	}
}

// TestFileNamedByItsDateStartingWithAnUndatedEdition: a file named by its
// date whose first edition lost its date line, with another edition after
// its footer that kept its own. The first was "text before the first
// edition's date line", not imported, though the file's name dates it; and
// with no date line at all the two ran on as one edition. Each is now an
// edition, the first dated by the name.
func TestFileNamedByItsDateStartingWithAnUndatedEdition(t *testing.T) {
	ed := func(title, headline string) []string {
		return []string{title, "", "Intro.", "", "**********", "Health", "", headline, "A summary. Read more >>>", "",
			"Receive this Shared Service News Summary straight into your inbox every week", ""}
	}
	for _, next := range [][]string{
		append([]string{"Thursday 17 July 2014", ""}, ed("Shared Services Weekly", "Councils share")...),
		ed("Shared Services Weekly", "Councils share"),
	} {
		text := strings.Join(append(ed("Shared Services Weekly", "Trusts merge"), next...), "\n")
		f, err := testParser(t).ParseFile("2014-07-10-newsletter.txt", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Editions) == 0 || f.Editions[0].Date.Format("2006-01-02") != "2014-07-10" || f.Editions[0].StoryCount() != 1 || len(f.Warnings) > 0 {
			t.Errorf("%q…: editions %d, warnings %v; want the first dated 10 July 2014 with its one story", next[0], len(f.Editions), f.Warnings)
			continue
		}
		if dated := next[0] != "Shared Services Weekly"; dated && (len(f.Editions) != 2 || f.Editions[1].Date.Format("2006-01-02") != "2014-07-17") ||
			!dated && (len(f.Editions) != 1 || len(f.Refused) != 1 || f.Refused[0].Line != 13) {
			t.Errorf("%q…: editions %d, refused %v; want the second as an edition of its own", next[0], len(f.Editions), f.Refused)
		}
	}
}

// TestFileNamedByItsDateStartingWithARule: a file named by its date with
// no date line that starts with a row of asterisks over a heading (the
// rest of an edition saved in a second file, cut at a row). Its edition
// started under the row, which was left out: its first section was
// unruled, and the row lost from the edition. It now starts at the row.
func TestFileNamedByItsDateStartingWithARule(t *testing.T) {
	text := strings.Join([]string{"************", "Health", "", "Trusts merge", "A summary. Read more >>>", ""}, "\n")
	f, err := testParser(t).ParseFile("2014-07-10-newsletter-2.txt", strings.NewReader(text))
	if err != nil || len(f.Editions) != 1 {
		t.Fatalf("%v %+v", err, f)
	}
	e := f.Editions[0]
	if e.Line != 1 || len(e.Sections) != 1 || e.Sections[0].Unruled || e.StoryCount() != 1 {
		t.Errorf("edition at line %d:\n%s\nwant it at line 1, its section ruled", e.Line, outline(e))
	}
}

// TestEditionThatStartsWithAStory: an edition with no title line whose
// first paragraph is a story's headline, over its one-line summary or
// right above it: the rest of an edition saved in a file of its own, cut
// above a headline, or an edition whose title was left off. Its headline
// was taken for the edition's title, and the story lost to the editor's
// text (a file of that one story was refused as no newsletter).
func TestEditionThatStartsWithAStory(t *testing.T) {
	for name, text := range map[string]string{
		"date line, paragraphs":    "Thursday 10 July 2014\n\nTrusts merge\n\nTwo trusts merge. Read more >>>\n\nCouncils share\n\nTwo councils share. Read more >>>\n",
		"date line, one paragraph": "Thursday 10 July 2014\n\nTrusts merge\nTwo trusts merge. Read more >>>\n\nCouncils share\n\nTwo councils share. Read more >>>\n",
		"no date line":             "Trusts merge\n\nTwo trusts merge. Read more >>>\n",
	} {
		f, err := testParser(t).ParseFile("2014-07-10-newsletter-2.txt", strings.NewReader(text))
		if err != nil || len(f.Editions) != 1 {
			t.Errorf("%s: %v %+v", name, err, f)
			continue
		}
		e := f.Editions[0]
		if len(e.Lead) == 0 || e.Lead[0].Headline != "Trusts merge" || e.Title == "Trusts merge" {
			t.Errorf("%s:\n%s\nwant the first story headed \"Trusts merge\"", name, outline(e))
		}
	}
	// A title that names its date stays the title, over a summary with
	// no headline.
	f, err := testParser(t).ParseFile("news.txt", strings.NewReader("Thursday 10 July 2014\n\nNews Summary from 9th July 2014\n\nTwo trusts merge. Read more >>>\n"))
	if err != nil || len(f.Editions) != 1 || f.Editions[0].Title != "News Summary from 9th July 2014" {
		t.Errorf("a title over a summary: %v %+v", err, f)
	}
}
