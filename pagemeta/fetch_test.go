package pagemeta

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testServer is an httptest server that counts the TCP connections it
// accepted and the requests it served, so tests can prove a refused fetch
// never reached it.
type testServer struct {
	*httptest.Server
	conns    atomic.Int64
	requests atomic.Int64
}

// newTestServer starts h on a loopback listener of the given network
// ("tcp4" or "tcp6"), closed when the test ends.
func newTestServer(t *testing.T, network string, h http.HandlerFunc) *testServer {
	t.Helper()
	addr := "127.0.0.1:0"
	if network == "tcp6" {
		addr = "[::1]:0"
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	ts := &testServer{}
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<title>Test page</title>`)
		}
	}
	ts.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.requests.Add(1)
		h(w, r)
	}))
	ts.Listener.Close()
	ts.Listener = ln
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			ts.conns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) addrPort() netip.AddrPort {
	return netip.MustParseAddrPort(ts.Listener.Addr().String())
}

func (ts *testServer) port() string {
	return strconv.Itoa(int(ts.addrPort().Port()))
}

// assertUntouched proves no connection reached ts: it connects once itself
// and waits for the server to count it. Connections are accepted in the
// order they were made, so any earlier one would have been counted first.
func (ts *testServer) assertUntouched(t *testing.T) {
	t.Helper()
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatalf("probe connection: %v", err)
	}
	defer c.Close()
	deadline := time.Now().Add(2 * time.Second)
	for ts.conns.Load() < 1 {
		if time.Now().After(deadline) {
			t.Fatal("probe connection was never accepted")
		}
		time.Sleep(time.Millisecond)
	}
	if n := ts.conns.Load(); n != 1 {
		t.Errorf("server accepted %d connections before the probe, want 0", n-1)
	}
	if n := ts.requests.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// newFetcher returns a Fetcher that may reach exactly the given servers
// and applies the normal address rules to everything else.
func newFetcher(opts Options, allowed ...*testServer) *Fetcher {
	f := New(opts)
	ok := make(map[netip.AddrPort]bool)
	for _, s := range allowed {
		ok[s.addrPort()] = true
	}
	f.allowAddr = func(ap netip.AddrPort) bool {
		return ok[netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())]
	}
	return f
}

// fetchError asserts err is a *FetchError wrapping want and returns it.
func fetchError(t *testing.T, err error, want error) *FetchError {
	t.Helper()
	if err == nil {
		t.Fatalf("Fetch succeeded, want %v", want)
	}
	var fe *FetchError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T (%v) is not a *FetchError", err, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Fatalf("error %v does not wrap %v", err, want)
	}
	if fe.Reason == "" {
		t.Errorf("empty Reason in %v", err)
	}
	return fe
}

func TestFetchPages(t *testing.T) {
	t.Parallel()
	pages := map[string]struct {
		contentType string
		body        string
	}{
		"/og": {"text/html; charset=utf-8", `<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Title tag</title>
<meta property="og:title" content="Councils merge IT teams">
<meta property="og:description" content="Two district councils will share one IT service.">
<meta property="og:site_name" content="Public Sector News">
<link rel="canonical" href="/news/it-merge">
</head><body><p>Story</p></body></html>`},
		"/plain":   {"text/html", `<html><head><title>Plain page</title><meta name="description" content="Plain description"></head><body></body></html>`},
		"/latin1":  {"text/html; charset=ISO-8859-1", "<html><head><title>Caf\xe9 society \xa3 5</title></head></html>"},
		"/cp1252":  {"text/html", "<html><head><meta charset=\"windows-1252\"><title>\x93Smart\x94 quotes \x80</title></head></html>"},
		"/liar":    {"text/html; charset=utf-8", "<html><head><title>Cr\xe8me br\xfbl\xe9e</title></head></html>"},
		"/notitle": {"text/html", `<html><body>No title here</body></html>`},
	}
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "test-agent/1" {
			http.Error(w, "bad user agent "+ua, http.StatusBadRequest)
			return
		}
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.contentType)
		fmt.Fprint(w, p.body)
	})
	f := newFetcher(Options{Timeout: 2 * time.Second, UserAgent: "test-agent/1"}, ts)
	base := ts.URL

	tests := []struct {
		path string
		want Meta
	}{
		{"/og", Meta{
			Title:       "Councils merge IT teams",
			Description: "Two district councils will share one IT service.",
			SiteName:    "Public Sector News",
			Canonical:   base + "/news/it-merge",
		}},
		{"/plain", Meta{Title: "Plain page", Description: "Plain description"}},
		{"/latin1", Meta{Title: "Café society £ 5"}},
		{"/cp1252", Meta{Title: "“Smart” quotes €"}},
		{"/liar", Meta{Title: "Crème brûlée"}},
		{"/notitle", Meta{}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got, err := f.Fetch(context.Background(), base+tc.path)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if got != tc.want {
				t.Errorf("Fetch =\n %#v\nwant\n %#v", got, tc.want)
			}
		})
	}
}

func TestFetchStatusAndType(t *testing.T) {
	t.Parallel()
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/png":
			w.Header().Set("Content-Type", "image/png")
			fmt.Fprint(w, png)
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4\n")
		case "/sniffed-png":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, png)
		case "/teapot":
			w.WriteHeader(http.StatusTeapot)
		case "/weird":
			w.WriteHeader(599)
		default:
			http.NotFound(w, r)
		}
	})
	f := newFetcher(Options{Timeout: 2 * time.Second}, ts)
	tests := []struct {
		path   string
		err    error
		reason string
	}{
		{"/png", ErrNotHTML, "the link is to an image, not a web page"},
		{"/pdf", ErrNotHTML, "the link is to a PDF document, not a web page"},
		{"/sniffed-png", ErrNotHTML, "the link is to an image, not a web page"},
		{"/missing", ErrStatus, "the site answered 404 Not Found"},
		{"/teapot", ErrStatus, "the site answered 418 I'm a teapot"},
		{"/weird", ErrStatus, "the site answered with status 599"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), ts.URL+tc.path)
			fe := fetchError(t, err, tc.err)
			if fe.Reason != tc.reason {
				t.Errorf("Reason = %q, want %q", fe.Reason, tc.reason)
			}
			if fe.URL != ts.URL+tc.path {
				t.Errorf("URL = %q, want %q", fe.URL, ts.URL+tc.path)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><head><title>Half")
			w.(http.Flusher).Flush()
		}
		// Bounded wait: the client going away, or the test ending.
		select {
		case <-r.Context().Done():
		case <-release:
		case <-time.After(5 * time.Second):
		}
	})
	f := newFetcher(Options{Timeout: 200 * time.Millisecond}, ts)
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		t.Run(path, func(t *testing.T) {
			start := time.Now()
			_, err := f.Fetch(context.Background(), ts.URL+path)
			elapsed := time.Since(start)
			fe := fetchError(t, err, ErrTimeout)
			if want := "the site took longer than 200ms to answer"; fe.Reason != want {
				t.Errorf("Reason = %q, want %q", fe.Reason, want)
			}
			if elapsed < 200*time.Millisecond || elapsed > 2*time.Second {
				t.Errorf("Fetch returned after %v, want about 200ms", elapsed)
			}
		})
	}

	t.Run("caller cancels", func(t *testing.T) {
		f := newFetcher(Options{Timeout: 5 * time.Second}, ts)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := f.Fetch(ctx, ts.URL+"/slow-headers")
		fe := fetchError(t, err, context.DeadlineExceeded)
		if want := "the site took too long to answer"; fe.Reason != want {
			t.Errorf("Reason = %q, want %q", fe.Reason, want)
		}
	})
}

// streamForever writes prefix and then filler until the client goes away,
// recording how much it wrote.
func streamForever(prefix string, written *atomic.Int64, done chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/html")
		chunk := []byte(strings.Repeat("all work and no play ", 1600))
		n, _ := w.Write([]byte(prefix))
		written.Add(int64(n))
		for r.Context().Err() == nil {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}
}

func TestFetchEndlessBody(t *testing.T) {
	t.Parallel()
	const maxBytes = 256 << 10
	tests := []struct {
		name    string
		prefix  string
		wantErr bool
		want    string
	}{
		// The head never ends: what was read may be missing the title.
		{"head never ends", "<html><head><title>Endless</title><script>", true, ""},
		// The head ended early: the page's metadata is complete.
		{"endless body after the head", "<html><head><title>Endless</title></head><body>", false, "Endless"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var written atomic.Int64
			done := make(chan struct{})
			ts := newTestServer(t, "tcp4", streamForever(tc.prefix, &written, done))
			f := newFetcher(Options{Timeout: 5 * time.Second, MaxBytes: maxBytes}, ts)

			start := time.Now()
			m, err := f.Fetch(context.Background(), ts.URL)
			if tc.wantErr {
				fe := fetchError(t, err, ErrTooLarge)
				if want := "the page is larger than 256 KiB"; fe.Reason != want {
					t.Errorf("Reason = %q, want %q", fe.Reason, want)
				}
			} else if err != nil || m.Title != tc.want {
				t.Errorf("Fetch = %+v, %v; want title %q", m, err, tc.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Fetch took %v", d)
			}
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				t.Fatal("server still streaming 2s after Fetch returned: connection not closed")
			}
			t.Logf("server wrote %d bytes before the client went away", written.Load())
		})
	}
}

// TestFetchBodyCutShort: a server that promises more than it sends, and
// closes the connection, loses the page only if its head was not complete.
func TestFetchBodyCutShort(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		body := `<html><head><title>Cut short</title><meta property="og:description" content="D"></head><body><p>The st`
		if r.URL.Path == "/in-head" {
			body = `<html><head><title>Cut short</title><meta property="og:descr`
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n%s", body)
		buf.Flush()
	})
	f := newFetcher(Options{Timeout: 2 * time.Second}, ts)
	m, err := f.Fetch(context.Background(), ts.URL+"/in-body")
	if err != nil || m.Title != "Cut short" || m.Description != "D" {
		t.Errorf("cut in the body: Fetch = %+v, %v; want its title and description", m, err)
	}
	_, err = f.Fetch(context.Background(), ts.URL+"/in-head")
	fe := fetchError(t, err, io.ErrUnexpectedEOF)
	if want := "the page could not be fetched"; fe.Reason != want {
		t.Errorf("cut in the head: Reason = %q, want %q", fe.Reason, want)
	}
}

