package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// searchSegments is the number of segments of the search index, read from
// FTS5's structure record (row 10 of story_terms_data), which has no
// public reader: a 4-byte cookie, a 4-byte mark on newer records, then the
// number of levels and of segments as varints (one byte each below 128).
func searchSegments(t *testing.T, s *Store) int {
	t.Helper()
	var rec []byte
	if err := s.db.QueryRowContext(context.Background(), `SELECT block FROM story_terms_data WHERE id = 10`).Scan(&rec); err != nil {
		t.Fatal(err)
	}
	i := 4
	if len(rec) >= 8 && string(rec[4:8]) == "\xff\x00\x00\x01" {
		i = 8
	}
	if len(rec) < i+2 || rec[i] >= 0x80 || rec[i+1] >= 0x80 {
		t.Fatalf("structure record % x: not one this test reads", rec)
	}
	return int(rec[i+1])
}

// fillInBatches stores batches of n stories, numbered from first, by one
// AddStories call each, which leaves the index a segment of its own, as a
// bulk load does.
func fillInBatches(t *testing.T, s *Store, first, batches, n int) {
	t.Helper()
	words := []string{"council", "county", "district", "shares", "chief", "executive", "waste", "payroll", "merger", "Kent", "Essex", "Dorset"}
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for b := range batches {
		var stories []digest.Story
		for i := range n {
			k := first + b*n + i
			headline := fmt.Sprintf("%s %s %s %s story %d", words[k%len(words)], words[(k/3)%len(words)], words[(k/7)%len(words)], words[(k/11)%len(words)], k)
			decided := at.Add(time.Duration(k) * time.Hour)
			stories = append(stories, digest.Story{URL: fmt.Sprintf("https://news.example/%d", k), Headline: headline,
				Summary: "The " + words[(k/5)%len(words)] + " plan saves money.", Source: "Wire", Sector: "other",
				State: digest.StatePublished, DecidedAt: decided, CreatedAt: decided})
		}
		if err := s.AddStories(context.Background(), stories); err != nil {
			t.Fatal(err)
		}
	}
}

func searchIDs(t *testing.T, s *Store, query string) []int64 {
	t.Helper()
	ids, err := queryAll(context.Background(), s.db, func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT rowid FROM story_terms WHERE story_terms MATCH ? ORDER BY rank, rowid`, query)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestMergeSearchIndexLeavesOneSegmentAndTheSameAnswers(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	fillInBatches(t, s, 0, 12, 40)
	before := searchSegments(t, s)
	if before < 2 {
		t.Fatalf("%d segments after 12 separate writes; the test needs several", before)
	}
	queries := []string{"council", "chief executive", `"waste payroll"`, "kent OR essex", "merger NOT dorset", "zebra"}
	var want [][]int64
	for _, q := range queries {
		want = append(want, searchIDs(t, s, q))
	}

	m, err := s.MergeSearchIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Steps == 0 || m.Longest <= 0 || m.Total < m.Longest {
		t.Errorf("merge of %d segments reported %+v", before, m)
	}
	if got := searchSegments(t, s); got != 1 {
		t.Errorf("%d segments after the merge (%d before), want 1", got, before)
	}
	for i, q := range queries {
		if got := searchIDs(t, s, q); !slices.Equal(got, want[i]) {
			t.Errorf("%q: %v after the merge, %v before", q, got, want[i])
		}
	}
	checkSearchIndex(t, s)

	// Nothing left to merge: a second run does no step, and says so.
	m, err = s.MergeSearchIndex(ctx)
	if err != nil || m.Steps != 0 {
		t.Errorf("second merge: %+v, %v; want no step", m, err)
	}
	// New stories make a new segment, which the next run merges.
	fillInBatches(t, s, 1000, 1, 5)
	if m, err := s.MergeSearchIndex(ctx); err != nil || m.Steps == 0 || searchSegments(t, s) != 1 {
		t.Errorf("merge after new stories: %+v, %v, %d segments", m, err, searchSegments(t, s))
	}
}

// A merge step is its own transaction: a newswire write that arrives while
// the index is being merged is stored between two steps, not after the
// whole merge.
func TestMergeSearchIndexLetsTheNewswireWriteBetweenSteps(t *testing.T) {
	ctx := context.Background()
	s, w := openWatched(t)
	fillInBatches(t, s, 0, 12, 40)
	feed := feedRow(t, s, "https://wire.example/rss")

	wrote := make(chan error, 1)
	steps := 0
	w.mergeStepped = func() {
		steps++
		switch steps {
		case 1:
			go func() {
				_, err := addWire(ctx, s, feed, []NewswireEntry{wire("https://news.example/wire", "Zebra crossing shared by two councils", "w1")})
				wrote <- err
			}()
		case 2:
			// Wait for the write before the next step: were the merge one
			// transaction, the write would wait for it, and this for the
			// write, until the busy timeout failed the write.
			select {
			case err := <-wrote:
				if err != nil {
					t.Errorf("newswire write during the merge: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Error("the newswire write did not complete between two merge steps")
			}
		}
	}
	// Small steps, so that this small index takes several.
	m, err := s.mergeSearchIndex(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Steps < 3 {
		t.Fatalf("%d steps; the test needs a merge of several", m.Steps)
	}
	if got := searchSegments(t, s); got != 1 {
		t.Errorf("%d segments after the merge, want 1", got)
	}
	if ids := searchIDs(t, s, "zebra"); len(ids) != 1 {
		t.Errorf("the story written during the merge: found %v", ids)
	}
	checkSearchIndex(t, s)
}

func TestMergeSearchIndexStopsWithItsContext(t *testing.T) {
	s, w := openWatched(t)
	fillInBatches(t, s, 0, 12, 40)
	ctx, cancel := context.WithCancel(context.Background())
	w.mergeStepped = cancel // stop after the first step
	m, err := s.mergeSearchIndex(ctx, 1)
	if !errors.Is(err, context.Canceled) || m.Steps != 1 {
		t.Fatalf("cancelled after one step: %+v, %v", m, err)
	}
	// What was merged stays merged and correct; the rest is done later.
	checkSearchIndex(t, s)
	w.mergeStepped = nil
	if m, err := s.mergeSearchIndex(context.Background(), 4); err != nil || m.Steps == 0 || searchSegments(t, s) != 1 {
		t.Errorf("the merge resumed: %+v, %v, %d segments", m, err, searchSegments(t, s))
	}
}
