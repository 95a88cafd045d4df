package main

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestDamagedDatabaseMakesRunNotReady: a database damaged while `run` has
// it open (pages of its stories overwritten) failed the pages and
// commands that read them, while /readyz, whose SELECT 1 reads no table,
// went on answering 200 ready, and the web page said "Something went
// wrong; please try again later" (500). Once a read has met the damage,
// /readyz answers 503 naming the file and what to do, and goes on doing
// so, and a page that meets it is a 503 saying the archive is out of
// service until the operator restores it: no retry mends it.
func TestDamagedDatabaseMakesRunNotReady(t *testing.T) {
	addr := freeAddr(t)
	cfg, db := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	if _, stderr, err := runCLI(t, "", "--config", cfg, "import", "../../../shared/testdata/digests/2014-05-newsletter.txt"); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	stderr, _ := runInBackground(t, cfg, addr)
	base := "http://" + addr
	if code, body := fetch(t, base+"/search?q=council"); code != 200 {
		t.Fatalf("search before the damage = %d\n%s", code, body)
	}
	if code, body := fetch(t, base+"/readyz"); code != 200 {
		t.Fatalf("/readyz before the damage = %d %q", code, body)
	}
	storetest.DamageTable(t, db, "stories")
	// The reader is told the archive is out of service, not asked to try
	// again: no retry mends it.
	if code, body := fetch(t, base+"/search?q=council"); code != 503 || !strings.Contains(body, "The archive is out of service") ||
		!strings.Contains(body, "restores it from a backup") {
		t.Errorf("search of the damaged stories = %d, want 503 saying the archive is out of service:\n%s", code, body)
	}
	want := "database: the database " + db + " is damaged (database disk image is malformed (11)); restore it from a backup"
	for range 2 {
		if code, body := fetch(t, base+"/readyz"); code != 503 || !strings.Contains(body, want) {
			t.Errorf("/readyz after a read met the damage = %d %q\nwant 503 with %q", code, body, want)
		}
	}
	if log := stderr.String(); !strings.Contains(log, db+" .recover") {
		t.Errorf("the log does not say how to recover %s:\n%s", db, log)
	}
}
