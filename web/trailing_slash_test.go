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
