package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// A sign-up forgotten before it was confirmed keeps its number: the next
// reader gets another. Its confirmation link names the number and a nonce;
// given to the next reader, the number made the old link answer "already
// used" of a link its reader never used, and it named the new reader.
func TestForgottenSignUpsNumberIsNotGivenAgain(t *testing.T) {
	ctx := context.Background()
	s, now := openTest(t)
	in := SignUp{Address: "ana@example.org", Window: 24 * time.Hour, PerWindow: 3}
	ana, err := s.RecordSignUp(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	*now = now.Add(8 * 24 * time.Hour)
	if n, err := s.ForgetUnconfirmed(ctx, now.Add(-7*24*time.Hour)); err != nil || n != 1 {
		t.Fatalf("forgot %d (%v), want ana's sign-up", n, err)
	}
	ben, err := s.RecordSignUp(ctx, SignUp{Address: "ben@example.org", Window: 24 * time.Hour, PerWindow: 3})
	if err != nil {
		t.Fatal(err)
	}
	if ben.Subscriber.ID == ana.Subscriber.ID {
		t.Errorf("ben got number %d, the number of ana's forgotten sign-up, which her link names", ben.Subscriber.ID)
	}
	// A reader removed, and one whose refused sign-up was forgotten, keep
	// theirs too, whether they signed up or were imported.
	if _, err := s.RemoveSubscriber(ctx, "ben@example.org"); err != nil {
		t.Fatal(err)
	}
	out, err := s.ImportSubscribers(ctx, []ImportedSubscriber{{Address: "cleo@example.org"}})
	if err != nil || out[0] != Imported {
		t.Fatalf("import: %v, %v", out, err)
	}
	cleo, err := s.SubscriberByAddress(ctx, "cleo@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if cleo.ID <= ben.Subscriber.ID {
		t.Errorf("cleo got number %d after ben's %d was removed, want a new one", cleo.ID, ben.Subscriber.ID)
	}
	if _, err := s.ConfirmSubscriber(ctx, ana.Subscriber.ID, ana.Subscriber.ConfirmNonce, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("ana's old link confirmed somebody: %v", err)
	}
}

// benchLedger is how many email deliveries BenchmarkSignUpBesideLargeLedger
// keeps in the ledger: a year of weekly editions to 10,000 readers.
const benchLedger = 520_000

// BenchmarkSignUpBesideLargeLedger records one sign-up (a new reader's
// number and row) in a real SQLite file whose ledger holds benchLedger
// email deliveries: the time each sign-up holds the write lock.
func BenchmarkSignUpBesideLargeLedger(b *testing.B) {
	ctx := context.Background()
	s := openTestAt(b, filepath.Join(b.TempDir(), "bench.db"))
	st, err := s.Submit(ctx, Submission{Story: benchStory("https://example.org/one"), Limit: 10})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Approve(ctx, Decision{StoryID: st.ID, By: ed}); err != nil {
		b.Fatal(err)
	}
	pub, err := s.Publish(ctx, Publication{Title: "T", Email: true})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO deliveries (edition_id, platform, channel_id, state, updated_at)
		SELECT ?, 'email', i, 'delivered', 1 FROM n`, benchLedger, pub.Edition.Edition.ID); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if _, err := s.RecordSignUp(ctx, SignUp{Address: fmt.Sprintf("reader%d@bench.example", i), Window: time.Hour, PerWindow: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

// The migration that counts the numbers given starts past every number
// the ledger names: a reader removed before it, whose mail of an edition
// is in the ledger, keeps their number from the next reader.
func TestSubscriberNumbersMigrationStartsPastTheLedger(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "subscriber_numbers")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO editions (id, number, state, title, date, created_at, published_at)
			VALUES (1, 1, 'published', 'T', '2026-11-19', 1, 1);
		INSERT INTO subscribers (id, address, address_key, state, unsubscribe_key, created_at, updated_at)
			VALUES (3, 'ana@example.org', 'ana@example.org', 'confirmed', 'k', 1, 1);
		INSERT INTO deliveries (edition_id, platform, channel_id, state, updated_at) VALUES
			(1, 'email', '3', 'delivered', 1), (1, 'email', '41', 'delivered', 1), (1, 'slack', '900', 'delivered', 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ben, err := s.RecordSignUp(ctx, SignUp{Address: "ben@example.org", Window: time.Hour, PerWindow: 3})
	if err != nil {
		t.Fatal(err)
	}
	if ben.Subscriber.ID != 42 {
		t.Errorf("the first reader after the migration got number %d, want 42: past reader 41, removed, whom the ledger names", ben.Subscriber.ID)
	}
}
