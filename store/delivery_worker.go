package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The queries the delivery worker runs. A delivery moves
// pending → sending → delivered, or back to pending with a later next
// attempt when a try fails for a passing reason, or to failed for good.

// StartDelivery marks a delivery in flight, before its first message is sent.
func (s *Store) StartDelivery(ctx context.Context, id int64) error {
	return s.updateDelivery(ctx, id, "start", `state = 'sending', error = ''`)
}

// RecordDeliveryPart records that the first partsSent messages of a delivery
// are posted; ref is the first message's reference.
func (s *Store) RecordDeliveryPart(ctx context.Context, id int64, partsSent int, ref string) error {
	return s.updateDelivery(ctx, id, "record part of", `parts_sent = ?, message_ref = ?`, partsSent, ref)
}

// FinishDelivery marks a delivery delivered: all partsSent messages are
// posted, the first one being ref.
func (s *Store) FinishDelivery(ctx context.Context, id int64, partsSent int, ref string) error {
	return s.updateDelivery(ctx, id, "finish", `state = 'delivered', parts_sent = ?, message_ref = ?, error = '',
		attempts = attempts + 1`, partsSent, ref)
}

// RetryDelivery puts a delivery back in the queue until at, after a failed
// attempt (counted) or a rate limit (not counted).
func (s *Store) RetryDelivery(ctx context.Context, id int64, at time.Time, why string, countAttempt bool) error {
	n := 0
	if countAttempt {
		n = 1
	}
	return s.updateDelivery(ctx, id, "retry", `state = 'pending', next_attempt_ms = ?, error = ?, attempts = attempts + ?`,
		at.UnixMilli(), why, n)
}

// FailDelivery gives a delivery up for good, saying why.
func (s *Store) FailDelivery(ctx context.Context, id int64, why string) error {
	return s.updateDelivery(ctx, id, "fail", `state = 'failed', error = ?, attempts = attempts + 1`, why)
}

// UnreportedFailures lists failed deliveries the editors have not yet been
// told of, of editions whose delivery is over (none still open), so that
// editors get one report per edition.
func (s *Store) UnreportedFailures(ctx context.Context) ([]Delivery, error) {
	return deliveriesWhere(ctx, s.db, `state = 'failed' AND reported = 0 AND edition_id NOT IN
		(SELECT edition_id FROM deliveries WHERE state IN ('pending', 'sending'))`)
}

// MarkReported records that the editors were told of these failed deliveries.
func (s *Store) MarkReported(ctx context.Context, ids []int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET reported = 1 WHERE id = ?`, id); err != nil {
				return fmt.Errorf("mark delivery %d reported: %w", id, err)
			}
		}
		return nil
	})
}

// ErrDeliveryMissing says a delivery row to update does not exist.
var ErrDeliveryMissing = errors.New("no such delivery")

func (s *Store) updateDelivery(ctx context.Context, id int64, what, set string, args ...any) error {
	args = append(args, unix(s.now()), id)
	res, err := s.exec(ctx, `UPDATE deliveries SET `+set+`, updated_at = ? WHERE id = ?`, args...)
	if err != nil {
		return fmt.Errorf("%s delivery %d: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%s delivery %d: %w", what, id, ErrDeliveryMissing)
	}
	return nil
}

// EditionByID returns a published edition by its row ID, as the delivery
// ledger names it.
func (s *Store) EditionByID(ctx context.Context, id int64) (EditionRecord, error) {
	rec, err := s.editionWhere(ctx, `id = ? AND state = 'published'`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionRecord{}, fmt.Errorf("edition id %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load edition id %d: %w", id, err)
	}
	return rec, nil
}
