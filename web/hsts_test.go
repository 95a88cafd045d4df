package web

import (
	"net/http"
	"net/url"
	"testing"
)

// An archive whose public URL is https tells browsers to come back over
// https only, for a year (Strict-Transport-Security, as the NCSC and
// GOV.UK's service manual ask of a public body's sites): a reader's next
// visit typed as news.council.example then never goes over plain http,
// where a network in between could rewrite the page or the sign-up form.
// Every answer carries it: pages, errors, the stylesheet, the feed, a 304
// and a sign-up. Subdomains are not named: they are the council's other
// sites, which this one cannot speak for. An archive at an http address
// says nothing of the kind.
func TestHTTPSArchiveAsksBrowsersForHTTPSOnly(t *testing.T) {
	f := newEmailFixture(t) // public URL https://news.example.org/archive
	f.newsroom()
	etag := f.get("/editions/1").header.Get("ETag")
	answers := map[string]response{
		"GET /":                 f.get("/"),
		"GET /editions/1 (304)": f.get("/editions/1", "If-None-Match", etag),
		"GET /nope":             f.get("/nope"),
		"GET /style.css":        f.get("/style.css"),
		"GET /feed.atom":        f.get("/feed.atom"),
		"GET /search?q=":        f.get("/search?q="),
		"POST /subscribe":       f.post("/subscribe", url.Values{"address": {"reader@example.org"}}),
		"DELETE /editions":      f.do(http.MethodDelete, "/editions"),
	}
	if answers["GET /editions/1 (304)"].status != http.StatusNotModified {
		t.Fatalf("the conditional GET was answered %d", answers["GET /editions/1 (304)"].status)
	}
	for name, r := range answers {
		if got := r.header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
			t.Errorf("%s (%d): Strict-Transport-Security %q, want max-age=31536000", name, r.status, got)
		}
	}

	base := f.serveAtOwnAddress() // http://127.0.0.1:…
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("an archive at %s sends Strict-Transport-Security %q", base, got)
	}
}
