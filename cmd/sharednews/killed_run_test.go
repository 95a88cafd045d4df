package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestKilledRunsDeliveriesResumeAtOnce: a real `sharednews run` is killed
// with SIGKILL half-way through delivering an edition to 400 Slack
// channels, and a new run is started on the database. Every channel gets
// the edition once, and the channels whose deliveries the killed run was
// sending when it died get it within seconds of the restart (the ten a
// post the killed run sent is given to land). They used to
// wait out the dead run's claims, a minute (its delivery lease), though
// the new run holds the run lock and the run that claimed them is gone.
func TestKilledRunsDeliveriesResumeAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	const channels = 400
	fake, api, db, first := runHalfWay(t, channels)
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.wait()
	if n := len(fake.Parts()); n == channels {
		t.Fatal("the first run delivered to every channel before it was killed; nothing was left to resume")
	}

	second := startRunProcess(t, db, api)
	if !second.readyOrExited(t) {
		t.Fatalf("a run after the holder was killed did not start:\n%s", second.stderr.String())
	}
	restarted := time.Now()
	// Well under the minute of a delivery lease, well over what 400
	// channels take on a loaded machine.
	for deadline := restarted.Add(20 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	if n := len(fake.Parts()); n < channels {
		t.Errorf("%d of %d channels had the edition %s after the restart", n, channels, time.Since(restarted).Round(time.Second))
	} else {
		t.Logf("every channel had the edition %s after the restart", time.Since(restarted).Round(time.Millisecond))
	}
	time.Sleep(300 * time.Millisecond) // room for a second copy, were one on its way
	eachPartOnce(t, fake.Parts())
	if posts := fake.Stats().Posts; posts > channels {
		t.Errorf("%d posts for %d channels of a one-message edition", posts, channels)
	}
}

// TestARunTakesOverAtOnceFromARunOfAnotherHost: a run was killed while
// sending an edition to 20 Slack channels, in a container since made
// anew: the next run has another host name (a container's is its ID)
// and cannot see by its process ID, 1, that it is gone. The next real
// `sharednews run` holds the run lock, so the dead run's claims are of a
// run gone: every channel gets the edition within seconds, once. It used
// to wait out the dead run's leases, an hour here, a minute by default.
func TestARunTakesOverAtOnceFromARunOfAnotherHost(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	// The name a run's worker gives itself (delivery.ownerName).
	takesOverFrom(t, "0123456789ab:1:run-0a0a0a0a")
}

// TestARunTakesOverAtOnceFromARunWhoseIDIsInUseAgain: a run of this host
// was killed while sending an edition to 20 Slack channels, and its
// process ID is now another process's (this test's parent, running): a
// run under an init in a container restarted, whose ID went to another
// process. Its worker's name records when its process started, which is
// not when the process now of that ID started. The next real `sharednews
// run` takes its deliveries over: every channel gets the edition within
// seconds (the ten a post the killed run sent is given to land), once. It used to wait out the dead run's leases, an
// hour here, a minute by default: the ID alone looked alive.
func TestARunTakesOverAtOnceFromARunWhoseIDIsInUseAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	parent := os.Getppid()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", parent))
	if err != nil {
		t.Skip("this system does not say when a process started (no /proc)")
	}
	// Field 22 of /proc/PID/stat, counted after the command's name in
	// brackets (field 2), is when the process started.
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	host, _ := os.Hostname()
	takesOverFrom(t, fmt.Sprintf("%s:%d:run-0a0a0a0a@%s1", host, parent, fields[22-3]))
}

