package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/tasks"
)

// The email edition's readers. An address is stored once, whatever its
// case (address_key is the lower-cased address); a subscriber is pending
// until the reader follows the confirmation link, and only confirmed ones
// get editions.

// SubscriberState is where an email subscriber stands.
type SubscriberState string

// Subscriber states.
const (
	// SubscriberPending signed up and has not yet confirmed: nothing but
	// the confirmation mail is ever sent to the address.
	SubscriberPending SubscriberState = "pending"
	// SubscriberConfirmed gets every edition.
	SubscriberConfirmed SubscriberState = "confirmed"
	// SubscriberUnsubscribed asked to stop; the address is kept so that an
	// import never adds it back behind the reader's back.
	SubscriberUnsubscribed SubscriberState = "unsubscribed"
	// SubscriberStopped was refused for good (5xx) by its mail server for
	// MaxBounces editions in a row.
	SubscriberStopped SubscriberState = "stopped"
)

// MaxBounces is how many editions in a row an address may refuse for good
// (an SMTP 5xx answer) before mail to it stops.
const MaxBounces = 3

// EmailPlatform is the platform name email deliveries carry in the ledger.
const EmailPlatform = "email"

// Subscriber is one email reader.
type Subscriber struct {
	ID      int64
	Address string
	State   SubscriberState
	Sectors []string // slugs; empty means every sector
	Source  string   // "signup" or "import"
	// ConfirmNonce is the nonce of the one confirmation link still usable
	// ("" for none).
	ConfirmNonce string
	// UnsubscribeKey signs the subscriber's unsubscribe links.
	UnsubscribeKey string
	Bounces        int
	CreatedAt      time.Time
	ConfirmedAt    time.Time
}

// AddressKey is how addresses are compared: two spellings that differ only
// in case are one address.
func AddressKey(address string) string { return strings.ToLower(strings.TrimSpace(address)) }

const subscriberColumns = `id, address, state, sectors, source, confirm_nonce, unsubscribe_key, bounces, created_at, confirmed_at`

func scanSubscriber(r rowScanner) (Subscriber, error) {
	var s Subscriber
	var state, sectors string
	var created, confirmed int64
	if err := r.Scan(&s.ID, &s.Address, &state, &sectors, &s.Source, &s.ConfirmNonce, &s.UnsubscribeKey, &s.Bounces,
		&created, &confirmed); err != nil {
		return Subscriber{}, err
	}
	s.State = SubscriberState(state)
	s.Sectors = splitList(sectors)
	s.CreatedAt, s.ConfirmedAt = fromUnix(created), fromUnix(confirmed)
	return s, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// EmailSecret is the key that signs confirmation and unsubscribe links,
// made once with the database.
func (s *Store) EmailSecret(ctx context.Context) ([]byte, error) {
	var h string
	if err := s.db.QueryRowContext(ctx, `SELECT email_secret FROM site WHERE id = 1`).Scan(&h); err != nil {
		return nil, fmt.Errorf("read the email secret: %w", err)
	}
	key, err := hex.DecodeString(h)
	if err != nil || len(key) < 16 {
		return nil, errors.New("read the email secret: the database holds no usable secret")
	}
	return key, nil
}

// Subscriber returns one subscriber by id, or an error wrapping ErrNotFound.
func (s *Store) Subscriber(ctx context.Context, id int64) (Subscriber, error) {
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscriber{}, fmt.Errorf("subscriber %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Subscriber{}, fmt.Errorf("load subscriber %d: %w", id, err)
	}
	return sub, nil
}

// SubscriberByAddress returns the subscriber with address (any case), or
// an error wrapping ErrNotFound.
func (s *Store) SubscriberByAddress(ctx context.Context, address string) (Subscriber, error) {
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, `SELECT `+subscriberColumns+` FROM subscribers WHERE address_key = ?`,
		AddressKey(address)))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscriber{}, fmt.Errorf("subscriber: %w", ErrNotFound)
	}
	if err != nil {
		return Subscriber{}, fmt.Errorf("load subscriber: %w", err)
	}
	return sub, nil
}

// SignUp is a request from the sign-up form.
type SignUp struct {
	Address string
	// Window and PerWindow limit confirmation mails to one address: at
	// most PerWindow within Window of the first.
	Window    time.Duration
	PerWindow int
}

