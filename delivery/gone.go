package delivery

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// endLeasesOfTheGone ends the claims that workers of processes no longer
// running left on deliveries they were sending: a run killed with
// SIGKILL, or that crashed, half-way through an edition. Their leases
// would otherwise hold those deliveries back for up to a lease (a minute)
// after the next run starts, while nothing is sending them.
//
// A process on this host can be seen to be gone by its process ID, and,
// where the kernel says when a process started (Linux's /proc), one whose
// ID is in use again by another process by the start its worker's name
// records (a run of PID 12 under an init, restarted, with 12 now a
// shell's). One of another host cannot, and without /proc one whose ID
// is in use again looks alive. The worker of the run holding the
// run lock knows more of the workers of other runs: their run no longer
// holds the lock, so it has ended, when it ran on another host (a
// container made anew has a new host name) or had this process's own ID.
// A run on this host with another ID still running is left its lease: it
// may be a run whose lock file someone removed, still posting. A worker
// of another kind (the console's) on another host, or whose ID is in
// use, is left its lease too. Ending a live worker's claim by mistake (one
// in another PID namespace under the same host name) posts nothing twice:
// its next write finds the claim lost, and the new owner looks in the
// channel before it posts (see Post.Contested).
//
// The claims end Options.InFlight from now, not at once: a post the
// process sent just before it died still reaches the channel once the
// platform has handled it, and had the new owner looked in the channel
// before then, that copy would stay beside its own (a real run killed 50
// times while it posted to 200 Slack channels that took 50-200 ms a post
// left 58 channels with two copies). A platform slower than that to
// handle a post a killed run sent can still have it twice.
func (w *Worker) endLeasesOfTheGone(ctx context.Context) {
	host, pid, ok := ownerProcess(w.owner)
	if !ok {
		return
	}
	owners, err := w.store.LeaseOwners(ctx)
	if err != nil {
		w.log.WarnContext(ctx, "look for delivery leases of stopped processes", "err", err)
		return
	}
	for _, owner := range owners {
		if !w.goneOwner(owner, host, pid) {
			continue
		}
		n, err := w.store.EndLeases(ctx, owner, w.opts.InFlight)
		if err != nil {
			w.log.WarnContext(ctx, "end the delivery leases of a stopped process", "owner", owner, "err", err)
			continue
		}
		if n > 0 {
			w.log.InfoContext(ctx, "taking over the deliveries a stopped process was sending", "owner", owner, "deliveries", n, "in", w.opts.InFlight.String())
		}
	}
}

// goneOwner says whether the worker named owner is known to have ended,
// seen from this worker, named host and pid.
func (w *Worker) goneOwner(owner, host string, pid int) bool {
	if owner == w.owner {
		return false
	}
	h, p, ok := ownerProcess(owner)
	if !ok {
		return false
	}
	if w.opts.HoldsRunLock && strings.HasPrefix(tagOf(owner), runTag) && (h != host || p == pid) {
		return true
	}
	if h != host {
		return false
	}
	// The process now of that ID is the worker's only if it started when
	// the worker's name says; a process gone has no start to read, and
	// is seen gone below.
	if start, ok := ownerStart(owner); ok {
		if now, ok := processStart(p); ok {
			return now != start
		}
	}
	return p != pid && !processRunning(p)
}

// ownerProcess is the host and process ID in a worker's name
// ("host:pid:random", ownerName).
func ownerProcess(owner string) (host string, pid int, ok bool) {
	rest, _, ok := cutLast(owner)
	if !ok {
		return "", 0, false
	}
	host, id, ok := cutLast(rest)
	if !ok {
		return "", 0, false
	}
	pid, err := strconv.Atoi(id)
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return host, pid, true
}

// cutLast cuts s around its last colon.
func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// defaultInFlight is Options.InFlight's default: a chat platform handles
// a post in well under a second, unless it is in trouble.
const defaultInFlight = 10 * time.Second

// runTag begins the last field of the name of a worker of the process
// holding the run lock (Options.HoldsRunLock).
const runTag = "run-"

// tagOf is the last field of a worker's name.
func tagOf(owner string) string {
	_, tag, _ := cutLast(owner)
	return tag
}

// startSep ends the random part of a worker's name where it records when
// its process started ("host:pid:run-0a0a0a0a@START", processStart).
const startSep = "@"

// ownerStart is when the process of the worker named owner started, as
// its name records it: ok is false for a name that records none (of a
// system with no /proc, or of a release before it was recorded).
func ownerStart(owner string) (start string, ok bool) {
	_, start, ok = strings.Cut(tagOf(owner), startSep)
	return start, ok && start != ""
}
