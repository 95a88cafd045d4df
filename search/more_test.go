package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// pageOf searches q from offset, at most limit hits.
func pageOf(t *testing.T, s *Searcher, q string, offset, limit int) Result {
	t.Helper()
	res, err := s.SearchFrom(context.Background(), q, offset, limit)
	if err != nil {
		t.Fatalf("search %q from %d: %v", q, offset, err)
	}
	return res
}

// mergerStories are n stories that say "merger" and "councils", and
// partial stories that say only "councils".
func mergerStories(n, partial int) []digest.Story {
	var out []digest.Story
	for i := range n {
		out = append(out, digest.Story{Headline: fmt.Sprintf("Councils agree merger number %d", i+1),
			Summary: fmt.Sprintf("Merger %d of the district councils.", i+1)})
	}
	for i := range partial {
		out = append(out, digest.Story{Headline: fmt.Sprintf("Councils set budget %d", i+1)})
	}
	return out
}

func TestSearchSaysWhenMoreStoriesMatch(t *testing.T) {
	s, _ := archiveOf(t, mergerStories(13, 0)...)
	first := search(t, s, "merger")
	if len(first.Hits) != 10 || !first.More || first.Total != 13 {
		t.Fatalf("13 stories match: %d hits, More %v, Total %d; want 10, true, 13", len(first.Hits), first.More, first.Total)
	}
	second := pageOf(t, s, "merger", 10, 10)
	if len(second.Hits) != 3 || second.More || second.Offset != 10 || second.Total != 13 {
		t.Fatalf("the second page: %d hits, More %v, Offset %d, Total %d; want 3, false, 10, 13",
			len(second.Hits), second.More, second.Offset, second.Total)
	}
	// The pages together are the one answer with a larger limit, each
	// story once.
	all := pageOf(t, s, "merger", 0, 100)
	got := append(headlines(first.Hits), headlines(second.Hits)...)
	if !slices.Equal(got, headlines(all.Hits)) {
		t.Errorf("the two pages show %q; with a limit of 100: %q", got, headlines(all.Hits))
	}
	if len(all.Hits) != 13 || all.More {
		t.Errorf("with a limit of 100: %d hits, More %v; want 13, false", len(all.Hits), all.More)
	}
	slices.Sort(got)
	if len(slices.Compact(got)) != 13 {
		t.Errorf("a story is on both pages: %q", got)
	}
	if past := pageOf(t, s, "merger", 20, 10); len(past.Hits) != 0 || past.More || past.Total != 13 {
		t.Errorf("past the last page: %d hits, More %v, Total %d", len(past.Hits), past.More, past.Total)
	}
}

func TestSearchExactlyTheLimitHasNoMore(t *testing.T) {
	s, _ := archiveOf(t, mergerStories(10, 0)...)
	res := search(t, s, "merger")
	if len(res.Hits) != 10 || res.More || res.Total != 10 {
		t.Errorf("10 stories match: %d hits, More %v, Total %d; want 10, false, 10", len(res.Hits), res.More, res.Total)
	}
}

// A story with only some of the words ranks after those with all of them,
// and a larger limit shows it: it is more, even when the stories with
// every word fill the limit exactly.
func TestSearchCountsPartialMatchesAsMore(t *testing.T) {
	s, _ := archiveOf(t, mergerStories(10, 1)...)
	res := search(t, s, "merger councils")
	if len(res.Hits) != 10 || !res.More || res.Total != 11 {
		t.Fatalf("10 stories with both words, one with one: %d hits, More %v, Total %d; want 10, true, 11",
			len(res.Hits), res.More, res.Total)
	}
	if res.Partial || res.Note() != "" {
		t.Errorf("every hit shown has both words, yet partial %v, note %q", res.Partial, res.Note())
	}
	next := pageOf(t, s, "merger councils", 10, 10)
	if got := headlines(next.Hits); !slices.Equal(got, []string{"Councils set budget 1"}) {
		t.Errorf("the second page shows %q, want the story with one word", got)
	}
	// The second page's note counts from the first hit, as the first
	// page's would with a larger limit.
	want := "Only some of your words matched: after the first 10 the stories have only some of “merger” and “councils”."
	if next.Note() != want {
		t.Errorf("the second page's note is %q, want %q", next.Note(), want)
	}
	if all := pageOf(t, s, "merger councils", 0, 20); all.Note() != want {
		t.Errorf("with a limit of 20 the note is %q, want %q", all.Note(), want)
	}
}

