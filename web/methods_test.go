package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestOtherMethodsGetTheSitesErrorPage: a POST (or PUT, DELETE) to one of
// the archive's pages was answered by Go's router in plain text, "Method
// Not Allowed", without the site's headers (no Content-Security-Policy)
// or its page; it is the site's error page now, headed "Method not
// allowed", still a 405 naming the methods the address takes.
func TestOtherMethodsGetTheSitesErrorPage(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"POST", "/", "GET, HEAD"},
		{"POST", "/editions/1", "GET, HEAD"},
		{"PUT", "/editions", "GET, HEAD"},
		{"DELETE", "/search?q=x", "GET, HEAD"},
		{"POST", "/feed.atom", "GET, HEAD"},
		{"POST", "/nope", "GET, HEAD"},
	} {
		r := f.do(tc.method, tc.path)
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s = %d, Allow %q; want 405, Allow %q", tc.method, tc.path, r.status, r.header.Get("Allow"), tc.allow)
		}
		if r.header.Get("Content-Security-Policy") == "" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s %s: not the site's page (CSP %q, type %q)", tc.method, tc.path, r.header.Get("Content-Security-Policy"), r.header.Get("Content-Type"))
		}
		if r.title() != "Method not allowed · Shared News" || !strings.Contains(r.body, "<h1") {
			t.Errorf("%s %s: title %q, want the site's page headed \"Method not allowed\":\n%.300s", tc.method, tc.path, r.title(), r.body)
		}
	}
}

// TestOtherMethodsOnTheSignUpPages: the sign-up pages take POST as well,
// and their 405 says so.
func TestOtherMethodsOnTheSignUpPages(t *testing.T) {
	f := newEmailFixture(t)
	for _, path := range []string{"/subscribe", "/subscribe/confirm", "/unsubscribe"} {
		r := f.do("PUT", path)
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD, POST" || r.title() != "Method not allowed · Shared News" {
			t.Errorf("PUT %s = %d, Allow %q, title %q; want the site's 405 with Allow \"GET, HEAD, POST\"", path, r.status, r.header.Get("Allow"), r.title())
		}
	}
}

// TestMethodsBesideTheBotsOtherRoutes: mounted on one mux with the bot's
// other routes (a chat platform's POST endpoint, the probes), the archive's
// 405s and 404s answer only what those do not.
func TestMethodsBesideTheBotsOtherRoutes(t *testing.T) {
	f := newFixture(t)
	mux := http.NewServeMux()
	mux.Handle("POST /slack/commands", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusAccepted) }))
	mux.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	f.archive.Mount(mux)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"POST", "/slack/commands", http.StatusAccepted, ""},
		{"GET", "/healthz", http.StatusNoContent, ""},
		{"GET", "/slack/commands", http.StatusNotFound, ""},
		{"PUT", "/editions/1", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"HEAD", "/editions", http.StatusOK, ""},
		{"DELETE", "/nope", http.StatusMethodNotAllowed, "GET, HEAD"},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		if rec.Code != tc.status || rec.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s = %d, Allow %q; want %d, Allow %q", tc.method, tc.path, rec.Code, rec.Header().Get("Allow"), tc.status, tc.allow)
		}
	}
}
