package adaptertest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// Week is an editor's week built on a real edition of the newsletter
// (2014-11-20), for the tests that drive it through a platform: its
// stories three times over (each copy a story of its own, so that the
// edition runs to several messages), the last of them to be made the
// lead, and its sections to be put in the edition's own order turned
// round, so that an order left unapplied shows.
type Week struct {
	Stories []archive.ParsedStory
	Order   []string // sector slugs
}

// WeekIntro is the intro the editor types in a week: two paragraphs, the
// break written as a typed command writes it.
const WeekIntro = `A busy week for shared services.\nTwo councils agreed a shared chief executive.`

// RealWeek reads the week's edition with sectors.
func RealWeek(t testing.TB, sectors digest.Sectors) Week {
	t.Helper()
	name := realDigests + "2014-11-20-newsletter.txt"
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	eds, err := archive.Parser{Sectors: sectors}.Parse(name, f)
	if err != nil || len(eds) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	w := Week{Stories: slices.Clone(eds[0].Lead)}
	for _, sec := range eds[0].Sections {
		w.Stories = append(w.Stories, sec.Stories...)
		if len(sec.Stories) > 0 && !slices.Contains(w.Order, sec.Sector.Slug) {
			w.Order = append([]string{sec.Sector.Slug}, w.Order...)
		}
	}
	if len(w.Order) < 2 || len(w.Stories) < 4 {
		t.Fatalf("%s: %d stories in %v", name, len(w.Stories), w.Order)
	}
	w.Stories = slices.Concat(w.Stories, w.Stories, w.Stories)
	return w
}

// Story is story i as it waits in the review queue, linked by its number.
func (w Week) Story(i int) digest.Story {
	s := w.Stories[i]
	return digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", i), Headline: s.Headline, Summary: s.Summary,
		Commentary: s.Commentary, Source: "Local Government Chronicle", Sector: s.Sector.Slug, State: digest.StateQueued}
}

// Lead is the index of the story the editor makes the lead: the last.
func (w Week) Lead() int { return len(w.Stories) - 1 }

// Reading is what a reader of the draft meets, top to bottom: the
// intro's paragraphs, the lead's headline, then each section in Order,
// its heading (as given) and, of each of its stories, the first line of
// the commentary above it and its headline; text is how the platform
// writes a paragraph (its escaping).
func (w Week) Reading(sectors digest.Sectors, text func(string) string) []string {
	var want []string
	for _, p := range strings.Split(WeekIntro, `\n`) {
		want = append(want, text(p))
	}
	want = append(want, text(digest.OneLine(w.Stories[w.Lead()].Headline)))
	for _, slug := range w.Order {
		sec, _ := sectors.Lookup(slug)
		want = append(want, sec.Name) // a heading is plain text
		for i, s := range w.Stories {
			if s.Sector.Slug != slug || i == w.Lead() {
				continue
			}
			if c := strings.TrimSpace(s.Commentary); c != "" {
				want = append(want, text(strings.SplitN(c, "\n", 2)[0]))
			}
			want = append(want, text(digest.OneLine(s.Headline)))
		}
	}
	return want
}

// MissingFrom is the first of want that texts do not hold in want's
// order (each found in a text at or after the one holding the one before
// it), and the text that held the one before it; ok when all are there.
func MissingFrom(texts, want []string) (missing, after string, ok bool) {
	at := 0
	for _, w := range want {
		i := IndexFrom(texts, at, w)
		if i < 0 {
			return w, texts[max(at-1, 0)], false
		}
		at = i
	}
	return "", "", true
}
