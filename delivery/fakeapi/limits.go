package fakeapi

import (
	"math"
	"time"
)

// bucket is a token bucket: burst tokens, refilled at rate per second.
type bucket struct {
	tokens float64
	last   time.Time
}

// take spends a token at now, or returns how long until one is free.
func (b *bucket) take(now time.Time, rate float64, burst int) (time.Duration, bool) {
	if b.last.IsZero() {
		b.tokens = float64(burst)
	} else {
		b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second)), false
}

// window is a fixed-window limit: limit requests per period, the way
// Discord counts its buckets (a count that resets a period after the
// window's first request).
type window struct {
	start time.Time
	used  int
}

// take spends one request at now; it returns the remaining count and the
// time until the window resets, and false when the window is full.
func (w *window) take(now time.Time, limit int, period time.Duration) (remaining int, reset time.Duration, ok bool) {
	if w.start.IsZero() || now.Sub(w.start) >= period {
		w.start, w.used = now, 0
	}
	reset = period - now.Sub(w.start)
	if w.used >= limit {
		return 0, reset, false
	}
	w.used++
	return limit - w.used, reset, true
}

// Part is one received message that names a delivery and a part of it.
type Part struct {
	Key  string
	Part int
}
