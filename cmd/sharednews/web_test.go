package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// startRun runs `sharednews run` with extra configuration on a free
// loopback port and returns its base URL; the run stops when the test ends.
func startRun(t *testing.T, extra func(addr string) string) string {
	t.Helper()
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, extra(addr))
	runInBackground(t, cfg, addr)
	return "http://" + addr
}

// runInBackground runs `sharednews run` with the configuration file cfg,
// whose HTTP server listens on addr, and returns once it answers /healthz.
// stop ends the run and returns what run returned; the run is stopped
// (and its error reported) when the test ends if it was not before.
func runInBackground(t *testing.T, cfg, addr string) (stderr *lockedBuffer, stop func() error) {
	t.Helper()
	return runInBackgroundWith(t, cfg, addr, func(string) string { return "" })
}

// runInBackgroundWith is runInBackground with getenv as the environment.
func runInBackgroundWith(t *testing.T, cfg, addr string, getenv func(string) string) (stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	stderr = new(lockedBuffer)
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run"}, env{stdin: strings.NewReader(""), stdout: io.Discard,
			stderr: stderr, getenv: getenv})
	}()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					runErr = fmt.Errorf("run returned %w", err)
				}
			case <-time.After(15 * time.Second):
				runErr = errors.New("run did not stop")
			}
		})
		return runErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	for i := 0; i < 100; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return stderr, stop
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run never answered:\n%s", stderr.String())
	return nil, nil
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
	// A doubled slash is redirected to the clean address under the
	// public URL, not under the listener's root.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/editions//1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || loc != "https://news.council.example/editions/1" {
		t.Errorf("/editions//1 = %d to %q, want a redirect to https://news.council.example/editions/1", resp.StatusCode, loc)
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
