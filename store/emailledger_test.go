package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestEmailLedgerStoppedBetweenBatchesIsFinishedOnce: Publish recorded a
// delivery for every confirmed reader in its one transaction, which for a
// large list held the write lock past other writers' busy timeout; it now
// records them a batch a transaction. A process stopped between batches
// (the context ends in the pause; a kill there leaves the same committed
// batches) leaves readers unrecorded, and FinishEmailLedgers, on another
// Store as a restarted process opens, records each of them once: every
// reader confirmed at the publication has one delivery, a reader who chose
// sectors without a story is skipped as before, a reader confirmed after
// it has none, and finishing again adds nothing.
func TestEmailLedgerStoppedBetweenBatchesIsFinishedOnce(t *testing.T) {
	const readers = 3*emailLedgerBatch + 7
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := openTestAt(t, path)
	now := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := submit(t, s, "https://example.org/one", "health")
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		t.Fatal(err)
	}
	// Every tenth reader chose education only, which has no story.
	if _, err := s.db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO subscribers (address, address_key, state, sectors, unsubscribe_key, created_at, confirmed_at, updated_at)
		SELECT 'r' || i || '@x.example', 'r' || i || '@x.example', 'confirmed', CASE WHEN i % 10 = 0 THEN 'education' ELSE '' END,
			'k' || i, 1, 1, 1 FROM n`, readers); err != nil {
		t.Fatal(err)
	}
	count := func(where string) int {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(context.Background(), `SELECT count(*) FROM deliveries WHERE platform = 'email' AND `+where).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	go func() {
		// Stop the publishing process once its first batch is in.
		for count("true") == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := s.Publish(ctx, Publication{Title: "T", Email: true})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Publish stopped between batches: %v", err)
	}
	if n := count("true"); n == 0 || n >= readers {
		t.Fatalf("%d of %d readers recorded when the publishing process stopped; want some, not all", n, readers)
	}
	// A reader confirmed after the publication, as the restarted process
	// finishes the ledger.
	if _, err := s.db.ExecContext(context.Background(), `INSERT INTO subscribers (address, address_key, state, unsubscribe_key,
		created_at, confirmed_at, updated_at) VALUES ('late@x.example', 'late@x.example', 'confirmed', 'late', ?1, ?1, ?1)`,
		now.Add(time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}

	again := openTestAt(t, path)
	if n, err := again.FinishEmailLedgers(context.Background()); err != nil || n != 1 {
		t.Fatalf("FinishEmailLedgers = %d, %v; want the one edition", n, err)
	}
	if n := count("true"); n != readers {
		t.Errorf("%d deliveries, want one for each of the %d readers", n, readers)
	}
	var distinct int
	if err := s.db.QueryRowContext(context.Background(), `SELECT count(DISTINCT channel_id) FROM deliveries WHERE platform = 'email'`).Scan(&distinct); err != nil || distinct != readers {
		t.Errorf("%d readers have a delivery (%v), want %d", distinct, err, readers)
	}
	if n := count(`state = 'skipped' AND error = 'none of this reader''s sectors (education) has a story in this edition'`); n != readers/10 {
		t.Errorf("%d skipped deliveries saying why, want %d", n, readers/10)
	}
	if n := count(`channel_id = (SELECT CAST(id AS TEXT) FROM subscribers WHERE address_key = 'late@x.example')`); n != 0 {
		t.Errorf("a reader confirmed after the publication has %d deliveries, want none", n)
	}
	if n, err := again.FinishEmailLedgers(context.Background()); err != nil || n != 0 {
		t.Errorf("FinishEmailLedgers again = %d, %v; want nothing left", n, err)
	}
}
