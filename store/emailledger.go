package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/sharednews/sharednews/tasks"
)

// The email edition's ledger has a delivery per confirmed reader, which
// for a large list is too many rows for the publishing transaction: 250,000
// readers held the write lock for 2 to 6 seconds on a shared machine, and a
// member's submission or an editor's approval waiting behind it for more
// than the busy timeout (5 s) failed. Publish records the first
// emailLedgerBatch readers (by subscriber id) with the edition, and the rest
// a batch a transaction after it, pausing between them (importPause) for
// other writers. Every reader confirmed when the edition was published
// (confirmed_at at or before its published_at) is recorded once: the
// ledger's uniqueness (edition, platform, channel) keeps a batch written
// twice from adding a row, and a process killed between batches leaves
// readers above the highest recorded id, which FinishEmailLedgers (the
// delivery worker, when it starts) records.

// emailLedgerBatch is how many readers' deliveries one transaction records.
const emailLedgerBatch = 20_000

// recentEditions is how many of the latest editions FinishEmailLedgers
// looks at: a ledger left unfinished is the one a process was recording
// when it stopped, and the worker starts again long before four more
// editions are published.
const recentEditions = 4

// emailLedger is an edition's email ledger as it is being recorded.
type emailLedger struct {
	editionID   int64
	sectors     string // the edition's sectors as a JSON list, for readers who chose some
	publishedAt time.Time
	after       int64 // the highest subscriber id recorded so far
	more        bool  // readers above after may be left to record
}

// newEmailLedger begins the email ledger of edition editionID, whose
// stories are in sectors, published at publishedAt, after reader after.
func newEmailLedger(editionID int64, sectors map[string]bool, publishedAt time.Time, after int64) (emailLedger, error) {
	slugs := slices.Sorted(maps.Keys(sectors))
	list, err := json.Marshal(slugs)
	if err != nil {
		return emailLedger{}, fmt.Errorf("email ledger of edition id %d: %w", editionID, err)
	}
	return emailLedger{editionID: editionID, sectors: string(list), publishedAt: publishedAt, after: after}, nil
}

// record records the next batch of readers, in tx, and moves on past them.
func (l *emailLedger) record(ctx context.Context, tx *sql.Tx, now time.Time) error {
	published := unix(l.publishedAt)
	// The last reader of this batch: the batch is the readers after
	// l.after up to it, all those left when there is none.
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM subscribers WHERE state = 'confirmed' AND confirmed_at <= ? AND id > ?
		ORDER BY id LIMIT 1 OFFSET ?`, published, l.after, emailLedgerBatch-1).Scan(&last)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		last, l.more = -1, false
	case err != nil:
		return fmt.Errorf("record email deliveries: %w", err)
	default:
		l.more = true
	}
	// A reader who chose sectors (a comma-separated list) none of which has
	// a story gets a skipped delivery saying why, as a channel does.
	const chosen = `r.sectors <> '' AND NOT EXISTS (SELECT 1 FROM json_each(?2) e
		WHERE instr(',' || r.sectors || ',', ',' || e.value || ',') > 0)`
	if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (edition_id, platform, channel_id, sectors, state, error, updated_at)
		SELECT ?1, 'email', CAST(r.id AS TEXT), r.sectors,
			CASE WHEN `+chosen+` THEN 'skipped' ELSE 'pending' END,
			CASE WHEN `+chosen+` THEN 'none of this reader''s sectors (' || replace(r.sectors, ',', ', ') || ') has a story in this edition' ELSE '' END,
			?3
		FROM subscribers r
		WHERE r.state = 'confirmed' AND r.confirmed_at <= ?4 AND r.id > ?5 AND (?6 < 0 OR r.id <= ?6)
		ORDER BY r.id
		ON CONFLICT (edition_id, platform, channel_id) DO NOTHING`,
		l.editionID, l.sectors, unix(now), published, l.after, last); err != nil {
		return fmt.Errorf("record email deliveries of edition id %d: %w", l.editionID, err)
	}
	if l.more {
		l.after = last
	}
	return nil
}