// SignUpResult says what a sign-up did: Send is false when the address
// has had its share of confirmation mails (the form answers the same).
type SignUpResult struct {
	Subscriber Subscriber
	Send       bool
	// Earlier says a confirmation link of this subscriber's was sent
	// before this sign-up and not used yet: it works as this one's does
	// (they share the nonce).
	Earlier bool
	// Sent counts the confirmation mails of the current window, this
	// one included when Send; the window ends at WindowEnds.
	Sent       int
	WindowEnds time.Time
}

// RecordSignUp records a sign-up: a new address becomes a pending
// subscriber; any address gets a confirmation nonce if it has none, and
// one more confirmation mail is counted against it unless it has had
// PerWindow within Window. The subscriber's state is unchanged: only
// confirming changes it.
func (s *Store) RecordSignUp(ctx context.Context, in SignUp) (SignUpResult, error) {
	now := s.now()
	nonce, err := randomHex(16)
	if err != nil {
		return SignUpResult{}, err
	}
	unsub, err := randomHex(16)
	if err != nil {
		return SignUpResult{}, err
	}
	var res SignUpResult
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := nextSubscriberID(ctx, tx)
		if err != nil {
			return fmt.Errorf("record sign-up: %w", err)
		}
		ins, err := tx.ExecContext(ctx, `INSERT INTO subscribers (id, address, address_key, state, source, unsubscribe_key, created_at, updated_at)
			VALUES (?, ?, ?, 'pending', 'signup', ?, ?, ?) ON CONFLICT (address_key) DO NOTHING`,
			id, strings.TrimSpace(in.Address), AddressKey(in.Address), unsub, unix(now), unix(now))
		if err != nil {
			return fmt.Errorf("record sign-up: %w", err)
		}
		if n, err := ins.RowsAffected(); err != nil {
			return fmt.Errorf("record sign-up: %w", err)
		} else if n > 0 {
			if err := usedSubscriberID(ctx, tx, id); err != nil {
				return fmt.Errorf("record sign-up: %w", err)
			}
		}
		var windowAt int64
		var sent int
		var earlier string
		if err := tx.QueryRowContext(ctx, `SELECT confirm_window_at, confirms_sent, confirm_nonce FROM subscribers WHERE address_key = ?`,
			AddressKey(in.Address)).Scan(&windowAt, &sent, &earlier); err != nil {
			return fmt.Errorf("record sign-up: %w", err)
		}
		res.Earlier = earlier != ""
		if now.Sub(fromUnix(windowAt)) >= in.Window {
			windowAt, sent = unix(now), 0
		}
		res.Send = sent < in.PerWindow
		if res.Send {
			sent++
		}
		sub, err := scanSubscriber(tx.QueryRowContext(ctx, `UPDATE subscribers SET
				confirm_nonce = CASE WHEN confirm_nonce = '' THEN ? ELSE confirm_nonce END,
				confirm_window_at = ?, confirms_sent = ?, updated_at = ?
			WHERE address_key = ? RETURNING `+subscriberColumns, nonce, windowAt, sent, unix(now), AddressKey(in.Address)))
		if err != nil {
			return fmt.Errorf("record sign-up: %w", err)
		}
		res.Subscriber = sub
		res.Sent, res.WindowEnds = sent, fromUnix(windowAt).Add(in.Window)
		return nil
	})
	return res, err
}

// ConfirmationUnsent gives back the confirmation mail RecordSignUp counted
// against subscriber id when the mail server did not take it: the limit
// is on mails that reach an inbox, and the form asked the reader to try
// again, which must not use up the day's mails while the relay refuses.
func (s *Store) ConfirmationUnsent(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `UPDATE subscribers SET confirms_sent = confirms_sent - 1 WHERE id = ? AND confirms_sent > 0`, id); err != nil {
		return fmt.Errorf("uncount the confirmation mail of subscriber %d: %w", id, err)
	}
	return nil
}

