package server

import (
	"bytes"
	"encoding/json"
	"log"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestHandlerPanicIsOneStructuredLineWithoutTheClient: a handler that
// panics (a bug tripped by one request) is answered 500, and logged once
// through the bot's structured log with the path, never the query (where
// confirmation and unsubscribe tokens travel) nor the client's IP address.
// net/http's own recovery printed "http: panic serving 127.0.0.1:PORT: …"
// and the stack over many unstructured lines to the standard logger, and
// dropped the connection without an answer.
func TestHandlerPanicIsOneStructuredLineWithoutTheClient(t *testing.T) {
	var std bytes.Buffer
	saved := log.Writer()
	log.SetOutput(&std)
	t.Cleanup(func() { log.SetOutput(saved) })

	var logs bytes.Buffer
	s := New("127.0.0.1:0", prometheus.NewRegistry(), slog.New(slog.NewJSONHandler(&logs, nil)))
	s.Handle("GET /unsubscribe", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bug on this page") }))
	s.Handle("GET /half", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		panic("bug after the answer began")
	}))
	base, stop := serve(t, s)
	defer stop()

	resp, err := http.Get(base + "/unsubscribe?t=u.7.TOKENSECRET")
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if resp, err := http.Get(base + "/half"); err == nil {
		resp.Body.Close()
	}
	if std.Len() > 0 {
		t.Errorf("written to the standard logger, outside the structured log:\n%s", std.String())
	}
	var panics []string
	for l := range strings.Lines(logs.String()) {
		var line struct{ Msg, Path, Panic string }
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Errorf("not a JSON line: %q", l)
		}
		if line.Panic != "" {
			panics = append(panics, l)
			if line.Path == "/unsubscribe" && line.Panic != "bug on this page" {
				t.Errorf("path %q, panic %q", line.Path, line.Panic)
			}
		}
	}
	if len(panics) != 2 {
		t.Fatalf("%d lines with the panic, want 2:\n%s", len(panics), logs.String())
	}
	for _, secret := range []string{"TOKENSECRET", "127.0.0.1"} {
		if strings.Contains(panics[0]+panics[1], secret) {
			t.Errorf("%s logged: %s", secret, panics)
		}
	}
}
