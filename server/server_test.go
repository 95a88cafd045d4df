package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sharednews/sharednews/internal/syncbuf"
)

func TestProbesAndMetricsOverRealListener(t *testing.T) {
	reg := prometheus.NewRegistry()
	hits := prometheus.NewCounter(prometheus.CounterOpts{Name: "sharednews_test_hits_total", Help: "test"})
	reg.MustRegister(hits)
	hits.Add(3)

	s := New("127.0.0.1:0", reg, slog.New(slog.DiscardHandler))
	dbUp := true
	s.AddReadyCheck("database", func(context.Context) error {
		if !dbUp {
			return errors.New("database is locked")
		}
		return nil
	})
	s.AddReadyCheck("disk", func(context.Context) error { return nil })
	if err := s.CountNotReady(reg); err != nil {
		t.Fatal(err)
	}
	base, stop := serve(t, s)

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get("/readyz"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz = %d %q", code, body)
	}
	dbUp = false
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "database: database is locked") {
		t.Errorf("/readyz with the database down = %d %q", code, body)
	}
	get("/readyz")
	code, body := get("/metrics")
	for _, want := range []string{"sharednews_test_hits_total 3", `sharednews_not_ready_total{check="database"} 2`, `sharednews_not_ready_total{check="disk"} 0`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("/metrics = %d, lacks %q:\n%s", code, want, body)
		}
	}
	if code, _ := get("/nope"); code != 404 {
		t.Errorf("/nope = %d", code)
	}
	resp, err := http.Post(base+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d", resp.StatusCode)
	}

	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// serve runs s on a port of its own and returns its address; stop shuts
// it down and returns what Serve did, or an error when it had not
// stopped within five seconds.
func serve(t *testing.T, s *Server) (base string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	return "http://" + ln.Addr().String(), func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(5 * time.Second):
			return errors.New("server did not shut down")
		}
	}
}

func TestRunReportsListenErrors(t *testing.T) {
	s := New("127.0.0.1:99999", prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "listen on 127.0.0.1:99999") {
		t.Fatalf("Run on a bad port: %v", err)
	}
}

// TestListenOnABusyPortSaysWhatToDo: with http.listen taken, run stopped
// with only "listen tcp …: bind: address already in use", which names
// neither the setting nor what to do. It now names both.
func TestListenOnABusyPortSaysWhatToDo(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	s := New(busy.Addr().String(), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	ln, err := s.Listen()
	if err == nil {
		ln.Close()
		t.Fatal("Listen on a busy port succeeded")
	}
	for _, want := range []string{busy.Addr().String() + " (http.listen) is already in use", "set http.listen to a free port"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Listen on a busy port: %v; want %q in it", err, want)
		}
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("Listen on a busy port: %v no longer wraps EADDRINUSE", err)
	}
}

// An address with a doubled slash or a dot segment is answered with a
// redirect to its clean form (net/http's ServeMux does it). Behind a
// reverse proxy that serves the bot under a path (http.public_url
// "https://council.example/news/"), the mux's own "/editions/1" would send
// the reader to https://council.example/editions/1, off the site: the
// redirect is written under the public URL, with the query kept.
func TestUncleanPathsRedirectUnderThePublicURL(t *testing.T) {
	for _, tc := range []struct{ public, path, want string }{
		{"https://council.example/news/", "/editions//1", "https://council.example/news/editions/1"},
		{"https://council.example/news", "//editions/1?page=2", "https://council.example/news/editions/1?page=2"},
		{"https://council.example/news", "/sectors/../editions/", "https://council.example/news/editions/"},
		{"https://news.council.example", "/editions/./1", "https://news.council.example/editions/1"},
		{"", "/editions//1", "/editions/1"}, // no public URL: the mux's own answer
	} {
		s := New("127.0.0.1:0", prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
		s.SetPublicURL(tc.public)
		s.Handle("GET /editions/{n}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "edition") }))
		s.Handle("GET /editions/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "list") }))
		srv := httptest.NewServer(s.Handler())
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		// Raw, so that no client tidies the path first.
		io.WriteString(conn, "GET "+tc.path+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		srv.Close()
		if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != tc.want {
			t.Errorf("public URL %q: GET %s = %d to %q, want a redirect to %q", tc.public, tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.want)
		}
	}
}

// TestWriteJSON: a value is answered as JSON with its type; one that
// cannot be encoded is a 500, and reported unwritten.
func TestWriteJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	if !WriteJSON(rec, map[string]int{"type": 1}) || rec.Body.String() != `{"type":1}` || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("answered %d %q as %q", rec.Code, rec.Body, rec.Header().Get("Content-Type"))
	}
	rec = httptest.NewRecorder()
	if WriteJSON(rec, func() {}) || rec.Code != http.StatusInternalServerError {
		t.Errorf("an unencodable value: %d", rec.Code)
	}
}

// TestReadinessChangesAreLogged: /readyz failing (the database file
// removed under run, the disk full) used to leave nothing in the log: an
// operator whose probe took the bot out of service found no reason there.
// The first failing answer of a check is logged with its reason, once
// however often the probe asks, and so is its recovery.
func TestReadinessChangesAreLogged(t *testing.T) {
	var logged syncbuf.Buffer
	s := New("127.0.0.1:0", prometheus.NewRegistry(), slog.New(slog.NewTextHandler(&logged, nil)))
	up := true
	s.AddReadyCheck("database", func(context.Context) error {
		if !up {
			return errors.New("the database file was removed")
		}
		return nil
	})
	probe := func() {
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	}
	probe()
	up = false
	probe()
	probe()
	up = true
	probe()
	probe()
	got := logged.String()
	if n := strings.Count(got, `msg="not ready"`); n != 1 || !strings.Contains(got, `check=database`) ||
		!strings.Contains(got, `reason="the database file was removed"`) {
		t.Errorf("log %q: want one \"not ready\" line naming the check and its reason (%d)", got, n)
	}
	if n := strings.Count(got, `msg="ready again"`); n != 1 {
		t.Errorf("log %q: want one \"ready again\" line (%d)", got, n)
	}
}
