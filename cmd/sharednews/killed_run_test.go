package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestKilledRunsDeliveriesResumeAtOnce: a real `sharednews run` is killed
// with SIGKILL half-way through delivering an edition to 400 Slack
// channels, and a new run is started on the database. Every channel gets
// the edition once, and the channels whose deliveries the killed run was
// sending when it died get it within seconds of the restart. They used to
// wait out the dead run's claims, a minute (its delivery lease), though
// the new run holds the run lock and the run that claimed them is gone.
func TestKilledRunsDeliveriesResumeAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes")
	}
	const channels = 400
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)

	first := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !first.readyOrExited(t) {
		t.Fatalf("the first run did not start:\n%s", first.stderr.String())
	}
	for deadline := time.Now().Add(30 * time.Second); len(fake.Parts()) < channels/2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d channels got the edition from the first run", len(fake.Parts()), channels)
		}
	}
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.wait()
	if n := len(fake.Parts()); n == channels {
		t.Fatal("the first run delivered to every channel before it was killed; nothing was left to resume")
	}

	second := startRunProcess(t, db, slackSrv.URL+"/api/")
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
	const channels = 20
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)
	// The name a run's worker gives itself (delivery.ownerName).
	const dead = "0123456789ab:1:run-0a0a0a0a"
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
