package feeds

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// oneStoryFeed is a small well-formed feed of one story.
const oneStoryFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Councils agree a shared chief executive</title><link>https://x.example/1</link></item></channel></rss>`

// compressed is body in one of the HTTP content codings: gzip, deflate
// as RFC 9110 defines it (zlib), or deflate as some servers send it (raw).
func compressed(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "zlib":
		w = zlib.NewWriter(&b)
	case "raw":
		w, _ = flate.NewWriter(&b, flate.DefaultCompression)
	}
	if _, err := w.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pollEach polls each source into a database of its own (the cases share
// links) and returns the results by source name.
func pollEach(t *testing.T, f config.Feeds) map[string]Result {
	t.Helper()
	out := map[string]Result{}
	for _, s := range f.Sources {
		one := f
		one.Sources = []config.FeedSource{s}
		results, err := newPoller(t, storetest.Open(t, ""), one).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[s.Name] = results[0]
	}
	return out
}

// TestCompressedFeeds: a feed is read whatever content coding the server
// applied (RFC 9110 section 8.4.1: gzip, its alias x-gzip, deflate in its
// zlib form and the raw form some servers send), and the request asks for
// the codings it reads. A coding it cannot read, or damaged compressed
// data, fails with a sentence, never with the compressed bytes as text.
func TestCompressedFeeds(t *testing.T) {
	accepted := make(chan string, 10)
	mux := http.NewServeMux()
	for path, c := range map[string]struct{ header, coding string }{
		"gzip":         {"gzip", "gzip"},
		"x-gzip":       {"x-gzip", "gzip"},
		"upper-gzip":   {"GZIP", "gzip"},
		"deflate":      {"deflate", "zlib"},
		"raw-deflate":  {"deflate", "raw"},
		"identity":     {"identity", ""},
		"gzip-in-list": {"identity, gzip", "gzip"},
		// Misconfigured servers name no coding at all: read as sent, as
		// browsers do.
		"none":  {"none", ""},
		"utf-8": {"utf-8", ""},
	} {
		mux.HandleFunc("/"+path, func(w http.ResponseWriter, r *http.Request) {
			if path == "gzip" {
				accepted <- r.Header.Get("Accept-Encoding")
			}
			body := []byte(oneStoryFeed)
			if c.coding != "" {
				body = compressed(t, c.coding, body)
			}
			w.Header().Set("Content-Encoding", c.header)
			w.Write(body)
		})
	}
	for _, coding := range []string{"br", "zstd"} {
		mux.HandleFunc("/"+coding, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", coding)
			w.Write([]byte{0x1b, 0x2a, 0x00, 0xf8, 0x8d, 0x94, 0x6e, 0xde})
		})
	}
	mux.HandleFunc("/damaged-gzip", func(w http.ResponseWriter, r *http.Request) {
		b := compressed(t, "gzip", []byte(oneStoryFeed))
		b[len(b)-6] ^= 0xff // the checksum
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b)
	})
	// Compressed data that ends early, sent whole: the connection was
	// fine (the body is as long as its Content-Length says), so the
	// operator must not be sent to look at the network.
	for _, coding := range []string{"gzip", "deflate"} {
		mux.HandleFunc("/truncated-"+coding, func(w http.ResponseWriter, r *http.Request) {
			b := compressed(t, map[string]string{"gzip": "gzip", "deflate": "zlib"}[coding], []byte(oneStoryFeed))
			w.Header().Set("Content-Encoding", coding)
			w.Write(b[:len(b)/2])
		})
	}
	// The same data cut off by the connection stays the connection's fault.
	mux.HandleFunc("/cut-gzip", func(w http.ResponseWriter, r *http.Request) {
		b := compressed(t, "gzip", []byte(oneStoryFeed))
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:len(b)/2])
	})
	mux.HandleFunc("/not-gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte(oneStoryFeed))
	})
	mux.HandleFunc("/empty-gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	f := feedsConfig()
	for _, name := range []string{"gzip", "x-gzip", "upper-gzip", "deflate", "raw-deflate", "identity", "gzip-in-list", "none", "utf-8", "br", "zstd", "damaged-gzip", "not-gzip", "empty-gzip", "truncated-gzip", "truncated-deflate", "cut-gzip"} {
		f.Sources = append(f.Sources, src(srv.URL+"/"+name))
	}
	results := pollEach(t, f)
	for _, name := range []string{"gzip", "x-gzip", "upper-gzip", "deflate", "raw-deflate", "identity", "gzip-in-list", "none", "utf-8"} {
		if r := results[name]; r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s)", name, r.Status, r.New, r.Reason)
		}
	}
	if got := <-accepted; got != "gzip, deflate" {
		t.Errorf("Accept-Encoding %q, want the codings read", got)
	}
	for name, want := range map[string]string{
		"br":                `the server compressed the feed as "br", which was not asked for and cannot be read`,
		"zstd":              `the server compressed the feed as "zstd", which was not asked for and cannot be read`,
		"damaged-gzip":      "the server's compressed (gzip) data is damaged; the feed was not read",
		"not-gzip":          "the server's compressed (gzip) data is damaged; the feed was not read",
		"empty-gzip":        "not a feed: the server sent an empty response",
		"truncated-gzip":    "the server's compressed (gzip) data is damaged; the feed was not read",
		"truncated-deflate": "the server's compressed (deflate) data is damaged; the feed was not read",
		"cut-gzip":          "the server closed the connection before it finished answering while reading the feed",
	} {
		if r := results[name]; r.Status != StatusFailed || r.Reason != want {
			t.Errorf("%s: %s %q, want failed %q", name, r.Status, r.Reason, want)
		}
	}
}

