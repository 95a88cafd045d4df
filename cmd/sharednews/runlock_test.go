package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/runlock"
	"github.com/sharednews/sharednews/store"
)

// runProcess is a real `sharednews run` started by a test.
type runProcess struct {
	cmd    *exec.Cmd
	addr   string // its HTTP server
	stderr *lockedBuffer
	exited chan struct{} // closed when the process has ended
	err    error         // how it ended, once exited is closed
}

// wait waits for the process to end and says how it did.
func (p *runProcess) wait() error {
	<-p.exited
	return p.err
}

// freeAddr finds a loopback address nothing listens on, for a run to
// listen on once it has opened its database, which under -race can take
// seconds. A port the kernel handed out for 127.0.0.1:0 goes back to the
// ephemeral pool when freeAddr closes it, and another test's httptest
// server may be given it in that time: the test then talks to that server
// (a CI run read "/readyz = 404"). So the port is picked below the
// ephemeral range, where only an explicit bind such as this one lands.
func freeAddr(t *testing.T) string {
	t.Helper()
	low := ephemeralLow()
	for range 200 {
		if low <= 1024 {
			break
		}
		port := 1024 + rand.IntN(low-1024)
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			continue // taken by something else; pick again
		}
		ln.Close()
		return ln.Addr().String()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// ephemeralLow is the first port the kernel hands out for port 0
// (Linux's default when it cannot be read).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 32768
	}
	n, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return n
}

// startRunProcess starts `sharednews run` on db with Slack, in http mode, pointed
// at slackAPI; each process has its own config file for its own address.
func startRunProcess(t *testing.T, db, slackAPI string) *runProcess {
	t.Helper()
	return startRunProcessIn(t, "", db, slackAPI)
}

// startRunProcessIn is startRunProcess working in the folder dir (the
// test's own when empty), where a relative db is looked for.
func startRunProcessIn(t *testing.T, dir, db, slackAPI string) *runProcess {
	t.Helper()
	addr := freeAddr(t)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("[bot]\ndatabase = %s\n[http]\nlisten = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\n[feeds]\nsource = []\n",
		quote(db), addr, slackAPI)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return startRunWith(t, dir, cfg, addr)
}

// startRunWith starts `sharednews run` with the configuration cfg, which
// enables Slack and has the run listen on addr, in the folder dir (the
// test's own when empty).
func startRunWith(t *testing.T, dir, cfg, addr string) *runProcess {
	t.Helper()
	p := &runProcess{cmd: cliCommand(t, "--config", cfg, "run"), addr: addr, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Env = append(p.cmd.Env, "SLACK_BOT_TOKEN=xoxb-test", "SLACK_SIGNING_SECRET=secret")
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		p.wait()
		if t.Failed() {
			t.Logf("run %d said:\n%s", p.cmd.Process.Pid, p.stderr.String())
		}
	})
	return p
}

// get fetches a path of the run's HTTP server.
func (p *runProcess) get(path string) (int, string, error) {
	resp, err := http.Get("http://" + p.addr + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// readyOrExited waits until the run answers /readyz 200 (true) or exits
// (false).
func (p *runProcess) readyOrExited(t *testing.T) bool {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-p.exited:
			return false
		default:
		}
		if code, _, err := p.get("/readyz"); err == nil && code == http.StatusOK {
			return true
		}
	}
	t.Fatalf("run %d neither became ready nor exited:\n%s", p.cmd.Process.Pid, p.stderr.String())
	return false
}

// publishTo records a published edition of three stories with one pending
// delivery per Slack channel, as /shared publish in another process would.
// With no delivery worker, the bot's Publish only records: the run
// delivers.
func publishTo(t *testing.T, db string, channels int) {
	t.Helper()
	publishToAll(t, db, channels, false)
}

// seedEdition approves three stories into the draft and subscribes
// channels Slack channels.
func seedEdition(t *testing.T, st *store.Store, channels int) {
	t.Helper()
	ctx := context.Background()
	ed := digest.Person{Platform: "console", ID: "ed", Name: "Ed"}
	for i := range 3 {
		s, err := st.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example/%d", i), Headline: fmt.Sprintf("Councils share service %d", i),
			Summary: "Two councils share a service.", Sector: "health", State: digest.StateQueued})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range channels {
		if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: fmt.Sprintf("C%04d", i), ChannelName: "news"}); err != nil {
			t.Fatal(err)
		}
	}
}

