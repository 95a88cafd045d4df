// Package fakenet holds what the platform fakes (slacktest, discordtest)
// share: faults injected on purpose, the rate limits they enforce the way
// each platform counts them, and the tally of what they answered.
package fakenet

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Faults are what a fake does wrong on purpose, each with a probability
// per message post.
type Faults struct {
	ServerError float64 // answer 500 without posting
	DropBefore  float64 // close the connection without posting
	DropAfter   float64 // post the message, then close the connection without answering
	Seed        uint64  // seeds the choice; the same seed gives the same faults
}

// Fault is one drawn outcome.
type Fault int

// The outcomes a Dice draws.
const (
	NoFault Fault = iota
	ServerError
	DropBefore
	DropAfter
)

// Dice draws faults; it is safe for concurrent use.
type Dice struct {
	mu sync.Mutex
	f  Faults
	r  *rand.Rand
}

// NewDice makes dice that draw f's faults.
func NewDice(f Faults) *Dice {
	return &Dice{f: f, r: rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed))}
}

// Roll draws the outcome of one post.
func (d *Dice) Roll() Fault {
	d.mu.Lock()
	defer d.mu.Unlock()
	x := d.r.Float64()
	switch {
	case x < d.f.ServerError:
		return ServerError
	case x < d.f.ServerError+d.f.DropBefore:
		return DropBefore
	case x < d.f.ServerError+d.f.DropBefore+d.f.DropAfter:
		return DropAfter
	}
	return NoFault
}

// Drop closes the client's connection without an answer.
func Drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// Bucket is a token bucket: burst tokens, refilled at rate per second,
// the way Slack limits posts to a channel.
type Bucket struct {
	tokens float64
	last   time.Time
}

// Take spends a token at now, or returns how long until one is free.
func (b *Bucket) Take(now time.Time, rate float64, burst int) (time.Duration, bool) {
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

// Window is a fixed-window limit: limit requests per period, the way
// Discord counts its buckets (a count that resets a period after the
// window's first request).
type Window struct {
	start time.Time
	used  int
}

// Take spends one request at now; it returns the remaining count and the
// time until the window resets, and false when the window is full.
func (w *Window) Take(now time.Time, limit int, period time.Duration) (remaining int, reset time.Duration, ok bool) {
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

// Stats count what a fake answered.
type Stats struct {
	Posts, RateLimited, Faults int
	// First and Last are when the first and the last message was posted.
	First, Last time.Time
}

// Posted counts one posted message at now.
func (s *Stats) Posted(now time.Time) {
	s.Posts++
	if s.First.IsZero() {
		s.First = now
	}
	s.Last = now
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	json.NewEncoder(w).Encode(v)
}
