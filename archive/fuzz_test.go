package archive_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/digest"
)

// FuzzParse checks that any input either is refused as a whole with an
// error naming the file and a line, or gives well-formed editions (and
// refusals naming their line), and that nothing of an edition is dropped
// or moved: its text rendering has every line of the original, in order,
// but for a date line written in another style. The committed seeds in
// testdata/fuzz/FuzzParse cover each layout the parser knows in a few
// hundred bytes. The real digests are not seeds: at 4–10 kB the fuzzer
// spends its whole budget minimising their mutations.
func FuzzParse(f *testing.F) {
	p := parser(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := p.ParseFile("fuzz.txt", bytes.NewReader(data))
		if err != nil {
			var pe *archive.ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || !strings.HasPrefix(err.Error(), "fuzz.txt:") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		if len(pf.Editions)+len(pf.Refused) == 0 {
			t.Fatal("no editions, no refusals and no error")
		}
		for _, r := range pf.Refused {
			if r.Line < 1 || r.Name != "fuzz.txt" {
				t.Fatalf("refusal without file and line: %v", r)
			}
		}
		lines, err := archive.TextLines("fuzz.txt", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		// A hard-wrapped file's paragraphs are joined (unwrapLines): its
		// lines come back as whole paragraphs, not as written.
		unwrapped := slices.ContainsFunc(pf.Warnings, func(w archive.Warning) bool { return strings.Contains(w.Msg, "lines are folded at") })
		last, lastLine := 0, 0
		for i, original := range archivetest.Editions(lines, pf) {
			e := pf.Editions[i]
			// Two editions of a mail's decoded text may start on one
			// line of the file (its base64): their places in the text
			// are apart.
			checkEdition(t, e, last)
			if e.Line < lastLine {
				t.Fatalf("edition at line %d after one at line %d", e.Line, lastLine)
			}
			last, lastLine = e.TextLine, e.Line
			if unwrapped {
				continue
			}
			r := archivetest.Compare(original, e, digest.RenderText(e.Edition()))
			for _, m := range r.Missing {
				if !strings.HasPrefix(m, archivetest.KindDateLine+": ") {
					t.Fatalf("edition at line %d: not reproduced: %s\noutline: %+v", e.Line, m, e)
				}
			}
		}
	})
}

func checkEdition(t *testing.T, e archive.ParsedEdition, after int) {
	t.Helper()
	if e.TextLine <= after || e.Line < 1 || e.Date.IsZero() || oneLineText(e.Title) == "" || e.Title != oneLineText(e.Title) {
		t.Fatalf("edition at line %d: date %s, title %q", e.Line, e.Date, e.Title)
	}
	if e.StoryCount() == 0 && !slices.ContainsFunc(e.Warnings, func(w archive.Warning) bool { return strings.Contains(w.Msg, "has no stories") }) {
		t.Fatalf("edition at line %d has no stories, and no warning says so", e.Line)
	}
	checkStory := func(st archive.ParsedStory) {
		if st.Headline == "" || st.Headline != oneLineText(st.Headline) || st.Sector.Slug == "" {
			t.Fatalf("story %+v", st)
		}
	}
	for _, st := range e.Lead {
		checkStory(st)
	}
	for _, s := range e.Sections {
		if s.Sector.Slug == "" || s.Heading == "" || s.Heading != oneLineText(s.Heading) {
			t.Fatalf("section %+v", s)
		}
		for _, st := range s.Stories {
			checkStory(st)
		}
	}
	urls := map[string]bool{}
	for _, st := range e.Edition().Stories() {
		if urls[st.URL] || !strings.HasPrefix(st.URL, archive.StoryURLPrefix) && digest.LinkURL(st.URL, "") == "" {
			t.Fatalf("story URL %q repeated or malformed", st.URL)
		}
		urls[st.URL] = true
	}
}

// oneLineText is s with its white space made single spaces, as lines are read.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