// TestCompressedBombIsCutOff: feeds.max_bytes bounds the feed as read,
// after decompression: a small gzip body that expands far beyond it fails
// without being expanded, and a body of exactly max_bytes is read.
func TestCompressedBombIsCutOff(t *testing.T) {
	const maxBytes = 64 << 10
	exact := []byte(oneStoryFeed)
	exact = append(exact, bytes.Repeat([]byte("\n"), maxBytes-len(exact))...)
	over := append(append([]byte{}, exact...), '\n')
	var bomb bytes.Buffer
	// Fastest compression, and 16 MiB: under the race detector on a busy
	// machine, 64 MiB at the best level took 48 s.
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	zw.Write([]byte(`<rss version="2.0"><channel><title>T</title>`))
	zeros := make([]byte, 1<<20)
	for range 16 { // 16 MiB of zero bytes, 256 times max_bytes
		zw.Write(zeros)
	}
	zw.Close()
	if bomb.Len() > 2<<20 {
		t.Fatalf("the bomb is %d bytes compressed", bomb.Len())
	}
	mux := http.NewServeMux()
	serve := func(path string, body []byte, gz bool) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if gz {
				w.Header().Set("Content-Encoding", "gzip")
			}
			w.Write(body)
		})
	}
	serve("/bomb", bomb.Bytes(), true)
	serve("/exact", exact, false)
	serve("/exact-gzip", compressed(t, "gzip", exact), true)
	serve("/over", over, false)
	serve("/over-gzip", compressed(t, "gzip", over), true)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := feedsConfig(src(srv.URL+"/bomb"), src(srv.URL+"/exact"), src(srv.URL+"/exact-gzip"), src(srv.URL+"/over"), src(srv.URL+"/over-gzip"))
	f.MaxBytes = maxBytes
	results := pollEach(t, f)
	// A compressed feed is over the limit once decompressed, which says
	// why a feed far smaller on the wire is: raising the limit will not
	// help a bomb.
	tooLarge := fmt.Sprintf("the feed is larger than feeds.max_bytes (%d bytes) once decompressed; it was cut off there and not read", maxBytes)
	if r := results["bomb"]; r.Status != StatusFailed || r.Reason != tooLarge {
		t.Errorf("bomb: %s %q, want %q", r.Status, r.Reason, tooLarge)
	}
	// What came before the limit is read: here the whole feed but its
	// last line break. It is still over the limit, and fails naming it.
	cutThere := fmt.Sprintf("the feed is larger than feeds.max_bytes (%d bytes)%%s; it was cut short there after 1 entry, which was read", maxBytes)
	for name, coded := range map[string]string{"over": "", "over-gzip": " once decompressed"} {
		if r := results[name]; r.Status != StatusFailed || r.Reason != fmt.Sprintf(cutThere, coded) || r.New != 1 {
			t.Errorf("%s: %s %q, %d new", name, r.Status, r.Reason, r.New)
		}
	}
	for _, name := range []string{"exact", "exact-gzip"} {
		if r := results[name]; r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s)", name, r.Status, r.New, r.Reason)
		}
	}
	if strings.Contains(results["bomb"].Reason, "\x00") {
		t.Error("zero bytes in the reason")
	}
}

