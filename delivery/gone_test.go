package delivery

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// TestTakeOverAtOnceFromAStoppedProcess: two deliveries were left sending
// by workers of other processes on this host, each holding an hour's
// lease and having posted part 1 unrecorded: one whose process has ended
// (a run killed half-way), one whose process is still running (this
// test's parent). A worker starting takes the first over at once and
// resumes at the first part not in the channel, and leaves the second to
// its worker, posting nothing there. The first used to wait out the dead
// process's lease.
func TestTakeOverAtOnceFromAStoppedProcess(t *testing.T) {
	f := newFixture(t, Options{InFlight: time.Millisecond})
	p := &finder{flaky: newFlaky(4), inChannel: 2}
	f.worker.Add(p)
	f.publish(t, "discord", "GONE", "ALIVE")
	host, _, ok := ownerProcess(f.worker.owner)
	if !ok {
		t.Fatalf("the worker's name %q does not name its process", f.worker.owner)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ended := exec.Command(exe, "-test.run=^$")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	owners := map[string]string{
		"GONE":  fmt.Sprintf("%s:%d:0a0a0a0a", host, ended.Process.Pid),
		"ALIVE": fmt.Sprintf("%s:%d:0b0b0b0b", host, os.Getppid()),
	}
	ctx := context.Background()
	f.claimWithOnePartSent(t, owners)
	// Deliver returns once nothing is open, or at the deadline: the
	// running worker's delivery stays open for its hour.
	deadline, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	f.worker.Deliver(deadline)
	if got := p.got("GONE"); got != "[2 3]" {
		t.Errorf("the stopped process's delivery: posted parts %s, want [2 3]", got)
	}
	if d := f.states(t)["GONE"]; d.State != store.DeliveryDelivered || d.PartsSent != 4 || d.MessageRef != "GONE:0" {
		t.Errorf("the stopped process's delivery: %+v", d)
	}
	if got := p.got("ALIVE"); got != "[]" {
		t.Errorf("the running process's delivery: posted parts %s, want none", got)
	}
	if d := f.states(t)["ALIVE"]; d.State != store.DeliverySending || d.LeaseOwner != owners["ALIVE"] {
		t.Errorf("the running process's delivery: %+v, want it still sending under its worker's claim", d)
	}
}

// TestARunTakesOverAtOnceFromTheRunBeforeIt: deliveries were left sending,
// with an hour's lease and part 1 posted unrecorded, by the workers of
// two runs no longer running that cannot be seen to be gone by their
// process ID (one on another host, one whose ID is in use again, by this
// process: PID 1 in a container restarted), by a console on another host,
// which may be running, and by a run on this host whose process is
// running (this test's parent: a run whose lock file was removed). A
// worker of the run holding the run lock takes the first two over at
// once, resuming each at the first part not in the channel, and leaves
// the others to their workers. The runs' used to wait out their leases,
// a minute after a restart by default.
func TestARunTakesOverAtOnceFromTheRunBeforeIt(t *testing.T) {
	f := newFixture(t, Options{HoldsRunLock: true, InFlight: time.Millisecond})
	p := &finder{flaky: newFlaky(4), inChannel: 2}
	f.worker.Add(p)
	f.publish(t, "discord", "OTHERHOST", "REUSED", "CONSOLE", "ALIVE")
	host, _, ok := ownerProcess(f.worker.owner)
	if !ok {
		t.Fatalf("the worker's name %q does not name its process", f.worker.owner)
	}
	if !strings.HasPrefix(tagOf(f.worker.owner), runTag) {
		t.Fatalf("the run's worker's name %q does not say it is a run's", f.worker.owner)
	}
	owners := map[string]string{
		"OTHERHOST": "elsewhere.example:4242:" + runTag + "0a0a0a0a",
		"REUSED":    fmt.Sprintf("%s:%d:%s0b0b0b0b", host, os.Getpid(), runTag),
		"CONSOLE":   "elsewhere.example:4343:0c0c0c0c",
		"ALIVE":     fmt.Sprintf("%s:%d:%s0d0d0d0d", host, os.Getppid(), runTag),
	}
	ctx := context.Background()
	f.claimWithOnePartSent(t, owners)
	deadline, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	f.worker.Deliver(deadline)
	for _, ch := range []string{"OTHERHOST", "REUSED"} {
		if got := p.got(ch); got != "[2 3]" {
			t.Errorf("%s: posted parts %s, want [2 3]", ch, got)
		}
		if d := f.states(t)[ch]; d.State != store.DeliveryDelivered || d.PartsSent != 4 || d.MessageRef != ch+":0" {
			t.Errorf("%s: %+v", ch, d)
		}
	}
	for _, ch := range []string{"CONSOLE", "ALIVE"} {
		if got := p.got(ch); got != "[]" {
			t.Errorf("%s: posted parts %s, want none", ch, got)
		}
		if d := f.states(t)[ch]; d.State != store.DeliverySending || d.LeaseOwner != owners[ch] {
			t.Errorf("%s: %+v, want it still sending under its worker's claim", ch, d)
		}
	}
}

// TestTakeOverAtOnceFromAProcessIDInUseAgain: a delivery was left sending,
// with an hour's lease and part 1 posted unrecorded, by a worker of a
// process on this host whose ID is now another process's: its name
// records a start the process now of that ID did not have (here this
// test's parent, running). A starting worker takes it over at once,
// whether or not it holds the run lock; a delivery of a worker whose
// recorded start is the running process's is left to it. It used to be
// waited out, a minute by default: the process ID alone looked alive.
func TestTakeOverAtOnceFromAProcessIDInUseAgain(t *testing.T) {
	parent := os.Getppid()
	start, ok := processStart(parent)
	if !ok {
		t.Skip("this system does not say when a process started (no /proc)")
	}
	for _, run := range []bool{false, true} {
		f := newFixture(t, Options{HoldsRunLock: run, InFlight: time.Millisecond})
		p := &finder{flaky: newFlaky(4), inChannel: 2}
		f.worker.Add(p)
		f.publish(t, "discord", "REUSED", "ALIVE")
		host, _, ok := ownerProcess(f.worker.owner)
		if !ok {
			t.Fatalf("the worker's name %q does not name its process", f.worker.owner)
		}
		if _, ok := ownerStart(f.worker.owner); !ok {
			t.Errorf("the worker's name %q does not record when its process started", f.worker.owner)
		}
		owners := map[string]string{
			"REUSED": fmt.Sprintf("%s:%d:%s0e0e0e0e%s%s1", host, parent, runTag, startSep, start),
			"ALIVE":  fmt.Sprintf("%s:%d:%s0f0f0f0f%s%s", host, parent, runTag, startSep, start),
		}
		ctx := context.Background()
		f.claimWithOnePartSent(t, owners)
		deadline, cancel := context.WithTimeout(ctx, 3*time.Second)
		f.worker.Deliver(deadline)
		cancel()
		if got := p.got("REUSED"); got != "[2 3]" {
			t.Errorf("run lock %v: the delivery of the process whose ID is in use again: posted parts %s, want [2 3]", run, got)
		}
		if d := f.states(t)["REUSED"]; d.State != store.DeliveryDelivered || d.PartsSent != 4 {
			t.Errorf("run lock %v: the delivery of the process whose ID is in use again: %+v", run, d)
		}
		if got := p.got("ALIVE"); got != "[]" {
			t.Errorf("run lock %v: the running process's delivery: posted parts %s, want none", run, got)
		}
		if d := f.states(t)["ALIVE"]; d.State != store.DeliverySending || d.LeaseOwner != owners["ALIVE"] {
			t.Errorf("run lock %v: the running process's delivery: %+v, want it still sending under its worker's claim", run, d)
		}
	}
}

// claimWithOnePartSent has each channel's delivery claimed by its owner
// for an hour, with the first of its parts sent: the state a worker left
// when its process stopped (or still runs) mid-delivery.
func (f *fixture) claimWithOnePartSent(t *testing.T, owners map[string]string) {
	t.Helper()
	ctx := context.Background()
	for ch, owner := range owners {
		d := f.states(t)[ch]
		if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, owner, time.Now(), time.Hour); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if err := f.store.RecordDeliveryPart(ctx, d.ID, owner, 1, ch+":0", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
}
