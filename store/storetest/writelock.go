package storetest

import (
	"context"
	"database/sql"
	"testing"
)

// HoldWriteLock takes the database's write lock on a connection of its
// own, as another program does that leaves a transaction open (a sqlite3
// shell, a database browser editing a row), and returns the release,
// which the test's end calls too.
func HoldWriteLock(tb testing.TB, db string) (release func()) {
	tb.Helper()
	other, err := sql.Open("sqlite", db)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		tb.Fatal(err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			tb.Error(err)
		}
		conn.Close()
		other.Close()
	}
	tb.Cleanup(release)
	return release
}