// TestGzipTheHeadersDoNotName: a feed compressed once more than its
// Content-Encoding says (gzip under gzip, as PHP's output compression
// under a web server's gives WordPress feeds) or gzip'd with no
// Content-Encoding at all (a .gz file served as it is) is read, not
// refused as text that starts with gibberish; feeds.max_bytes bounds it
// as decompressed, and damaged data fails with a sentence.
func TestGzipTheHeadersDoNotName(t *testing.T) {
	const maxBytes = 64 << 10
	feed := []byte(oneStoryFeed)
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`<rss version="2.0"><channel><title>T</title>`))
	zw.Write(make([]byte, 16<<20)) // 16 MiB of zero bytes
	zw.Close()
	if bomb.Len() >= maxBytes {
		t.Fatalf("the bomb is %d bytes compressed, not under max_bytes", bomb.Len())
	}
	damaged := compressed(t, "gzip", feed)
	damaged[len(damaged)-6] ^= 0xff // the checksum
	// Over max_bytes before it is decompressed: random bytes do not
	// compress.
	noise := make([]byte, maxBytes)
	rand.NewChaCha8([32]byte{}).Read(noise)
	bigGzip := compressed(t, "gzip", append([]byte(oneStoryFeed), noise...))
	if len(bigGzip) <= maxBytes {
		t.Fatalf("the big gzip is %d bytes, not over max_bytes", len(bigGzip))
	}
	mux := http.NewServeMux()
	serve := func(path, contentType, coding string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			if coding != "" {
				w.Header().Set("Content-Encoding", coding)
			}
			w.Write(body)
		})
	}
	serve("/twice", "application/rss+xml; charset=UTF-8", "gzip", compressed(t, "gzip", compressed(t, "gzip", feed)))
	serve("/deflate-then-gzip", "text/xml", "deflate", compressed(t, "zlib", compressed(t, "gzip", feed)))
	serve("/gz-file", "application/gzip", "", compressed(t, "gzip", feed))
	serve("/gz-file-as-xml", "application/rss+xml", "", compressed(t, "gzip", feed))
	serve("/bomb", "application/rss+xml", "", bomb.Bytes())
	serve("/damaged", "application/rss+xml", "", damaged)
	serve("/big", "application/rss+xml", "", bigGzip)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := feedsConfig()
	for _, name := range []string{"twice", "deflate-then-gzip", "gz-file", "gz-file-as-xml", "bomb", "damaged", "big"} {
		f.Sources = append(f.Sources, src(srv.URL+"/"+name))
	}
	f.MaxBytes = maxBytes
	results := pollEach(t, f)
	for _, name := range []string{"twice", "deflate-then-gzip", "gz-file", "gz-file-as-xml"} {
		if r := results[name]; r.Status != StatusFetched || r.New != 1 {
			t.Errorf("%s: %s, %d new (%s)", name, r.Status, r.New, r.Reason)
		}
	}
	for name, want := range map[string]string{
		"bomb":    fmt.Sprintf("the feed is larger than feeds.max_bytes (%d bytes) once decompressed; it was cut off there and not read", maxBytes),
		"big":     fmt.Sprintf("the feed is larger than feeds.max_bytes (%d bytes); it was cut off there and not read", maxBytes),
		"damaged": "the server's compressed (gzip) data is damaged; the feed was not read",
	} {
		if r := results[name]; r.Status != StatusFailed || r.Reason != want {
			t.Errorf("%s: %s %q, want failed %q", name, r.Status, r.Reason, want)
		}
	}
}

