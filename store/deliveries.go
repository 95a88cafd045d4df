package store

import (
	"context"
	"database/sql"
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
	// it became due: the edition's publication. Claims, parts posted and
	// retries leave it, so that the worker can say how long a delivery has
	// been trying. Once settled (delivered, failed, skipped), it is when it
	// was settled.
	UpdatedAt time.Time
	// NextAttempt is the earliest time an open delivery may be tried again
	// (zero: at once).
	NextAttempt time.Time
	// LeaseOwner is the worker sending the delivery, and LeaseUntil when
	// another worker may take it over (zero: at once).
	LeaseOwner string
	LeaseUntil time.Time
}

const deliveryColumns = `id, edition_id, platform, channel_id, sectors, state, parts_sent, message_ref, error, attempts, updated_at,
	next_attempt_ms, lease_owner, lease_until_ms`

func scanDelivery(r rowScanner) (Delivery, error) {
	var d Delivery
	var sectors, state string
	var updated, next, leaseUntil int64
	if err := r.Scan(&d.ID, &d.EditionID, &d.Platform, &d.ChannelID, &sectors, &state, &d.PartsSent,
		&d.MessageRef, &d.Error, &d.Attempts, &updated, &next, &d.LeaseOwner, &leaseUntil); err != nil {
		return Delivery{}, err
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
