package web

import (
	"strings"
	"testing"
)

// TestSearchHeadingIsWhatWasSearched: a search with a terminal's colour
// code in it (ESC [31m, pasted from a terminal) was headed "Search: " with
// nothing after it, in the page and its title, while the page went on to
// say "Nothing in the archive matches “[31m”": the heading stripped the
// whole escape sequence, the search only the ESC. The heading is now the
// words the search read, as chat's "Search: …" is.
func TestSearchHeadingIsWhatWasSearched(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(1)
	r := f.get("/search?q=%1b%5b31m")
	if r.status != 200 || !strings.Contains(r.body, "<h1>Search: [31m</h1>") || !strings.Contains(r.body, "<title>Search: [31m") ||
		!strings.Contains(r.body, "matches “[31m”") {
		t.Errorf("/search?q=ESC[31m = %d\n%s", r.status, r.body)
	}
	// Words as typed are headed as typed.
	if r := f.get("/search?q=District+%20councils"); !strings.Contains(r.body, "<h1>Search: District councils</h1>") {
		t.Errorf("/search?q=District  councils is not headed with its words:\n%s", r.body)
	}
}
