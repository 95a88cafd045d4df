package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// openSegmented opens (migrating) the database at db and stores stories in
// several separate writes, which leave the search index in several
// segments, as a bulk load or a day of newswire polls does.
func openSegmented(t *testing.T, db string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, db)
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for b := range 8 {
		var stories []digest.Story
		for i := range 10 {
			k := b*10 + i
			stories = append(stories, digest.Story{URL: fmt.Sprintf("https://news.example/%d", k),
				Headline: fmt.Sprintf("Council shares services with county number %d", k), Source: "Wire", Sector: "other",
				State: digest.StatePublished, DecidedAt: at.Add(time.Duration(k) * time.Hour), CreatedAt: at})
		}
		if err := st.AddStories(ctx, stories); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// leftWithoutPairs is how many stories are still without their word pairs
// in the search index (store.IndexWordPairs writes them).
func leftWithoutPairs(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.IndexWordPairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// leftToMerge is how many merge steps the search index still needs.
func leftToMerge(t *testing.T, st *store.Store) int {
	t.Helper()
	m, err := st.MergeSearchIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m.Steps
}

func TestKeepSearchIndexMergesAndStopsWithItsContext(t *testing.T) {
	st := openSegmented(t, filepath.Join(t.TempDir(), "news.db"))
	var logs lockedBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- keepSearchIndex(ctx, st, log, 5*time.Millisecond) }()

	deadline := time.Now().Add(20 * time.Second)
	// Writing the pairs of the 80 stories makes one more segment, and
	// FTS5's automerge may then merge them all before the loop's merge.
	for !strings.Contains(logs.String(), `"msg":"search index word pairs written","stories":80`) {
		if time.Now().After(deadline) {
			t.Fatalf("no merge logged in 20 s:\n%s", logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Later runs find nothing to merge, and say nothing.
	time.Sleep(100 * time.Millisecond)
	if n := strings.Count(logs.String(), "search index merged"); n > 1 {
		t.Errorf("%d merges logged for one set of segments:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "word pairs written"); n != 1 {
		t.Errorf("word pairs written %d times for one set of stories:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"level":"INFO"`) || strings.Contains(logs.String(), "WARN") {
		t.Errorf("log:\n%s", logs.String())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("stopped with %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("keepSearchIndex still running 10 s after its context ended")
	}
	if n := leftWithoutPairs(t, st); n != 0 {
		t.Errorf("%d stories without word pairs after the loop wrote them", n)
	}
	if n := leftToMerge(t, st); n != 0 {
		t.Errorf("%d merge steps left after the loop merged", n)
	}
}

// A bulk load leaves the stories without their word pairs and the index
// in many segments; import writes the pairs and merges at its end, so
// searches are fast before the bot first runs.
func TestImportLeavesTheSearchIndexMerged(t *testing.T) {
	cfg, db := writeConfig(t, "")
	openSegmented(t, db)
	if _, stderr, err := importCLI(t, cfg, realDigestFiles(t)...); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	st := openImported(t, db)
	if n := leftWithoutPairs(t, st); n != 0 {
		t.Errorf("%d stories without word pairs after import", n)
	}
	if n := leftToMerge(t, st); n != 0 {
		t.Errorf("%d merge steps left after import", n)
	}
}

func TestIngestLeavesTheSearchIndexMerged(t *testing.T) {
	srv, _ := newswireServer(t)
	cfg := writeFeedConfig(t, `
[[feeds.source]]
url = "`+srv.URL+`/council.xml"
name = "Example Council"
`)
	db := filepath.Join(filepath.Dir(cfg), "news.db")
	openSegmented(t, db)
	out, err := runIngest(t, cfg)
	if err != nil || !strings.Contains(out, "2 new stories") {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	st := openImported(t, db)
	if n := leftWithoutPairs(t, st); n != 0 {
		t.Errorf("%d stories without word pairs after ingest", n)
	}
	if n := leftToMerge(t, st); n != 0 {
		t.Errorf("%d merge steps left after ingest", n)
	}
}