// TestFetchFailuresAreSentences: what goes wrong between the poller and a
// feed's server is told in a sentence of its own, never with Go's error
// text ("x509: …", "http: …", "unsupported protocol scheme") or the
// addresses involved.
func TestFetchFailuresAreSentences(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/good", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, oneStoryFeed) })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/feed.xml", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/bad-location", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://[::1")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/304-unasked", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	plain := httptest.NewServer(mux)
	t.Cleanup(plain.Close)
	tlsSrv := httptest.NewUnstartedServer(mux)
	tlsSrv.Config.ErrorLog = quietLog()
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)

	f := feedsConfig()
	add := func(name, u string) {
		s := src(u)
		s.Name = name
		f.Sources = append(f.Sources, s)
	}
	add("untrusted", tlsSrv.URL+"/good")
	add("https-to-http-server", strings.Replace(plain.URL, "http:", "https:", 1)+"/good")
	add("to-ftp", plain.URL+"/to-ftp")
	add("to-file", plain.URL+"/to-file")
	add("bad-location", plain.URL+"/bad-location")
	add("304-unasked", plain.URL+"/304-unasked")
	results := pollEach(t, f)
	// A certificate this machine trusts, for another host name.
	other := feedsConfig(src(strings.Replace(tlsSrv.URL, "127.0.0.1", "localhost", 1) + "/good"))
	r, err := newPoller(t, storetest.Open(t, ""), other, func(o *Options) { o.Client = tlsSrv.Client() }).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	results["other-host"] = r[0]
	for name, want := range map[string]string{
		"other-host":           "the server's TLS certificate is for another host name",
		"untrusted":            "the server's TLS certificate is not signed by an authority this machine trusts",
		"https-to-http-server": "the server does not speak TLS (https) at this address; it answered in plain HTTP",
		"to-ftp":               "the server redirected the feed to an address that is not on the web (ftp:); only http and https are fetched",
		"to-file":              "the server redirected the feed to an address that is not on the web (file:); only http and https are fetched",
		"bad-location":         "the server redirected the feed to an address that is not valid",
		"304-unasked":          "the server answered 304 Not Modified to a request for the whole feed",
	} {
		r := results[name]
		if r.Status != StatusFailed || r.Reason != want {
			t.Errorf("%s: %s %q, want failed %q", name, r.Status, r.Reason, want)
		}
	}
}

// quietLog is a logger for test servers whose complaints are expected.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

// TestRetryAfter reads Retry-After in both forms of RFC 9110 section
// 10.2.3 (seconds, or an HTTP date) on 429 and 503, at most maxBackoff;
// a date in the past, a negative, malformed or absurd value asks for
// nothing more than the usual backoff, and never overflows into a wait
// shorter than the server asked for.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		status int
		value  string
		want   time.Duration
	}{
		{429, "120", 2 * time.Minute},
		{503, " 3600 ", time.Hour},
		{503, now.Add(90 * time.Minute).Format(http.TimeFormat), 90 * time.Minute},
		{429, "Thursday, 19-Nov-26 11:00:00 GMT", 2 * time.Hour}, // RFC 850 form
		{429, "Thu Nov 19 11:00:00 2026", 2 * time.Hour},         // asctime form
		{429, now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{429, now.Add(400 * 24 * time.Hour).Format(http.TimeFormat), maxBackoff},
		{429, "0", 0},
		{429, "-60", 0},
		{429, "1.5", 1500 * time.Millisecond}, // a proxy's fraction
		{503, "0.5", 500 * time.Millisecond},
		{429, "NaN", 0},
		{429, "soon", 0},
		{429, "86400", maxBackoff},
		{429, "9999999999", maxBackoff},              // overflows time.Duration in nanoseconds
		{429, "18446744074", maxBackoff},             // wraps around to a third of a second
		{429, "99999999999999999999999", maxBackoff}, // beyond int64
		{500, "120", 0},
		{404, "120", 0},
	} {
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{"Retry-After": {tc.value}}}
		if got := retryAfter(resp, now); got != tc.want {
			t.Errorf("%d Retry-After %q: %v, want %v", tc.status, tc.value, got, tc.want)
		}
	}
}

