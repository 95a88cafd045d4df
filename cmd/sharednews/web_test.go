package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startRun runs `sharednews run` with extra configuration on a free
// loopback port and returns its base URL; the run stops when the test ends.
func startRun(t *testing.T, extra func(addr string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, _ := writeConfig(t, extra(addr))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: io.Discard,
			stderr: &stderr, getenv: func(string) string { return "" }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
	})
	base := "http://" + addr
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return base
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run never answered:\n%s", stderr.String())
	return ""
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestRunServesTheWebArchiveAtItsPublicURL(t *testing.T) {
	base := startRun(t, func(addr string) string {
		return "[http]\nlisten = " + quote(addr) + "\npublic_url = \"https://news.council.example/\"\n"
	})
	code, body := fetch(t, base+"/")
	if code != 200 || !strings.Contains(body, "No edition has been published yet.") ||
		!strings.Contains(body, `href="https://news.council.example/feed.atom"`) {
		t.Errorf("/ = %d\n%s", code, body)
	}
	if code, body := fetch(t, base+"/feed.atom"); code != 200 || !strings.Contains(body, `<feed xmlns="http://www.w3.org/2005/Atom">`) {
		t.Errorf("/feed.atom = %d\n%s", code, body)
	}
	if code, _ := fetch(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d", code)
	}
}

func TestRunWithoutTheWebArchiveKeepsProbes(t *testing.T) {
	base := startRun(t, func(addr string) string {
		return "[http]\nlisten = " + quote(addr) + "\n[web]\nenabled = false\n"
	})
	for _, p := range []string{"/", "/editions", "/feed.atom", "/search?q=x"} {
		if code, body := fetch(t, base+p); code != 404 || strings.Contains(body, "<html") {
			t.Errorf("%s with the web off = %d\n%s", p, code, body)
		}
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := fetch(t, base+p); code != 200 {
			t.Errorf("%s with the web off = %d", p, code)
		}
	}
}
