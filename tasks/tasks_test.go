package tasks

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/internal/syncbuf"
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

// A task that panics is contained (Contain): one error line with the
// task's name, the panic and its stack, and the group drains as usual.
func TestGoContainsAPanickingTask(t *testing.T) {
	var logged syncbuf.Buffer
	ts := New(time.Minute, slog.New(slog.NewTextHandler(&logged, nil)))
	if !ts.Go("doomed", func(context.Context) { panic("boom") }) {
		t.Fatal("the task was refused")
	}
	if err := ts.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := logged.String()
	for _, want := range []string{"background task panicked", "task=doomed", "panic=boom", "stack="} {
		if !strings.Contains(got, want) {
			t.Errorf("log %q lacks %q", got, want)
		}
	}
}
