package web

import (
	"context"
	"strings"
	"testing"
	"time"
)

// narrowGate gives the fixture's archive a gate of one slot that a search
// waits wait for, and takes the slot, as a search running would: the
// returned function gives it back.
func (f *fixture) narrowGate(wait time.Duration) (release func()) {
	f.t.Helper()
	f.archive.searching = &searchGate{slots: make(chan struct{}, 1), wait: wait}
	leave, ok := f.archive.searching.enter(context.Background())
	if !ok {
		f.t.Fatal("an empty gate has no free slot")
	}
	return leave
}

// TestSearchBusyIsAnsweredWithRetryAfter: a reader's search that finds
// every slot taken for its whole wait is told to try again, 503 with
// Retry-After, never cached; once a slot is free the same search answers.
func TestSearchBusyIsAnsweredWithRetryAfter(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(2)
	release := f.narrowGate(20 * time.Millisecond)

	busy := f.get("/search?q=merger")
	if busy.status != 503 || busy.header.Get("Retry-After") != searchRetryAfter ||
		!strings.Contains(busy.body, "Search is busy") || !strings.Contains(busy.body, "try again in a few seconds") {
		t.Fatalf("a search with no free slot = %d, Retry-After %q:\n%s", busy.status, busy.header.Get("Retry-After"), busy.body)
	}
	if cc := busy.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the busy answer's Cache-Control is %q: a cache would keep telling readers the search is busy", cc)
	}

	release()
	for i := range 3 { // each search gives its slot back
		if got := f.get("/search?q=merger"); got.status != 200 || !strings.Contains(got.body, "District councils agree merger") {
			t.Fatalf("search %d with the slot free = %d:\n%s", i+1, got.status, got.body)
		}
	}
	if n := len(f.archive.searching.slots); n != 0 {
		t.Errorf("%d slots still taken after the searches ended", n)
	}
}

// TestSearchWaitsForASlot: a search that finds the slots taken waits for
// one within its wait, and answers then, rather than being turned away.
func TestSearchWaitsForASlot(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(1)
	release := f.narrowGate(time.Minute)
	// The clock starts before the slot's holder does: started after it, it
	// missed however long the goroutine had slept already, and a busy
	// machine under -race measured a wait of 83 ms for a slot freed at 100.
	start := time.Now()
	go func() {
		time.Sleep(100 * time.Millisecond)
		release()
	}()
	got := f.get("/search?q=merger")
	if got.status != 200 || !strings.Contains(got.body, "District councils agree merger 1") {
		t.Fatalf("a search that waited for a slot = %d:\n%s", got.status, got.body)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("the search answered after %s, before the slot was free", waited)
	}
}

// TestSearchPagesThatReadNothingPassTheGate: the search page with nothing
// searched, a bad request, words the search refuses (only small words,
// only exclusions) and a page the reader already has (304) read no
// stories, so a full gate does not hold them up or turn them away: before,
// a refused search and a revalidation waited for a turn and were told the
// search was busy.
func TestSearchPagesThatReadNothingPassTheGate(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(1)
	etag := f.get("/search?q=merger").header.Get("ETag")
	if etag == "" {
		t.Fatal("a search page has no ETag")
	}
	defer f.narrowGate(time.Minute)()
	for path, want := range map[string]int{"/search": 200, "/search?q=": 200, "/search?q=merger&page=0": 400, "/search?q=a&q=b": 400,
		"/search?q=the+of+and": 400, "/search?q=-wales": 400} {
		start := time.Now()
		if got := f.get(path); got.status != want {
			t.Errorf("%s with the gate full = %d, want %d", path, got.status, want)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("%s waited %s for the gate", path, took)
		}
	}
	if got := f.get("/search?q=merger", "If-None-Match", etag); got.status != 304 {
		t.Errorf("a search page the reader has, with the gate full = %d, want 304", got.status)
	}
}

// TestGateGivesUpWithTheReader: a reader gone while waiting takes no slot.
func TestGateGivesUpWithTheReader(t *testing.T) {
	g := &searchGate{slots: make(chan struct{}, 1), wait: time.Minute}
	leave, ok := g.enter(context.Background())
	if !ok {
		t.Fatal("an empty gate has no free slot")
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, ok := g.enter(ctx); ok {
		t.Fatal("a search whose reader went away took a slot that was never free")
	}
	leave()
	if len(g.slots) != 0 {
		t.Errorf("%d slots taken after the only search left", len(g.slots))
	}
}
