package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSSLCheckIsAnswered: Slack sends a slash command's Request URL an
// "ssl_check=1" POST now and then (and when the URL is saved) to check its
// certificate, and documents that the app answers 200 and does nothing
// else. Signed, it gets that empty 200 rather than a 400 "not a slash
// command"; unsigned, it is refused like any unsigned request.
func TestSSLCheckIsAnswered(t *testing.T) {
	f := newFixture(t)
	body := []byte("ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO")
	if rec := f.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("signed ssl_check: %d %q, want an empty 200", rec.Code, rec.Body)
	}
	req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", formType)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("unsigned ssl_check: %d, want 401", rec.Code)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(f.slack.Calls("")) + len(f.slack.Responses("")); n != 0 {
		t.Errorf("an ssl_check made %d calls or answers", n)
	}
}
