package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestEveryCommandBesideARun: with a real `sharednews run` holding the
// database, having delivered an edition to 10 Slack channels, every other
// command is run on the same file as its own process: preview, check-config,
// migrate, backup, ingest, import of a real past edition, subscribers
// import, export and remove, and console. Each works (or says clearly why
// not), the run stays ready, the file stays whole, the backup opens and
// holds the edition, and no channel gets anything twice.
func TestEveryCommandBesideARun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const channels = 10
	fake, _, db, run := runHalfWay(t, channels)
	for deadline := time.Now().Add(30 * time.Second); len(fake.Parts()) < channels; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the run delivered to %d of %d channels", len(fake.Parts()), channels)
		}
	}
	posts := fake.Stats().Posts
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[bot]\ndatabase = %s\n[feeds]\nsource = []\n", quote(db))), 0o600); err != nil {
		t.Fatal(err)
	}
	readers := writeFile(t, "readers.csv", "email\nreader1@council.example\nreader2@council.example\n")
	backup := filepath.Join(dir, "copy.db")
	past := filepath.Join("..", "..", "..", "shared", "testdata", "digests", "2014-11-20-newsletter.txt")
	for _, c := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"preview", "--edition", "1"}, "", "Councils share service"},
		{[]string{"check-config"}, "", ""},
		{[]string{"migrate"}, "", "up to date"},
		{[]string{"backup", backup}, "", ""},
		{[]string{"ingest"}, "", ""},
		{[]string{"import", past}, "", ""},
		{[]string{"subscribers", "import", readers}, "", ""},
		{[]string{"subscribers", "remove", "reader2@council.example"}, "", ""},
		{[]string{"subscribers", "export"}, "", "reader1@council.example"},
		{[]string{"console"}, "/shared queue\n", ""},
	} {
		cmd := cliCommand(t, append([]string{"--config", cfg}, c.args...)...)
		cmd.Stdin = strings.NewReader(c.stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s beside a run: %v\n%s", strings.Join(c.args, " "), err, out)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s beside a run said\n%s\nwant %q in it", strings.Join(c.args, " "), out, c.want)
		}
		if code, body, err := run.get("/readyz"); err != nil || code != http.StatusOK {
			t.Errorf("after %s the run is not ready: %d %s %v", strings.Join(c.args, " "), code, body, err)
		}
	}

	ctx := context.Background()
	for _, name := range []string{db, backup} {
		conn, err := sql.Open("sqlite", name)
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: integrity_check = %q %v", name, check, err)
		}
		conn.Close()
		st := storetest.Open(t, name)
		if rec, err := st.LatestEdition(ctx); err != nil || !strings.Contains(fmt.Sprint(rec.Stories), "Councils share service") {
			t.Errorf("%s: the latest edition is not the run's: %v", name, err)
		}
		st.Close()
	}
	time.Sleep(time.Second) // room for a second copy, were one on its way
	eachPartOnce(t, fake.Parts())
	if got := fake.Stats().Posts; got != posts {
		t.Errorf("%d posts after every channel had the edition", got-posts)
	}
}
