package discord

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/syncbuf"
)

// failFirstEdits answers the first n edits of an interaction's original
// response with a 503, as a Discord in trouble does, and counts them.
type failFirstEdits struct {
	n      int32
	failed *atomic.Int32
}

func (p failFirstEdits) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPatch || !strings.HasSuffix(r.URL.Path, "/messages/@original") || p.failed.Add(1) > p.n {
		return http.DefaultTransport.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("upstream connect error")), Request: r}, nil
}

// TestDeferredAnswerIsSentAgainAfterAServerError: the answer to a command
// that took long enough to be acknowledged first, whose edit of the
// acknowledgement Discord answered with a 5xx, was dropped: the member
// was left with "thinking…" though the command was done. The edit (the
// same on every try) is now sent again after a moment, and the member
// gets the answer.
func TestDeferredAnswerIsSentAgainAfterAServerError(t *testing.T) {
	failed := &atomic.Int32{}
	f := newFixture(t, func(_ *config.Config, o *Options) {
		o.DeferAfter = 50 * time.Millisecond
		o.Transport = failFirstEdits{n: 2, failed: failed}
	})
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(site.Close)
	r := f.interact(f.slash(member, "submit", str("url", site.URL+"/nwes/1")))
	edit := f.deferredAnswer(t, r)
	if want := "I couldn't find that page"; !strings.Contains(string(edit.Body), want) {
		t.Errorf("edit of the original response: %s %s\nwant %q", edit.Path, edit.Body, want)
	}
	if n := failed.Load(); n != 3 {
		t.Errorf("%d edits sent, want the two failed and one more", n)
	}
}

// dropFirstEdit fails the first edit of an interaction's original
// response as a dropped connection does, before any answer, and passes
// the rest through.
type dropFirstEdit struct{ dropped *atomic.Bool }

func (p dropFirstEdit) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/messages/@original") && p.dropped.CompareAndSwap(false, true) {
		return nil, syscall.ECONNRESET
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestDeferredAnswerTriedAgainLogsNoToken: an edit of the acknowledgement
// that failed on its connection is logged before it is sent again, and
// the error names the request's URL, in which the interaction's token
// grants answering as the bot: the log line has it redacted, as every
// other log line of an interaction's error has.
func TestDeferredAnswerTriedAgainLogsNoToken(t *testing.T) {
	dropped := &atomic.Bool{}
	logs := &syncbuf.Buffer{}
	f := newFixture(t, func(_ *config.Config, o *Options) {
		o.DeferAfter = 50 * time.Millisecond
		o.Transport = dropFirstEdit{dropped: dropped}
		o.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	})
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(site.Close)
	r := f.interact(f.slash(member, "submit", str("url", site.URL+"/nwes/1")))
	edit := f.deferredAnswer(t, r)
	if !dropped.Load() || !strings.Contains(string(edit.Body), "I couldn't find that page") {
		t.Fatalf("the edit was not dropped once, then sent: %s %s", edit.Path, edit.Body)
	}
	out := logs.String()
	if !strings.Contains(out, "trying again") {
		t.Fatalf("no line for the edit tried again in the log:\n%s", out)
	}
	if strings.Contains(out, "TOKEN_") {
		t.Errorf("the interaction's token is in the log:\n%s", out)
	}
}
