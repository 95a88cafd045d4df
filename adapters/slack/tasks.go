package slack

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// defaultTaskTimeout bounds one background task: a command answer with a
// page fetch, a decision with its card update and message to the submitter.
const defaultTaskTimeout = 2 * time.Minute

// tasks owns the work done after Slack has been acknowledged. Every task
// runs under a context derived from the group's, so Shutdown can wait for
// them and, when its own deadline passes, cancel them.
type tasks struct {
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration
	log     *slog.Logger

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func newTasks(timeout time.Duration, log *slog.Logger) *tasks {
	if timeout <= 0 {
		timeout = defaultTaskTimeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &tasks{ctx: ctx, cancel: cancel, timeout: timeout, log: log}
}

// Go runs f in the background. It returns false, and does not run f, once
// shutdown has begun.
func (t *tasks) Go(name string, f func(ctx context.Context)) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		ctx, cancel := context.WithTimeout(t.ctx, t.timeout)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				t.log.Error("background task panicked", "task", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		f(ctx)
	}()
	return true
}

// shutdown refuses new tasks and waits for the running ones until ctx is
// done, then cancels them and waits for them to return. It returns ctx's
// error when tasks had to be cancelled.
func (t *tasks) shutdown(ctx context.Context) error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	done := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		t.cancel()
		return nil
	case <-ctx.Done():
	}
	t.cancel()
	<-done
	return fmt.Errorf("background tasks cancelled: %w", ctx.Err())
}
