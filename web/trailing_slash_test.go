package web

import (
	"strings"
	"testing"
)

// A page's address typed or linked with a trailing slash is sent to the
// address without it, query kept, as a well-made site does; it was a 404.
func TestTrailingSlashRedirects(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for path, to := range map[string]string{
		"/editions/1/":              "/editions/1",
		"/editions/":                "/editions",
		"/editions/?page=1":         "/editions?page=1",
		"/sectors/health/":          "/sectors/health",
		"/search/?q=shared+service": "/search?q=shared+service",
		"/feed.atom/":               "/feed.atom",
		"/nope/":                    "/nope",
	} {
		for _, method := range []string{"GET", "HEAD"} {
			r := f.do(method, path)
			if r.status != 301 || r.header.Get("Location") != publicURL+to {
				t.Errorf("%s %s = %d to %q, want 301 to %q", method, path, r.status, r.header.Get("Location"), publicURL+to)
			}
		}
	}
	// The page redirected to is there; an unknown one is still a 404.
	if r := f.get("/editions/1"); r.status != 200 {
		t.Errorf("/editions/1 = %d", r.status)
	}
	if r := f.get("/nope"); r.status != 404 {
		t.Errorf("/nope = %d", r.status)
	}
	// The redirect stays on the archive's own address, whatever the path.
	r := f.get("/%2F%2Fevil.example/")
	if loc := r.header.Get("Location"); r.status == 301 && !strings.HasPrefix(loc, publicURL+"/") {
		t.Errorf("redirected off the site: %q", loc)
	}
}

// An address that ends a sentence in a mail or a chat message ("sign up at
// https://…/subscribe.") is often followed by its full stop when a client
// makes it a link: the address without the sentence's mark is the page
// meant. It was a 404.
func TestAddressFollowedByPunctuationRedirects(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for path, to := range map[string]string{
		"/editions.":        "/editions",
		"/feed.atom,":       "/feed.atom",
		"/sectors/health).": "/sectors/health",
		"/editions/6.":      "/editions/6",
		"/subscribe.":       "/subscribe",
		"/nope!?":           "/nope",
		"/editions.?page=1": "/editions?page=1",
	} {
		r := f.get(path)
		if r.status != 301 || r.header.Get("Location") != publicURL+to {
			t.Errorf("GET %s = %d to %q, want 301 to %q", path, r.status, r.header.Get("Location"), publicURL+to)
		}
	}
}

// An address typed, printed or linked in capitals ("/Editions/5", as a
// newsletter set in title case prints it) is the page's address in
// another case: the reader is sent there, as a sector's slug in capitals
// is, rather than told there is no such page. An address no page has in
// any case is still a 404, and one of the bot's other routes is not the
// archive's to redirect.
func TestAddressInOtherCaseRedirects(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for path, to := range map[string]string{
		"/EDITIONS/2":             "/editions/2",
		"/Editions":               "/editions",
		"/Editions?page=1":        "/editions?page=1",
		"/Search?q=Shared+Merger": "/search?q=Shared+Merger",
		"/FEED.ATOM":              "/feed.atom",
		"/SECTORS/health":         "/sectors/health",
		// One redirect, not one for the slash or the mark and one for
		// the case.
		"/Editions/2/":   "/editions/2",
		"/Editions/2.":   "/editions/2",
		"/FEED.ATOM/?x=": "/feed.atom?x=",
	} {
		for _, method := range []string{"GET", "HEAD"} {
			r := f.do(method, path)
			if r.status != 301 || r.header.Get("Location") != publicURL+to {
				t.Errorf("%s %s = %d to %q, want 301 to %q", method, path, r.status, r.header.Get("Location"), publicURL+to)
			}
		}
	}
	for _, path := range []string{"/NOPE", "/Healthz", "/EDITIONS/2/X"} {
		if r := f.get(path); r.status != 404 {
			t.Errorf("GET %s = %d, want 404", path, r.status)
		}
	}
}
