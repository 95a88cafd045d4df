package tasks

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestWithWholeSecondsRetryAfter: a 429's Retry-After comes out in whole
// seconds (a fraction rounded up, a date the seconds until it), or not at
// all when it names no wait; any other answer, and the client passed in,
// are left as they were.
func TestWithWholeSecondsRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	var status int
	var retryAfter string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	shared := srv.Client()
	transport := shared.Transport
	c := WithWholeSecondsRetryAfter(shared, func() time.Time { return now })
	if shared.Transport != transport {
		t.Error("the client passed in had its transport replaced")
	}
	for _, tc := range []struct {
		status     int
		retryAfter string
		want       string
	}{
		{http.StatusTooManyRequests, "3", "3"},
		{http.StatusTooManyRequests, "1.5", "2"},
		{http.StatusTooManyRequests, "0.2", "1"},
		{http.StatusTooManyRequests, now.Add(90 * time.Second).Format(http.TimeFormat), "90"},
		{http.StatusTooManyRequests, now.Add(-time.Minute).Format(http.TimeFormat), "0"},
		{http.StatusTooManyRequests, "soon", ""},
		{http.StatusTooManyRequests, "-1", ""},
		{http.StatusTooManyRequests, "", ""},
		{http.StatusServiceUnavailable, "1.5", "1.5"},
		{http.StatusOK, "soon", "soon"},
	} {
		status, retryAfter = tc.status, tc.retryAfter
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Retry-After"); got != tc.want || resp.StatusCode != tc.status {
			t.Errorf("HTTP %d, Retry-After %q: got HTTP %d, %q; want %q", tc.status, tc.retryAfter, resp.StatusCode, got, tc.want)
		}
	}
}
