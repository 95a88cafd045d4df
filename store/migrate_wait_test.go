package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestMigrateWaitsForAnotherProcesssMigration: a migration holding the
// write lock for longer than one write waits (BusyTimeout: a migration
// rewriting every story of a large archive, or a fresh database's
// migrations applied in turn by several processes) made Migrate give up
// with "locked by another program". It now waits up to MigrateWait and
// applies what is left once the lock is let go.
func TestMigrateWaitsForAnotherProcesssMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a lock for longer than the busy timeout")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another program's connection holding the write lock, as a
	// migration's transaction does.
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	held := BusyTimeout + time.Second
	go func() {
		time.Sleep(held)
		conn.ExecContext(ctx, "COMMIT")
	}()
	start := time.Now()
	applied, err := s.Migrate(ctx)
	if err != nil {
		t.Fatalf("after %s: %v", time.Since(start).Round(time.Millisecond), err)
	}
	if len(applied) != LatestSchemaVersion() || time.Since(start) < held {
		t.Errorf("applied %d of %d migrations in %s; the lock was held %s", len(applied), LatestSchemaVersion(), time.Since(start), held)
	}
}