// eachPartOnce fails t when a channel got a part of an edition twice.
func eachPartOnce(t *testing.T, parts map[string][]slacktest.Part) {
	t.Helper()
	for ch, ps := range parts {
		seen := map[slacktest.Part]bool{}
		for _, p := range ps {
			if seen[p] {
				t.Errorf("channel %s got part %d of %s twice", ch, p.Part, p.Key)
			}
			seen[p] = true
		}
	}
}

// TestOneRunPerDatabase starts two real `sharednews run` processes on one
// database at the same moment, with an edition waiting for 30 Slack
// channels. One runs and delivers; the other refuses, naming the first
// (pid, host, since when). Every channel gets the edition once. The
// running one is killed with SIGKILL and a new run takes over at once (no
// stale lock), posting nothing twice. When someone removes the lock file
// and another run starts beside it, the first reports not ready, names
// the other, and counts it in /metrics.
func TestOneRunPerDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 30
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)

	a, b := startRunProcess(t, db, slackSrv.URL+"/api/"), startRunProcess(t, db, slackSrv.URL+"/api/")
	aReady, bReady := a.readyOrExited(t), b.readyOrExited(t)
	if aReady == bReady {
		t.Fatalf("both runs ready: %v, %v", aReady, bReady)
	}
	winner, loser := a, b
	if bReady {
		winner, loser = b, a
	}
	if err := loser.wait(); err == nil {
		t.Error("the refused run exited 0")
	}
	host, _ := os.Hostname()
	refusal := loser.stderr.String()
	wantAll(t, "the refusal", refusal, []string{"already in use by another `sharednews run`", fmt.Sprintf("process %d on %s since ", winner.cmd.Process.Pid, host), runlock.Path(db)})

	// Every channel gets the edition, once.
	waitPosts := func() map[string][]slacktest.Part {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if parts := fake.Parts(); len(parts) == channels {
				return parts
			}
		}
		t.Fatalf("only %d of %d channels got the edition", len(fake.Parts()), channels)
		return nil
	}
	parts := waitPosts()
	time.Sleep(300 * time.Millisecond) // room for a second poster, were there one
	eachPartOnce(t, parts)
	posts := fake.Stats().Posts

	// kill -9: the kernel drops the lock and a new run starts at once.
	if err := winner.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	winner.wait()
	c := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !c.readyOrExited(t) {
		t.Fatalf("a run after the holder was killed did not start:\n%s", c.stderr.String())
	}
	time.Sleep(300 * time.Millisecond)
	if got := fake.Stats().Posts; got != posts {
		t.Errorf("%d more posts after the takeover", got-posts)
	}
	eachPartOnce(t, fake.Parts())

	// The lock file removed and another run started: c is not ready and
	// says who holds the lock now.
	if err := os.Remove(runlock.Path(db)); err != nil {
		t.Fatal(err)
	}
	d := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !d.readyOrExited(t) {
		t.Fatalf("run d did not start:\n%s", d.stderr.String())
	}
	code, body, err := c.get("/readyz")
	if err != nil || code != http.StatusServiceUnavailable || !strings.Contains(body, fmt.Sprintf("run_lock: the database %s is already in use by another `sharednews run`: process %d", db, d.cmd.Process.Pid)) {
		t.Errorf("/readyz of the run whose lock was taken = %d %q %v", code, body, err)
	}
	_, metrics, _ := c.get("/metrics")
	wantAll(t, "/metrics", metrics, []string{"sharednews_run_lock_lost_total 1", `sharednews_not_ready_total{check="run_lock"} 1`, `sharednews_not_ready_total{check="disk"} 0`, "sharednews_disk_full_writes_total 0"})

	// SIGTERM: both stop cleanly, releasing what they hold.
	for _, p := range []*runProcess{c, d} {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
			if p.err != nil {
				t.Errorf("run %d after SIGTERM: %v", p.cmd.Process.Pid, p.err)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("run %d did not stop on SIGTERM", p.cmd.Process.Pid)
		}
	}
	// The run that made the lock file removes it; one that found it
	// there empties it.
	if b, err := os.ReadFile(runlock.Path(db)); (err != nil && !errors.Is(err, fs.ErrNotExist)) || len(bytes.TrimSpace(b)) != 0 {
		t.Errorf("the lock file still names a holder after run stopped: %q %v", b, err)
	}
}

