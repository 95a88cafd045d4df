package web

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// restart is a new process over the same database: the entries this one
// rendered are written first, as they would be long before a restart.
func (f *fixture) restart(public string) {
	f.t.Helper()
	f.archive.entryWriter.wait()
	f.serve(public)
}

// The feed after a start reads the entries an earlier process kept: it
// renders only the latest edition (for the home page), and serves the
// same entries.
func TestAStartReadsTheFeedsEntriesKept(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	f.serve(publicURL) // renders the three editions' entries, and keeps them
	before := f.feedEntries()
	f.restart(publicURL)
	if n := f.archive.editions.rendered(); n != 1 {
		t.Errorf("a start with the entries kept rendered %d editions, want only the latest", n)
	}
	f.archive.editions.limit(editionCacheBytes, entryCacheBytes) // as if the start had not read them ahead
	rendered := f.archive.editions.rendered()
	after := f.feedEntries()
	if n := f.archive.editions.rendered() - rendered; n != 0 {
		t.Errorf("the feed rendered %d editions though every entry was kept", n)
	}
	if len(after) != 3 || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the feed read from the database differs from the one rendered:\n%v\n%v", before, after)
	}
}

// Nothing kept by an earlier process shows a number, an address or a
// program that is no longer current.
func TestKeptEntriesNeverShowWhatChanged(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	f.serve(publicURL)
	f.feedEntries()
	f.archive.entryWriter.wait()

	// An older edition imported renumbers the three: the next process
	// shows their new numbers.
	f.importEdition(oldEdition("2014-05-15", "An old story"))
	f.restart(publicURL)
	entries := f.feedEntries()
	list, _, err := f.store.PublishedEditions(t.Context(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(list) || len(list) != 4 {
		t.Fatalf("%d entries of %d editions after the import: %v", len(entries), len(list), slices.Sorted(maps.Keys(entries)))
	}
	for _, s := range list {
		e := entries[s.Title]
		n := strconv.Itoa(s.Number)
		if e.Links[0].Href != publicURL+"/editions/"+n || !strings.Contains(e.Content.Body, `<p class="number" dir="auto">Edition `+n+`</p>`) {
			t.Errorf("%q, now edition %s, shows %s", s.Title, n, e.Links[0].Href)
		}
	}

	// Another configuration (the email edition turned on, a footer
	// changed): every entry is rendered again, none read from before.
	f.settings = "another configuration"
	f.restart(publicURL)
	if n := f.archive.editions.rendered(); n != 4 {
		t.Errorf("a start after the configuration changed rendered %d of 4 editions ahead; the others were kept from before", n)
	}

	// A move to another address: every link is the new one.
	f.restart("https://a-new-home.example/news")
	for title, e := range f.feedEntries() {
		if !strings.HasPrefix(e.Links[0].Href, "https://a-new-home.example/news/editions/") ||
			strings.Contains(e.Content.Body, publicURL) {
			t.Errorf("after a move %q still shows the old address: %s", title, e.Links[0].Href)
		}
	}

	// Another build of the program renders every entry again.
	f.restart(publicURL)
	f.restart(publicURL) // the entries are kept as this program makes them here
	if n := f.archive.editions.rendered(); n != 1 {
		t.Errorf("a start rendered %d editions, want only the latest", n)
	}
	f.archive.entryVersions = newEntryVersions(f.archive, "another build")
	f.archive.editions.limit(editionCacheBytes, entryCacheBytes)
	rendered := f.archive.editions.rendered()
	f.feedEntries()
	if n := f.archive.editions.rendered() - rendered; n != 4 {
		t.Errorf("another program rendered %d editions, want all 4", n)
	}
}

// The program is identified by its Go build ID where the executable has
// one (every Go build on Linux), the same every time it is asked.
func TestProgramIDIsTheRunningBuild(t *testing.T) {
	id, err := programID()
	if err != nil {
		t.Fatal(err)
	}
	again, err := programID()
	if err != nil || again != id {
		t.Fatalf("asked twice: %q then %q (%v)", id, again, err)
	}
	if runtime.GOOS == "linux" && (!strings.HasPrefix(id, "go-build-id:") || len(id) < len("go-build-id:")+40) {
		t.Errorf("on Linux the program is %q, not its Go build ID", id)
	}
}
