package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestFirstSight: an event ID is new once per platform, still seen after
// the database is closed and opened again (a restart between Slack's
// retries), and pruned once it is older than the time it is kept for,
// with every other ID as old, so the table does not grow for ever.
func TestFirstSight(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	open := func() *Store {
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return st
	}
	at := time.Unix(1_700_000_000, 0)
	const keep = 24 * time.Hour
	sight := func(st *Store, platform, id string, at time.Time) bool {
		t.Helper()
		first, err := st.FirstSight(ctx, platform, id, at, keep)
		if err != nil {
			t.Fatal(err)
		}
		return first
	}

	st := open()
	if !sight(st, "slack", "Ev1", at) || sight(st, "slack", "Ev1", at.Add(time.Second)) {
		t.Fatal("a first sight counted as seen, or a second one as new")
	}
	if !sight(st, "discord", "Ev1", at) || !sight(st, "slack", "Ev2", at) {
		t.Error("an ID seen on another platform, or another ID, counted as seen")
	}
	st.Close()

	st = open()
	defer st.Close()
	if sight(st, "slack", "Ev1", at.Add(5*time.Minute)) {
		t.Error("an ID seen before the database was opened again counted as new")
	}
	if sight(st, "slack", "Ev1", at.Add(keep)) {
		t.Error("forgotten within the time it is kept")
	}
	if !sight(st, "slack", "Ev3", at.Add(keep+time.Second)) {
		t.Fatal("a new ID after a day counted as seen")
	}
	var left int
	if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM seen_events`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 1 {
		t.Errorf("%d IDs left after a day, want only the one just seen", left)
	}
	if !sight(st, "slack", "Ev1", at.Add(keep+time.Second)) {
		t.Error("still remembered after the time it is kept")
	}
}
