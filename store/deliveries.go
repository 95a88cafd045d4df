package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DeliveryState is where one channel's copy of an edition is.
type DeliveryState string

// Delivery states. Skipped deliveries were never due (the channel's sectors
// are all empty in this edition); their Error says why.
const (
	DeliveryPending   DeliveryState = "pending"
	DeliverySending   DeliveryState = "sending"
	DeliveryDelivered DeliveryState = "delivered"
	DeliveryFailed    DeliveryState = "failed"
	DeliverySkipped   DeliveryState = "skipped"
)

// Delivery is one row of the delivery ledger.
type Delivery struct {
	ID         int64
	EditionID  int64
	Platform   string
	ChannelID  string
	Sectors    []string
	State      DeliveryState
	PartsSent  int
	MessageRef string
	Error      string
	Attempts   int
	// UpdatedAt is, while the delivery is open (pending or sending), when
	// it became due: the edition's publication, or the moment it was sent
	// again (Subscribe). Claims, parts posted and retries leave it, so
	// that the worker can say how long a delivery has been trying. Once
	// settled (delivered, failed, skipped), it is when it was settled.
	UpdatedAt time.Time
	// NextAttempt is the earliest time an open delivery may be tried again
	// (zero: at once).
	NextAttempt time.Time
	// LeaseOwner is the worker sending the delivery, and LeaseUntil when
	// another worker may take it over (zero: at once).
	LeaseOwner string
	LeaseUntil time.Time
	// RateLimited says, for a delivery put back until a later try, whether
	// the platform's rate limit put it back (RetryRateLimited) rather
	// than a failed try; nil for one put back before migration 0033
	// recorded it, whose reason only its Error tells.
	RateLimited *bool
}

const deliveryColumns = `id, edition_id, platform, channel_id, sectors, state, parts_sent, message_ref, error, attempts, updated_at,
	next_attempt_ms, lease_owner, lease_until_ms, rate_limited`

func scanDelivery(r rowScanner) (Delivery, error) {
	var d Delivery
	var sectors, state string
	var updated, next, leaseUntil int64
	var limited sql.NullBool
	if err := r.Scan(&d.ID, &d.EditionID, &d.Platform, &d.ChannelID, &sectors, &state, &d.PartsSent,
		&d.MessageRef, &d.Error, &d.Attempts, &updated, &next, &d.LeaseOwner, &leaseUntil, &limited); err != nil {
		return Delivery{}, err
	}
	if limited.Valid {
		d.RateLimited = &limited.Bool
	}
	d.Sectors = splitList(sectors)
	d.State = DeliveryState(state)
	d.UpdatedAt = fromUnix(updated)
	d.NextAttempt = fromUnixMilli(next)
	d.LeaseUntil = fromUnixMilli(leaseUntil)
	return d, nil
}

func deliveriesWhere(ctx context.Context, q queryer, where string, args ...any) ([]Delivery, error) {
	ds, err := queryAll(ctx, q, scanDelivery, `SELECT `+deliveryColumns+` FROM deliveries WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return ds, nil
}

// Deliveries lists the ledger of one edition.
func (s *Store) Deliveries(ctx context.Context, editionID int64) ([]Delivery, error) {
	return deliveriesWhere(ctx, s.db, `edition_id = ?`, editionID)
}

func fromUnixMilli(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// OpenDeliveries lists deliveries not yet finished (pending or sending), oldest first.
func (s *Store) OpenDeliveries(ctx context.Context) ([]Delivery, error) {
	return deliveriesWhere(ctx, s.db, `state IN ('pending', 'sending')`)
}

// LedgerMark is a mark of the open deliveries that changes when one is
// recorded or put back in the queue, by this process or another.
type LedgerMark struct {
	open   int64
	lastID int64
}

// OpenDeliveriesMark is the open deliveries' mark now: run's worker,
// idle, compares it every second or so to see the console (another
// process) publish, which cannot wake it. It reads the index of open
// deliveries only, not the rows.
func (s *Store) OpenDeliveriesMark(ctx context.Context) (LedgerMark, error) {
	var m LedgerMark
	err := s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM deliveries
		WHERE state IN ('pending', 'sending')`).Scan(&m.open, &m.lastID)
	if err != nil {
		return LedgerMark{}, fmt.Errorf("look at the open deliveries: %w", s.fault(err))
	}
	return m, nil
}