func TestFetchLargePageWithShortHead(t *testing.T) {
	t.Parallel()
	body := "<html><head><title>Big page</title></head><body>" + strings.Repeat("<p>paragraph</p>", 200_000) + "</body></html>"
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	})
	f := newFetcher(Options{Timeout: 30 * time.Second}, ts)
	if len(body) <= DefaultMaxBytes {
		t.Fatalf("test body is only %d bytes", len(body))
	}
	m, err := f.Fetch(context.Background(), ts.URL)
	if err != nil || m.Title != "Big page" {
		t.Errorf("Fetch = %+v, %v; want title %q", m, err, "Big page")
	}
}

func TestFetchRedirects(t *testing.T) {
	t.Parallel()
	private := newTestServer(t, "tcp4", nil) // never allowed
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hops/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hops/"))
			if n == 0 {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, "<title>Arrived</title>")
				return
			}
			http.Redirect(w, r, "/hops/"+strconv.Itoa(n-1), http.StatusFound)
		case r.URL.Path == "/to":
			w.Header().Set("Location", r.URL.Query().Get("u"))
			w.WriteHeader(http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	})
	f := newFetcher(Options{Timeout: 2 * time.Second}, ts)
	ctx := context.Background()

	t.Run("five redirects are followed", func(t *testing.T) {
		m, err := f.Fetch(ctx, ts.URL+"/hops/5")
		if err != nil || m.Title != "Arrived" {
			t.Errorf("Fetch = %+v, %v", m, err)
		}
	})
	t.Run("six are refused", func(t *testing.T) {
		_, err := f.Fetch(ctx, ts.URL+"/hops/6")
		fe := fetchError(t, err, ErrTooManyRedirects)
		if want := "too many redirects (more than 5)"; fe.Reason != want {
			t.Errorf("Reason = %q, want %q", fe.Reason, want)
		}
	})
	t.Run("no redirects when negative", func(t *testing.T) {
		f := newFetcher(Options{Timeout: 2 * time.Second, MaxRedirects: -1}, ts)
		_, err := f.Fetch(ctx, ts.URL+"/hops/1")
		fetchError(t, err, ErrTooManyRedirects)
	})

	schemes := []string{"file:///etc/passwd", "ftp://ftp.example.com/pub/", "gopher://127.0.0.1:70/", "javascript:alert(1)"}
	for _, target := range schemes {
		t.Run("redirect to "+target, func(t *testing.T) {
			_, err := f.Fetch(ctx, ts.URL+"/to?u="+target)
			fe := fetchError(t, err, ErrScheme)
			if want := "the link redirects to a link that is not http or https, which the bot does not fetch"; fe.Reason != want {
				t.Errorf("Reason = %q, want %q", fe.Reason, want)
			}
		})
	}

	blocked := []string{
		private.URL + "/",
		"http://localhost:" + private.port() + "/",
		"http://[::ffff:127.0.0.1]:" + private.port() + "/",
		"http://10.0.0.1/",
		"http://169.254.169.254/latest/meta-data/",
	}
	for _, target := range blocked {
		t.Run("redirect to "+target, func(t *testing.T) {
			start := time.Now()
			_, err := f.Fetch(ctx, ts.URL+"/to?u="+target)
			fe := fetchError(t, err, ErrBlockedAddress)
			if !strings.HasPrefix(fe.Reason, "the link redirects to an address that ") || !strings.HasSuffix(fe.Reason, "which the bot does not fetch") {
				t.Errorf("Reason = %q", fe.Reason)
			}
			if fe.URL != target {
				t.Errorf("URL = %q, want the redirect target %q", fe.URL, target)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("refusal took %v", d)
			}
		})
	}
	private.assertUntouched(t)
}

func TestFetchRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	v4 := newTestServer(t, "tcp4", nil)
	v6 := newTestServer(t, "tcp6", nil)
	f := New(Options{Timeout: 2 * time.Second}) // no allowAddr: the real rules

	tests := []struct {
		url    string
		reason string
	}{
		{"http://127.0.0.1:" + v4.port() + "/", "that address points back at the bot's own machine (127.0.0.1), which the bot does not fetch"},
		{"http://localhost:" + v4.port() + "/", "that address points back at the bot's own machine (127.0.0.1), which the bot does not fetch"},
		{"http://[::ffff:127.0.0.1]:" + v4.port() + "/", "that address points back at the bot's own machine (127.0.0.1), which the bot does not fetch"},
		// Linux connects 0.0.0.0 and :: to the local host.
		{"http://0.0.0.0:" + v4.port() + "/", "that address is not a real destination (0.0.0.0), which the bot does not fetch"},
		{"http://[::1]:" + v6.port() + "/", "that address points back at the bot's own machine (::1), which the bot does not fetch"},
		{"http://[::]:" + v6.port() + "/", "that address is not a real destination (::), which the bot does not fetch"},
		{"https://127.0.0.1:" + v4.port() + "/", "that address points back at the bot's own machine (127.0.0.1), which the bot does not fetch"},
		{"http://127.9.9.9:" + v4.port() + "/", "that address points back at the bot's own machine (127.9.9.9), which the bot does not fetch"},
		{"http://169.254.169.254/", "that address is a link-local address (169.254.169.254), which the bot does not fetch"},
		{"http://10.0.0.1/", "that address is inside a private network (10.0.0.1), which the bot does not fetch"},
		{"http://192.168.1.1:8080/", "that address is inside a private network (192.168.1.1), which the bot does not fetch"},
		{"http://100.64.0.1/", "that address is inside a private network (100.64.0.1), which the bot does not fetch"},
		{"http://[fd00::1]/", "that address is inside a private network (fd00::1), which the bot does not fetch"},
		{"http://[fe80::1]/", "that address is a link-local address (fe80::1), which the bot does not fetch"},
		{"http://224.0.0.1/", "that address is a multicast address (224.0.0.1), which the bot does not fetch"},
		{"http://255.255.255.255/", "that address is reserved for special use (255.255.255.255), which the bot does not fetch"},
		{"http://198.18.0.1/", "that address is reserved for special use (198.18.0.1), which the bot does not fetch"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			start := time.Now()
			_, err := f.Fetch(context.Background(), tc.url)
			fe := fetchError(t, err, ErrBlockedAddress)
			if fe.Reason != tc.reason {
				t.Errorf("Reason = %q, want %q", fe.Reason, tc.reason)
			}
			// Refused in the dialer's Control hook, which runs before
			// connect(2): the error must be ours, not a network error
			// from an attempt.
			var blocked *blockedAddrError
			if !errors.As(err, &blocked) {
				t.Errorf("error %v does not come from the dial-time check", err)
			}
			var opErr *net.OpError
			if !errors.As(err, &opErr) || opErr.Op != "dial" {
				t.Errorf("error %v is not a refused dial", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("refusal took %v", d)
			}
		})
	}
	v4.assertUntouched(t)
	v6.assertUntouched(t)
}

