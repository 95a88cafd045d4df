package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzAddresses sends any path and query to the archive: every answer is a
// page, a redirect, or a 400/404/405 page, never a server error or a page
// without the security headers, and no draft text ever comes back.
func FuzzAddresses(f *testing.F) {
	fx := newFixture(f)
	fx.newsroom()
	mux := http.NewServeMux()
	fx.archive.Mount(mux)
	for _, seed := range []string{"/", "/editions", "/editions/1", "/editions/007", "/editions/-1", "/editions/99999999999999999999",
		"/editions?page=2", "/editions?page=-1", "/sectors/health", "/sectors/nhs", "/sectors/helth", "/search?q=merger",
		"/search?q=", "/search?q=%22shared+services%22", "/search?q=NEAR(a", "/feed.atom?page=0", "/style.css", "/nope/%00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(u.Path, "/") {
			return
		}
		// Built by hand: a raw query may hold what a request line cannot
		// (spaces), and the server's parser is not what is under test.
		req := httptest.NewRequest(http.MethodGet, "http://archive.test/", nil)
		u.Scheme, u.Host = "http", "archive.test"
		req.URL, req.RequestURI = u, u.RequestURI()
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		switch w.Code {
		case 200, 301, 302, 307, 308, 400, 404, 405:
		default:
			t.Fatalf("GET %q = %d\n%s", target, w.Code, w.Body.String())
		}
		if w.Code != 405 && w.Code != 301 && w.Code != 307 && w.Header().Get("Content-Security-Policy") == "" {
			t.Fatalf("GET %q = %d without a Content-Security-Policy", target, w.Code)
		}
		body := w.Body.String()
		for _, secret := range fx.secrets {
			if strings.Contains(body, secret) {
				t.Fatalf("GET %q shows %q", target, secret)
			}
		}
	})
}
