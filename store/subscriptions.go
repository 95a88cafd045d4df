package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// Subscription is a channel that receives each published edition.
type Subscription struct {
	Platform    string
	ChannelID   string
	ChannelName string
	Sectors     []string // slugs; empty means every sector
	CreatedBy   string
	CreatedAt   time.Time
}

const subscriptionColumns = `platform, channel_id, channel_name, sectors, created_by, created_at`

func scanSubscription(r rowScanner) (Subscription, error) {
	var sub Subscription
	var sectors string
	var created int64
	if err := r.Scan(&sub.Platform, &sub.ChannelID, &sub.ChannelName, &sectors, &sub.CreatedBy, &created); err != nil {
		return Subscription{}, err
	}
	sub.Sectors = splitList(sectors)
	sub.CreatedAt = fromUnix(created)
	return sub, nil
}

func subscriptionsQ(ctx context.Context, q queryer) ([]Subscription, error) {
	subs, err := queryAll(ctx, q, scanSubscription, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return subs, nil
}

// Subscribe subscribes a channel, or replaces its sector filter if it is
// already subscribed. A channel subscribing again whose copy of the latest
// edition failed (the bot was removed from it, or lacked a permission)
// gets that copy sent again, in the same transaction: running subscribe is
// how the channel says the cause is fixed, and the bot can post there now
// (the caller checked). Resent says which edition that was, if any.
func (s *Store) Subscribe(ctx context.Context, sub Subscription) (Resent, error) {
	var resent Resent
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (platform, channel_id, channel_name, sectors, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (platform, channel_id) DO UPDATE SET sectors = excluded.sectors, channel_name = excluded.channel_name`,
			sub.Platform, sub.ChannelID, digest.StripControls(sub.ChannelName), strings.Join(sub.Sectors, ","), sub.CreatedBy, unix(s.now()))
		if err != nil {
			return err
		}
		resent, err = resendFailed(ctx, tx, s.now(), sub.Platform, sub.ChannelID)
		return err
	})
	if err != nil {
		return Resent{}, fmt.Errorf("subscribe %s %s: %w", sub.Platform, sub.ChannelID, err)
	}
	return resent, nil
}

// Unsubscribe removes a channel's subscription; ErrNotFound if it had none.
// The channel's copies of editions not yet begun (waiting their turn, or
// a retry) are skipped with it: the channel is told it will receive no
// more. One with a part already posted, or being posted, is finished
// rather than left cut in half; one whose last try may have posted its
// first part is skipped by the delivery worker once a look in the channel
// finds nothing there.
func (s *Store) Unsubscribe(ctx context.Context, platform, channelID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?`, platform, channelID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return skipNotBegun(ctx, tx, s.now(), platform, channelID, ChannelUnsubscribed)
	})
	if errors.Is(err, ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("unsubscribe %s %s: %w", platform, channelID, err)
	}
	return nil
}

// ChannelUnsubscribed is why a channel's copy of an edition was skipped
// when the channel unsubscribed before it began.
const ChannelUnsubscribed = "the channel unsubscribed"

// Subscription returns one channel's subscription, or ErrNotFound.
func (s *Store) Subscription(ctx context.Context, platform, channelID string) (Subscription, error) {
	sub, err := scanSubscription(s.db.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions
		WHERE platform = ? AND channel_id = ?`, platform, channelID))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscription{}, ErrNotFound
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("load subscription: %w", err)
	}
	return sub, nil
}
