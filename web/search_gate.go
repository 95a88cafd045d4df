package web

import (
	"context"
	"runtime"
	"time"
)

// searchGate bounds the web archive's searches running at once. /search
// is public, needs no login and is the one page that reads the archive
// anew on every request; searches share the machine's cores with the
// members' searches in chat, which must answer within Slack's three
// seconds. Unbounded, 512 readers searching at once made a chat search
// take 0.85 s at the median and 2.9 s at worst, and 64 made it 0.15 s
// (`go run ./cmd/searchbench -web`); through the gate the readers queue
// instead, each for at most its wait, and the members' searches, which do
// not pass it, find the cores nearly free.
type searchGate struct {
	slots chan struct{}
	// wait is how long a search waits for a slot before it is answered
	// that the search is busy.
	wait time.Duration
}

// webSearchWait is how long a reader's search waits for one of the
// gate's slots: longer than any search takes at 100,000 stories, short
// enough that a reader told to try again has not given up already.
const webSearchWait = 2 * time.Second

// newSearchGate lets one search run a core (as many cores as Go uses),
// two at least: a search is mostly the CPU's work, over pages SQLite or
// the system keeps in memory.
func newSearchGate() *searchGate {
	return &searchGate{slots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))), wait: webSearchWait}
}

// enter waits for a slot, for at most g.wait and while ctx lasts, and
// returns the function that gives it back, or false when none came free.
func (g *searchGate) enter(ctx context.Context) (leave func(), ok bool) {
	select {
	case g.slots <- struct{}{}: // free now: no timer
		return g.leave, true
	default:
	}
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, true
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil, false
}

func (g *searchGate) leave() { <-g.slots }
