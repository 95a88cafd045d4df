package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCommitsLeaveTheCheckpointToTheCheckpointer: a commit that takes the
// write-ahead log past checkpointPages returns without copying the log
// into the database file; the Store's checkpointer copies it; a commit
// copies it itself only past backstopPages, so the log stays bounded while
// the checkpointer is held up; and Close stops the checkpointer and removes
// the log.
func TestCommitsLeaveTheCheckpointToTheCheckpointer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Set before the first commit, so before any checkpoint: each waits
	// for release while hold is set.
	var hold atomic.Bool
	held := make(chan struct{}, 64)
	release := make(chan struct{})
	s.ckpt.before = func() {
		if hold.Load() {
			held <- struct{}{}
			<-release
		}
	}
	// On a failure too, or Close would wait for a held checkpointer.
	releaseAll := sync.OnceFunc(func() { hold.Store(false); close(release) })
	defer releaseAll()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fill := func(pages int) { fillPages(t, s, pages) }
	size := func() int64 { return fileSize(t, path) }
	waitHeld := func() {
		t.Helper()
		select {
		case <-held:
		case <-time.After(10 * time.Second):
			t.Fatal("the checkpointer was not woken")
		}
	}

	hold.Store(true)
	before := size()
	fill(1500)
	waitHeld()
	if got := size(); got != before {
		t.Fatalf("the commit of 1,500 pages copied the log itself: the database file grew from %d to %d bytes", before, got)
	}
	release <- struct{}{}
	deadline := time.Now().Add(10 * time.Second)
	for size() < before+1400*4096 {
		if time.Now().After(deadline) {
			t.Fatalf("the checkpointer did not copy the log: the database file is %d bytes, was %d", size(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The checkpointer held up: a commit past backstopPages copies the
	// log itself, so the log does not grow without bound.
	before = size()
	fill(backstopPages + 500)
	if got := size(); got < before+backstopPages*4096 {
		t.Fatalf("a commit of %d pages left the log uncopied while the checkpointer was held: the database file grew from %d to %d bytes", backstopPages+500, before, got)
	}
	waitHeld()
	releaseAll()

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.ckpt.done:
	default:
		t.Fatal("Close returned with the checkpointer still running")
	}
	if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
		t.Fatalf("the log is still there after Close: %v", err)
	}
}

// TestTheLogShrinksAfterACheckpoint: a burst of writes (a delivery to
// thousands, the newswire's first pass) grows the -wal file far past the
// database; once the log has been copied, the next commit cuts the file
// back to walSizeLimit, so the space it took is given back to the disk
// instead of being kept for the next burst.
func TestTheLogShrinksAfterACheckpoint(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shrink.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fill := func(pages int) { fillPages(t, s, pages) }
	walSize := func() int64 { return fileSize(t, path+"-wal") }
	fill(backstopPages + 500)
	if got := walSize(); got < (backstopPages+500)*4096 {
		t.Fatalf("the burst left a log of %d bytes; the test needs a long one", got)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
		t.Fatal(err)
	}
	fill(1)
	if got := walSize(); got > walSizeLimit {
		t.Fatalf("after the burst was checkpointed and one more commit, the -wal file is %d bytes, want at most %d", got, walSizeLimit)
	}
}

// fillPages commits about pages new pages to s in one transaction: each
// row is a blob of nearly a page, which fills a page of its own.
func fillPages(t *testing.T, s *Store, pages int) {
	t.Helper()
	ctx := context.Background()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS checkpoint_fill (b BLOB)"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?) INSERT INTO checkpoint_fill SELECT randomblob(3900) FROM n", pages)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fileSize is the size of the file at path.
func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}