// takesOverFrom publishes an edition to 20 Slack channels whose deliveries
// the worker named dead claimed for an hour, starts a real run, and
// checks that every channel gets the edition within 20 seconds, once.
func takesOverFrom(t *testing.T, dead string) {
	t.Helper()
	const channels = 20
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)
	ctx := context.Background()
	st := storetest.Open(t, db)
	open, err := st.OpenDeliveries(ctx)
	if err != nil || len(open) != channels {
		t.Fatalf("%d open deliveries, want %d: %v", len(open), channels, err)
	}
	for _, d := range open {
		if _, ok, err := st.ClaimDelivery(ctx, d.ID, dead, time.Now(), time.Hour); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	st.Close()

	run := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !run.readyOrExited(t) {
		t.Fatalf("the run did not start:\n%s", run.stderr.String())
	}
	started := time.Now()
	for deadline := started.Add(20 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	if n := len(fake.Parts()); n < channels {
		t.Errorf("%d of %d channels had the edition %s after the run started", n, channels, time.Since(started).Round(time.Second))
	} else {
		t.Logf("every channel had the edition %s after the run started", time.Since(started).Round(time.Millisecond))
	}
	time.Sleep(300 * time.Millisecond) // room for a second copy, were one on its way
	eachPartOnce(t, fake.Parts())
}

// TestARunFrozenPastItsLeasePostsNothingTwice: a real `sharednews run` is
// frozen (SIGSTOP) half-way through delivering an edition to 400 Slack
// channels, and stays frozen past its delivery leases (a minute). A
// second run started meanwhile is refused, naming the frozen one: a
// frozen process keeps its run lock, so no other run takes its
// deliveries over. Woken (SIGCONT) with its leases run out, the frozen
// run finishes the edition: every channel gets it once.
func TestARunFrozenPastItsLeasePostsNothingTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts, freezes and waits over a minute for processes")
	}
	const channels = 400
	fake, api, db, frozen := runHalfWay(t, channels)
	if err := frozen.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	woken := false
	defer func() {
		if !woken {
			frozen.cmd.Process.Signal(syscall.SIGCONT) // or the cleanup's kill waits on it
		}
	}()
	frozenAt := time.Now()
	if n := len(fake.Parts()); n == channels {
		t.Fatal("the first run delivered to every channel before it was frozen; nothing was left to take over")
	}

	second := startRunProcess(t, db, api)
	if second.readyOrExited(t) {
		t.Fatal("a second run started beside a frozen one")
	}
	host, _ := os.Hostname()
	wantAll(t, "the refusal", second.stderr.String(), []string{"already in use by another `sharednews run`",
		fmt.Sprintf("process %d on %s since ", frozen.cmd.Process.Pid, host)})

	time.Sleep(time.Until(frozenAt.Add(65 * time.Second))) // past the delivery leases
	before := len(fake.Parts())
	if err := frozen.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	woken = true
	wokeAt := time.Now()
	for deadline := wokeAt.Add(30 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	if n := len(fake.Parts()); n < channels {
		t.Errorf("%d of %d channels had the edition after the frozen run woke (%d before)", n, channels, before)
	}
	t.Logf("every channel had the edition %s after the frozen run woke", time.Since(wokeAt).Round(time.Millisecond))
	time.Sleep(300 * time.Millisecond) // room for a second copy, were one on its way
	eachPartOnce(t, fake.Parts())
	if posts := fake.Stats().Posts; posts > channels {
		t.Errorf("%d posts for %d channels of a one-message edition", posts, channels)
	}
}

// runHalfWay starts a real `sharednews run` on a new database with an
// edition waiting for channels Slack channels, and returns once half of
// them have it: the fake, its API's URL, the database and the run.
func runHalfWay(t *testing.T, channels int) (*slacktest.Fake, string, string, *runProcess) {
	t.Helper()
	return runHalfWayThrough(t, channels, func(fake http.Handler) http.Handler { return fake })
}

// runHalfWayThrough is runHalfWay with the fake Slack behind slack, which
// stands between it and the run (a slow Slack, say).
func runHalfWayThrough(t *testing.T, channels int, slack func(fake http.Handler) http.Handler) (*slacktest.Fake, string, string, *runProcess) {
	t.Helper()
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(slack(fake))
	t.Cleanup(slackSrv.Close)
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)
	api := slackSrv.URL + "/api/"
	run := startRunProcess(t, db, api)
	if !run.readyOrExited(t) {
		t.Fatalf("the first run did not start:\n%s", run.stderr.String())
	}
	for deadline := time.Now().Add(30 * time.Second); len(fake.Parts()) < channels/2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d channels got the edition from the first run", len(fake.Parts()), channels)
		}
	}
	return fake, api, db, run
}
