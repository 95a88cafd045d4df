package tasks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestEveryCallsUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var calls atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		Every(ctx, time.Millisecond, func() {
			if calls.Add(1) == 3 {
				cancel()
			}
		})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after its context was cancelled")
	}
	// A tick ready at the same moment as the cancellation makes no call.
	n := calls.Load()
	if n != 3 {
		t.Fatalf("f called %d times, want 3", n)
	}
	time.Sleep(20 * time.Millisecond)
	if after := calls.Load(); after != n {
		t.Fatalf("f called %d more times after Every returned", after-n)
	}
}

func TestSleep(t *testing.T) {
	start := time.Now()
	if err := Sleep(t.Context(), 20*time.Millisecond); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	if waited := time.Since(start); waited < 20*time.Millisecond {
		t.Fatalf("Sleep returned after %v, want at least 20ms", waited)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	start = time.Now()
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Fatalf("Sleep on a cancelled context waited %v", waited)
	}
}

// TestWithinGivesUpOnACallThatOverstays: a call that ignores its context
// is waited for only until the context ends; one that returns in time
// gives its result.
func TestWithinGivesUpOnACallThatOverstays(t *testing.T) {
	if v, err := Within(context.Background(), "quick", func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Errorf("a quick call: %d, %v", v, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	_, err := Within(ctx, "get guild", func() (int, error) { <-release; return 1, nil })
	if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "get guild: ") || time.Since(start) > 5*time.Second {
		t.Errorf("a call past the deadline: %v after %s", err, time.Since(start))
	}
}

// TestRetryStopsWhenTold: Retry returns the error of the try that says
// not to try again, after the tries before it; a context that ends while
// it waits stops it.
func TestRetryStopsWhenTold(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	tries := 0
	stopped, err := Retry(context.Background(), log, "again", time.Millisecond, func() (bool, error) {
		tries++
		return tries < 3, fmt.Errorf("try %d", tries)
	})
	if stopped || err == nil || err.Error() != "try 3" || tries != 3 {
		t.Errorf("stopped %v, err %v after %d tries", stopped, err, tries)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped, err = Retry(ctx, log, "again", time.Hour, func() (bool, error) { cancel(); return true, errors.New("down") })
	if !stopped || err != nil {
		t.Errorf("cancelled while waiting: stopped %v, err %v", stopped, err)
	}
}

// TestRetryWaitsNoLongerThanItsLimit: the first wait is the limit when
// that is under a second, as the doc's "up to maxDelay" says (it was a
// second whatever the limit).
func TestRetryWaitsNoLongerThanItsLimit(t *testing.T) {
	tries := 0
	start := time.Now()
	Retry(context.Background(), slog.New(slog.DiscardHandler), "again", 10*time.Millisecond, func() (bool, error) {
		tries++
		return tries < 2, errors.New("down")
	})
	if waited := time.Since(start); waited >= 500*time.Millisecond {
		t.Errorf("waited %s between two tries, limit 10ms", waited)
	}
}

// TestTries: a failure tried again is tried at most tries times in all,
// doubling the wait; a success, or a failure not to be tried again,
// ends it at once; ctx ending during a wait ends it with ctx's error.
func TestTries(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	var calls []time.Time
	err := Tries(context.Background(), log, "again", 3, 20*time.Millisecond, func() (bool, error) {
		calls = append(calls, time.Now())
		return true, fmt.Errorf("try %d", len(calls))
	})
	if err == nil || err.Error() != "try 3" || len(calls) != 3 {
		t.Fatalf("err %v after %d calls", err, len(calls))
	}
	if first, second := calls[1].Sub(calls[0]), calls[2].Sub(calls[1]); first < 20*time.Millisecond || second < 40*time.Millisecond {
		t.Errorf("waited %s then %s, want at least 20ms then 40ms", first, second)
	}
	n := 0
	if err := Tries(context.Background(), log, "again", 3, time.Hour, func() (bool, error) { n++; return false, errors.New("final") }); err == nil || n != 1 {
		t.Errorf("a final failure: err %v after %d calls", err, n)
	}
	n = 0
	if err := Tries(context.Background(), log, "again", 3, time.Hour, func() (bool, error) { n++; return true, nil }); err != nil || n != 1 {
		t.Errorf("a success: err %v after %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := Tries(ctx, log, "again", 3, time.Hour, func() (bool, error) { cancel(); return true, errors.New("down") }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while waiting: %v", err)
	}
}

// TestTriesWaitsWhatTheServerNamed: a failure that names its wait (an
// *After, a 429's Retry-After) is tried again after that wait, not the
// backoff's; the next wait without one doubles the backoff as before.
func TestTriesWaitsWhatTheServerNamed(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	var calls []time.Time
	err := Tries(context.Background(), log, "again", 3, 10*time.Millisecond, func() (bool, error) {
		calls = append(calls, time.Now())
		if len(calls) == 1 {
			return true, &After{Wait: 80 * time.Millisecond, Err: errors.New("429")}
		}
		return true, errors.New("503")
	})
	if err == nil || len(calls) != 3 {
		t.Fatalf("err %v after %d calls", err, len(calls))
	}
	if first, second := calls[1].Sub(calls[0]), calls[2].Sub(calls[1]); first < 80*time.Millisecond || second < 20*time.Millisecond {
		t.Errorf("waited %s then %s, want at least the 80ms named, then the backoff's 20ms", first, second)
	}
	var after *After
	if !errors.As(&After{Wait: time.Second, Err: context.Canceled}, &after) || !errors.Is(after, context.Canceled) {
		t.Error("an *After does not keep its cause")
	}
}

// TestFits: a wait fits a context with no deadline, or one further off.
func TestFits(t *testing.T) {
	if !Fits(context.Background(), time.Hour) {
		t.Error("a wait does not fit a context without a deadline")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if !Fits(ctx, time.Second) || Fits(ctx, 2*time.Minute) {
		t.Errorf("a minute's context: a second fits %v, two minutes fit %v", Fits(ctx, time.Second), Fits(ctx, 2*time.Minute))
	}
}

func TestWaitOutGivesUpOnAWaitLongerThanTheTaskHas(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	limited := errors.New("429")
	again, err := WaitOut(ctx, time.Second, limited)
	var after *After
	if !again || !errors.As(err, &after) || after.Wait != time.Second || !errors.Is(err, limited) {
		t.Errorf("a wait that fits: again %v, err %#v", again, err)
	}
	again, err = WaitOut(ctx, time.Hour, limited)
	if again || errors.As(err, &after) || !errors.Is(err, limited) || !strings.Contains(err.Error(), "Retry-After 1h0m0s, longer than the task has left") {
		t.Errorf("a wait longer than the task: again %v, err %v", again, err)
	}
}

// TestWaitOutHeaderReadsSeconds: a Retry-After of seconds is waited out as
// WaitOut waits; one that names no wait (none, zero, a date) leaves the
// wait to Tries' backoff, the failure tried again as it came.
func TestWaitOutHeaderReadsSeconds(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	limited := errors.New("429")
	var after *After
	if again, err := WaitOutHeader(ctx, " 2 ", limited); !again || !errors.As(err, &after) || after.Wait != 2*time.Second {
		t.Errorf("Retry-After 2: again %v, err %#v", again, err)
	}
	if again, err := WaitOutHeader(ctx, "3600", limited); again || errors.As(err, &after) || !errors.Is(err, limited) {
		t.Errorf("Retry-After 3600 in a minute's task: again %v, err %v", again, err)
	}
	for _, h := range []string{"", "0", "-5", "Wed, 21 Oct 2026 07:28:00 GMT"} {
		if again, err := WaitOutHeader(ctx, h, limited); !again || err != limited {
			t.Errorf("Retry-After %q: again %v, err %v", h, again, err)
		}
	}
}
