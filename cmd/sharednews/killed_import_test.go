package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// TestSubscribersImportKilledHalfWayThenRunAgain: `sharednews subscribers
// import` of a long list, killed (SIGKILL) once some of its batches are
// written, leaves a sound database holding whole batches only; running
// the same command again adds the rest, and every reader is there once,
// confirmed. (The delivery kill test, cmd/deliverybench, covers `run`.)
func TestSubscribersImportKilledHalfWayThenRunAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a process")
	}
	cfg, db := writeConfig(t, "")
	migrateEmpty(t, cfg)
	const readers = 30000
	var csv strings.Builder
	for i := range readers {
		fmt.Fprintf(&csv, "reader%05d@example.org\n", i)
	}
	file := writeFile(t, "readers.csv", csv.String())

	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	count := func() int {
		t.Helper()
		var n int
		if err := conn.QueryRow("SELECT count(*) FROM subscribers").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	cmd := cliCommand(t, "--config", cfg, "subscribers", "import", file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	written := 0
	// The deadline only bounds a hang: on a quiet machine the first batch
	// is written within a second, but CI at load 15 saw none in 30 s.
	for deadline := time.Now().Add(2 * time.Minute); written == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no batch written in 2 minutes:\n%s", out.String())
		}
		written = count()
	}
	// Into the next batch's transaction, most likely (a batch takes
	// about 140 ms here, then a pause of 100 ms).
	time.Sleep(170 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	after := count()
	t.Logf("%d of %d readers written when the import was killed", after, readers)
	if after == readers {
		t.Skipf("the import finished before it was killed:\n%s", out.String())
	}
	if after%store.ImportBatch != 0 {
		t.Errorf("%d readers after the kill: not whole batches of %d", after, store.ImportBatch)
	}
	var check string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}

	again, _, err := runCLI(t, "", "--config", cfg, "subscribers", "import", file)
	if err != nil {
		t.Fatalf("import again: %v\n%s", err, again)
	}
	if want := fmt.Sprintf("%d imported, %d already subscribed", readers-after, after); !strings.Contains(again, want) {
		t.Errorf("import again said:\n%s\nwant %q", again, want)
	}
	var total, distinct, confirmed int
	if err := conn.QueryRow("SELECT count(*), count(DISTINCT lower(address)), count(*) FILTER (WHERE state = 'confirmed') FROM subscribers").
		Scan(&total, &distinct, &confirmed); err != nil {
		t.Fatal(err)
	}
	if total != readers || distinct != readers || confirmed != readers {
		t.Errorf("%d readers (%d addresses, %d confirmed), want %d, each once, confirmed", total, distinct, confirmed, readers)
	}
}