// skipNotBegun skips the deliveries to one channel or reader (platform,
// channelID) still waiting with nothing posted, saying why: they are no
// longer due (it unsubscribed, or was removed). One with a part posted,
// or being posted, or whose last try ended without knowing whether its
// first part arrived (a connection dropped after the platform took it:
// its error is kept until a look in the channel settles it) is left to
// finish rather than cut in half.
func skipNotBegun(ctx context.Context, tx *sql.Tx, at time.Time, platform, channelID, why string) error {
	_, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = 'skipped', error = ?, updated_at = ?
		WHERE platform = ? AND channel_id = ? AND state = 'pending' AND parts_sent = 0 AND error = ''`, why, unix(at), platform, channelID)
	return err
}

// resentNote is the error a copy sent again keeps if its failure left
// none, so that the worker looks in the channel before posting (see
// resendFailed).
const resentNote = "sent again after it failed"

// resendSet is the SET clause that puts a failed delivery back in the
// queue, due at once with a fresh set of tries and its failure to be
// reported again, keeping its parts and its error (resentNote when it
// had none): ?1 is resentNote, ?2 the time now. A channel's copy
// (resendFailed) and the email edition's mails (ResendFailedMail) go
// again alike.
const resendSet = `state = 'pending', attempts = 0, next_attempt_ms = 0,
	error = CASE WHEN error = '' THEN ?1 ELSE error END,
	reported = 0, lease_owner = '', lease_until_ms = 0, updated_at = ?2`

// Resent is a channel's failed copy of the latest edition that Subscribe
// put back in the queue.
type Resent struct {
	// Edition is the edition's number; 0 when nothing was sent again.
	Edition int
	// FailedAt is when the copy had been given up.
	FailedAt time.Time
}

// resendFailed puts one channel's failed copy of the latest published
// edition back in the queue, due at once with a fresh set of tries, and
// reports it. Only the latest edition is sent again (an older one would
// arrive after the edition that replaced it), and only a failed copy: a
// delivered one is in the channel, and one skipped because the channel
// unsubscribed was never wanted. The copy keeps the parts recorded and its
// error, so that the worker first looks in the channel for parts already
// there (one posted as a try failed is found by its key) and posts only
// the rest, never a part twice; it keeps the sectors it was published
// for, whatever the channel now asks, so that what is found and what is
// posted are parts of the same copy. Its failure, reported once already,
// is reported again if it fails again.
func resendFailed(ctx context.Context, tx *sql.Tx, now time.Time, platform, channelID string) (Resent, error) {
	var (
		id, failed int64
		r          Resent
	)
	err := tx.QueryRowContext(ctx, `SELECT d.id, e.number, d.updated_at FROM deliveries d JOIN editions e ON e.id = d.edition_id
		WHERE d.platform = ? AND d.channel_id = ? AND d.state = 'failed' AND d.edition_id =
			(SELECT id FROM editions WHERE state = 'published' ORDER BY date DESC, number DESC LIMIT 1)`,
		platform, channelID).Scan(&id, &r.Edition, &failed)
	if errors.Is(err, sql.ErrNoRows) {
		return Resent{}, nil
	}
	if err != nil {
		return Resent{}, fmt.Errorf("look for a failed copy of the latest edition: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET `+resendSet+` WHERE id = ?3`, resentNote, unix(now), id); err != nil {
		return Resent{}, fmt.Errorf("send edition %d again: %w", r.Edition, err)
	}
	r.FailedAt = fromUnix(failed)
	return r, nil
}