func TestFetchBlockedWithPassword(t *testing.T) {
	// The client hides the password in its error; the link still counts
	// as not redirected.
	_, err := New(Options{Timeout: time.Second}).Fetch(context.Background(), "http://user:secret@10.0.0.1/")
	fe := fetchError(t, err, ErrBlockedAddress)
	if want := "that address is inside a private network (10.0.0.1), which the bot does not fetch"; fe.Reason != want {
		t.Errorf("Reason = %q, want %q", fe.Reason, want)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestFetchBadURLs(t *testing.T) {
	f := New(Options{Timeout: time.Second})
	tests := []struct {
		url    string
		err    error
		reason string
	}{
		{"file:///etc/passwd", ErrScheme, "only http and https links can be fetched"},
		{"ftp://ftp.example.com/", ErrScheme, "only http and https links can be fetched"},
		{"example.com/page", ErrScheme, "only http and https links can be fetched"},
		{"http://", ErrBadURL, "that link has no host name"},
		{"http://%zz/", ErrBadURL, "that is not a valid web address"},
	}
	for _, tc := range tests {
		_, err := f.Fetch(context.Background(), tc.url)
		fe := fetchError(t, err, tc.err)
		if fe.Reason != tc.reason {
			t.Errorf("Fetch(%q) Reason = %q, want %q", tc.url, fe.Reason, tc.reason)
		}
	}
}

func TestFetchHTTPS(t *testing.T) {
	t.Parallel()
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<title>Secure</title>")
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	ts.StartTLS()
	t.Cleanup(ts.Close)
	allowed := netip.MustParseAddrPort(ts.Listener.Addr().String())
	// A generous timeout: on a loaded machine a refused handshake can take
	// seconds, and a timeout would hide the reason under test.
	fetcher := func() *Fetcher {
		f := New(Options{Timeout: 20 * time.Second})
		f.allowAddr = func(ap netip.AddrPort) bool { return ap == allowed }
		return f
	}

	// The test certificate is not trusted by default.
	_, err := fetcher().Fetch(context.Background(), ts.URL)
	fe := fetchError(t, err, nil)
	if want := "the site's security certificate is not valid"; fe.Reason != want {
		t.Errorf("Reason = %q, want %q", fe.Reason, want)
	}

	// A second fetcher trusts it: its transport is set up before its first
	// use (a transport's TLS config must not change while it dials).
	f := fetcher()
	f.client.Transport.(*http.Transport).TLSClientConfig.RootCAs = ts.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	m, err := f.Fetch(context.Background(), ts.URL)
	if err != nil || m.Title != "Secure" {
		t.Errorf("Fetch = %+v, %v", m, err)
	}
}

func TestFetchAllowPrivateHosts(t *testing.T) {
	ts := newTestServer(t, "tcp4", nil)
	f := New(Options{Timeout: 2 * time.Second, AllowPrivateHosts: true})
	m, err := f.Fetch(context.Background(), ts.URL)
	if err != nil || m.Title != "Test page" {
		t.Errorf("Fetch = %+v, %v", m, err)
	}
}

func TestFetchNeverUsesProxy(t *testing.T) {
	tr := New(Options{}).client.Transport.(*http.Transport)
	if tr.Proxy != nil {
		t.Error("transport has a Proxy function; it must dial the target itself")
	}
}

func TestFetchErrorMessage(t *testing.T) {
	_, err := New(Options{}).Fetch(context.Background(), "http://10.0.0.1/x")
	msg := err.Error()
	for _, want := range []string{"pagemeta:", "http://10.0.0.1/x", "private network", "10.0.0.1:80"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Error() = %q, missing %q", msg, want)
		}
	}
}

// TestFetchNumericHosts: hosts that end in a number are the IPv4 address
// browsers and getaddrinfo read them as, typed or in a redirect, and are
// judged as that address instead of being asked of DNS.
func TestFetchNumericHosts(t *testing.T) {
	t.Parallel()
	private := newTestServer(t, "tcp4", nil) // never allowed
	p := private.port()
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.Query().Get("u"))
		w.WriteHeader(http.StatusFound)
	})
	f := newFetcher(Options{Timeout: 2 * time.Second}, ts)
	loopback := "points back at the bot's own machine (127.0.0.1), which the bot does not fetch"
	for _, host := range []string{"2130706433", "0x7f.1", "017700000001", "0x7F000001", "127.1", "0177.0.0.1", "127.0.0.1."} {
		target := "http://" + host + ":" + p + "/"
		for link, want := range map[string]string{
			target:                   "that address " + loopback,
			ts.URL + "/?u=" + target: "the link redirects to an address that " + loopback,
		} {
			_, err := f.Fetch(context.Background(), link)
			fe := fetchError(t, err, ErrBlockedAddress)
			if fe.Reason != want {
				t.Errorf("Fetch(%s) Reason = %q, want %q", link, fe.Reason, want)
			}
		}
	}
	for _, target := range []string{"http://example.123/", "http://1.2.3.256/", "http://4294967296/"} {
		for link, want := range map[string]string{
			target:                   "that link's host name is not valid",
			ts.URL + "/?u=" + target: "the link redirects to a host name that is not valid",
		} {
			_, err := f.Fetch(context.Background(), link)
			fe := fetchError(t, err, ErrBadURL)
			if fe.Reason != want {
				t.Errorf("Fetch(%s) Reason = %q, want %q", link, fe.Reason, want)
			}
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) {
				t.Errorf("Fetch(%s) asked DNS: %v", link, err)
			}
		}
	}
	private.assertUntouched(t)
}
