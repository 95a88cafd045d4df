package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestWritesRefusedOnceTheFileIsRemovedOrReplaced: a database file removed
// (or replaced, say by a backup moved into its place) while a process has
// it open leaves that process writing into a file no name reaches any
// more, lost when it stops; SQLite in WAL mode takes those writes without
// a word (its os_unix.c only logs "file unlinked while open" and "file
// renamed while open" as warnings). The store refuses them instead, saying
// why, and its readiness check fails, so that nothing is reported saved
// that is not.
func TestWritesRefusedOnceTheFileIsRemovedOrReplaced(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows does not remove a file that is open")
	}
	ctx := context.Background()
	for _, how := range []string{"removed", "replaced"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "news.db")
			st := storetest.Open(t, db)
			if _, err := st.Subscribe(ctx, subscription("C1")); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{db, db + "-wal", db + "-shm"} {
				if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
			}
			if how == "replaced" {
				storetest.Open(t, db).Close()
			}
			_, err := st.Subscribe(ctx, subscription("C2"))
			var moved *store.MovedError
			if !errors.As(err, &moved) || !strings.Contains(err.Error(), how) || !strings.Contains(err.Error(), "nothing was written") {
				t.Errorf("a write after the file was %s = %v, want a *store.MovedError saying so", how, err)
			}
			if err := st.Ping(ctx); !errors.As(err, &moved) {
				t.Errorf("Ping after the file was %s = %v, want a *store.MovedError", how, err)
			}
		})
	}
}

// TestWritesRefusedOnceTheLogIsRemoved: the database's -wal file removed
// while a process has it open (a clean-up script, an operator tidying
// "temporary files") leaves that process's connections writing into a log
// no name reaches, while each connection opened since, and every other
// process, reads the file without it (SQLite: "disk I/O error (522)").
// A `run` went on claiming and sending mails whose records were lost, 163
// readers of 3,000 mailed twice after the restart, and /readyz said ready.
// The store refuses the writes instead, saying why, and its readiness
// check fails.
func TestWritesRefusedOnceTheLogIsRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows does not remove a file that is open")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, db)
	if _, err := st.Subscribe(ctx, subscription("C1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(db + "-wal"); err != nil {
		t.Fatal(err)
	}
	_, err := st.Subscribe(ctx, subscription("C2"))
	var moved *store.MovedError
	if !errors.As(err, &moved) || !strings.Contains(err.Error(), db+"-wal was removed") || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("a write after the -wal file was removed = %v, want a *store.MovedError naming it", err)
	}
	if err := st.Ping(ctx); !errors.As(err, &moved) {
		t.Errorf("Ping after the -wal file was removed = %v, want a *store.MovedError", err)
	}
}

// TestTheLogOfAnIdleStoreIsNotTakenForRemoved: a store whose connections
// all sat idle, or that another process opened and closed beside it,
// still writes: only a log removed under it is refused.
func TestTheLogOfAnIdleStoreIsNotTakenForRemoved(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, db)
	other := storetest.Open(t, db)
	if _, err := other.Subscribe(ctx, subscription("C0")); err != nil {
		t.Fatal(err)
	}
	other.Close()
	for i := range 3 {
		if _, err := st.Subscribe(ctx, subscription("C"+string(rune('1'+i)))); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		if err := st.Ping(ctx); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
}

// TestOpenRefusesAFileWithTwoNames: SQLite names a database's -wal and
// -shm files after the name it was opened by, so two processes opening one
// file by two hard links keep two write-ahead logs and corrupt it (and two
// runs, each with the run lock of its own name, would deliver every
// edition twice). Open refuses such a file and changes nothing in it.
func TestOpenRefusesAFileWithTwoNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("hard links are not counted on Windows here")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	st := storetest.Open(t, db)
	other := filepath.Join(dir, "other.db")
	if err := os.Link(db, other); err != nil {
		t.Skipf("cannot make a hard link here: %v", err)
	}
	st.Close()
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{db, other} {
		s, err := store.Open(ctx, name)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) with two names succeeded", filepath.Base(name))
			continue
		}
		if !strings.Contains(err.Error(), "2 names") {
			t.Errorf("Open(%s) = %v, want it to say the file has 2 names", filepath.Base(name), err)
		}
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("Open changed the file it refused")
	}
	if _, err := os.Stat(other + "-wal"); err == nil {
		t.Error("Open made a -wal file for the second name")
	}
	// With the second name gone it opens again.
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	storetest.Open(t, db)
}

// subscription is channel's subscription on Slack: a write to make.
func subscription(channel string) store.Subscription {
	return store.Subscription{Platform: "slack", ChannelID: channel, CreatedAt: time.Now()}
}
