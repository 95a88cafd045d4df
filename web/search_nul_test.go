package web

import (
	"strings"
	"testing"
)

// TestSearchReadsAControlCharacterAsASpace: a NUL or another control
// character between two words ("%00", as a probe or a program building
// the address sends it) was dropped, so that "Welsh%00councils" searched
// the one word "Welshcouncils", which no reader typed and nothing
// matches. The page reads it as the space a tab or a line break already
// is: the two words are searched, and headed, as the reader gave them. A
// terminal's colour code is still dropped whole
// (TestSearchHeadingIsWhatWasSearched).
func TestSearchReadsAControlCharacterAsASpace(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	for _, sep := range []string{"%00", "%01", "%1F", "%7F", "%C2%85"} {
		path := "/search?q=Welsh" + sep + "councils"
		r := f.get(path)
		if r.status != 200 || !strings.Contains(r.body, "<h1>Search: Welsh councils</h1>") ||
			!strings.Contains(r.body, "First two Welsh councils move closer to voluntary merger") {
			t.Errorf("GET %s = %d, want the stories of “Welsh councils”\n%.600s", path, r.status,
				r.body[min(strings.Index(r.body, "<main")+1, len(r.body)):])
		}
	}
	// Nothing but a NUL is a search box sent with only a space in it: the
	// search page, not chat's "Tell me what to search for."
	if r := f.get("/search?q=%00"); r.status != 200 || !strings.Contains(r.body, "Search the archive") {
		t.Errorf("GET /search?q=%%00 = %d\n%.600s", r.status, r.body[min(strings.Index(r.body, "<main")+1, len(r.body)):])
	}
}
