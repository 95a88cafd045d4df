package adaptertest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// realDigests are the newsletter's past issues in the shared test data,
// read from an adapter package's folder.
const realDigests = "../../../shared/testdata/digests/"

// RealEditions are the editions of the newsletter's past issues, each
// numbered 1 and published, read with the default sectors.
func RealEditions(t testing.TB) []digest.Edition {
	t.Helper()
	var out []digest.Edition
	for _, e := range parsedRealEditions(t) {
		e.Number, e.State = 1, digest.EditionPublished
		out = append(out, e)
	}
	return out
}

// ImportRealEditions imports the newsletter's past issues into st, as
// `sharednews import` does.
func ImportRealEditions(t testing.TB, st *store.Store) {
	t.Helper()
	for _, e := range parsedRealEditions(t) {
		if _, err := st.ImportEdition(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// parsedRealEditions are the editions of the newsletter's past issues as
// the archive reads them with the default sectors.
func parsedRealEditions(t testing.TB) []digest.Edition {
	t.Helper()
	sectors := digest.Sectors(config.Default().DigestSectors())
	var out []digest.Edition
	for _, name := range []string{"2014-05-newsletter.txt", "2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"} {
		f, err := os.Open(realDigests + name)
		if err != nil {
			t.Fatal(err)
		}
		eds, err := archive.Parser{Sectors: sectors}.Parse(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, pe := range eds {
			out = append(out, pe.Edition())
		}
	}
	return out
}

// ReadingOrder is what a reader of the edition must meet, top to bottom,
// as the product lays an edition out in every format: the date line, the
// title, the intro, the lead, each section's heading with its text and
// stories (commentary, headline, summary, the text after it), the footer;
// of each paragraph its first line.
func ReadingOrder(o digest.Outline) []string {
	want := []string{o.DateLine(), o.Title}
	want = append(want, firstLines(o.Intro)...)
	for _, st := range o.Lead {
		want = append(want, storyMarks(st)...)
	}
	for _, sec := range o.Sections {
		want = append(want, sec.Heading)
		want = append(want, firstLines(sec.Text)...)
		for _, st := range sec.Stories {
			want = append(want, storyMarks(st)...)
		}
	}
	return append(want, firstLines(o.Footer)...)
}

// storyMarks are a story's parts, in the order the newsletter shows them.
func storyMarks(st digest.StoryOutline) []string {
	out := firstLines(st.Commentary)
	out = append(out, st.Headline)
	out = append(out, firstLines(st.Summary)...)
	return append(out, firstLines(st.Afterword)...)
}

// firstLines is the first line of each paragraph.
func firstLines(paras []digest.Paragraph) []string {
	var out []string
	for _, p := range paras {
		out = append(out, p[0])
	}
	return out
}

// IndexFrom is the first of texts from i on that holds s, or -1.
func IndexFrom(texts []string, i int, s string) int {
	for ; i < len(texts); i++ {
		if strings.Contains(texts[i], s) {
			return i
		}
	}
	return -1
}
