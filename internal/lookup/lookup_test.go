package lookup

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestCacheKeepsLooksUpOnceAndKeepsTheLastOnFailure: a value is looked
// up once for callers asking at the same time, kept for its time to live,
// looked up again after it; a failed look-up returns the value kept
// before with the error. It runs in a synctest bubble, so that the look-up
// is let go only once all five callers wait on it (synctest.Wait), not
// after a sleep that a loaded machine may outlast.
func TestCacheKeepsLooksUpOnceAndKeepsTheLastOnFailure(t *testing.T) {
	synctest.Test(t, cacheKeepsLooksUpOnceAndKeepsTheLastOnFailure)
}

func cacheKeepsLooksUpOnceAndKeepsTheLastOnFailure(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c := New[string](time.Minute, time.Second, func() time.Time { return now })
	var calls atomic.Int32
	release := make(chan struct{})
	fetch := func(ctx context.Context) (string, error) {
		calls.Add(1)
		<-release
		return "Ana", nil
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.Get(context.Background(), "U1", fetch); v != "Ana" || err != nil {
				t.Errorf("Get: %q, %v", v, err)
			}
		}()
	}
	synctest.Wait() // one caller in fetch, four waiting on its flight
	if n := calls.Load(); n != 1 {
		t.Errorf("%d look-ups under way for five callers at once", n)
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("%d look-ups for five callers at once", n)
	}
	if v, _ := c.Get(context.Background(), "U1", fetch); v != "Ana" || calls.Load() != 1 {
		t.Errorf("a kept value was looked up again: %q, %d look-ups", v, calls.Load())
	}
	now = now.Add(2 * time.Minute)
	down := errors.New("down")
	v, err := c.Get(context.Background(), "U1", func(context.Context) (string, error) { return "", down })
	if v != "Ana" || !errors.Is(err, down) {
		t.Errorf("a failed look-up: %q, %v; want the last value and the error", v, err)
	}
	if v, err := c.Get(context.Background(), "U2", func(context.Context) (string, error) { return "", down }); v != "" || err == nil {
		t.Errorf("a failed first look-up: %q, %v", v, err)
	}
}

// TestCacheLookUpHasItsOwnTimeout: a look-up runs within the cache's
// timeout even when its caller's context has none, or has ended.
func TestCacheLookUpHasItsOwnTimeout(t *testing.T) {
	c := New[int](time.Minute, 10*time.Millisecond, time.Now)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Get(ctx, "k", func(ctx context.Context) (int, error) {
		if ctx.Err() != nil {
			return 0, errors.New("the caller's cancellation reached the look-up")
		}
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the look-up's own deadline", err)
	}
}
