package fakeapi

import (
	"math/rand/v2"
	"net/http"
	"sync"
)

// Faults are what a fake does wrong on purpose, each with a probability
// per message post.
type Faults struct {
	ServerError float64 // answer 500 (or 502) without posting
	DropBefore  float64 // close the connection without posting
	DropAfter   float64 // post the message, then close the connection without answering
	Seed        uint64  // seeds the choice; the same seed gives the same faults
}

// fault is one drawn outcome.
type fault int

const (
	noFault fault = iota
	serverError
	dropBefore
	dropAfter
)

// dice draws faults; it is safe for concurrent use.
type dice struct {
	mu sync.Mutex
	f  Faults
	r  *rand.Rand
}

func newDice(f Faults) *dice {
	return &dice{f: f, r: rand.New(rand.NewPCG(f.Seed, f.Seed^0x5eed))}
}

func (d *dice) roll() fault {
	d.mu.Lock()
	defer d.mu.Unlock()
	x := d.r.Float64()
	switch {
	case x < d.f.ServerError:
		return serverError
	case x < d.f.ServerError+d.f.DropBefore:
		return dropBefore
	case x < d.f.ServerError+d.f.DropBefore+d.f.DropAfter:
		return dropAfter
	}
	return noFault
}

// drop closes the client's connection without an answer.
func drop(w http.ResponseWriter) {
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
