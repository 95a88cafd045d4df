package tasks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Every calls f every d until ctx is done. A call that takes longer than d
// delays the next rather than piling calls up; Every returns once ctx is
// done and the call in progress, if any, has returned, and makes no call
// once ctx is done.
func Every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// select picks at random when a tick is ready as ctx ends:
			// no call once ctx is done.
			if ctx.Err() != nil {
				return
			}
			f()
		}
	}
}

// Sleep waits for d, or until ctx is done, when it returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Retry calls try until it says not to try again, returning its error,
// with a backoff between calls (from a second, doubling up to maxDelay)
// and a warning, msg, logged for each failure. It reports stopped when
// ctx ended while it waited.
func Retry(ctx context.Context, log *slog.Logger, msg string, maxDelay time.Duration, try func() (again bool, err error)) (stopped bool, err error) {
	for delay := min(time.Second, maxDelay); ; delay = min(2*delay, maxDelay) {
		again, err := try()
		if !again {
			return false, err
		}
		log.WarnContext(ctx, msg, "in", delay.String(), "err", err)
		if Sleep(ctx, delay) != nil {
			return true, nil
		}
	}
}

// Tries calls try up to tries times while it says to try again, waiting
// wait before the second call and twice as long before each after, and
// returns its last error (ctx's, if ctx ends while it waits). A failure
// that is an *After (a server's 429 naming its wait) is tried again after
// the wait it names instead. Each failure tried again is logged, as msg,
// at Info: for a short retry of one request, where Retry is for a loop
// that backs off for minutes.
func Tries(ctx context.Context, log *slog.Logger, msg string, tries int, wait time.Duration, try func() (again bool, err error)) error {
	for n := 1; ; n++ {
		again, err := try()
		if err == nil || !again || n >= tries {
			return err
		}
		this := wait
		var after *After
		if errors.As(err, &after) {
			this = after.Wait
		}
		log.InfoContext(ctx, msg, "in", this.String(), "err", err)
		if err := Sleep(ctx, this); err != nil {
			return err
		}
		wait *= 2
	}
}

// After is a failure to try again no sooner than Wait, as the server
// said (a 429's Retry-After); Tries waits that long before the next try.
type After struct {
	Wait time.Duration
	Err  error
}

func (e *After) Error() string { return e.Err.Error() }

func (e *After) Unwrap() error { return e.Err }

// WaitOut is a rate limit's answer for Tries (a 429 made nothing, so
// the request may go again): again after wait when ctx has time for it
// (Fits; Tries' sleep ends with ctx), or given up at once with an error
// saying so when ctx would end first.
func WaitOut(ctx context.Context, wait time.Duration, err error) (again bool, _ error) {
	if !Fits(ctx, wait) {
		return false, fmt.Errorf("%w (Retry-After %s, longer than the task has left)", err, wait)
	}
	return true, &After{Wait: wait, Err: err}
}

// WaitOutHeader is WaitOut for a 429 whose Retry-After header
// (retryAfter, as sent) names its wait in seconds; one that names none (no
// header, zero, anything else) is tried again after Tries' own wait.
func WaitOutHeader(ctx context.Context, retryAfter string, err error) (again bool, _ error) {
	secs, perr := strconv.Atoi(strings.TrimSpace(retryAfter))
	if perr != nil || secs <= 0 {
		return true, err
	}
	return WaitOut(ctx, time.Duration(secs)*time.Second, err)
}

// RetryAfter is the wait a Retry-After header (v, as sent) names at now:
// seconds, whole as Slack and Discord write them or with a fraction as a
// proxy in front of them may, or an HTTP date (RFC 9110), with none left
// once it has passed; false for a value that names no wait (none, a
// negative number, anything else).
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(secs) || secs < 0 || secs > math.MaxInt64/float64(time.Second) {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Fits reports whether a wait of d leaves ctx time to do something after
// it: ctx has no deadline, or one further off than d.
func Fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// Within returns call's result, or ctx's error (after what) when ctx ends
// first, for a call that does not stop when its context ends (a client
// that sleeps out a rate limit whatever the context says): it is left to
// finish on its own, its result dropped.
func Within[T any](ctx context.Context, what string, call func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("%s: %w", what, ctx.Err())
	}
}

// NeverSent reports whether a request failed before any of it reached
// the server: the connection (or the name look-up before it) could not be
// made. Such a request can be sent again though it is not idempotent.
func NeverSent(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return (errors.As(err, &op) && op.Op == "dial") || errors.As(err, &dns)
}