// ForgetRefusedSignUp deletes subscriber id when it is pending and no
// confirmation mail to it is counted (ConfirmationUnsent gave back the one
// the mail server refused for good): the reader was told to use another
// address, and one no mail can reach is not kept. It reports whether it
// deleted; a confirmed reader, or one a mail did reach, is kept.
func (s *Store) ForgetRefusedSignUp(ctx context.Context, id int64) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM subscribers WHERE id = ? AND state = 'pending' AND confirms_sent = 0`, id)
	if err != nil {
		return false, fmt.Errorf("forget the refused sign-up of subscriber %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("forget the refused sign-up of subscriber %d: %w", id, err)
	}
	return n > 0, nil
}

// ConfirmSubscriber confirms subscriber id with the nonce of its
// confirmation link, setting its sectors: the link is used up. It returns
// an error wrapping ErrNotFound when the subscriber is gone or the link was
// already used (or replaced).
func (s *Store) ConfirmSubscriber(ctx context.Context, id int64, nonce string, sectors []string) (Subscriber, error) {
	if err := s.moved(); err != nil {
		return Subscriber{}, fmt.Errorf("confirm subscriber %d: %w", id, err)
	}
	now := s.now()
	sub, err := scanSubscriber(s.db.QueryRowContext(ctx, `UPDATE subscribers SET state = 'confirmed', sectors = ?,
			confirm_nonce = '', confirmed_at = ?, bounces = 0, last_bounce_edition = 0, updated_at = ?
		WHERE id = ? AND confirm_nonce = ? AND confirm_nonce <> '' RETURNING `+subscriberColumns,
		strings.Join(sectors, ","), unix(now), unix(now), id, nonce))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscriber{}, fmt.Errorf("confirm subscriber %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Subscriber{}, fmt.Errorf("confirm subscriber %d: %w", id, s.fault(err))
	}
	s.health.wrote()
	return sub, nil
}

// UnsubscribeSubscriber stops mail to subscriber id. It reports whether
// the subscriber was receiving (or about to receive) mail; an unknown id
// wraps ErrNotFound.
func (s *Store) UnsubscribeSubscriber(ctx context.Context, id int64) (bool, error) {
	now := s.now()
	var was string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT state FROM subscribers WHERE id = ?`, id).Scan(&was); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("unsubscribe subscriber %d: %w", id, ErrNotFound)
			}
			return fmt.Errorf("unsubscribe subscriber %d: %w", id, err)
		}
		// Editions already recorded for the address are not sent either.
		if err := skipNotBegun(ctx, tx, now, EmailPlatform, strconv.FormatInt(id, 10), "the reader unsubscribed"); err != nil {
			return fmt.Errorf("unsubscribe subscriber %d: %w", id, err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE subscribers SET state = 'unsubscribed', confirm_nonce = '', updated_at = ?
			WHERE id = ?`, unix(now), id)
		return err
	})
	if err != nil {
		return false, err
	}
	return was == string(SubscriberConfirmed) || was == string(SubscriberPending), nil
}

// nextSubscriberID is the number a new reader gets: past every number
// given before (site.last_subscriber_id, migration 0044), which
// usedSubscriberID records once a reader is given it. SQLite gives a new
// row the highest number in use plus one, so a reader added after the one
// with the highest number was removed (`subscribers remove`), or after a
// sign-up forgotten before it was confirmed, took that reader's number:
// the ledger's deliveries and the links in mails name readers by number,
// so a retry of the removed reader's mail went to the new reader, and the
// forgotten sign-up's confirmation link named the new reader. Counting the
// numbers given also spares reading the whole ledger for the highest
// number it names, under the write lock, at each sign-up. The highest
// number on the list is asked too (its primary key: one step), so that a
// row an older release added after the migration is never overtaken.
func nextSubscriberID(ctx context.Context, tx *sql.Tx) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT max(last_subscriber_id, coalesce((SELECT max(id) FROM subscribers), 0)) + 1
		FROM site WHERE id = 1`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("number the new reader: %w", err)
	}
	return id, nil
}

