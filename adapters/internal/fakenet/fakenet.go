// Package fakenet holds what the platform fakes (slacktest, discordtest)
// share: faults injected on purpose and how a faulty post is answered, the
// rate limits they enforce the way each platform counts them, and the tally
// of what they answered.
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

// Posts reports whether a post with this fault is made: none, or the
// connection dropped after posting.
func (f Fault) Posts() bool { return f == NoFault || f == DropAfter }

// Injector draws the faults of a fake's posts and counts what the fake
// answered; it is safe for concurrent use. A fake draws and counts while
// holding its own lock, so that a seed gives the same faults to the same
// posts.
type Injector struct {
	mu     sync.Mutex
	faults Faults
	r      *rand.Rand
	stats  Stats
}

// NewInjector makes an injector that draws f's faults.
func NewInjector(f Faults) *Injector {
	return &Injector{faults: f, r: rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed))}
}

// Draw draws the fault of one post and counts it.
func (in *Injector) Draw() Fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	fault := NoFault
	switch x := in.r.Float64(); {
	case x < in.faults.ServerError:
		fault = ServerError
	case x < in.faults.ServerError+in.faults.DropBefore:
		fault = DropBefore
	case x < in.faults.ServerError+in.faults.DropBefore+in.faults.DropAfter:
		fault = DropAfter
	}
	if fault != NoFault {
		in.stats.Faults++
	}
	return fault
}

// Limited counts a post refused by a rate limit.
func (in *Injector) Limited() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.RateLimited++
}

// Posted counts one message posted at now.
func (in *Injector) Posted(now time.Time) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.Posts++
	if in.stats.First.IsZero() {
		in.stats.First = now
	}
	in.stats.Last = now
}

// Stats returns what has been counted so far.
func (in *Injector) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.stats
}

// Answer answers a post as its fault says: with serverError's answer for
// ServerError, by dropping the connection for DropBefore and DropAfter,
// and with answer as JSON otherwise.
func Answer(w http.ResponseWriter, fault Fault, answer any, serverError func(http.ResponseWriter)) {
	switch fault {
	case ServerError:
		serverError(w)
	case DropBefore, DropAfter:
		Drop(w)
	default:
		WriteJSON(w, answer)
	}
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

// PerChannel lists, per channel, what of each message it received,
// in the order received.
func PerChannel[M, T any](messages map[string][]M, what func(M) T) map[string][]T {
	out := make(map[string][]T, len(messages))
	for ch, msgs := range messages {
		for _, m := range msgs {
			out[ch] = append(out[ch], what(m))
		}
	}
	return out
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	json.NewEncoder(w).Encode(v)
}
