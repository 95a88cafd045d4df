package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMeasurePrintsItsFigures runs the harness's measuring process on a
// small archive, searching directly and through the web archive: it
// searches, and its line gives every figure, a chat search's time, the
// peak resident memory and the idle connections' page cache among them.
func TestMeasurePrintsItsFigures(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "archive.db")
	if err := ensureArchive(ctx, db, 500, io.Discard); err != nil {
		t.Fatal(err)
	}
	// A run shorter than any search (as 300 ms is under the race detector
	// on a loaded machine) still measures one search of each kind.
	for _, d := range []time.Duration{300 * time.Millisecond, time.Nanosecond} {
		for _, web := range []bool{false, true} {
			var out bytes.Buffer
			if err := measure(ctx, db, 2, d, web, &out); err != nil {
				t.Fatalf("web=%v: %v", web, err)
			}
			line := out.String()
			for _, name := range []string{"done", "chat_p50_ms", "chat_max_ms", "peak_rss_mb", "page_cache_mb", "conns"} {
				v, err := strconv.ParseFloat(field(line, name), 64)
				if err != nil || v <= 0 {
					t.Errorf("%v, web=%v: %s=%s in %q", d, web, name, field(line, name), line)
				}
			}
		}
	}
}

// TestQueriesVary: the searches are of many queries, not a few the caches
// would keep answered.
func TestQueriesVary(t *testing.T) {
	seen := map[string]bool{}
	for i := range 1000 {
		seen[query(i)] = true
	}
	if len(seen) < 400 {
		t.Errorf("%d distinct queries of 1000", len(seen))
	}
}
