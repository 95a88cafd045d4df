// Package tasks owns work done in the background after a request has been
// acknowledged, such as a chat adapter's answer still to post or a review
// card to update, so that everything that uses it shuts down the same way:
// new work is refused, work in flight gets a grace period, and what is
// left is cancelled. It also holds the waits of the program's periodic
// loops (Every, Sleep), each of which ends as soon as its context does,
// and the HTTP steps every platform's calls share: reading a 429's
// Retry-After in whatever form it comes (RetryAfter,
// WithWholeSecondsRetryAfter) and posting JSON once, saying whether a
// failure may be tried again (PostJSON), and an answer given at once or,
// when its work outlasts the platform's patience, after an
// acknowledgement (Soon). Nothing in it knows about a platform.
package tasks

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// DefaultTimeout bounds one task: a command answer with a page fetch, a
// decision with its card update and message to the submitter.
const DefaultTimeout = 2 * time.Minute

// Group is an adapter's background work. Every task runs under a context
// derived from the group's, so Shutdown can wait for them and, when its
// own deadline passes, cancel them.
type Group struct {
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration
	log     *slog.Logger

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// New makes a group whose tasks each run for at most timeout
// (DefaultTimeout when 0).
func New(timeout time.Duration, log *slog.Logger) *Group {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Group{ctx: ctx, cancel: cancel, timeout: timeout, log: log}
}

// Go runs f in the background. It returns false, and does not run f, once
// shutdown has begun.
func (t *Group) Go(name string, f func(ctx context.Context)) bool {
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
		defer Contain(ctx, t.log, "background task panicked", "task", name)
		f(ctx)
	}()
	return true
}

// Contain, deferred, ends a panic in the function that defers it with one
// error line, msg with attrs, the panic and its stack: a goroutine's panic
// that nothing recovers takes the whole bot down, where one task, request
// or event should fail alone. The caller goes on as if the function had
// returned.
func Contain(ctx context.Context, log *slog.Logger, msg string, attrs ...any) {
	if p := recover(); p != nil {
		log.ErrorContext(ctx, msg, append(attrs, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))...)
	}
}

// Shutdown refuses new tasks and waits for the running ones until ctx is
// done, then cancels them and waits for them to return. It returns ctx's
// error when tasks had to be cancelled.
func (t *Group) Shutdown(ctx context.Context) error {
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

// Grace is how long a stopping adapter waits for the answers still in
// flight before it cancels them.
const Grace = 10 * time.Second

// DrainInto is Drain for an adapter's Run to defer: an error draining
// becomes Run's, *err, unless Run already had one.
func (t *Group) DrainInto(ctx context.Context, err *error) {
	if drainErr := t.Drain(ctx); *err == nil {
		*err = drainErr
	}
}

// Drain is Shutdown with Grace, for an adapter whose Run has ended: ctx
// may already be done, so the grace period starts afresh.
func (t *Group) Drain(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), Grace)
	defer cancel()
	return t.Shutdown(ctx)
}