// TestGoneFeedIsTriedRarely: 410 Gone means the feed was removed on
// purpose and for good (RFC 9110 section 15.5.11; feedparser's guide: a
// client should stop polling it). It is shown as gone, with what to do,
// and tried again only after the longest backoff, not every poll
// interval or two.
func TestGoneFeedIsTriedRarely(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	}))
	t.Cleanup(srv.Close)
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/rss")), func(o *Options) {
		o.Now = func() time.Time { return now }
		o.Rand = func() float64 { return 0 }
	})
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	const want = "the feed is gone: the server answered HTTP 410 Gone; remove it from the configuration (until then it is tried every 12 hours)"
	if r.Status != StatusFailed || r.Reason != want {
		t.Errorf("%s %q, want failed %q", r.Status, r.Reason, want)
	}
	if wait := r.NextPollAt.Sub(now); wait != maxBackoff {
		t.Errorf("next poll in %v, want %v", wait, maxBackoff)
	}
	h, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := h[srv.URL+"/rss"]; got.LastError != want || !got.NextPollAt.Equal(now.Add(maxBackoff)) {
		t.Errorf("health: %q, next %v", got.LastError, got.NextPollAt)
	}
}

// TestRedirects: a feed behind a temporary redirect (302, 307) is asked
// at its configured address every time; one that moved permanently (301,
// 308; RFC 9110 section 15.4.2: a client ought to re-link to the new
// address) is asked at its new address from then on and the poll says
// where it moved, so the operator can change the configuration. In a
// chain, the move is as far as the permanent redirects go. Conditional
// requests work through every redirect.
func TestRedirects(t *testing.T) {
	target := newFeedServer(t)
	var (
		mu   sync.Mutex
		hits = map[string]int{}
	)
	origin := http.NewServeMux()
	redirect := func(path, to string, code int) {
		origin.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[path]++
			mu.Unlock()
			http.Redirect(w, r, to, code)
		})
	}
	for _, code := range []int{301, 302, 307, 308} {
		name := fmt.Sprintf("/r%d", code)
		redirect(name, target.serveBody(name+".xml", []byte(oneStoryFeed)), code)
	}
	redirect("/chain", "/middle", http.StatusMovedPermanently)
	redirect("/middle", target.serveBody("/chain.xml", []byte(oneStoryFeed)), http.StatusFound)
	srv := httptest.NewServer(origin)
	t.Cleanup(srv.Close)

	f := feedsConfig(src(srv.URL+"/r301"), src(srv.URL+"/r302"), src(srv.URL+"/r307"), src(srv.URL+"/r308"), src(srv.URL+"/chain"))
	wantMoved := map[string]string{
		"r301":  target.URL + "/r301.xml",
		"r308":  target.URL + "/r308.xml",
		"chain": srv.URL + "/middle",
	}
	st := storetest.Open(t, "")
	p := newPoller(t, st, f)
	check := func(poll string, results []Result, status Status) {
		t.Helper()
		// What /shared feeds shows is what the poll found.
		health, err := st.FeedHealths(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if r.Status != status || r.MovedTo != wantMoved[r.Source.Name] {
				t.Errorf("%s poll of %s: %s (%s), moved to %q, want %s and %q", poll, r.Source.Name, r.Status, r.Reason, r.MovedTo, status, wantMoved[r.Source.Name])
			}
			if got := health[r.Source.URL].MovedTo; got != wantMoved[r.Source.Name] {
				t.Errorf("after the %s poll, %s is stored as moved to %q, want %q", poll, r.Source.Name, got, wantMoved[r.Source.Name])
			}
		}
	}
	pollOnce := func(p *Poller) []Result {
		t.Helper()
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return results
	}
	check("first", pollOnce(p), StatusFetched)
	check("second", pollOnce(p), StatusNotModified)
	mu.Lock()
	for path, want := range map[string]int{"/r301": 1, "/r308": 1, "/r302": 2, "/r307": 2, "/chain": 1, "/middle": 2} {
		if hits[path] != want {
			t.Errorf("%s asked %d times, want %d", path, hits[path], want)
		}
	}
	mu.Unlock()
	// A poller that has not seen the move (the next `sharednews ingest`)
	// follows the redirect again, conditionally, and says so again.
	check("new poller's", pollOnce(newPoller(t, st, f)), StatusNotModified)

	// A moved feed that then fails at its new address is asked at the
	// configured one again.
	target.mu.Lock()
	delete(target.bodies, "/r301.xml")
	target.mu.Unlock()
	for _, r := range pollOnce(p) {
		if r.Source.Name == "r301" && (r.Status != StatusFailed || r.MovedTo != "") {
			t.Errorf("r301 gone at its new address: %s (%s), moved to %q", r.Status, r.Reason, r.MovedTo)
		}
	}
	if health, err := st.FeedHealths(context.Background()); err != nil || health[srv.URL+"/r301"].MovedTo != "" {
		t.Errorf("r301, asked at its configured address again, is stored as moved to %q (%v)", health[srv.URL+"/r301"].MovedTo, err)
	}
	pollOnce(p)
	mu.Lock()
	defer mu.Unlock()
	if hits["/r301"] != 3 {
		t.Errorf("/r301 asked %d times after its new address failed, want 3", hits["/r301"])
	}
}

