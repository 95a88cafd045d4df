package search

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/generated_answers.txt")

// generatedStories is how many of FillArchive's stories
// TestGeneratedArchiveAnswers searches: enough for every kind of query the
// benchmark times to find many (January to mid-April 2021), few
// enough to generate in seconds.
const generatedStories = 6_000

// TestGeneratedArchiveAnswers keeps what the benchmark's searches answer
// (BenchmarkSearchLargeArchive's queries, on a smaller archive of the same
// generated stories, its index merged as the bot merges it): the stories
// of the first two pages in order, the parts each matched, and the
// answer's totals, notes and suggestion. A change made to make searches
// faster must leave every line as it is; one that means to change an
// answer rewrites the file with -update and says why.
func TestGeneratedArchiveAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an archive")
	}
	ctx := context.Background()
	st := storetest.Open(t, "")
	var slugs []string
	for _, s := range config.Default().DigestSectors() {
		slugs = append(slugs, s.Slug)
	}
	storetest.FillArchive(t, st, slugs, generatedStories)
	if _, err := st.MergeSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	s := New(st).WithSectors(config.Default().DigestSectors())
	got := generatedAnswers(t, s)
	// The same answers once the stories' word pairs are written, as the
	// bot's maintenance writes them, and phrases are asked as pairs.
	if n, err := st.IndexWordPairs(ctx); err != nil || n != generatedStories {
		t.Fatalf("IndexWordPairs: %d stories, %v", n, err)
	}
	if _, err := st.MergeSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	withPairs := generatedAnswers(t, s)
	path := filepath.Join("testdata", "generated_answers.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ when, got string }{{"without word pairs", got}, {"with word pairs", withPairs}} {
		if c.got == string(want) {
			continue
		}
		gotLines, wantLines := strings.Split(c.got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gotLines), len(wantLines)) {
			g, w := "", ""
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Fatalf("%s, answers differ from %s at line %d:\ngot  %s\nwant %s", c.when, path, i+1, g, w)
			}
		}
	}
}

// generatedAnswers is what s answers to the benchmark's searches, as
// TestGeneratedArchiveAnswers keeps them.
func generatedAnswers(t *testing.T, s *Searcher) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, q := range largeArchiveQueries {
		for _, offset := range []int{0, 10} {
			res, err := s.SearchFrom(ctx, q, offset, 10)
			if err != nil {
				t.Fatalf("search %q from %d: %v", q, offset, err)
			}
			fmt.Fprintf(&b, "%q from %d: total %d, more %v, uncounted %v, partial %v, missing %q, apart %q, other periods %v, followed %q",
				q, offset, res.Total, res.More, res.Uncounted, res.Partial, res.Missing, res.Apart, res.OtherPeriods, res.Followed)
			if res.Suggestion != nil {
				fmt.Fprintf(&b, ", suggestion %q", res.Suggestion.Query)
			}
			b.WriteString("\n")
			for _, h := range res.Hits {
				fmt.Fprintf(&b, "\t%d %q %q\n", h.Story.ID, h.Matched, h.Excerpt)
			}
		}
	}
	return b.String()
}
