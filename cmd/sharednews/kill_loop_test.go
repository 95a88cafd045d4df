package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/email/smtptest"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestKilledFiftyTimesDeliversEachCopyOnce: an edition waits for 200
// Slack channels and 200 email readers, and real `sharednews run`
// processes on its database are killed with SIGKILL 50 times, each at a
// random point: while it starts, or after a random handful of posts and
// mails have gone out since it started. A last run is left to finish.
// Every channel has the edition once, and every reader has it under one
// Message-ID: a mail the server accepted in the instant before the kill
// and the ledger's record is sent again under the same Message-ID, which
// mail providers collapse (the README's "Exactly once, and its limit");
// the test counts those copies and logs them.
func TestKilledFiftyTimesDeliversEachCopyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills 51 processes")
	}
	const channels, readers, kills = 200, 200, 50
	fake := slacktest.New(slacktest.Options{PerChannelRate: 100, Burst: 10})
	// Each post takes Slack a while, and goes in even when its poster is
	// killed meanwhile, as a request already sent does: the kills find
	// posts on their way, and the deliveries spread over many runs.
	slackSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			time.Sleep(time.Duration(50+rand.IntN(150)) * time.Millisecond)
		}
		fake.ServeHTTP(w, r)
	}))
	defer slackSrv.Close()
	mail, err := smtptest.Start(smtptest.Options{NoTLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer mail.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	var list strings.Builder
	for i := range readers {
		fmt.Fprintf(&list, "reader%03d@example.org\n", i)
	}
	cfg, _ := killLoopConfig(t, db, slackSrv.URL+"/api/", mail.Port())
	if out, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", writeFile(t, "readers.csv", list.String())); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	publishToAll(t, db, channels, true)

	out := func() int { return fake.Stats().Posts + len(mail.Messages()) }
	began := time.Now()
	idle := 0 // kills that found nothing left to send
	for k := range kills {
		before := out()
		if before >= channels+readers {
			idle++
		}
		run := startKillLoopRun(t, db, slackSrv.URL+"/api/", mail.Port())
		// Half the kills come at a random moment of the run's start and
		// first sends, half once a random handful has gone out.
		deadline := time.Now().Add(time.Duration(20+rand.IntN(300)) * time.Millisecond)
		want := -1
		if k%2 == 1 {
			want = before + 1 + rand.IntN(8)
			deadline = time.Now().Add(600 * time.Millisecond)
		}
		for time.Now().Before(deadline) && (want < 0 || out() < want) {
			time.Sleep(500 * time.Microsecond)
		}
		if err := run.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		run.wait()
	}
	killed := time.Since(began)
	sentWhileKilled := out()

	last := startKillLoopRun(t, db, slackSrv.URL+"/api/", mail.Port())
	restarted := time.Now()
	done := func() bool { return len(fake.Parts()) >= channels && len(killLoopReaders(t, mail)) >= readers }
	for deadline := restarted.Add(30 * time.Second); !done() && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	finished := time.Since(restarted)
	time.Sleep(500 * time.Millisecond) // room for a second copy, were one on its way
	if err := last.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	last.wait()

	parts := fake.Parts()
	if len(parts) != channels {
		t.Errorf("%d of %d channels have the edition", len(parts), channels)
	}
	eachPartOnce(t, parts)
	if posts := fake.Stats().Posts; posts > channels {
		t.Errorf("%d posts for %d channels of a one-message edition", posts, channels)
	}
	ids := killLoopReaders(t, mail)
	if len(ids) != readers {
		t.Errorf("%d of %d readers have the edition", len(ids), readers)
	}
	resent := 0
	for to, byID := range ids {
		if len(byID) != 1 {
			t.Errorf("%s has the edition under %d Message-IDs: %v", to, len(byID), byID)
		}
		for _, n := range byID {
			resent += n - 1
		}
	}
	t.Logf("%d kills in %s (%d found nothing left to send), %d of %d copies out by then; the last run finished in %s; "+
		"channels with the edition %d of %d, posts %d; readers with it %d of %d, mails resent under their Message-ID %d",
		kills, killed.Round(time.Millisecond), idle, sentWhileKilled, channels+readers, finished.Round(time.Millisecond),
		len(parts), channels, fake.Stats().Posts, len(ids), readers, resent)
}

// killLoopReaders is, for each reader with mail, how many mails it got
// under each Message-ID.
func killLoopReaders(t *testing.T, mail *smtptest.Server) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	for _, m := range mail.Messages() {
		h, err := m.Header()
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range m.To {
			if out[to] == nil {
				out[to] = map[string]int{}
			}
			out[to][h.Get("Message-ID")]++
		}
	}
	return out
}

// killLoopConfig writes a configuration of a run on db with Slack, in http
// mode, pointed at slackAPI, and the email edition sent through the SMTP
// server on loopback port smtpPort, listening on an address of its own,
// which it returns too.
func killLoopConfig(t *testing.T, db, slackAPI string, smtpPort int) (cfg, addr string) {
	t.Helper()
	addr = freeAddr(t)
	body := fmt.Sprintf("[bot]\ndatabase = %s\n[http]\nlisten = %q\npublic_url = %q\n[slack]\nenabled = true\nmode = \"http\"\napi_url = %q\n"+
		"[email]\nenabled = true\nsmtp_url = %q\ninsecure = true\nfrom = \"news@council.example\"\nper_second = 40\n[feeds]\nsource = []\n",
		quote(db), addr, "http://"+addr, slackAPI, "smtp://127.0.0.1:"+strconv.Itoa(smtpPort))
	return writeFile(t, "config.toml", body), addr
}

// startKillLoopRun starts a real `sharednews run` of killLoopConfig; the
// test kills it.
func startKillLoopRun(t *testing.T, db, slackAPI string, smtpPort int) *runProcess {
	t.Helper()
	cfg, addr := killLoopConfig(t, db, slackAPI, smtpPort)
	return startRunWith(t, "", cfg, addr)
}

// publishToAll is publishTo, recording a delivery per confirmed email
// reader too when mail is set.
func publishToAll(t *testing.T, db string, channels int, mail bool) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, db)
	defer st.Close() // before the run's process reads what it publishes
	seedEdition(t, st, channels)
	cfg := config.Default()
	cfg.Bot.Database = db
	cfg.Email.Enabled = mail
	b, err := bot.New(bot.Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Publish(ctx); err != nil {
		t.Fatal(err)
	}
}
