package web

import (
	"strings"
	"testing"
)

// TestSearchInLatin1IsReadAsItWasMeant: a search whose words are not UTF-8
// comes from a form or a link made for a page in Windows-1252 or Latin-1
// (the newsletter's blog had such pages): "caf%E9" is "café" there. Each
// byte that is not UTF-8 is read as Windows-1252, as the feeds and the
// importer read such text. It was dropped, so that "caf%E9" searched
// "caf", and "%E9t%E9" was told it had no words.
func TestSearchInLatin1IsReadAsItWasMeant(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	for _, tc := range []struct{ path, says string }{
		{"/search?q=Gloucester+caf%E9", "no story has “café”"},
		{"/search?q=caf%E9", "Nothing in the archive matches “café”"},
		{"/search?q=%E9t%E9", "Nothing in the archive matches “été”"},
		{"/search?q=Gloucester+%93councils%94", "Search: Gloucester “councils”"},
		{"/search?q=Gloucester+caf%C3%A9", "no story has “café”"}, // UTF-8, as ever
	} {
		r := f.get(tc.path)
		if r.status != 200 || !strings.Contains(r.body, htmlEscape(tc.says)) {
			t.Errorf("GET %s = %d, want 200 saying %q\n%.400s", tc.path, r.status, tc.says,
				r.body[min(strings.Index(r.body, "<main")+1, len(r.body)):])
		}
	}
}
