package web

import (
	"strings"
	"testing"
)

// TestSearchHeadingIsWhatWasSearched: a search with a terminal's colour
// code in it (ESC [31m, pasted from a terminal) was headed "Search: " with
// nothing after it, in the page and its title, while the page went on to
// say "Nothing in the archive matches “[31m”": the heading stripped the
// whole escape sequence, the search only the ESC. The heading is the
// words the search read, as chat's "Search: …" is; and the search now
// drops the whole sequence too, so a colour code around a word searches
// for the word (a colour code alone is refused as chat refuses it).
func TestSearchHeadingIsWhatWasSearched(t *testing.T) {
	f := newFixture(t)
	f.publishMergers(1)
	r := f.get("/search?q=%1b%5b31mmergers%1b%5b0m")
	if r.status != 200 || !strings.Contains(r.body, "<h1>Search: mergers</h1>") || !strings.Contains(r.body, "<title>Search: mergers") ||
		strings.Contains(r.body, "[31m") {
		t.Errorf("/search?q=ESC[31mmergersESC[0m = %d\n%s", r.status, r.body)
	}
	// Words as typed are headed as typed.
	if r := f.get("/search?q=District+%20councils"); !strings.Contains(r.body, "<h1>Search: District councils</h1>") {
		t.Errorf("/search?q=District  councils is not headed with its words:\n%s", r.body)
	}
}
