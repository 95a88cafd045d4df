package archive

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

func parseText(t *testing.T, text string) ([]ParsedEdition, error) {
	t.Helper()
	return Parser{Sectors: shippedSectors(t)}.Parse("news.txt", strings.NewReader(text))
}

func mustParse(t *testing.T, lines ...string) []ParsedEdition {
	t.Helper()
	eds, err := parseText(t, strings.Join(lines, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return eds
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	long := strings.Repeat("word ", maxLineBytes/5+1)
	for _, tc := range []struct {
		name, text, want string
	}{
		{"empty file", "", "news.txt:1: no edition found: the file is empty"},
		{"blank file", "\n \n\u00a0\n", "news.txt:1: no edition found"},
		{"no date line", "\nNews Summary from 28th May 2014\n\nLocal Government\n",
			`news.txt:2: expected a date line such as "Thursday 20 November 2014" to start an edition, found "News Summary from 28th May 2014"`},
		{"wrong weekday", "Monday 30 May 2014\nTitle\n", `news.txt:1: date line "Monday 30 May 2014": 30th May 2014 was a Friday`},
		{"no such day", "Friday 31 June 2014\nTitle\n", `news.txt:1: date line "Friday 31 June 2014": June 2014 has no day 31`},
		{"no title", "Friday 30 May 2014\n\n\n", "news.txt:1: the edition of Friday 30 May 2014 has no title line"},
		{"summary as title", "Friday 30 May 2014\nSomething happened. Read more >>>\n", "news.txt:2: expected the title line"},
		{"no stories", "Friday 30 May 2014\nTitle\n\nIntro only.\n", `news.txt:1: the edition of Friday 30 May 2014 has no stories: no line ends in "Read more >>>"`},
		{"summary under heading", "Friday 30 May 2014\nTitle\n************\nHealth\nSomething happened. Read more >>>\n",
			`news.txt:5: story has an empty headline: the line above its summary "Something happened." is the section heading "Health"`},
		{"summary under title", "Friday 30 May 2014\nTitle\n\nSomething happened. Read more >>>\n",
			"news.txt:4: story has an empty headline: the line above its summary \"Something happened.\" is the title"},
		{"two summaries", "Friday 30 May 2014\nTitle\nHeadline\nOne. Read more >>>\nTwo. Read more >>>\n",
			"news.txt:5: story has an empty headline: the line above its summary \"Two.\" is another story's summary"},
		{"marker alone under heading", "Friday 30 May 2014\nTitle\n************\nHealth\nRead more >>>\n",
			`news.txt:5: "Read more >>>" has no summary above it`},
		{"rule over a summary", "Friday 30 May 2014\nTitle\nHeadline\n************\nOne. Read more >>>\n",
			"news.txt:5: expected a sector heading under the row of asterisks on line 4"},
		{"rule over a paragraph", "Friday 30 May 2014\nTitle\n************\n" + strings.Repeat("A long paragraph. ", 10) + "\n",
			"news.txt:4: expected a sector heading under the row of asterisks on line 3"},
		{"second edition broken", "Friday 30 May 2014\nTitle\nHeadline\nOne. Read more >>>\n\nThursday 15 May 2014\n\n",
			"news.txt:6: the edition of Thursday 15 May 2014 has no title line"},
		{"NUL byte", "Friday 30 May 2014\nTitle\nHead\x00line\n", "news.txt:3: binary content (a NUL byte)"},
		{"control character", "Friday 30 May 2014\n\x1b[31mTitle\n", "news.txt:2: binary content (control character U+001B)"},
		{"not UTF-8", "Friday 30 May 2014\nCaf\xe9 news\n", "news.txt:2: not UTF-8 text"},
		{"line too long", "Friday 30 May 2014\nTitle\n" + long + "\n", "news.txt:3: line is longer than 16384 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eds, err := parseText(t, tc.text)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%d editions), want a *ParseError", err, len(eds))
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n got %q\nwant %q…", err, tc.want)
			}
			if eds != nil {
				t.Errorf("editions returned with the error: %v", eds)
			}
		})
	}
}

