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