// usedSubscriberID records that the numbers up to id were given, so that
// nextSubscriberID never gives them again.
func usedSubscriberID(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE site SET last_subscriber_id = max(last_subscriber_id, ?) WHERE id = 1`, id); err != nil {
		return fmt.Errorf("record the new reader's number: %w", err)
	}
	return nil
}

// RemoveSubscriber deletes the address from the database altogether (the
// data owner's erasure), with its pending deliveries. It returns an error
// wrapping ErrNotFound when no subscriber has the address.
func (s *Store) RemoveSubscriber(ctx context.Context, address string) (Subscriber, error) {
	var sub Subscriber
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		sub, err = scanSubscriber(tx.QueryRowContext(ctx, `DELETE FROM subscribers WHERE address_key = ? RETURNING `+subscriberColumns,
			AddressKey(address)))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("remove subscriber: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("remove subscriber: %w", err)
		}
		if err := skipNotBegun(ctx, tx, s.now(), EmailPlatform, strconv.FormatInt(sub.ID, 10), "the address was removed"); err != nil {
			return fmt.Errorf("remove subscriber: %w", err)
		}
		return nil
	})
	return sub, err
}

// ForgetUnconfirmed deletes pending subscribers who last signed up before
// before and never confirmed: their links have expired, and an address
// nobody confirmed is not kept. It goes by the last sign-up (updated_at,
// which RecordSignUp sets), not the first: a sign-up repeated on day 6
// mails a link good until day 13.
func (s *Store) ForgetUnconfirmed(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM subscribers WHERE state = 'pending' AND updated_at < ?`, unix(before))
	if err != nil {
		return 0, fmt.Errorf("forget unconfirmed subscribers: %w", err)
	}
	return res.RowsAffected()
}

// ImportedSubscriber is one row of an import: an address that already
// consented, with its sectors.
type ImportedSubscriber struct {
	Address string
	Sectors []string
}

// ImportOutcome says what an import did with one address.
type ImportOutcome int

// Import outcomes.
const (
	Imported            ImportOutcome = iota // a new confirmed subscriber
	AlreadySubscribed                        // confirmed already; left as it was
	ConfirmedByImport                        // was pending: now confirmed
	LeftOutUnsubscribed                      // the reader unsubscribed (or mail to it stopped): not added back
)

// ImportBatch is how many rows ImportSubscribers writes in one
// transaction, and importPause how long it leaves the database to others
// between two. 100,000 rows in one transaction held the write lock for
// about seven seconds on a shared 2-core machine, beyond the busy timeout,
// so the run's deliveries and an editor's command in the console failed
// with "database is locked". A batch of 2,000 holds it for about 140 ms
// there. The pause is SQLite's: a connection waiting on the busy timeout
// tries again every 100 ms once it has waited a little, and without a gap
// that long it found the lock taken by the next batch each time (writers
// waited up to 2.3 s behind batches with no pause).
const (
	ImportBatch = 2000
	importPause = 100 * time.Millisecond
)

// PartialImportError is ImportSubscribers failing after some batches were
// written: Done rows (the first ones) are imported and stay so; importing
// the same rows again adds the rest, counting those as already subscribed.
type PartialImportError struct {
	Done, Total int
	Err         error
}

func (e *PartialImportError) Error() string {
	return fmt.Sprintf("%v (the first %d of %d rows were imported before it and stay imported; "+
		"importing the file again adds the rest)", e.Err, e.Done, e.Total)
}

func (e *PartialImportError) Unwrap() error { return e.Err }

// ImportSubscribers adds already-consented addresses as confirmed
// subscribers, ImportBatch rows a transaction. An error before any batch is
// written changes nothing; one after is a *PartialImportError saying how
// many rows were imported. Addresses whose readers unsubscribed, or whose
// mail stopped, are left out. It returns one outcome per row.
func (s *Store) ImportSubscribers(ctx context.Context, rows []ImportedSubscriber) ([]ImportOutcome, error) {
	out := make([]ImportOutcome, len(rows))
	for done := 0; done < len(rows); {
		if done > 0 {
			if err := tasks.Sleep(ctx, importPause); err != nil {
				return nil, &PartialImportError{Done: done, Total: len(rows), Err: fmt.Errorf("import subscribers: %w", err)}
			}
		}
		end := min(done+ImportBatch, len(rows))
		if err := s.importSubscribers(ctx, rows[done:end], out[done:end], done); err != nil {
			if done > 0 {
				return nil, &PartialImportError{Done: done, Total: len(rows), Err: err}
			}
			return nil, err
		}
		done = end
	}
	return out, nil
}

