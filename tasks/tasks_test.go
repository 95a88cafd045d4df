package tasks

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func TestShutdownDrainsBackgroundTasks(t *testing.T) {
	ts := New(time.Minute, slog.New(slog.DiscardHandler))
	release := make(chan struct{})
	var finished atomic.Int32
	for range 3 {
		if !ts.Go("wait", func(ctx context.Context) {
			select {
			case <-release:
				finished.Add(1)
			case <-ctx.Done():
			}
		}) {
			t.Fatal("task refused before shutdown")
		}
	}
	done := make(chan error, 1)
	go func() { done <- ts.Shutdown(context.Background()) }()
	select {
	case <-done:
		t.Fatal("shutdown returned with tasks still running")
	case <-time.After(30 * time.Millisecond):
	}
	if ts.Go("late", func(context.Context) {}) {
		t.Error("a task was accepted after shutdown began")
	}
	close(release)
	if err := <-done; err != nil || finished.Load() != 3 {
		t.Errorf("shutdown = %v with %d of 3 tasks finished", err, finished.Load())
	}
}

func TestShutdownCancelsTasksPastTheDeadline(t *testing.T) {
	ts := New(time.Minute, slog.New(slog.DiscardHandler))
	var cancelled atomic.Bool
	ts.Go("stuck", func(ctx context.Context) {
		<-ctx.Done()
		cancelled.Store(true)
	})
	ts.Go("panics", func(context.Context) { panic("boom") })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := ts.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !cancelled.Load() {
		t.Errorf("shutdown = %v, task cancelled = %v", err, cancelled.Load())
	}
}