// fillEmailLedger records the rest of l, a batch a transaction.
func (s *Store) fillEmailLedger(ctx context.Context, l *emailLedger) error {
	for l.more {
		if err := tasks.Sleep(ctx, importPause); err != nil {
			return err
		}
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return l.record(ctx, tx, s.now()) }); err != nil {
			return err
		}
	}
	return nil
}

// FinishEmailLedgers records the email deliveries a process stopped
// between batches left unrecorded (see emailLedgerBatch), for the latest
// editions whose email ledger was begun: the readers confirmed when the
// edition was published above the highest one recorded. It returns how
// many editions it finished.
func (s *Store) FinishEmailLedgers(ctx context.Context) (int, error) {
	type begun struct {
		id        int64
		published int64
	}
	editions, err := queryAll(ctx, s.db, func(r rowScanner) (begun, error) {
		var b begun
		return b, r.Scan(&b.id, &b.published)
	}, `SELECT id, published_at FROM editions WHERE state = 'published' ORDER BY published_at DESC, id DESC LIMIT ?`, recentEditions)
	if err != nil {
		return 0, fmt.Errorf("finish email ledgers: %w", err)
	}
	finished := 0
	for _, e := range editions {
		var after sql.NullInt64
		if err := s.db.QueryRowContext(ctx, `SELECT MAX(CAST(channel_id AS INTEGER)) FROM deliveries
			WHERE edition_id = ? AND platform = ?`, e.id, EmailPlatform).Scan(&after); err != nil {
			return finished, fmt.Errorf("finish email ledgers: edition id %d: %w", e.id, err)
		}
		if !after.Valid {
			continue // published without email, or to no reader
		}
		var left bool
		if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM subscribers
			WHERE state = 'confirmed' AND confirmed_at <= ? AND id > ?)`, e.published, after.Int64).Scan(&left); err != nil {
			return finished, fmt.Errorf("finish email ledgers: edition id %d: %w", e.id, err)
		}
		if !left {
			continue
		}
		sectors, err := editionSectors(ctx, s.db, e.id)
		if err != nil {
			return finished, err
		}
		l, err := newEmailLedger(e.id, sectors, time.Unix(e.published, 0), after.Int64)
		if err != nil {
			return finished, err
		}
		l.more = true
		if err := s.fillEmailLedger(ctx, &l); err != nil {
			return finished, fmt.Errorf("finish the email ledger of edition id %d: %w", e.id, err)
		}
		finished++
	}
	return finished, nil
}

// ResentMail is what ResendFailedMail put back in the queue.
type ResentMail struct {
	// Edition is the latest edition's number; 0 when none is published.
	Edition int
	// Mails is how many of its failed mails are to be sent again.
	Mails int
}

// ResendFailedMail puts the latest published edition's failed mails back
// in the queue, due at once with a fresh set of tries, for the worker of
// `sharednews run` to send: once the operator has fixed what failed them
// (email.from refused, the relay down longer than the retries last), as
// `subscribe` does for a chat channel. Only a failed mail goes again, so
// nobody who got the edition gets it twice; only to a reader still
// confirmed; and not one whose failure counted against the address (its
// server refused it for this edition: last_bounce_edition), which would
// only be refused again. Only the latest edition: an older one would
// arrive after the edition that replaced it. The mail's error is kept,
// so that a failure again is reported again with the last reason.
func (s *Store) ResendFailedMail(ctx context.Context) (ResentMail, error) {
	var r ResentMail
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id, number FROM editions WHERE state = 'published'
			ORDER BY date DESC, number DESC LIMIT 1`).Scan(&id, &r.Edition)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("find the latest edition: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE deliveries SET `+resendSet+`
			WHERE edition_id = ?3 AND platform = 'email' AND state = 'failed' AND EXISTS (SELECT 1 FROM subscribers r
				WHERE r.id = CAST(deliveries.channel_id AS INTEGER) AND r.state = 'confirmed' AND r.last_bounce_edition <> ?3)`,
			resentNote, unix(s.now()), id)
		if err != nil {
			return fmt.Errorf("send edition %d's failed mails again: %w", r.Edition, err)
		}
		n, err := res.RowsAffected()
		r.Mails = int(n)
		return err
	})
	if err != nil {
		return ResentMail{}, s.fault(err)
	}
	return r, nil
}
