package feeds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store/storetest"
)

func TestNextPoll(t *testing.T) {
	at := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	interval := 30 * time.Minute
	for _, tc := range []struct {
		failures int
		rnd      float64
		want     time.Duration
	}{
		{0, 0, 30 * time.Minute},
		{0, 0.5, 30*time.Minute - 90*time.Second},
		{1, 0, 30 * time.Minute},
		{1, 0.999999, 60 * time.Minute},
		{2, 0, 60 * time.Minute},
		{3, 0.5, 180 * time.Minute},
		{10, 0, 6 * time.Hour},
		{50, 0.999999, 12 * time.Hour},
	} {
		got := nextPoll(at, interval, tc.failures, tc.rnd).Sub(at)
		if got < tc.want-time.Second || got > tc.want+time.Second {
			t.Errorf("nextPoll(%d failures, rnd %v) = +%v, want +%v", tc.failures, tc.rnd, got, tc.want)
		}
	}
}

// TestBackoffGrowsAndResets polls a feed that fails three times, then
// works, then is rate limited, on a fixed clock.
func TestBackoffGrowsAndResets(t *testing.T) {
	var mode atomic.Value
	mode.Store("fail")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode.Load() {
		case "fail":
			http.Error(w, "oops", http.StatusInternalServerError)
		case "limited":
			w.Header().Set("Retry-After", "36000")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		default:
			w.Write([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A story about councils</title><link>https://x.example/1</link></item></channel></rss>`))
		}
	}))
	t.Cleanup(srv.Close)

	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(srv.URL+"/rss")), func(o *Options) {
		o.Now = func() time.Time { return now }
		o.Rand = func() float64 { return 0.5 }
	})
	ctx := context.Background()
	poll := func() (Result, int) {
		t.Helper()
		results, err := p.PollOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.FeedHealths(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return results[0], h[srv.URL+"/rss"].ConsecutiveFailures
	}

	var waits []time.Duration
	for i := 1; i <= 3; i++ {
		r, failures := poll()
		if r.Status != StatusFailed || r.Reason != "the server answered HTTP 500 Internal Server Error" || failures != i {
			t.Fatalf("poll %d: %+v, %d failures", i, r, failures)
		}
		waits = append(waits, r.NextPollAt.Sub(now))
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] <= waits[i-1] {
			t.Errorf("backoff did not grow: %v", waits)
		}
	}
	if waits[0] < 30*time.Minute {
		t.Errorf("first retry after %v, sooner than the poll interval", waits[0])
	}

	mode.Store("ok")
	r, failures := poll()
	if r.Status != StatusFetched || failures != 0 || r.NextPollAt.Sub(now) > 30*time.Minute {
		t.Errorf("after success: %+v, %d failures", r, failures)
	}

	mode.Store("limited")
	r, failures = poll()
	if r.Status != StatusFailed || failures != 1 || r.NextPollAt.Sub(now) != 10*time.Hour {
		t.Errorf("rate limited: %+v (next in %v), %d failures", r, r.NextPollAt.Sub(now), failures)
	}
}