// TestOneRunWhateverTheDatabaseIsCalled: a second real `sharednews run`
// names the database of a running one another way, through a link to a
// folder and "..": /etc/sn/data/../news.db, data a link to /srv/sn/db,
// is /srv/sn/news.db to the kernel and to SQLite. It is refused, naming
// the running one's lock file, and makes no file where it looked first;
// each channel gets the waiting edition once. It used to take a lock of
// its own beside /etc/sn/news.db (an empty database file too) and run
// beside the first on the same database.
func TestOneRunWhateverTheDatabaseIsCalled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 5
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	srv, etc := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(srv, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(srv, "db"), filepath.Join(etc, "data")); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(srv, "news.db")
	dotted := filepath.Join(etc, "data") + string(filepath.Separator) + ".." + string(filepath.Separator) + "news.db"
	publishTo(t, db, channels)

	first := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !first.readyOrExited(t) {
		t.Fatalf("the first run did not start:\n%s", first.stderr.String())
	}
	second := startRunProcess(t, dotted, slackSrv.URL+"/api/")
	if second.readyOrExited(t) {
		t.Errorf("a second run on %s started beside the run on %s", dotted, db)
	} else if err := second.wait(); err == nil {
		t.Error("the refused run exited 0")
	}
	wantAll(t, "the refusal", second.stderr.String(), []string{"already in use by another `sharednews run`",
		fmt.Sprintf("process %d", first.cmd.Process.Pid), runlock.Path(db)})
	for _, name := range []string{filepath.Join(etc, "news.db"), runlock.Path(filepath.Join(etc, "news.db"))} {
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("the second run made %s, where the database is not", name)
		}
	}

	for deadline := time.Now().Add(30 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	posts := fake.Stats().Posts
	first.cmd.Process.Signal(syscall.SIGTERM) // its deliveries are done: a second poster would have posted by now too
	first.wait()
	parts := fake.Parts()
	if len(parts) != channels {
		t.Errorf("%d of %d channels got the edition", len(parts), channels)
	}
	eachPartOnce(t, parts)
	if got := fake.Stats().Posts; got != posts {
		t.Errorf("%d posts after every channel had the edition", got-posts)
	}
}

// TestSecondRunRefusalNamesTheDatabaseOneWay: a second real `sharednews
// run` on the database of a running one is refused in the same words
// whether bot.database names it relative to the folder it starts in, with
// "./", absolutely, or through a link to its folder: the operator reading
// it learns the one file both name, not back the spelling they typed.
func TestSecondRunRefusalNamesTheDatabaseOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	link := filepath.Join(t.TempDir(), "data")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	first := startRunProcess(t, db, slackSrv.URL+"/api/")
	if !first.readyOrExited(t) {
		t.Fatalf("the first run did not start:\n%s", first.stderr.String())
	}
	refusals := map[string]string{}
	for _, name := range []string{db, "news.db", "./news.db", filepath.Join(link, "news.db")} {
		second := startRunProcessIn(t, dir, name, slackSrv.URL+"/api/")
		if second.readyOrExited(t) {
			t.Fatalf("a second run on %s started", name)
		}
		second.wait()
		out := second.stderr.String()
		i := strings.Index(out, "the database ")
		if i < 0 {
			t.Fatalf("the run on %s was not refused for the lock:\n%s", name, out)
		}
		refusals[name] = strings.SplitN(out[i:], "\n", 2)[0]
	}
	want := refusals[db]
	wantAll(t, "the refusal", want, []string{"the database " + db + " is already in use by another `sharednews run`",
		fmt.Sprintf("process %d", first.cmd.Process.Pid), runlock.Path(db)})
	for name, got := range refusals {
		if got != want {
			t.Errorf("bot.database = %q is refused as\n%s\nwant, as for %s,\n%s", name, got, db, want)
		}
	}
}
