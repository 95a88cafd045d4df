package search

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// digestsDir holds the newsletter's past editions, beside the repository.
var digestsDir = filepath.Join("..", "..", "shared", "testdata", "digests")

// importDigests imports the past editions as `sharednews import` does.
func importDigests(t *testing.T) *store.Store {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(digestsDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no digests in %s: %v", digestsDir, err)
	}
	parser := archive.Parser{Sectors: config.Default().DigestSectors()}
	st := storetest.Open(t, "")
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		editions, err := parser.Parse(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range editions {
			if _, err := st.ImportEdition(context.Background(), e.Edition()); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	// As an import leaves the index: its stories' word pairs written.
	if _, err := st.IndexWordPairs(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// qualityQuery is one query of testdata/quality.json and the headlines
// of the stories that should come first, in any order. Lead says that one
// of them must be the very first hit: a query that a mend of the order
// brought from second to first, which recall@3 would not see go back.
// Suggests, when given, is the spelling suggestion the query must get, ""
// for none: a suggestion offered for a word the search did find is noise
// that no score shows.
type qualityQuery struct {
	Query    string   `json:"query"`
	First    []string `json:"first"`
	Lead     bool     `json:"lead,omitempty"`
	Suggests *string  `json:"suggests,omitempty"`
}

func loadQualityQueries(t *testing.T) []qualityQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "quality.json"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatal("testdata/quality.json is missing")
	}
	if err != nil {
		t.Fatal(err)
	}
	var qs []qualityQuery
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestSearchQuality scores search on the past editions with the committed
// queries, written as people type them (small words, word forms, phrases,
// typos, place names):
//
//   - recall@3: of the stories that should come first (at most three per
//     query), the share found in the first three results;
//   - MRR: the mean over queries of 1/rank of the first such story.
//
// A query that finds nothing but gets a spelling suggestion is answered
// with the suggestion's stories (Result.Followed), and scored on them; the
// test checks that such queries did get one.
//
//	go test ./search -run TestSearchQuality -v
func TestSearchQuality(t *testing.T) {
	st := importDigests(t)
	s, archived := New(st).WithSectors(config.Default().DigestSectors()), allHeadlines(t, st)
	qs := loadQualityQueries(t)
	if len(qs) < 30 {
		t.Fatalf("%d queries; the quality set needs at least 30", len(qs))
	}
	var recallSum, rrSum float64
	followed := 0
	for _, q := range qs {
		res := search(t, s, q.Query)
		if q.Suggests != nil {
			got := ""
			if res.Suggestion != nil {
				got = res.Suggestion.Query
			}
			if got != *q.Suggests {
				t.Errorf("%q: suggests %q, want %q", q.Query, got, *q.Suggests)
			}
		}
		if res.Followed != "" && res.Suggestion != nil {
			followed++
		}
		got := headlines(res.Hits)
		for _, want := range q.First {
			if !slices.Contains(archived, want) {
				t.Fatalf("%q: no story in the archive is headed %q", q.Query, want)
			}
		}
		recall, rank := scoreHits(got, q.First)
		recallSum += recall
		if rank > 0 {
			rrSum += 1 / float64(rank)
		}
		if q.Lead && rank != 1 {
			t.Errorf("%q: the first relevant story is at %d, not first: %q", q.Query, rank, got[:min(3, len(got))])
		}
		if recall < 1 {
			t.Logf("%-32q recall@3 %.2f, first relevant at %d: %q", q.Query, recall, rank, got[:min(3, len(got))])
		}
	}
	n := float64(len(qs))
	t.Logf("search quality over %d queries (%d followed a spelling suggestion): recall@3=%.3f MRR=%.3f",
		len(qs), followed, recallSum/n, rrSum/n)
	if recallSum/n < 0.95 {
		t.Errorf("recall@3 %.3f is under the 0.95 target", recallSum/n)
	}
}

// scoreHits scores the headlines a query found against those that should
// come first: recall@3, the share of them (at most three) in the first
// three, and the rank of the first of them found, 0 for none.
func scoreHits(got, first []string) (recall float64, rank int) {
	found := 0
	for i, h := range got {
		if slices.Contains(first, h) {
			if i < 3 {
				found++
			}
			if rank == 0 {
				rank = i + 1
			}
		}
	}
	return float64(found) / float64(min(len(first), 3)), rank
}

// allHeadlines lists every story's headline, to check that the query set
// names real stories.
func allHeadlines(t *testing.T, st *store.Store) []string {
	t.Helper()
	stories, err := st.LatestStories(context.Background(), "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range stories {
		out = append(out, s.Headline)
	}
	return out
}

// TestSearchQualitySameAfterIndexMerge runs the quality queries on the
// past editions as imported one edition at a time, which leaves the
// index in several segments, and again once the bot's maintenance has
// merged them: every answer, its order and its suggestion, is the same.
func TestSearchQualitySameAfterIndexMerge(t *testing.T) {
	st := importDigests(t)
	s := New(st).WithSectors(config.Default().DigestSectors())
	qs := loadQualityQueries(t)
	before := make([]Result, len(qs))
	for i, q := range qs {
		before[i] = search(t, s, q.Query)
	}
	m, err := st.MergeSearchIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.Steps == 0 {
		t.Fatal("the imported editions left nothing to merge; the test compares nothing")
	}
	for i, q := range qs {
		if got := search(t, s, q.Query); !reflect.DeepEqual(got, before[i]) {
			t.Errorf("%q after the merge:\n%+v\nbefore:\n%+v", q.Query, got, before[i])
		}
	}
}
