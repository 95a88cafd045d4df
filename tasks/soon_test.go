package tasks

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestSoonAnswersAtOnceWhatIsDoneInTime(t *testing.T) {
	var lateCalls atomic.Int32
	got, late, err := Soon(t.Context(), time.Minute, func(context.Context) string { return "done" }, func() error {
		lateCalls.Add(1)
		return nil
	})
	if got != "done" || late || err != nil || lateCalls.Load() != 0 {
		t.Fatalf("got %q, late %v, err %v, late called %d times; want done at once", got, late, err, lateCalls.Load())
	}
}

func TestSoonSaysItIsLateBeforeWorkThatOverstays(t *testing.T) {
	told := make(chan struct{})
	// The work ends only once late was called: a Soon that waited for it
	// first would never return.
	work := func(context.Context) string {
		<-told
		return "slow"
	}
	var lateCalls atomic.Int32
	got, late, err := Soon(t.Context(), 10*time.Millisecond, work, func() error {
		lateCalls.Add(1)
		close(told)
		return nil
	})
	if got != "slow" || !late || err != nil || lateCalls.Load() != 1 {
		t.Fatalf("got %q, late %v, err %v, late called %d times; want slow, late once", got, late, err, lateCalls.Load())
	}
}

func TestSoonWaitsForWorkWhenLateFails(t *testing.T) {
	refused := errors.New("refused")
	var finished atomic.Bool
	work := func(context.Context) int {
		time.Sleep(50 * time.Millisecond)
		finished.Store(true)
		return 1
	}
	got, late, err := Soon(t.Context(), time.Millisecond, work, func() error { return refused })
	if !errors.Is(err, refused) || !late || got != 0 || !finished.Load() {
		t.Fatalf("got %d, late %v, err %v, work finished %v; want the refusal once work finished", got, late, err, finished.Load())
	}
}
