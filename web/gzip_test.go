package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// gunzip is body decompressed, or the test fails.
func gunzip(t *testing.T, what, body string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not gzip: %v", what, err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: gzip cut short: %v", what, err)
	}
	return string(plain)
}

// TestPagesAreGzippedForClientsThatAcceptIt: pages, the Atom feed and the
// stylesheet went uncompressed to every client. A client that accepts
// gzip now gets them gzip'd, with Vary: Accept-Encoding and a weak ETag
// (the bytes differ from the plain page's, which keeps its strong one); a
// HEAD gets the same headers; the body is the plain page's.
func TestPagesAreGzippedForClientsThatAcceptIt(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, path := range []string{"/", "/editions", "/editions/1", "/sectors/health", "/search?q=merge", "/feed.atom", stylesheetPath} {
		plain := f.get(path)
		if plain.status != 200 || plain.header.Get("Content-Encoding") != "" {
			t.Fatalf("GET %s without Accept-Encoding = %d, Content-Encoding %q", path, plain.status, plain.header.Get("Content-Encoding"))
		}
		for _, ae := range []string{"gzip", "br, gzip, deflate", "gzip;q=0.5, identity", "*", "x-gzip"} {
			z := f.get(path, "Accept-Encoding", ae)
			what := "GET " + path + " (Accept-Encoding: " + ae + ")"
			if z.status != 200 || z.header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s = %d, Content-Encoding %q; want gzip", what, z.status, z.header.Get("Content-Encoding"))
				continue
			}
			if got := gunzip(t, what, z.body); got != plain.body {
				t.Errorf("%s: the gzip'd body is not the plain page's", what)
			}
			if !strings.Contains(z.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: Vary %q", what, z.header.Get("Vary"))
			}
			if etag := plain.header.Get("ETag"); etag == "" || strings.HasPrefix(etag, "W/") || z.header.Get("ETag") != "W/"+etag {
				t.Errorf("%s: ETag %q; the plain page's is %q", what, z.header.Get("ETag"), etag)
			}
			if z.header.Get("Content-Length") != strconv.Itoa(len(z.body)) {
				t.Errorf("%s: Content-Length %q for %d bytes", what, z.header.Get("Content-Length"), len(z.body))
			}
			if z.header.Get("Content-Type") != plain.header.Get("Content-Type") {
				t.Errorf("%s: Content-Type %q, plain %q", what, z.header.Get("Content-Type"), plain.header.Get("Content-Type"))
			}
			head := f.do(http.MethodHead, path, "Accept-Encoding", ae)
			for _, h := range []string{"Content-Encoding", "Content-Length", "ETag", "Vary"} {
				if head.header.Get(h) != z.header.Get(h) {
					t.Errorf("HEAD %s: %s %q, GET's %q", path, h, head.header.Get(h), z.header.Get(h))
				}
			}
		}
		if !strings.Contains(plain.header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s without Accept-Encoding: Vary %q; a cache must not give it to a client that accepts gzip", path, plain.header.Get("Vary"))
		}
	}
}

// TestGzipRefusedIsNotSent: a client that does not accept gzip (none
// named, gzip;q=0, only others) gets the plain page with its strong ETag.
func TestGzipRefusedIsNotSent(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	plain := f.get("/editions/1")
	for _, ae := range []string{"identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *", "deflate, gzip;q=0.000"} {
		r := f.get("/editions/1", "Accept-Encoding", ae)
		if r.header.Get("Content-Encoding") != "" || r.body != plain.body || r.header.Get("ETag") != plain.header.Get("ETag") {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, ETag %q (plain %q)", ae, r.header.Get("Content-Encoding"), r.header.Get("ETag"), plain.header.Get("ETag"))
		}
	}
}

// TestGzipAndConditionalRequests: a 304 has no body and so no
// Content-Encoding, but names the ETag of what a 200 would have sent and
// Vary; either the weak or the strong ETag revalidates (If-None-Match
// compares weakly).
func TestGzipAndConditionalRequests(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	for _, path := range []string{"/editions/1", "/feed.atom", stylesheetPath} {
		z := f.get(path, "Accept-Encoding", "gzip")
		weak := z.header.Get("ETag")
		strong := strings.TrimPrefix(weak, "W/")
		for _, tc := range []struct{ ae, inm, etag string }{
			{"gzip", weak, weak},
			{"gzip", strong, weak},
			{"", weak, strong},
			{"", strong, strong},
		} {
			r := f.get(path, "Accept-Encoding", tc.ae, "If-None-Match", tc.inm)
			what := path + " (Accept-Encoding " + tc.ae + ", If-None-Match " + tc.inm + ")"
			if r.status != http.StatusNotModified || r.body != "" || r.header.Get("Content-Encoding") != "" {
				t.Errorf("%s = %d, Content-Encoding %q, %d bytes; want a bare 304", what, r.status, r.header.Get("Content-Encoding"), len(r.body))
			}
			if r.header.Get("ETag") != tc.etag || !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s: ETag %q, Vary %q; want ETag %q", what, r.header.Get("ETag"), r.header.Get("Vary"), tc.etag)
			}
		}
	}
	// A page kept for this version, asked for gzip'd once plain: the same
	// bytes as a fresh rendering, gzip'd.
	f.get("/editions/2")
	z := f.get("/editions/2", "Accept-Encoding", "gzip")
	if z.header.Get("Content-Encoding") != "gzip" || !bytes.Contains([]byte(gunzip(t, "/editions/2", z.body)), []byte("</html>")) {
		t.Errorf("a kept page gzip'd: Content-Encoding %q", z.header.Get("Content-Encoding"))
	}
}
