package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestPagesAreSentGzippedToReadersWhoAcceptIt: the pages and the feed were
// sent whole to every reader, a phone's too, though every browser and feed
// reader says it takes gzip. They are compressed for a reader who accepts
// it, under an ETag of their own (a strong ETag names one sequence of
// bytes), with Vary: Accept-Encoding so that a cache between keeps the two
// apart; a reader who does not accept gzip gets the page as before. It
// prints the bytes saved on the largest page of the real back catalogue,
// and on its feed.
func TestPagesAreSentGzippedToReadersWhoAcceptIt(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	toNextSecond() // every request below sees the same Last-Modified

	var largest string
	var plainBytes, gzipBytes, feedBytes, feedGzip int
	for _, p := range []string{"/", "/editions", "/editions/1", "/editions/2", "/editions/3", "/editions/4", "/editions/5",
		"/sectors/local-government", "/search?q=councils", "/feed.atom"} {
		plain := f.get(p, "Accept-Encoding", "identity")
		if plain.status != 200 || plain.header.Get("Content-Encoding") != "" || !varies(plain.header) {
			t.Errorf("GET %s without gzip = %d, Content-Encoding %q, Vary %q", p, plain.status,
				plain.header.Get("Content-Encoding"), plain.header.Values("Vary"))
			continue
		}
		// Twice: the second is answered from the pages kept for this
		// version of the archive.
		for range 2 {
			zipped := f.get(p, "Accept-Encoding", "gzip, deflate, br")
			body := gunzip(t, p, zipped)
			switch {
			case zipped.status != 200 || zipped.header.Get("Content-Encoding") != "gzip" || !varies(zipped.header):
				t.Errorf("GET %s with gzip = %d, Content-Encoding %q, Vary %q", p, zipped.status,
					zipped.header.Get("Content-Encoding"), zipped.header.Values("Vary"))
			case body != plain.body:
				t.Errorf("GET %s with gzip is another page than without", p)
			case zipped.header.Get("ETag") == plain.header.Get("ETag") || zipped.header.Get("ETag") == "":
				t.Errorf("GET %s: gzip's ETag %q and the plain page's %q", p, zipped.header.Get("ETag"), plain.header.Get("ETag"))
			case zipped.header.Get("Content-Length") != strconv.Itoa(len(zipped.body)):
				t.Errorf("GET %s with gzip: Content-Length %q for %d bytes", p, zipped.header.Get("Content-Length"), len(zipped.body))
			}
			if p == "/feed.atom" {
				feedBytes, feedGzip = len(plain.body), len(zipped.body)
			} else if len(plain.body) > plainBytes {
				largest, plainBytes, gzipBytes = p, len(plain.body), len(zipped.body)
			}
			// The reader's copy is confirmed by its own ETag and no other:
			// the plain page's ETag names other bytes.
			if r := f.get(p, "Accept-Encoding", "gzip", "If-None-Match", zipped.header.Get("ETag")); r.status != 304 ||
				r.header.Get("ETag") != zipped.header.Get("ETag") || !varies(r.header) {
				t.Errorf("GET %s with gzip and its ETag = %d, ETag %q, Vary %q", p, r.status, r.header.Get("ETag"), r.header.Values("Vary"))
			}
			if r := f.get(p, "Accept-Encoding", "gzip", "If-None-Match", plain.header.Get("ETag")); r.status != 200 ||
				r.header.Get("Content-Encoding") != "gzip" {
				t.Errorf("GET %s with gzip and the plain page's ETag = %d, Content-Encoding %q", p, r.status, r.header.Get("Content-Encoding"))
			}
			if r := f.get(p, "If-None-Match", zipped.header.Get("ETag"), "Accept-Encoding", "identity"); r.status != 200 {
				t.Errorf("GET %s without gzip and gzip's ETag = %d", p, r.status)
			}
		}
		// HEAD says what GET would send.
		head := f.do("HEAD", p, "Accept-Encoding", "gzip")
		zipped := f.get(p, "Accept-Encoding", "gzip")
		for _, h := range []string{"Content-Encoding", "Content-Length", "ETag", "Vary"} {
			if head.header.Get(h) != zipped.header.Get(h) {
				t.Errorf("HEAD %s with gzip: %s = %q, GET has %q", p, h, head.header.Get(h), zipped.header.Get(h))
			}
		}
	}
	saved := func(plain, zipped int) string {
		return fmt.Sprintf("%d bytes, %d gzipped (%d saved, %.0f%%)", plain, zipped, plain-zipped, 100*float64(plain-zipped)/float64(plain))
	}
	t.Logf("largest page %s: %s; the feed: %s", largest, saved(plainBytes, gzipBytes), saved(feedBytes, feedGzip))

	// The stylesheet too, kept a year by the browser that fetched it.
	plain, zipped := f.get("/style.css", "Accept-Encoding", "identity"), f.get("/style.css", "Accept-Encoding", "gzip")
	if zipped.header.Get("Content-Encoding") != "gzip" || gunzip(t, "/style.css", zipped) != plain.body || !varies(zipped.header) ||
		!varies(plain.header) || zipped.header.Get("ETag") == plain.header.Get("ETag") ||
		zipped.header.Get("Content-Length") != strconv.Itoa(len(zipped.body)) {
		t.Errorf("/style.css with gzip: Content-Encoding %q, Vary %q, ETag %q (plain %q), %d bytes of %d", zipped.header.Get("Content-Encoding"),
			zipped.header.Values("Vary"), zipped.header.Get("ETag"), plain.header.Get("ETag"), len(zipped.body), len(plain.body))
	}
	t.Logf("the stylesheet: %s", saved(len(plain.body), len(zipped.body)))
	if r := f.get("/style.css", "Accept-Encoding", "gzip", "If-None-Match", zipped.header.Get("ETag")); r.status != 304 || !varies(r.header) {
		t.Errorf("/style.css with gzip and its ETag = %d, Vary %q", r.status, r.header.Values("Vary"))
	}

	// Accept-Encoding is read as RFC 9110 section 12.5.3 writes it.
	for _, tc := range []struct {
		accept string
		gzip   bool
	}{
		{"gzip", true}, {"GZIP", true}, {"x-gzip", true}, {"*", true}, {"br;q=1.0, gzip;q=0.8", true}, {"gzip ; q=0.001", true},
		{"identity", false}, {"br", false}, {"gzip;q=0", false}, {"gzip;q=0.000", false}, {"*, gzip;q=0", false},
		{"gzipper", false}, {"gzip;q=x", false},
	} {
		r := f.get("/editions/5", "Accept-Encoding", tc.accept)
		if got := r.header.Get("Content-Encoding") == "gzip"; r.status != 200 || got != tc.gzip {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q", tc.accept, r.status, r.header.Get("Content-Encoding"))
		}
	}
}

// varies reports whether h names Accept-Encoding in Vary.
func varies(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		for name := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), "Accept-Encoding") {
				return true
			}
		}
	}
	return false
}

// gunzip is the body of a gzipped response, or its body as sent when it is
// not gzipped.
func gunzip(t *testing.T, path string, r response) string {
	t.Helper()
	if r.header.Get("Content-Encoding") != "gzip" {
		return r.body
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(r.body)))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return string(b)
}

// BenchmarkGzipPage is what compressing costs, on the real back
// catalogue's largest page and its feed: once per page and archive
// version, and once per search.
func BenchmarkGzipPage(b *testing.B) {
	f := newFixture(b)
	importDigests(b, f)
	for _, p := range []string{"/", "/feed.atom"} {
		body := []byte(f.get(p).body)
		b.Run("page"+p, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			var n int
			for b.Loop() {
				n = len(f.archive.zipper.gzipped(body))
			}
			b.ReportMetric(float64(len(body)-n), "bytes-saved")
		})
	}
}