// TestMoveKeptWhenTheBodyFails: a feed that moved permanently, whose new
// address answered 200 and then sent a body that failed on the way (over
// feeds.max_bytes, or the connection dropped in the middle or before any
// of it came), is still
// where it moved: the move is remembered and stored, and the next poll
// asks the new address, as after a successful poll. A new address that
// answers an error status, or whose whole answer is not a feed (a retired
// feed redirected to the home page), forgets the move: the next poll
// asks the configured address, which may lead elsewhere by then.
func TestMoveKeptWhenTheBodyFails(t *testing.T) {
	target := newFeedServer(t)
	big := target.serveBody("/big.xml", []byte(storiesRSS("big.example", 200)))
	page := target.serveTyped("/home.html", []byte("<!doctype html><html><head><title>Welcome</title></head><body>Welcome</body></html>"), "text/html")
	var dropHits atomic.Int32
	cut := cutInFourth("dropped.example")
	dropped := "http://" + listen(t, func(conn net.Conn) {
		defer conn.Close()
		if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
			return
		}
		dropHits.Add(1)
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s", len(cut)+500, cut)
	}) + "/dropped.xml"
	var emptyHits atomic.Int32
	empty := "http://" + listen(t, func(conn net.Conn) {
		defer conn.Close()
		if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
			return
		}
		emptyHits.Add(1)
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 500\r\n\r\n")
	}) + "/empty.xml"
	var (
		mu   sync.Mutex
		hits = map[string]int{}
	)
	origin := http.NewServeMux()
	moves := map[string]string{"/big": big, "/dropped": dropped, "/empty": empty, "/home": page, "/broken": "/broken.xml"}
	for from, to := range moves {
		origin.HandleFunc(from, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits[from]++
			mu.Unlock()
			http.Redirect(w, r, to, http.StatusMovedPermanently)
		})
	}
	origin.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(origin)
	t.Cleanup(srv.Close)

	f := feedsConfig(src(srv.URL+"/big"), src(srv.URL+"/dropped"), src(srv.URL+"/empty"), src(srv.URL+"/home"), src(srv.URL+"/broken"))
	f.MaxBytes = 4096
	wantMoved := map[string]string{"big": big, "dropped": dropped, "empty": empty}
	st := storetest.Open(t, "")
	p := newPoller(t, st, f)
	for _, poll := range []string{"first", "second"} {
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		health, err := st.FeedHealths(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if r.Status != StatusFailed || r.MovedTo != wantMoved[r.Source.Name] {
				t.Errorf("%s poll of %s: %s (%s), moved to %q, want failed and %q", poll, r.Source.Name, r.Status, r.Reason, r.MovedTo, wantMoved[r.Source.Name])
			}
			if got := health[r.Source.URL].MovedTo; got != wantMoved[r.Source.Name] {
				t.Errorf("after the %s poll, %s is stored as moved to %q, want %q", poll, r.Source.Name, got, wantMoved[r.Source.Name])
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for path, want := range map[string]int{"/big": 1, "/dropped": 1, "/empty": 1, "/home": 2, "/broken": 2} {
		if hits[path] != want {
			t.Errorf("%s asked %d times in two polls, want %d", path, hits[path], want)
		}
	}
	if n := target.hitCount("/big.xml"); n != 2 {
		t.Errorf("the new address of big asked %d times, want 2", n)
	}
	if n := dropHits.Load(); n != 2 {
		t.Errorf("the new address of dropped asked %d times, want 2", n)
	}
	if n := emptyHits.Load(); n != 2 {
		t.Errorf("the new address of empty asked %d times, want 2", n)
	}
}

// TestRedirectToAPageSaysWhere: a publisher that retires a feed often
// redirects its address to the site's home page. "Not a feed: the server
// sent an HTML page" alone left the operator looking at a URL that
// plainly is a feed; the sentence says where the address now leads,
// after a temporary or a permanent redirect. A page at the configured
// address itself says nothing more.
func TestRedirectToAPageSaysWhere(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/home", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><html><head><title>Welcome</title></head><body>Welcome</body></html>")
	})
	mux.HandleFunc("/retired", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/home", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/home", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	results := pollEach(t, feedsConfig(src(srv.URL+"/retired"), src(srv.URL+"/moved"), src(srv.URL+"/home")))
	for name, want := range map[string]string{
		"retired": "not a feed: the server sent an HTML page; the feed's address redirects to " + srv.URL + "/home",
		"moved":   "not a feed: the server sent an HTML page; the feed's address redirects to " + srv.URL + "/home",
		"home":    "not a feed: the server sent an HTML page",
	} {
		if r := results[name]; r.Status != StatusFailed || r.Reason != want {
			t.Errorf("%s: %s %q, want failed %q", name, r.Status, r.Reason, want)
		}
	}
}

