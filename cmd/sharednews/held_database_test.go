package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/store/storetest"
)

// cpuTicks is the CPU time, user and system, process pid has used so
// far, in the kernel's clock ticks (/proc/PID/stat).
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Skipf("no /proc to read the run's CPU time from: %v", err)
	}
	// The fields after the command's name, which is in brackets and may
	// hold spaces: utime and stime are the 14th and 15th of the line.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, err1 := strconv.Atoi(fields[11])
	stime, err2 := strconv.Atoi(fields[12])
	if err1 != nil || err2 != nil {
		t.Fatalf("read /proc/%d/stat: %q", pid, b)
	}
	return utime + stime
}

// TestARunWaitsOutAWriteLockHeldOverTheScheduledTime: a real `sharednews
// run`, scheduled every minute with a draft of three stories for 50 Slack
// channels, finds the database's write lock held by another program (a
// sqlite3 shell in BEGIN IMMEDIATE) from 4 s before the time to 30 s
// after it. The edition goes out once the lock is let go, to every
// channel once; the log says once that the publication waits and why;
// and the run idles while it waits (its CPU time over the 34 s is
// logged, and held under a second).
func TestARunWaitsOutAWriteLockHeldOverTheScheduledTime(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a minute's scheduled time and holds the database 34 s")
	}
	const channels = 50
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	// The run publishes at the first minute after it starts: started
	// with time to spare before it, for the lock to be taken first, and
	// with the stories approved after the minute before, which it would
	// otherwise catch up at once as a time it missed.
	if next := time.Now().Truncate(time.Minute).Add(time.Minute); time.Until(next) < 20*time.Second {
		time.Sleep(time.Until(next.Add(time.Second)))
	}
	db := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, db)
	seedEdition(t, st, channels)
	st.Close()
	addr := freeAddr(t)
	cfg := writeFile(t, "config.toml", fmt.Sprintf("[bot]\ndatabase = %s\ntimezone = \"UTC\"\n[digest]\nschedule = \"* * * * *\"\n"+
		"[http]\nlisten = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\n[feeds]\nsource = []\n",
		quote(db), addr, slackSrv.URL+"/api/"))
	run := startRunWith(t, "", cfg, addr)
	if !run.readyOrExited(t) {
		t.Fatalf("the run did not start:\n%s", run.stderr.String())
	}
	slot := time.Now().Truncate(time.Minute).Add(time.Minute)
	if time.Until(slot) < 5*time.Second {
		t.Fatalf("the run took until %s to start, too close to its time to take the lock before it", time.Until(slot))
	}
	time.Sleep(time.Until(slot.Add(-4 * time.Second)))
	if len(fake.Parts()) > 0 {
		t.Fatal("the edition went out before its time")
	}
	release := storetest.HoldWriteLock(t, db)
	before := cpuTicks(t, run.cmd.Process.Pid)
	time.Sleep(time.Until(slot.Add(30 * time.Second)))
	idle := cpuTicks(t, run.cmd.Process.Pid) - before
	release()
	if n := len(fake.Parts()); n > 0 {
		t.Fatalf("%d channels got the edition while the database was held", n)
	}
	let := time.Now()
	for deadline := let.Add(60 * time.Second); len(fake.Parts()) < channels && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	out := time.Since(let)
	time.Sleep(300 * time.Millisecond) // room for a second copy, were one on its way
	if n := len(fake.Parts()); n != channels {
		t.Errorf("%d of %d channels had the edition %s after the lock was let go", n, channels, out.Round(time.Second))
	}
	if out > 15*time.Second {
		// The next minute's time published it: a weekly edition would
		// have waited a week, or an editor.
		t.Errorf("the edition went out %s after the lock was let go, not when it was", out.Round(time.Second))
	}
	eachPartOnce(t, fake.Parts())
	if posts := fake.Stats().Posts; posts > channels {
		t.Errorf("%d posts for %d channels of a one-message edition", posts, channels)
	}
	log := run.stderr.String()
	if n := strings.Count(log, "scheduled publication waits: another program holds the database"); n != 1 {
		t.Errorf("the log says %d times that the publication waits for the database, want once", n)
	}
	if strings.Contains(log, "scheduled publication failed") {
		t.Error("the log says the scheduled publication failed")
	}
	if idle > 100 { // a second of CPU at the kernel's usual 100 ticks a second
		t.Errorf("the run used %d ticks of CPU over the 34 s it waited for the database", idle)
	}
	t.Logf("CPU while the database was held 34 s: %d ticks; every channel had the edition %s after the lock was let go",
		idle, out.Round(time.Millisecond))
}
