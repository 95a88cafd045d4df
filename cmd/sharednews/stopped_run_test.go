package main

import (
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stopGrace is how long `docker stop` (the README's deployment) waits
// after SIGTERM before it kills the process: a run that takes longer to
// stop is killed, its clean stop lost.
const stopGrace = 10 * time.Second

// TestStoppedMidEditionStopsInTimeAndTheNextRunFinishesOnce: a real
// `sharednews run` delivering an edition to 200 Slack channels, whose
// posts take Slack from 50 ms to 3 s each, is sent SIGTERM half-way. It
// stops within Docker's grace, exit 0, its last log line saying why, and
// the next run delivers the rest: every channel has the edition once.
func TestStoppedMidEditionStopsInTimeAndTheNextRunFinishesOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 200
	// Each post takes Slack a while, one in ten three seconds, and goes
	// in even when its poster gave up on it, as a request already sent
	// does: the stop finds posts on their way.
	fake, api, db, first := runHalfWayThrough(t, channels, slowPosts(10))
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	select {
	case <-first.exited:
	case <-time.After(2 * stopGrace):
		t.Fatalf("the run had not stopped %s after SIGTERM", 2*stopGrace)
	}
	took := time.Since(signalled)
	if took > stopGrace {
		t.Errorf("the run took %s to stop after SIGTERM; docker stop kills it after %s", took.Round(time.Millisecond), stopGrace)
	}
	if first.err != nil {
		t.Errorf("the run stopped by SIGTERM ended with %v", first.err)
	}
	lines := strings.Split(strings.TrimSpace(first.stderr.String()), "\n")
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last["msg"] != "stopped" {
		t.Errorf("the run's last log line is %q, want its stop and why", lines[len(lines)-1])
	}
	stoppedWith := len(fake.Parts())

	second := startRunProcess(t, db, api)
	if !second.readyOrExited(t) {
		t.Fatalf("the run after the stop did not start:\n%s", second.stderr.String())
	}
	restarted := time.Now()
	for deadline := restarted.Add(60 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	finished := time.Since(restarted)
	time.Sleep(3500 * time.Millisecond) // room for a second copy, were one on its way
	if n := len(fake.Parts()); n != channels {
		t.Errorf("%d of %d channels had the edition %s after the restart", n, channels, finished.Round(time.Second))
	}
	eachPartOnce(t, fake.Parts())
	if posts := fake.Stats().Posts; posts > channels {
		t.Errorf("%d posts for %d channels of a one-message edition", posts, channels)
	}
	t.Logf("stopped %s after SIGTERM with %d of %d channels served; the next run served the rest in %s; %d posts",
		took.Round(time.Millisecond), stoppedWith, channels, finished.Round(time.Millisecond), fake.Stats().Posts)
}

// TestAStoppedRunsDeliveriesAreTakenAtOnceByTheNextRun: a real `sharednews
// run` delivering an edition to 200 Slack channels, whose posts take
// Slack 50-200 ms, is sent SIGTERM half-way, and the next run starts as
// soon as it has stopped. The stopping run gave its claims back to be
// taken only 10 s later (Options.InFlight), the wait meant for a post a
// killed run may still have on its way, so the next run sat idle for most
// of that time before it served the channels left. A stopping run now
// lets the posts it has sent get their answer and records them, and what
// it gives back, with nothing of it on the way, is taken at once; every
// channel still has the edition once.
func TestAStoppedRunsDeliveriesAreTakenAtOnceByTheNextRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 200
	fake, api, db, first := runHalfWayThrough(t, channels, slowPosts(0))
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-first.exited:
	case <-time.After(2 * stopGrace):
		t.Fatalf("the run had not stopped %s after SIGTERM", 2*stopGrace)
	}
	stoppedWith := len(fake.Parts())
	second := startRunProcess(t, db, api)
	if !second.readyOrExited(t) {
		t.Fatalf("the run after the stop did not start:\n%s", second.stderr.String())
	}
	// Served is when the ledger has every copy delivered: a post the
	// stopped run gave up on may be in the channel already, and its
	// delivery still waits to be taken over and recorded.
	ledger, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer ledger.Close()
	open := func() int {
		var n int
		if err := ledger.QueryRow("SELECT count(*) FROM deliveries WHERE state IN ('pending', 'sending')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	restarted := time.Now()
	for deadline := restarted.Add(60 * time.Second); open() > 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
	}
	finished := time.Since(restarted)
	time.Sleep(500 * time.Millisecond) // room for a second copy, were one on its way
	if n := len(fake.Parts()); n != channels {
		t.Fatalf("%d of %d channels had the edition %s after the restart", n, channels, finished.Round(time.Second))
	}
	eachPartOnce(t, fake.Parts())
	t.Logf("stopped with %d of %d channels served; the next run served the rest %s after it was ready; %d posts",
		stoppedWith, channels, finished.Round(time.Millisecond), fake.Stats().Posts)
	if finished > 3*time.Second {
		t.Errorf("the next run served the channels the stopped run left %s after it was ready, want at once (under 3 s)", finished.Round(time.Millisecond))
	}
}

// slowPosts is a Slack whose every post takes it 50-200 ms, and one in
// oneInSlow (none when 0) three seconds, and goes in even when its poster
// gave up on it, as a request already sent does.
func slowPosts(oneInSlow int) func(fake http.Handler) http.Handler {
	return func(fake http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
				wait := time.Duration(50+rand.IntN(150)) * time.Millisecond
				if oneInSlow > 0 && rand.IntN(oneInSlow) == 0 {
					wait = 3 * time.Second
				}
				time.Sleep(wait)
			}
			fake.ServeHTTP(w, r)
		})
	}
}
