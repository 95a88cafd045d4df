package web

import (
	"strings"
	"testing"
)

// TestEchoedInputShowsItsInvisibleCharacters: a page that quotes what the
// address held writes an invisible character in it (a control, a
// zero-width or bidirectional mark) as the address bar shows it, %00 and
// the like. Dropped, the quote named another value, often a good one:
// "/editions/5%00" said "“5” is not an edition number", and
// "/sectors/hea%00lth" "There is no sector “health”", though both are.
func TestEchoedInputShowsItsInvisibleCharacters(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, tc := range []struct {
		path, says string
		status     int
	}{
		{"/editions/5%00", "“5%00” is not an edition number", 400},
		{"/editions/%005", "“%005” is not an edition number", 400},
		{"/editions/1%E2%80%8B", "“1%E2%80%8B” is not an edition number", 400},
		{"/editions/%EF%BB%BF2", "“%EF%BB%BF2” is not an edition number", 400},
		{"/editions/%E2%80%AE1", "“%E2%80%AE1” is not an edition number", 400},
		{"/editions?page=%00", "“%00” is not a page number", 400},
		{"/editions?page=2%7F", "“2%7F” is not a page number", 400},
		{"/feed.atom?page=%C2%851", "“%C2%851” is not a page number", 400},
		{"/sectors/hea%00lth", "There is no sector “hea%00lth”. Did you mean", 404},
	} {
		r := f.get(tc.path)
		if r.status != tc.status || !strings.Contains(r.body, htmlEscape(tc.says)) {
			t.Errorf("GET %s = %d (want %d), want it saying %q:\n%+q", tc.path, r.status, tc.status, tc.says,
				r.body[min(strings.Index(r.body, "<main")+1, len(r.body)):min(strings.Index(r.body, "</main>")+1, len(r.body))])
		}
	}
}
