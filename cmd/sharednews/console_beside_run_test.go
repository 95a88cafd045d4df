package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestConsolePublishesBesideRun: a real `sharednews run` has delivered
// an edition to 40 Slack channels and waits, and an editor publishes the
// next one from a real `sharednews console` on the same database. Each
// channel gets each edition once. The console's edition reached the
// channels only when run's idle worker looked at the ledger again, up to
// a minute later, while the console had said "delivering"; it now
// arrives within seconds. (Published while run is still delivering, it
// was seen at once: run looks again as its last attempt ends.)
func TestConsolePublishesBesideRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 40
	fake := slacktest.New(slacktest.Options{PerChannelRate: 5, Burst: 1})
	slackSrv := httptest.NewServer(fake)
	defer slackSrv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	publishTo(t, db, channels)
	run := startRunProcess(t, db, slackSrv.URL+"/api/")
	ctx := context.Background()
	st := storetest.Open(t, db)
	// Every delivery of the first edition recorded: run is idle.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		open, err := st.OpenDeliveries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(open) == 0 && len(fake.Parts()) == channels {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not deliver the first edition:\n%s", run.stderr.String())
		}
	}
	ed := digest.Person{Platform: "console", ID: "ed", Name: "Ed"}
	for i := range 3 {
		s, err := st.AddStory(ctx, digest.Story{URL: fmt.Sprintf("https://news.example/next/%d", i), Headline: fmt.Sprintf("Boroughs merge a team %d", i),
			Summary: "Two boroughs merge a team.", Sector: "health", State: digest.StateQueued})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: ed}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cfg := filepath.Join(t.TempDir(), "console.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[bot]\ndatabase = %s\n[feeds]\nsource = []\n", quote(db))), 0o600); err != nil {
		t.Fatal(err)
	}
	console := cliCommand(t, "--config", cfg, "console")
	console.Stdin = strings.NewReader("/shared publish\n")
	out, err := console.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Published edition 2") {
		t.Fatalf("console: %v\n%s", err, out)
	}
	published := time.Now()

	// Both editions in every channel: two keys each.
	both := func() bool { return countBoth(fake.Parts()) == channels }
	for deadline := published.Add(15 * time.Second); !both(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("15 s after the console published, %d channels had both editions", countBoth(fake.Parts()))
		}
	}
	posts := fake.Stats().Posts
	run.cmd.Process.Signal(syscall.SIGTERM)
	if err := run.wait(); err != nil {
		t.Errorf("run after SIGTERM: %v", err)
	}
	eachPartOnce(t, fake.Parts())
	if got := fake.Stats().Posts; got != posts {
		t.Errorf("%d posts after every channel had both editions", got-posts)
	}
}

// countBoth is how many channels have parts of two editions.
func countBoth(parts map[string][]slacktest.Part) int {
	n := 0
	for _, ps := range parts {
		keys := map[string]bool{}
		for _, p := range ps {
			keys[p.Key] = true
		}
		if len(keys) >= 2 {
			n++
		}
	}
	return n
}