// TestSearchMonthOfTheBackCatalogueHasMore: the audit's case, on the real
// back catalogue. "May 2014" has eleven stories dated that month; the
// first ten show and the search says there are more, and the next page
// starts with the eleventh, each story once.
func TestSearchMonthOfTheBackCatalogueHasMore(t *testing.T) {
	st := importDigests(t)
	s := New(st)
	first := search(t, s, "May 2014")
	if len(first.Hits) != 10 || !first.More {
		t.Fatalf("May 2014: %d hits, More %v; want 10 and more", len(first.Hits), first.More)
	}
	second := pageOf(t, s, "May 2014", 10, 10)
	var may []string
	for _, h := range append(first.Hits, second.Hits...) {
		if d := h.Story.DecidedAt; d.Year() == 2014 && d.Month() == 5 { // an imported story: its edition's date
			may = append(may, h.Story.Headline)
		}
	}
	if len(may) != 11 {
		t.Errorf("the first two pages have %d stories of May 2014, want 11: %q", len(may), may)
	}
	all := append(headlines(first.Hits), headlines(second.Hits)...)
	slices.Sort(all)
	if n := len(all); len(slices.Compact(all)) != n {
		t.Errorf("a story is on both pages: %q", all)
	}
}

// countedArchive is the store, counting the index's questions.
type countedArchive struct {
	*store.Store
	matches int
}

func (c *countedArchive) SearchMatches(ctx context.Context, m store.TermMatch, limit int) ([]store.SearchDoc, error) {
	c.matches++
	return c.Store.SearchMatches(ctx, m, limit)
}

// manyComplete are 12 stories with both "merger" and "councils", half
// saying "merger" more, half "councils" as much more and the two words in
// the order typed, then partial stories that say only "councils".
func manyComplete(partial int) []digest.Story {
	var out []digest.Story
	for i := range 6 {
		out = append(out,
			digest.Story{Headline: fmt.Sprintf("Councils merger merger merger %d", i+1)},
			digest.Story{Headline: fmt.Sprintf("Merger councils councils councils %d", i+1)})
	}
	for i := range partial {
		out = append(out, digest.Story{Headline: fmt.Sprintf("Councils set budget %d", i+1)})
	}
	return out
}

// Stories with every word that fill a page are ranked among themselves,
// and the stories with only some of the words are neither read nor
// ranked for it: as a search did before it had pages, at a fifth of the
// index's questions. A later page reaching past them shows them after
// every story with all the words, each story on one page.
func TestSearchRanksStoriesWithEveryWordApart(t *testing.T) {
	_, alone := archiveOf(t, manyComplete(0)...)
	_, st := archiveOf(t, manyComplete(5)...)
	counted := &countedArchive{Store: st}
	s := New(counted)
	first := search(t, s, "merger councils")
	if counted.matches != 1 {
		t.Errorf("the first page asked the index %d questions, want 1", counted.matches)
	}
	if len(first.Hits) != 10 || !first.More || !first.Uncounted || first.Note() != "" {
		t.Errorf("first page: %d hits, More %v, Uncounted %v, note %q; want 10, true, true, none",
			len(first.Hits), first.More, first.Uncounted, first.Note())
	}
	// The order of the stories with every word is theirs alone: those
	// with the words in the order typed first. Ranked with the stories
	// with "councils" only, "merger" would be the rarer word, and the
	// stories saying it more would come first (relevance.Rank weighs a
	// word by how few of the candidates have it).
	if want := headlines(search(t, New(alone), "merger councils").Hits); !slices.Equal(headlines(first.Hits), want) {
		t.Errorf("first page %q, want the order of the stories with both words alone %q", headlines(first.Hits), want)
	}
	second := pageOf(t, s, "merger councils", 10, 10)
	if second.Uncounted || second.More || second.Total != 17 || len(second.Hits) != 7 {
		t.Errorf("second page: %d hits, Uncounted %v, More %v, Total %d; want 7, false, false, 17",
			len(second.Hits), second.Uncounted, second.More, second.Total)
	}
	got := append(headlines(first.Hits), headlines(second.Hits)...)
	if all := pageOf(t, s, "merger councils", 0, 100); !slices.Equal(got, headlines(all.Hits)) {
		t.Errorf("the two pages show %q; with a limit of 100: %q", got, headlines(all.Hits))
	}
	for i, h := range got {
		if strings.HasPrefix(h, "Councils set budget ") != (i >= 12) {
			t.Errorf("hit %d is %q: the 12 stories with both words come first", i+1, h)
		}
	}
	want := "Only some of your words matched: after the first 12 the stories have only some of “merger” and “councils”."
	if second.Note() != want {
		t.Errorf("the second page's note is %q, want %q", second.Note(), want)
	}
}

