package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestSearchPageNamesAWordTooLong: a word longer than any the archive
// holds (a pasted token, words run together) was passed over in silence:
// alone, the page said "There are no words to search for there" of a
// search that had one; beside other words, it showed their stories as if
// it had searched for every one. The page names it, as chat does.
func TestSearchPageNamesAWordTooLong(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	long := strings.Repeat("collaboration", 6) // 78 letters
	r := f.get("/search?q=" + long)
	if r.status != 400 || !strings.Contains(r.body, "“"+long+"” is longer than any word in the archive") {
		t.Errorf("/search?q=%s = %d\n%.400s", long, r.status, r.body[min(strings.Index(r.body, "<main"), len(r.body)):])
	}
	r = f.get("/search?q=" + url.QueryEscape("merger "+long))
	if r.status != 200 || !strings.Contains(r.body, "Only some of your words matched: no story has “"+long+"”.") ||
		!strings.Contains(r.body, "First two Welsh councils move closer to voluntary merger") {
		t.Errorf("/search?q=merger+%s = %d\n%.600s", long, r.status, r.body[min(strings.Index(r.body, "<main"), len(r.body)):])
	}
}
