package tasks

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// wholeSecondsRetryAfter rewrites a 429's Retry-After into whole seconds,
// for the readers of it that take nothing else (a platform's client
// library, and WaitOutHeader). A proxy in front of an API may write a
// fraction ("1.5") or an HTTP date, as RFC 9110 allows: such a client
// failed the call with the number it could not parse, which the delivery
// worker counted as a failed try it could not word, where it is a rate
// limit to wait out. A fraction is rounded up (trying again early would
// only be refused again), a date is the seconds until it; a value that is
// neither is removed, as a 429 that names no wait, which every reader
// waits out in its own way.
type wholeSecondsRetryAfter struct {
	next http.RoundTripper
	now  func() time.Time
}

// WithWholeSecondsRetryAfter is c with its transport reading Retry-After
// as wholeSecondsRetryAfter does, at the time now tells; c itself, which
// the caller may share, is left as it is.
func WithWholeSecondsRetryAfter(c *http.Client, now func() time.Time) *http.Client {
	out := *c
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out.Transport = wholeSecondsRetryAfter{next: next, now: now}
	return &out
}

// RoundTrip implements http.RoundTripper.
func (t wholeSecondsRetryAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" || strings.Trim(v, "0123456789") == "" {
		return resp, nil // none, or whole seconds already
	}
	resp.Header.Del("Retry-After")
	if wait, ok := RetryAfter(v, t.now()); ok {
		resp.Header.Set("Retry-After", strconv.FormatFloat(math.Ceil(wait.Seconds()), 'f', 0, 64))
	}
	return resp, nil
}