// TestBrokenHTTPIsASentence: a server whose answer is not HTTP (another
// protocol on the port, a broken chunked body, two Content-Lengths) is
// told so in words, not with net/http's chain of errors. A chunk-size
// line that never ends was told in net/http's words ("the request failed:
// header line too long"), and a status code HTTP gives no name with a
// space where the name would be ("the server answered HTTP 999 ").
func TestBrokenHTTPIsASentence(t *testing.T) {
	base := rawServer(t, func(conn net.Conn, path string) {
		switch path {
		case "/ssh":
			io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\n")
		case "/bad-chunk":
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n")
		case "/two-lengths":
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")
		case "/chunk-line":
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"+strings.Repeat("7", 70000)+"\r\n")
		case "/status-999":
			fmt.Fprintf(conn, "HTTP/1.1 999 Weird\r\nContent-Length: %d\r\n\r\n%s", len(oneStoryFeed), oneStoryFeed)
		}
	})
	results, err := newPoller(t, storetest.Open(t, ""), feedsConfig(src(base+"/ssh"), src(base+"/bad-chunk"), src(base+"/two-lengths"),
		src(base+"/chunk-line"), src(base+"/status-999"))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ssh":         "the server's answer is not valid HTTP",
		"bad-chunk":   "the server's answer is not valid HTTP while reading the feed",
		"two-lengths": "the server's answer is not valid HTTP",
		"chunk-line":  "the server's answer is not valid HTTP while reading the feed",
		"status-999":  "the server answered HTTP 999",
	}
	for _, r := range results {
		if r.Status != StatusFailed || r.Reason != want[r.Source.Name] {
			t.Errorf("%s: %s %q, want failed %q", r.Source.Name, r.Status, r.Reason, want[r.Source.Name])
		}
	}
}

// TestTLSRefusalIsASentence: a server that ends the TLS handshake with an
// alert (here: it wants a client certificate) is told in words.
func TestTLSRefusalIsASentence(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, oneStoryFeed) }))
	srv.Config.ErrorLog = quietLog()
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	results, err := newPoller(t, storetest.Open(t, ""), feedsConfig(src(srv.URL+"/rss")), func(o *Options) { o.Client = srv.Client() }).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const want = "the server refused the TLS (https) connection: certificate required"
	if r := results[0]; r.Status != StatusFailed || r.Reason != want {
		t.Errorf("%s %q, want failed %q", r.Status, r.Reason, want)
	}
}

// TestMovedToHidesAPassword: where a feed moved is logged and printed, so
// a password in the new address is not.
func TestMovedToHidesAPassword(t *testing.T) {
	target := newFeedServer(t)
	to := strings.Replace(target.serveBody("/feed.xml", []byte(oneStoryFeed)), "http://", "http://reader:s3cret@", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
	}))
	t.Cleanup(srv.Close)
	results, err := newPoller(t, storetest.Open(t, ""), feedsConfig(src(srv.URL+"/rss"))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched || r.MovedTo == "" || strings.Contains(r.MovedTo, "s3cret") {
		t.Errorf("%s (%s), moved to %q", r.Status, r.Reason, r.MovedTo)
	}
}

