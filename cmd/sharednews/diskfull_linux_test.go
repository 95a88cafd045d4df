package main

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// fullDevice is a small tmpfs holding a config's database, which the test
// can fill to the last byte and empty again. Tests that need it are skipped
// where mounting is not allowed (not root, or a container without the
// capability); store's page-limit tests cover the same paths everywhere.
type fullDevice struct {
	cfg, db, filler string
}

func newFullDevice(t *testing.T, extra string) *fullDevice {
	t.Helper()
	dir := storetest.SmallDisk(t, "16m")
	d := &fullDevice{cfg: filepath.Join(t.TempDir(), "config.toml"), db: filepath.Join(dir, "news.db"),
		filler: filepath.Join(dir, "filler")}
	body := "[bot]\ndatabase = " + quote(d.db) + "\n[submissions]\nfetch_timeout = \"2s\"\nallow_private_hosts = true\n" + extra
	if !strings.Contains(extra, "[feeds]") {
		body += "[feeds]\nsource = []\n"
	}
	if err := os.WriteFile(d.cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return d
}

// fill writes a file until the device has no space left.
func (d *fullDevice) fill(t *testing.T) {
	t.Helper()
	storetest.Fill(t, d.filler)
}

// emptyLog empties the database's write-ahead log (see storetest.EmptyLog).
func (d *fullDevice) emptyLog(t *testing.T) {
	t.Helper()
	storetest.EmptyLog(t, d.db)
}

// empty frees the device again.
func (d *fullDevice) empty(t *testing.T) {
	t.Helper()
	if err := os.Remove(d.filler); err != nil {
		t.Fatal(err)
	}
}

// query runs one query on the database, on a device with space.
func (d *fullDevice) count(t *testing.T, query string) int {
	t.Helper()
	conn, err := sql.Open("sqlite", d.db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// integrityOK fails the test unless the database passes SQLite's full
// integrity check.
func (d *fullDevice) integrityOK(t *testing.T) {
	t.Helper()
	conn, err := sql.Open("sqlite", d.db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var res string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check = %q, %v", res, err)
	}
}

// TestImportOnAFullDisk: the import stops with a sentence naming the cause
// and the device's file, imports nothing, and leaves a sound database. (It
// used to exit 1 with "not a readable SQLite database (disk I/O error)".)
func TestImportOnAFullDisk(t *testing.T) {
	d := newFullDevice(t, "")
	if _, _, err := runCLI(t, "", "--config", d.cfg, "migrate"); err != nil {
		t.Fatal(err)
	}
	d.fill(t)
	out, stderr, err := runCLI(t, "", "--config", d.cfg, "import", "../../../shared/testdata/digests/2014-05-newsletter.txt")
	if err == nil {
		t.Fatalf("import on a full disk succeeded:\n%s", out)
	}
	if !strings.Contains(err.Error(), "no space left on the device of "+d.db) || strings.Contains(err.Error(), "not a readable") {
		t.Errorf("the failure does not name the cause:\nerr: %v\nstderr: %s", err, stderr)
	}
	d.empty(t)
	if n := d.count(t, "SELECT (SELECT count(*) FROM editions) + (SELECT count(*) FROM stories)"); n != 0 {
		t.Errorf("%d editions and stories were half imported", n)
	}
	d.integrityOK(t)
}

// waitFor waits until out holds want.
// TestPublishOnAFullDisk: the disk fills while the console is open; the
// editor is told the disk is full and nothing changed, the draft is still
// a draft, no delivery is recorded, and with space again it publishes.
func TestPublishOnAFullDisk(t *testing.T) {
	d := newFullDevice(t, "")
	console := startConsole(t, d.cfg)
	console.say("/shared subscribe", "This channel is subscribed")
	console.say("/shared submit "+siteDown(t)+"/a health", "Queued as #1")
	console.say("/shared approve 1", "Approved #1")
	d.emptyLog(t)
	d.fill(t)
	console.say("/shared publish", "The bot's disk is full, so I couldn't publish; nothing was changed.")
	d.empty(t)
	console.say("/shared publish", "Published edition 1")
	if out := console.quit(); strings.Count(out, "[delivered to this console]") != 1 {
		t.Errorf("the edition was not delivered exactly once:\n%s", out)
	}
	d.integrityOK(t)
}

// TestIngestOnAFullDisk: the disk fills while the newswire is polled; the
// feed's line says its stories could not be stored and why, the run fails
// with that cause rather than guessing the machine is offline, and nothing
// is half stored.
func TestIngestOnAFullDisk(t *testing.T) {
	var items strings.Builder
	for i := range 200 {
		fmt.Fprintf(&items, "<item><title>Council story number %d about shared services</title><link>https://council.example/news/%d</link><guid>g%d</guid><description>%s</description></item>\n",
			i, i, i, strings.Repeat("Shared services words. ", 20))
	}
	var d *fullDevice
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { // ingest has the database open by now
			d.emptyLog(t)
			d.fill(t)
		})
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Council</title><link>https://council.example/</link>%s</channel></rss>`, items.String())
	}))
	defer srv.Close()
	d = newFullDevice(t, "[feeds]\ntimeout = \"5s\"\n[[feeds.source]]\nurl = "+quote(srv.URL+"/feed.xml")+"\nname = \"Council\"\n")
	out, err := runIngest(t, d.cfg)
	if !strings.Contains(out, "no space left on the device of "+d.db) {
		t.Errorf("the feed's line does not say why:\n%s", out)
	}
	if !errors.As(err, new(*store.DiskFullError)) {
		t.Errorf("ingest returned %v, want the full disk", err)
	}
	d.empty(t)
	if n := d.count(t, "SELECT count(*) FROM stories"); n != 0 {
		t.Errorf("%d stories stored", n)
	}
	d.integrityOK(t)
}
