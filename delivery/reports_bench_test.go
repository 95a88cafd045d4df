package delivery

import (
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// BenchmarkSortReports sorts the failure reports of an email edition whose
// every mail failed (a relay refusing the sender fails each reader) when
// the editors could not be told either, the worst case: 250,000 reports,
// all to try again. It reports ms for one sort.
func BenchmarkSortReports(b *testing.B) {
	const n = 250_000
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	failed := make([]store.Delivery, n)
	for i := range failed {
		failed[i] = store.Delivery{ID: int64(i + 1), Platform: store.EmailPlatform, UpdatedAt: now.Add(-time.Minute)}
	}
	for b.Loop() {
		again, done := sortReports(failed, failed, now)
		if len(again) != n || len(done) != 0 {
			b.Fatalf("again %d, done %d", len(again), len(done))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/sort")
}

// TestSortReports: reports the editors were told of are done with, as are
// those untold for reportFor; the rest are tried again.
func TestSortReports(t *testing.T) {
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	told := store.Delivery{ID: 1, UpdatedAt: now}
	untold := store.Delivery{ID: 2, UpdatedAt: now.Add(-time.Minute)}
	givenUp := store.Delivery{ID: 3, UpdatedAt: now.Add(-reportFor)}
	again, done := sortReports([]store.Delivery{told, untold, givenUp}, []store.Delivery{untold, givenUp}, now)
	if len(again) != 1 || again[0] != 2 || len(done) != 2 || done[0] != 1 || done[1] != 3 {
		t.Errorf("again %v, done %v; want [2], [1 3]", again, done)
	}
}
