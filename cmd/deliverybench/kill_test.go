package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
)

// TestMain lets the test binary run as the delivering child when the
// kill test starts it again with the child environment.
func TestMain(m *testing.M) {
	if isChild(os.Getenv) {
		if err := runChild(context.Background(), os.Getenv, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "delivering child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// faultyPlatforms serves a Slack and a Discord fake that rate-limit, fail
// with 5xx and drop connections before and after posting (1% each, their
// faults seeded with slackSeed and discordSeed), and names them and a new
// ledger for the delivering children.
func faultyPlatforms(t *testing.T, slackSeed, discordSeed uint64) (*slacktest.Fake, *discordtest.Fake, endpoints) {
	t.Helper()
	faults := slacktest.Faults{ServerError: 0.01, DropBefore: 0.01, DropAfter: 0.01, Seed: slackSeed}
	sl := slacktest.New(slacktest.Options{PerChannelRate: 20, Burst: 2, Faults: faults})
	faults.Seed = discordSeed
	dc := discordtest.New(discordtest.Options{GlobalPerSecond: 2000, RouteLimit: 3, RoutePeriod: 100 * time.Millisecond, Faults: faults})
	slackSrv, discordSrv := httptest.NewServer(sl), httptest.NewServer(dc)
	t.Cleanup(slackSrv.Close)
	t.Cleanup(discordSrv.Close)
	return sl, dc, endpoints{DB: filepath.Join(t.TempDir(), "ledger.db"), SlackURL: slackSrv.URL, DiscordURL: discordSrv.URL}
}

// TestKilledDeliveryResumesExactlyOnce delivers a 40-story edition to
// killChannels channels (half Slack, half Discord) from a child process
// (this test binary, re-executed) that is killed with SIGKILL at random
// points and restarted, against fakes that rate-limit, fail with 5xx and
// drop connections before and after posting. Every channel must get every
// message of the edition exactly once, in order.
func TestKilledDeliveryResumesExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sl, dc, ep := faultyPlatforms(t, 1, 2)
	if err := publish(ctx, benchConfig(ep), 40, killChannels); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill seed %d", seed)
	plan := killPlan{Kills: 5, Min: 150 * time.Millisecond, Max: 1200 * time.Millisecond, Rand: rand.New(rand.NewPCG(seed, 2))}
	opts := delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxAttempts: 100, Lease: 2 * time.Second}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	start := time.Now()
	killed, err := runChildren(ctx, exe, []string{"-test.run=^$"}, childVars(ep, opts), plan, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	tally, err := check(ctx, ep, sl, dc)
	if err != nil {
		t.Fatal(err)
	}
	ss, ds := sl.Stats(), dc.Stats()
	t.Logf("%s in %s; %d children killed; slack %+v; discord %+v", tally, time.Since(start).Round(time.Millisecond), killed,
		[3]int{ss.Posts, ss.RateLimited, ss.Faults}, [3]int{ds.Posts, ds.RateLimited, ds.Faults})
	if tally.Channels != killChannels || tally.Duplicates+tally.Missing+tally.Disordered+tally.Undone != 0 {
		t.Errorf("not exactly once, in order: %s\n%s", tally, stderr.String())
	}
	if killed == 0 {
		t.Error("the delivery finished before any child was killed; the test proved nothing")
	}
}

// TestTwoProcessesDeliverEachPartOnce runs two delivering processes (this
// test binary, re-executed) at the same time on one database file against
// one pair of rate-limited fakes that also fail and drop connections. The
// leases keep every delivery to one process at a time: every channel must
// get every message exactly once, in order, and both processes must have
// held deliveries at the same moment (else the test proved nothing).
func TestTwoProcessesDeliverEachPartOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sl, dc, ep := faultyPlatforms(t, 3, 4)
	if err := publish(ctx, benchConfig(ep), 40, killChannels/2); err != nil {
		t.Fatal(err)
	}
	// A short lease, renewed every quarter second, on deliveries that wait
	// longer than that for Slack's rate limit.
	opts := delivery.Options{Workers: 16, Backoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxAttempts: 100,
		Lease: time.Second}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	watch, stopWatching := context.WithCancel(ctx)
	owners := make(chan int, 1)
	go func() { owners <- mostOwnersAtOnce(watch, ep.DB) }()
	var stderr syncbuf.Buffer // written by both children's copying goroutines
	err = runTogether(ctx, exe, []string{"-test.run=^$"}, childVars(ep, opts), 2, &stderr)
	stopWatching()
	mostOwners := <-owners // the watcher has closed the database
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	tally, err := check(ctx, ep, sl, dc)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; slack posts %d, discord posts %d", tally, sl.Stats().Posts, dc.Stats().Posts)
	if tally.Channels != killChannels/2 || tally.Duplicates+tally.Missing+tally.Disordered+tally.Undone != 0 {
		t.Errorf("not exactly once, in order: %s\n%s", tally, stderr.String())
	}
	if n := mostOwners; n < 2 {
		t.Errorf("at most %d process held deliveries at once: the processes did not deliver side by side", n)
	}
}

func TestCompareCountsDuplicatesAndGaps(t *testing.T) {
	for _, c := range []struct {
		got       []int
		want      int
		dup, miss int
		ordered   bool
	}{
		{[]int{0, 1, 2}, 3, 0, 0, true},
		{[]int{0, 1, 1, 2}, 3, 1, 0, false},
		{[]int{0, 2}, 3, 0, 1, false},
		{[]int{1, 0, 2}, 3, 0, 0, false},
		{[]int{0, -1, 1}, 2, 1, 0, false},
	} {
		dup, miss, ordered := compare(c.got, c.want)
		if dup != c.dup || miss != c.miss || ordered != c.ordered {
			t.Errorf("compare(%v, %d) = %d %d %v", c.got, c.want, dup, miss, ordered)
		}
	}
}

func TestFloorIsTheBindingLimit(t *testing.T) {
	// 500 Discord channels × 4 messages at 50 a second: 40 windows, the
	// last starting after 39 seconds; Slack's 3 messages fit its burst.
	if got := floorOf(500, 500, 3, 4, slackLimits(), discordLimits()); got != 39*time.Second {
		t.Errorf("floor = %s", got)
	}
	if got := floorOf(10, 0, 8, 0, slackLimits(), discordLimits()); got != 5*time.Second {
		t.Errorf("slack floor = %s", got)
	}
}

// mostOwnersAtOnce watches the ledger until ctx ends and returns the most
// distinct workers seen holding deliveries at the same moment.
func mostOwnersAtOnce(ctx context.Context, db string) int {
	st, err := store.Open(ctx, db)
	if err != nil {
		return 0
	}
	defer st.Close()
	most := 0
	for ctx.Err() == nil {
		open, err := st.OpenDeliveries(ctx)
		if err == nil {
			owners := map[string]bool{}
			for _, d := range open {
				if d.State == store.DeliverySending && d.LeaseOwner != "" {
					owners[d.LeaseOwner] = true
				}
			}
			most = max(most, len(owners))
		}
		time.Sleep(10 * time.Millisecond)
	}
	return most
}

// TestKilledEmailDeliveryMailsEveryReaderOnce mails an edition to
// killReaders readers through a real SMTP server from a child process (this
// test binary, re-executed) that is killed with SIGKILL at random points and
// restarted. Every reader must get the edition, under one Message-ID, and
// the ledger must show every mail delivered. A mail the server accepted
// just before a kill, before the ledger recorded it, is sent again under
// the same Message-ID (logged as resent): SMTP cannot be asked what it
// already has.
func TestKilledEmailDeliveryMailsEveryReaderOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "ledger.db")
	if err := publishEmail(ctx, emailConfig(db), 10, killReaders); err != nil {
		t.Fatal(err)
	}
	const rate = 400.0
	opts := delivery.Options{Backoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxAttempts: 100, Lease: 2 * time.Second}
	vars := append(childVars(endpoints{DB: db}, opts), fmt.Sprintf("%s=%s|%d|%g", emailEnv, srv.Host(), srv.Port(), rate))
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill seed %d", seed)
	plan := killPlan{Kills: 3, Min: 300 * time.Millisecond, Max: 900 * time.Millisecond, Rand: rand.New(rand.NewPCG(seed, 4))}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	killed, err := runChildren(ctx, exe, []string{"-test.run=^$"}, vars, plan, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	tally, err := checkEmail(ctx, db, srv.Messages())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s; %d children killed; %d mails accepted", tally, killed, len(srv.Messages()))
	if tally.Readers != killReaders || tally.Duplicates+tally.Missing+tally.Undone != 0 {
		t.Errorf("not every reader once: %s\n%s", tally, stderr.String())
	}
	if killed == 0 {
		t.Error("the mailing finished before any child was killed; the test proved nothing")
	}
}