// A hyphenated name no story writes so is searched apart on every page
// alike, when the first page ranks only the stories with every word.
func TestSearchApartOnEveryPageOfManyStories(t *testing.T) {
	var stories []digest.Story
	for i := range 12 {
		stories = append(stories, digest.Story{Headline: fmt.Sprintf("Malvern and Wychavon councils share service %d", i+1)})
	}
	for i := range 3 {
		stories = append(stories, digest.Story{Headline: fmt.Sprintf("Wychavon budget %d", i+1)})
	}
	s, _ := archiveOf(t, stories...)
	const q = "Malvern-Wychavon councils"
	first, second := pageOf(t, s, q, 0, 10), pageOf(t, s, q, 10, 10)
	for i, p := range []Result{first, second} {
		if !slices.Equal(p.Apart, []string{"Malvern-Wychavon"}) {
			t.Errorf("page %d: apart %q, want Malvern-Wychavon", i+1, p.Apart)
		}
	}
	if len(first.Hits) != 10 || !first.Uncounted || len(second.Hits) != 5 || second.Total != 15 {
		t.Errorf("pages of %d and %d hits, the first uncounted %v, Total %d; want 10, 5, true, 15",
			len(first.Hits), len(second.Hits), first.Uncounted, second.Total)
	}
	got := append(headlines(first.Hits), headlines(second.Hits)...)
	if all := pageOf(t, s, q, 0, 100); !slices.Equal(got, headlines(all.Hits)) {
		t.Errorf("the two pages show %q; with a limit of 100: %q", got, headlines(all.Hits))
	}
}

// limitsArchive is the store, noting of each question to the index that
// found stories how many it asked for.
type limitsArchive struct {
	*store.Store
	limits []int
}

func (l *limitsArchive) SearchMatches(ctx context.Context, m store.TermMatch, limit int) ([]store.SearchDoc, error) {
	docs, err := l.Store.SearchMatches(ctx, m, limit)
	if len(docs) > 0 {
		l.limits = append(l.limits, limit)
	}
	return docs, err
}

// A suggestion is offered when it finds a story, and one story says so:
// checking it reads no candidates. The search that follows a slip
// ("councl") reads the suggestion's candidates once, for its answer; one
// that only offers it ("Camdem council") reads none for it.
func TestSuggestionIsCheckedWithOneStory(t *testing.T) {
	var stories []digest.Story
	for i := range 20 {
		stories = append(stories, digest.Story{Headline: fmt.Sprintf("Camden council shares payroll %d", i+1)},
			digest.Story{Headline: fmt.Sprintf("Kent council shares estates %d", i+1)})
	}
	_, st := archiveOf(t, stories...)
	for _, tc := range []struct {
		query, suggestion string
		followed          bool
		candidates        int // questions that read candidates
	}{
		{"councl", "council", true, 1},
		{"Camdem council", "Camden council", false, 1},
	} {
		l := &limitsArchive{Store: st}
		res := search(t, New(l), tc.query)
		if res.Suggestion == nil || res.Suggestion.Query != tc.suggestion || (res.Followed != "") != tc.followed || len(res.Hits) == 0 {
			t.Errorf("%q: suggestion %+v, followed %q, %d hits; want %q, followed %v, hits",
				tc.query, res.Suggestion, res.Followed, len(res.Hits), tc.suggestion, tc.followed)
		}
		if n := len(slices.DeleteFunc(slices.Clone(l.limits), func(n int) bool { return n < candidates })); n != tc.candidates {
			t.Errorf("%q: %d questions read candidates (limits %v), want %d", tc.query, n, l.limits, tc.candidates)
		}
	}
}

// A query of one part that no story has is asked of the index once: the
// question whether some story has it is the one just asked. (A phrase of
// common words no story has in a row reads every story with both words:
// "\"shared services\"" at 100,000 stories took twice a few
// milliseconds.) An unknown word is still tried as the start of longer
// words ("exec") and as two written apart ("healthcare").
func TestSearchAsksOnceForAPartNoStoryHas(t *testing.T) {
	_, st := archiveOf(t, digest.Story{Headline: "Councils share back-office services"},
		digest.Story{Headline: "Shared chief executive for health care trusts"})
	for _, q := range []string{`"shared services"`, "zzzz"} {
		counted := &countedArchive{Store: st}
		if res := search(t, New(counted), q); counted.matches != 1 || len(res.Hits) != 0 {
			t.Errorf("%s: %d questions to the index, %d hits; want 1, none", q, counted.matches, len(res.Hits))
		}
	}
	for _, q := range []string{"exec", "healthcare"} {
		if res := search(t, New(st), q); len(res.Hits) != 1 {
			t.Errorf("%s: %d hits, want 1", q, len(res.Hits))
		}
	}
}