func TestParseFileTooLarge(t *testing.T) {
	r := strings.NewReader("Friday 30 May 2014\n" + strings.Repeat(strings.Repeat("x", 1023)+"\n", maxFileBytes/1024+1))
	_, err := Parser{}.Parse("big.txt", r)
	if err == nil || !strings.Contains(err.Error(), "big.txt:16385: file is larger than 16 MiB") {
		t.Errorf("got %v", err)
	}
}

func TestParseReadError(t *testing.T) {
	_, err := Parser{}.Parse("gone.txt", iotest.ErrReader(errors.New("disk on fire")))
	if err == nil || err.Error() != "read gone.txt: disk on fire" {
		t.Errorf("got %v", err)
	}
}

func TestParseLayouts(t *testing.T) {
	eds := mustParse(t,
		"\uFEFFFriday, 30th May 2014\r",
		"\u00a0Title of the week\u00a0\u00a0\r",
		"\r",
		"An intro,\r",
		"on two lines.\r",
		"\r",
		"************\r",
		"Health\r",
		"Commentary straight under the heading.\r",
		"Headline one\r",
		"Summary\u00a0one.  read MORE>>>\r",
		"\r",
		"Headline two\r",
		"\r",
		"Summary two, with the marker alone below.\r",
		"Read more >>>\r",
		"\r",
		"Afterword on two.\r",
		"\r",
		"***************\r",
		"*****\r",
		"Bluelight\r", // a slip: did you mean blue-light
		"\r",
		"Headline three\r",
		"Summary three. Read more >>>\r",
		"\r",
		"************\r",
		"Gardening\r", // unknown: other
		"Headline four\r",
		"Summary four. Read more >>>\r",
		"\r",
		"************\r",
		"Housing\r",
		"Only words in this section.\r",
		"\r",
		"Housing\r", // a heading standing alone, without a rule
		"\r",
		"Headline five\r",
		"Summary five. Read more >>>\r",
		"\r",
		"2 comments:\r",
		"Post a Comment\r",
		"************\r",
	)
	if len(eds) != 1 {
		t.Fatalf("%d editions", len(eds))
	}
	e := eds[0]
	if e.Date.Format("2006-01-02") != "2014-05-30" || e.Title != "Title of the week" || e.Intro != "An intro,\non two lines." {
		t.Errorf("edition %s %q intro %q", e.Date, e.Title, e.Intro)
	}
	type story struct{ sector, headline, summary, commentary, afterword string }
	var got []story
	for _, s := range e.Sections {
		for _, st := range s.Stories {
			got = append(got, story{s.Sector.Slug, st.Headline, st.Summary, st.Commentary, st.Afterword})
		}
	}
	want := []story{
		{"health", "Headline one", "Summary one.", "Commentary straight under the heading.", ""},
		{"health", "Headline two", "Summary two, with the marker alone below.", "", "Afterword on two."},
		{"blue-light", "Headline three", "Summary three.", "", ""},
		{"other", "Headline four", "Summary four.", "", "Housing\n\nOnly words in this section."},
		{"housing", "Headline five", "Summary five.", "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("stories\n got %q\nwant %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("story %d\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	var warnings []string
	for _, w := range e.Warnings {
		warnings = append(warnings, w.String())
	}
	wantWarnings := []string{
		`22: section heading "Bluelight" is not a configured sector; read as the closest one, Blue Light Services (blue-light)`,
		`28: section heading "Gardening" is not a configured sector; filed under Other collaborative items (other)`,
		`33: section "Housing" has no stories; its text is kept after the story "Headline four"`,
	}
	if strings.Join(warnings, "\n") != strings.Join(wantWarnings, "\n") {
		t.Errorf("warnings\n got %q\nwant %q", warnings, wantWarnings)
	}
}

func TestParseStandaloneHeadingsAreExact(t *testing.T) {
	// "Hi" would complete to Higher Education and "Health news" is not a
	// sector name: both stay commentary. "Housing" followed by a summary is
	// a headline, not a heading.
	eds := mustParse(t,
		"Thursday 20 November 2014", "Title", "",
		"Hi", "", "Health news", "",
		"Housing", "Rents rise again. Read more >>>",
	)
	e := eds[0]
	if e.Intro != "Hi\n\nHealth news" || len(e.Sections) != 1 || e.Sections[0].Heading != "" || e.Sections[0].Sector.Slug != "other" {
		t.Fatalf("intro %q, sections %+v", e.Intro, e.Sections)
	}
	if st := e.Sections[0].Stories[0]; st.Headline != "Housing" || st.Summary != "Rents rise again." {
		t.Errorf("story %+v", st)
	}
	if len(e.Warnings) != 1 || e.Warnings[0].String() != "8: story before any section heading; filed under Other collaborative items (other)" {
		t.Errorf("warnings %v", e.Warnings)
	}
}

func TestParseSeveralEditionsAndTextAfterFooter(t *testing.T) {
	eds := mustParse(t,
		"Thursday 20 November 2014", "First", "Local Government", "", "H1", "S1. Read more >>>", "",
		"Receive this Shared Service News Summary into your inbox every week.",
		"Labels: shared services",
		"No comments:",
		"Wednesday 19 November 2014", "Second", "************", "Health", "H2", "S2. Read more >>>",
		"Receive this Shared Service News Summary into your inbox every week.",
	)
	if len(eds) != 2 || eds[0].Title != "First" || eds[1].Title != "Second" || eds[1].Line != 11 {
		t.Fatalf("editions %+v", eds)
	}
	if w := eds[0].Warnings; len(w) != 1 || w[0].String() != `9: text after the footer is not part of the edition and was dropped: "Labels: shared services"` {
		t.Errorf("warnings %v", w)
	}
	if eds[0].Sections[0].Sector.Slug != "local-government" || eds[1].Sections[0].Sector.Slug != "health" {
		t.Errorf("sections %+v / %+v", eds[0].Sections, eds[1].Sections)
	}
}

func TestParseWithoutSectorsFilesUnderFallback(t *testing.T) {
	text := "Thursday 20 November 2014\nTitle\n************\nHealth\nH1\nS1. Read more >>>\n"
	for _, tc := range []struct {
		p    Parser
		slug string
		name string
	}{
		{Parser{}, "other", "Other"},
		{Parser{Fallback: "misc"}, "misc", "Misc"},
	} {
		eds, err := tc.p.Parse("x.txt", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if s := eds[0].Sections[0].Sector; s.Slug != tc.slug || s.Name != tc.name {
			t.Errorf("sector %+v, want %s", s, tc.slug)
		}
	}
}

func TestParseAmbiguousHeading(t *testing.T) {
	eds := mustParse(t, "Thursday 20 November 2014", "Title", "************", "Pr", "H1", "S1. Read more >>>")
	w := eds[0].Warnings
	if eds[0].Sections[0].Sector.Slug != "other" || len(w) != 1 ||
		w[0].String() != `4: section heading "Pr" is not a configured sector (it could be private-sector or highway-code); filed under Other collaborative items (other)` {
		t.Errorf("sector %s, warnings %v", eds[0].Sections[0].Sector.Slug, w)
	}
}

func TestSummaryOf(t *testing.T) {
	for in, want := range map[string]string{
		"Something. Read more >>>": "Something.",
		"Something. read more>>>":  "Something.",
		"Read more >>>":            "",
		"READ MORE >>>":            "",
	} {
		if got, ok := summaryOf(in); !ok || got != want {
			t.Errorf("summaryOf(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Something. Read more", "Spread more >>>", ">>>", "Read more >>> https://example.org", "more >>>"} {
		if got, ok := summaryOf(in); ok {
			t.Errorf("summaryOf(%q) = %q, want no summary", in, got)
		}
	}
}