// TestTwoProcessesMailAndPostOnceWhenOneIsKilled: two delivering
// processes (this test binary, re-executed) at once on one database, each
// with the Slack and Discord adapters and the email edition, one edition
// to channels and readers alike; one process is killed (SIGKILL) while
// both send, and the other takes its claims over once their leases run
// out. Every channel gets every message once, in order, and every reader
// the mail under one Message-ID, the ledger showing all delivered.
func TestTwoProcessesMailAndPostOnceWhenOneIsKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sl, dc, ep := faultyPlatforms(t, 5, 6)
	srv, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg := benchConfig(ep)
	cfg.Email = emailConfig(ep.DB).Email
	cfg.HTTP.PublicURL = emailConfig(ep.DB).HTTP.PublicURL
	channels, readers := killChannels/4, killReaders/2
	err = publishTo(ctx, cfg, 10, func(st *store.Store) error {
		if err := subscribeChannels(ctx, st, channels); err != nil {
			return err
		}
		return importReaders(ctx, st, readers)
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := delivery.Options{Workers: 16, Backoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MaxAttempts: 100,
		Lease: time.Second}
	env := append(os.Environ(), append(childVars(ep, opts), mailServer{srv.Host(), srv.Port(), 200}.env())...)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Read on a failure while the other child may still be writing.
	var stderr syncbuf.Buffer
	var children [2]*exec.Cmd
	waits := make([]chan error, 2)
	for i := range children {
		children[i] = exec.CommandContext(ctx, exe, "-test.run=^$")
		children[i].Env = env
		children[i].Stdout, children[i].Stderr = &stderr, &stderr
		if err := children[i].Start(); err != nil {
			t.Fatal(err)
		}
		waits[i] = make(chan error, 1)
		go func() { waits[i] <- children[i].Wait() }()
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill seed %d", seed)
	after := 300*time.Millisecond + time.Duration(rand.New(rand.NewPCG(seed, 5)).Int64N(int64(600*time.Millisecond)))
	select {
	case err := <-waits[0]:
		t.Fatalf("the first child ended (%v) before it was killed, after %s: the test proved nothing\n%s", err, after, stderr.String())
	case <-time.After(after):
	}
	if err := children[0].Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-waits[0]
	if err := <-waits[1]; err != nil {
		t.Fatalf("the second child: %v\n%s", err, stderr.String())
	}
	chat, err := check(ctx, ep, sl, dc)
	if err != nil {
		t.Fatal(err)
	}
	mail, err := checkEmail(ctx, ep.DB, srv.Messages())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after %s; %s; %s", after, chat, mail)
	if chat.Channels != channels || chat.Duplicates+chat.Missing+chat.Disordered+chat.Undone != 0 {
		t.Errorf("channels not exactly once, in order: %s\n%s", chat, stderr.String())
	}
	if mail.Readers != readers || mail.Duplicates+mail.Missing+mail.Undone != 0 {
		t.Errorf("readers not once each: %s\n%s", mail, stderr.String())
	}
}
