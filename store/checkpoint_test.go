package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Writes reach the database file itself soon after they commit, without a
// commit having to take the write-ahead log past its bound and without the
// Store being closed: the checkpointer copies them in the background.
func TestWritesReachTheFileSoonAfterTheyCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	// Far fewer pages than walAutoCheckpointPages: no commit checkpoints.
	for i := range 50 {
		submit(t, s, fmt.Sprintf("https://example.gov.uk/news/%d", i), "")
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, path) == before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes 10 s after 50 submissions: the log was not checkpointed", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}
