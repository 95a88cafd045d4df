package feeds

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// testdataDir holds the real-world feeds shared by the whole project.
const testdataDir = "../../shared/testdata/feeds"

// feedsConfig is a valid feeds configuration for tests.
func feedsConfig(sources ...config.FeedSource) config.Feeds {
	f := config.Default().Feeds
	f.Timeout.Duration = 5 * time.Second
	f.Concurrency = 4
	f.Sources = sources
	return f
}

// testSectors are the default sectors.
func testSectors() digest.Sectors { return digest.Sectors(config.Default().DigestSectors()) }

func newPoller(t *testing.T, st *store.Store, f config.Feeds, change ...func(*Options)) *Poller {
	t.Helper()
	opts := Options{Feeds: f, Sectors: testSectors(), Store: st}
	for _, c := range change {
		c(&opts)
	}
	p, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// feedServer is an honest feed server: it serves files (or bodies set by
// the test, which may set another body at the same path between polls, as
// a publisher's CMS rewrites its feed) with an ETag of the body and a
// Last-Modified, and answers conditional requests with 304, as
// http.ServeContent does. It counts requests, and answers in full, by
// path.
type feedServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies map[string][]byte
	types  map[string]string // Content-Type by path, when set by the test
	hits   map[string]int
	full   map[string]int // answers 200 with the body
	agents map[string]bool
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	fs := &feedServer{bodies: map[string][]byte{}, types: map[string]string{}, hits: map[string]int{}, full: map[string]int{},
		agents: map[string]bool{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

// serveFile serves a file of the shared test data at /name.
func (fs *feedServer) serveFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdataDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return fs.serveBody("/"+name, b)
}

// serveBody serves body at path and returns its URL.
func (fs *feedServer) serveBody(path string, body []byte) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.bodies[path] = body
	return fs.URL + path
}

// serveTyped serves body at path with a Content-Type header ("" for none)
// and returns its URL.
func (fs *feedServer) serveTyped(path string, body []byte, contentType string) string {
	fs.mu.Lock()
	fs.types[path] = contentType
	fs.mu.Unlock()
	return fs.serveBody(path, body)
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	body, ok := fs.bodies[r.URL.Path]
	contentType, typed := fs.types[r.URL.Path]
	fs.hits[r.URL.Path]++
	fs.agents[r.UserAgent()] = true
	fs.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case typed:
		w.Header()["Content-Type"] = nil // none unless the test gave one, and no sniffing
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
	case strings.HasSuffix(r.URL.Path, ".json"):
		w.Header().Set("Content-Type", "application/feed+json")
	case strings.HasSuffix(r.URL.Path, ".html"):
		w.Header().Set("Content-Type", "text/html")
	default:
		w.Header().Set("Content-Type", "application/xml")
	}
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(body)))
	rec := &statusWriter{ResponseWriter: w}
	http.ServeContent(rec, r, "", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), bytes.NewReader(body))
	if rec.status == http.StatusOK {
		fs.mu.Lock()
		fs.full[r.URL.Path]++
		fs.mu.Unlock()
	}
}

// redirectFrom makes fs answer a request for from with a redirect of
// code to to (a path), and serve the paths under folder, to's among them,
// as before. Set it up before the server is asked.
func (fs *feedServer) redirectFrom(from, folder, to string, code int) {
	mux := http.NewServeMux()
	mux.Handle(folder, fs.Config.Handler)
	mux.HandleFunc(from, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, code)
	})
	fs.Config.Handler = mux
}

func (fs *feedServer) hitCount(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.hits[path]
}

// fullCount is how many times path was answered in full, not with 304.
func (fs *feedServer) fullCount(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.full[path]
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// source is a feed source named after its URL's last part.
func src(url string) config.FeedSource {
	return config.FeedSource{URL: url, Name: url[strings.LastIndexByte(url, '/')+1:], Include: []string{}, Exclude: []string{}}
}

// allStories returns every queued story (tests without filters queue all).
func allStories(t *testing.T, st *store.Store) []digest.Story {
	t.Helper()
	stories, err := st.QueuedStories(context.Background(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	return stories
}

// rawServer accepts connections on loopback, reads each one's request and
// lets answer write to the connection whatever it likes (another
// protocol, broken HTTP, nothing), then closes it. It returns the base URL.
func rawServer(t testing.TB, answer func(conn net.Conn, path string)) string {
	t.Helper()
	return "http://" + listen(t, func(conn net.Conn) {
		defer conn.Close()
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err != nil {
			return
		}
		answer(conn, req.URL.Path)
	})
}

// listen accepts connections on loopback and hands each to serve in a
// goroutine of its own, until the test ends. It returns host:port.
func listen(t testing.TB, serve func(conn net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(conn)
		}
	}()
	return ln.Addr().String()
}

// handedCorrections collects the stories a poller hands to OnCorrected,
// which it calls from the goroutine that polls.
type handedCorrections struct {
	mu      sync.Mutex
	stories []digest.Story
}

// onCorrected is the poller's Options change that hands its corrections
// to h.
func (h *handedCorrections) onCorrected(o *Options) {
	o.OnCorrected = func(_ context.Context, c []digest.Story) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.stories = append(h.stories, c...)
	}
}

// handed is what was handed to OnCorrected so far, in order.
func (h *handedCorrections) handed() []digest.Story {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.stories)
}

// rssEntry is an item of a feed rssEntries writes; an empty guid is none.
type rssEntry struct{ title, link, guid string }

// rssEntries is an RSS 2.0 feed (rssOf) of entries, each published on one day.
func rssEntries(entries ...rssEntry) []byte {
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(`<item><title>` + e.title + `</title><link>` + e.link + `</link>`)
		if e.guid != "" {
			b.WriteString(`<guid isPermaLink="false">` + e.guid + `</guid>`)
		}
		b.WriteString(`<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item>`)
	}
	return rssOf(b.String())
}