// importSubscribers imports one batch in one transaction, writing its
// outcomes into out; first is the batch's first row's index, for errors.
func (s *Store) importSubscribers(ctx context.Context, rows []ImportedSubscriber, out []ImportOutcome, first int) error {
	now := unix(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := nextSubscriberID(ctx, tx)
		if err != nil {
			return fmt.Errorf("import subscribers: %w", err)
		}
		for j, r := range rows {
			i := first + j
			var state string
			err := tx.QueryRowContext(ctx, `SELECT state FROM subscribers WHERE address_key = ?`, AddressKey(r.Address)).Scan(&state)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				unsub, err := randomHex(16)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO subscribers (id, address, address_key, state, sectors, source, unsubscribe_key,
					created_at, confirmed_at, updated_at) VALUES (?, ?, ?, 'confirmed', ?, 'import', ?, ?, ?, ?)`,
					id, strings.TrimSpace(r.Address), AddressKey(r.Address), strings.Join(r.Sectors, ","), unsub, now, now, now); err != nil {
					return fmt.Errorf("import subscriber %d: %w", i+1, err)
				}
				id++
				out[j] = Imported
			case err != nil:
				return fmt.Errorf("import subscriber %d: %w", i+1, err)
			case state == string(SubscriberConfirmed):
				out[j] = AlreadySubscribed
			case state == string(SubscriberPending):
				if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET state = 'confirmed', sectors = ?, source = 'import',
					confirm_nonce = '', confirmed_at = ?, updated_at = ? WHERE address_key = ?`,
					strings.Join(r.Sectors, ","), now, now, AddressKey(r.Address)); err != nil {
					return fmt.Errorf("import subscriber %d: %w", i+1, err)
				}
				out[j] = ConfirmedByImport
			default:
				out[j] = LeftOutUnsubscribed
			}
		}
		if err := usedSubscriberID(ctx, tx, id-1); err != nil {
			return fmt.Errorf("import subscribers: %w", err)
		}
		return nil
	})
}

// Subscribers lists every subscriber, in the order they were added.
func (s *Store) Subscribers(ctx context.Context) ([]Subscriber, error) {
	subs, err := queryAll(ctx, s.db, scanSubscriber, `SELECT `+subscriberColumns+` FROM subscribers ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscribers: %w", err)
	}
	return subs, nil
}

// SubscriberCounts counts subscribers by state.
func (s *Store) SubscriberCounts(ctx context.Context) (map[SubscriberState]int, error) {
	out, err := queryMap[SubscriberState, int](ctx, s.db, `SELECT state, COUNT(*) FROM subscribers GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("count subscribers: %w", err)
	}
	return out, nil
}

// RecordBounce counts edition editionID as refused for good by subscriber
// id's mail server, once per edition however often it is tried, and stops
// mail to the address at MaxBounces editions in a row. It reports whether
// the address is now stopped.
func (s *Store) RecordBounce(ctx context.Context, id, editionID int64) (bool, error) {
	if err := s.moved(); err != nil {
		return false, fmt.Errorf("record a bounce of subscriber %d: %w", id, err)
	}
	var state string
	err := s.db.QueryRowContext(ctx, `UPDATE subscribers SET
			bounces = bounces + (last_bounce_edition <> ?1),
			last_bounce_edition = ?1,
			state = CASE WHEN state = 'confirmed' AND bounces + (last_bounce_edition <> ?1) >= ?2 THEN 'stopped' ELSE state END,
			updated_at = ?3
		WHERE id = ?4 RETURNING state`, editionID, MaxBounces, unix(s.now()), id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // removed meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("record a bounce for subscriber %d: %w", id, s.fault(err))
	}
	s.health.wrote()
	return state == string(SubscriberStopped), nil
}

// ClearBounces records that mail to subscriber id was accepted: the count
// of editions refused in a row starts again.
func (s *Store) ClearBounces(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `UPDATE subscribers SET bounces = 0, last_bounce_edition = 0 WHERE id = ? AND bounces > 0`, id); err != nil {
		return fmt.Errorf("clear bounces of subscriber %d: %w", id, err)
	}
	return nil
}
