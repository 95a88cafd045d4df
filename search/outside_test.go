package search

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/sharednews/sharednews/config"
)

// outsideQuery is one query of testdata/outside.json: a second query set,
// written apart from quality.json and without looking at it, from the
// stories of the past editions as council officers type into a chat box
// (misspellings, plurals, British and American spellings, apostrophes,
// dashes, abbreviations, amounts, accents, dates, quoted phrases, pasted
// headlines and links, capitals and emoji). Kind names which of these it
// is, so that the figures say where search falls short; First are the
// headlines a reader of the stories would want first, in any order.
type outsideQuery struct {
	Query string   `json:"query"`
	Kind  string   `json:"kind"`
	First []string `json:"first"`
}

// outsideFloor is the recall@3 under which TestSearchOutsideQueries
// fails: the figure measured once the set's misses with a general cause
// were mended (0.990; 0.982 before numbers typed as said were read,
// 0.976 before that), rounded down, so that a change that loses one more
// of these queries is seen. It is below the 1.000 the committed quality
// set scores because this set keeps the queries search is known not to
// answer, which a user does type: a dropped first letter ("orset").
const outsideFloor = 0.99

// TestSearchOutsideQueries scores search on the past editions with the
// outside query set, as TestSearchQuality scores the committed one
// (recall@3 and MRR, a suggestion's stories when it is followed), and
// prints the figures for each kind of query and every query that misses:
//
//	go test ./search -run TestSearchOutsideQueries -v
func TestSearchOutsideQueries(t *testing.T) {
	st := importDigests(t)
	s, archived := New(st).WithSectors(config.Default().DigestSectors()), allHeadlines(t, st)
	if recall := scoreQuerySet(t, "outside", s, archived, "outside.json"); recall < outsideFloor {
		t.Errorf("recall@3 %.3f is under the floor of %.2f", recall, outsideFloor)
	}
}

// scoreQuerySet searches s with each query of the set in testdata/file
// (outsideQuery's shape), whose stories must be among archived, logs the
// figures for each kind of query and for the whole set, and every query
// short of full recall or without its story first, and returns the set's
// recall@3.
func scoreQuerySet(t *testing.T, name string, s *Searcher, archived []string, file string) float64 {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	var qs []outsideQuery
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 150 {
		t.Fatalf("%d queries; the %s set needs at least 150", len(qs), name)
	}
	type score struct {
		n          int
		recall, rr float64
		missed     int
	}
	kinds := map[string]*score{}
	total := &score{}
	for _, q := range qs {
		for _, want := range q.First {
			if !slices.Contains(archived, want) {
				t.Fatalf("%q: no story in the archive is headed %q", q.Query, want)
			}
		}
		got := headlines(search(t, s, q.Query).Hits)
		recall, rank := scoreHits(got, q.First)
		rr := 0.0
		if rank > 0 {
			rr = 1 / float64(rank)
		}
		k := kinds[q.Kind]
		if k == nil {
			k = &score{}
			kinds[q.Kind] = k
		}
		for _, sc := range []*score{k, total} {
			sc.n++
			sc.recall += recall
			sc.rr += rr
			if recall < 1 {
				sc.missed++
			}
		}
		if recall < 1 || rank > 1 {
			t.Logf("%-13s %-40q recall@3 %.2f, first relevant at %d: %q", q.Kind, q.Query, recall, rank, got[:min(3, len(got))])
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, kind := range names {
		k := kinds[kind]
		t.Logf("%-13s %3d queries, %2d short: recall@3=%.3f MRR=%.3f", kind, k.n, k.missed, k.recall/float64(k.n), k.rr/float64(k.n))
	}
	n := float64(total.n)
	t.Logf("%s query set: %d queries, %d short of full recall: recall@3=%.3f MRR=%.3f", name, total.n, total.missed, total.recall/n, total.rr/n)
	return total.recall / n
}
