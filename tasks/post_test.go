package tasks

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestPostJSON: what PostJSON sends, and which failures it says may go
// through if tried again (a post that never left, a 5xx, a 429 after its
// wait), never naming the URL, which may be a credential.
func TestPostJSON(t *testing.T) {
	const secret = "/hooks/T1/secret-token"
	var status atomic.Int32
	var got atomic.Value // the last request, "method type body"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got.Store(r.Method + " " + r.URL.Path + " " + r.Header.Get("Content-Type") + " " + string(body))
		if status.Load() == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "2")
		}
		w.WriteHeader(int(status.Load()))
	}))
	defer srv.Close()
	ctx := t.Context()
	msg := map[string]string{"text": "hello"}

	for _, c := range []struct {
		status int
		again  bool
		fails  bool
	}{
		{http.StatusOK, false, false},
		{http.StatusInternalServerError, true, true},
		{http.StatusBadGateway, true, true},
		{http.StatusNotFound, false, true},
		{http.StatusForbidden, false, true},
		{http.StatusTooManyRequests, true, true},
	} {
		status.Store(int32(c.status))
		again, err := PostJSON(ctx, srv.Client(), srv.URL+secret, msg)
		if again != c.again || (err != nil) != c.fails {
			t.Errorf("HTTP %d: again %v, err %v; want again %v, failing %v", c.status, again, err, c.again, c.fails)
		}
		if err != nil && strings.Contains(err.Error(), "secret-token") {
			t.Errorf("HTTP %d: the error names the URL: %v", c.status, err)
		}
		if want := `POST ` + secret + ` application/json; charset=utf-8 {"text":"hello"}`; got.Load() != want {
			t.Errorf("HTTP %d: sent %q, want %q", c.status, got.Load(), want)
		}
		var after *After
		if c.status == http.StatusTooManyRequests && (!errors.As(err, &after) || after.Wait != 2*time.Second) {
			t.Errorf("HTTP 429: err %v, want a wait of the Retry-After's 2s", err)
		}
	}

	// A URL that is not http(s) is refused without a request.
	got.Store("")
	for _, u := range []string{"ftp://example.org" + secret, "example.org" + secret, "://"} {
		again, err := PostJSON(ctx, srv.Client(), u, msg)
		if again || err == nil || err.Error() != "not an http(s) URL" {
			t.Errorf("PostJSON(%q): again %v, err %v", u, again, err)
		}
	}
	if got.Load() != "" {
		t.Errorf("a request was made for a URL that is not http(s): %q", got.Load())
	}

	// A post that never left (nothing listening) may go again, and its
	// error does not name the URL either.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	again, err := PostJSON(ctx, http.DefaultClient, closed.URL+secret, msg)
	if !again || err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("connection refused: again %v, err %v", again, err)
	}
}
