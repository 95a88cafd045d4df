package archive

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that any input either parses into well-formed editions
// or fails with an error naming the file and a line, and never panics. The
// committed seeds in testdata/fuzz/FuzzParse cover each layout the parser
// knows in a few hundred bytes. The real digests are not seeds: at 4–10 kB
// the fuzzer spends its whole budget minimising their mutations.
func FuzzParse(f *testing.F) {
	p := Parser{Sectors: shippedSectors(f)}
	f.Fuzz(func(t *testing.T, data []byte) {
		eds, err := p.Parse("fuzz.txt", bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || !strings.HasPrefix(err.Error(), "fuzz.txt:") {
				t.Fatalf("error without file and line: %v", err)
			}
			if eds != nil {
				t.Fatal("editions returned with an error")
			}
			return
		}
		if len(eds) == 0 {
			t.Fatal("no editions and no error")
		}
		last := 0
		for _, e := range eds {
			checkEdition(t, e, last)
			last = e.Line
		}
	})
}

func checkEdition(t *testing.T, e ParsedEdition, after int) {
	t.Helper()
	if e.Line <= after || e.Date.IsZero() || oneLineText(e.Title) == "" || e.Title != oneLineText(e.Title) {
		t.Fatalf("edition at line %d: date %s, title %q", e.Line, e.Date, e.Title)
	}
	if len(e.Sections) == 0 || e.StoryCount() == 0 {
		t.Fatalf("edition at line %d has no stories", e.Line)
	}
	for _, s := range e.Sections {
		if len(s.Stories) == 0 || s.Sector.Slug == "" || s.Heading != oneLineText(s.Heading) {
			t.Fatalf("section %+v", s)
		}
		for _, st := range s.Stories {
			if st.Headline == "" || st.Headline != oneLineText(st.Headline) || st.Summary != oneLineText(st.Summary) {
				t.Fatalf("story %+v", st)
			}
		}
	}
	urls := map[string]bool{}
	for _, s := range e.Edition().Sections {
		for _, st := range s.Stories {
			if urls[st.URL] || !strings.HasPrefix(st.URL, StoryURLPrefix) {
				t.Fatalf("story URL %q repeated or malformed", st.URL)
			}
			urls[st.URL] = true
		}
	}
}

// oneLineText is s with its white space made single spaces, as lines are read.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