// TestTLSHandshakeTimeoutIsASentence: net/http gives up on a TLS handshake
// after 10 seconds, sooner than the default feeds.timeout (20 seconds): a
// server that accepts the connection and never answers the handshake is
// told in words. (The test's client gives up sooner.)
func TestTLSHandshakeTimeoutIsASentence(t *testing.T) {
	addr := listen(t, func(conn net.Conn) { io.Copy(io.Discard, conn) }) // reads, never answers
	client := newClient(1)
	client.Transport.(*http.Transport).TLSHandshakeTimeout = 200 * time.Millisecond
	results, err := newPoller(t, storetest.Open(t, ""), feedsConfig(src("https://"+addr+"/rss")), func(o *Options) { o.Client = client }).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const want = "the server did not complete the TLS (https) handshake in time"
	if r := results[0]; r.Status != StatusFailed || r.Reason != want {
		t.Errorf("%s %q, want failed %q", r.Status, r.Reason, want)
	}
}

// TestNotModifiedWithoutValidators: a 304 that repeats neither ETag nor
// Last-Modified (RFC 9110 section 15.4.5 says it should) keeps the
// validators already known, so the next request is still conditional.
func TestNotModifiedWithoutValidators(t *testing.T) {
	var (
		mu    sync.Mutex
		asked []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sun, 01 Nov 2026 00:00:00 GMT")
		io.WriteString(w, oneStoryFeed)
	}))
	t.Cleanup(srv.Close)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/rss")))
	for _, want := range []Status{StatusFetched, StatusNotModified, StatusNotModified} {
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != want {
			t.Errorf("%s (%s), want %s", r.Status, r.Reason, want)
		}
	}
	// And after a restart, from what the database kept.
	if results, err := newPoller(t, st, feedsConfig(src(srv.URL+"/rss"))).PollOnce(context.Background()); err != nil || results[0].Status != StatusNotModified {
		t.Errorf("after a restart: %v %+v", err, results)
	}
	const cond = `"v1"|Sun, 01 Nov 2026 00:00:00 GMT`
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"|", cond, cond, cond}; fmt.Sprint(asked) != fmt.Sprint(want) {
		t.Errorf("requests asked %q, want %q", asked, want)
	}
}

// TestManyCodingsAreRefused: a Content-Encoding header that lists a
// coding many times over ("gzip, gzip, …", tens of thousands of times in
// a header net/http takes up to 10 MiB of) must not make the poller stack
// a decoder per entry: each costs a buffer and a level of recursion, and
// a header of that size would take gigabytes and the stack's limit (curl's
// CVE-2022-32206). Two codings, as a server may apply, are still read.
func TestManyCodingsAreRefused(t *testing.T) {
	many := strings.Repeat("gzip, ", 20000) + "gzip"
	twice := compressed(t, "gzip", compressed(t, "gzip", []byte(oneStoryFeed)))
	mux := http.NewServeMux()
	mux.HandleFunc("/many", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", many)
		w.Write(twice)
	})
	mux.HandleFunc("/twice", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip, gzip")
		w.Write(twice)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	results := pollEach(t, feedsConfig(src(srv.URL+"/many"), src(srv.URL+"/twice")))
	if r := results["twice"]; r.Status != StatusFetched || r.New != 1 {
		t.Errorf("twice: %s, %d new (%s)", r.Status, r.New, r.Reason)
	}
	const want = "the server compressed the feed 20001 times over, which cannot be read"
	if r := results["many"]; r.Status != StatusFailed || r.Reason != want {
		t.Errorf("many: %s %q, want failed %q", r.Status, digest.Shorten(r.Reason, 200), want)
	}

	// What reading through the header costs, without the server.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if r, err := contentDecoder(bytes.NewReader(twice), many); err == nil {
		io.Copy(io.Discard, r)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("reading a body under %d codings allocated %d MiB", 20001, got>>20)
	}
}
