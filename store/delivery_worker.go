package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The queries the delivery worker runs. A delivery moves pending → sending
// → delivered, or back to pending with a later next attempt when a try
// fails for a passing reason, or to failed for good. A worker claims a
// delivery before sending it, with a lease: every later write names the
// worker and succeeds only while it still holds the claim, so two workers
// (even in two processes on one database file) never send the same
// delivery at once.

// ErrLeaseLost says a worker no longer holds the delivery it is writing:
// its lease ran out and another worker claimed it, or it was finished.
var ErrLeaseLost = errors.New("the delivery's lease is no longer held")

// interruptedNote is the error a claim leaves on a delivery that a previous
// worker left in flight, so the new one checks the channel before posting.
const interruptedNote = "interrupted while sending"

// MaxAhead is the furthest ahead of the clock writing it that a lease or
// a next attempt is ever set. One further ahead than that of the clock
// claiming it was set by a clock since put back (a machine that ran with
// a wrong time): it counts as run out, or the delivery would wait for the
// wrong clock's time to come round, undelivered and reported to nobody.
const MaxAhead = 24 * time.Hour

// ClaimDelivery claims delivery id for owner until now+lease, if it is due:
// pending with its next attempt come, or left sending by a worker whose
// lease has run out (either set more than MaxAhead after now counts as
// come). lease is at most MaxAhead. It returns the delivery as claimed, and false when it
// was not due (another worker has it, or it is finished). A delivery taken
// over from an interrupted worker comes back with Error set, so that the
// new owner looks in the channel before it posts again, and RateLimited
// false: whatever its last try was, that worker may have had a post on
// its way when it stopped.
func (s *Store) ClaimDelivery(ctx context.Context, id int64, owner string, now time.Time, lease time.Duration) (Delivery, bool, error) {
	if err := s.moved(); err != nil {
		return Delivery{}, false, fmt.Errorf("claim delivery %d: %w", id, err)
	}
	lease = min(lease, MaxAhead)
	// SET expressions read the row as it was before this UPDATE.
	d, err := scanDelivery(s.db.QueryRowContext(ctx, `UPDATE deliveries SET
			error = CASE WHEN state = 'sending' AND error = '' THEN ?1 ELSE error END,
			rate_limited = CASE WHEN state = 'sending' THEN 0 ELSE rate_limited END,
			state = 'sending', lease_owner = ?2, lease_until_ms = ?3, waits_set_ms = ?7
		WHERE id = ?4 AND (
			(state = 'pending' AND (next_attempt_ms <= ?5 OR next_attempt_ms > ?6)) OR
			(state = 'sending' AND (lease_until_ms <= ?5 OR lease_until_ms > ?6)))
		RETURNING `+deliveryColumns,
		interruptedNote, owner, now.Add(lease).UnixMilli(), id, now.UnixMilli(), now.Add(MaxAhead).UnixMilli(), s.now().UnixMilli()))
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, false, nil
	}
	if err != nil {
		return Delivery{}, false, fmt.Errorf("claim delivery %d: %w", id, s.fault(err))
	}
	return d, true, nil
}

// RebaseDeliveryWaits counts again from now the waits of the open
// deliveries whose next attempt or lease was written at a time still to
// come on the store's clock: the clock has stepped back since (an NTP
// correction, a virtual machine restored), and the absolute times would
// have them wait the step longer too. Each wait is kept as long as it was
// written (next_attempt_ms - waits_set_ms), from now: never shorter, so a
// lease still holds while its holder, which counts its lease on its own
// clock, may still be posting. It returns how many it rebased; most calls
// find none with a read, and write nothing.
func (s *Store) RebaseDeliveryWaits(ctx context.Context) (int64, error) {
	return s.rebaseWaits(ctx, "state IN ('pending', 'sending')")
}

// rebaseWaits is RebaseDeliveryWaits for the deliveries that which selects.
func (s *Store) rebaseWaits(ctx context.Context, which string) (int64, error) {
	now := s.now().UnixMilli()
	stepped := which + ` AND waits_set_ms > ?1`
	var waiting int
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM deliveries WHERE `+stepped+`)`, now).Scan(&waiting); err != nil {
		return 0, fmt.Errorf("look for delivery waits set before the clock stepped back: %w", err)
	}
	if waiting == 0 {
		return 0, nil
	}
	res, err := s.exec(ctx, `UPDATE deliveries SET
			next_attempt_ms = CASE WHEN next_attempt_ms > 0 THEN ?1 + max(next_attempt_ms - waits_set_ms, 0) ELSE 0 END,
			lease_until_ms = CASE WHEN lease_until_ms > 0 THEN ?1 + max(lease_until_ms - waits_set_ms, 0) ELSE 0 END,
			waits_set_ms = ?1
		WHERE `+stepped, now)
	if err != nil {
		return 0, fmt.Errorf("rebase delivery waits: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("rebase delivery waits: %w", err)
	}
	return n, nil
}

// RenewLeases extends every claim owner holds until until, in one
// statement, and returns the deliveries it still holds.
func (s *Store) RenewLeases(ctx context.Context, owner string, until time.Time) ([]int64, error) {
	if err := s.moved(); err != nil {
		return nil, fmt.Errorf("renew delivery leases: %w", err)
	}
	ids, err := queryAll(ctx, s.db, scanValue[int64], `UPDATE deliveries SET lease_until_ms = ?, waits_set_ms = ?
		WHERE lease_owner = ? AND state = 'sending' RETURNING id`, until.UnixMilli(), s.now().UnixMilli(), owner)
	if err != nil {
		return nil, fmt.Errorf("renew delivery leases: %w", s.fault(err))
	}
	return ids, nil
}

// LeaseOwners returns the workers holding a claim on a delivery still
// being sent, each once, for a worker starting to tell which of them
// belong to a process no longer running (EndLeases).
func (s *Store) LeaseOwners(ctx context.Context) ([]string, error) {
	owners, err := queryAll(ctx, s.db, scanValue[string], `SELECT DISTINCT lease_owner FROM deliveries
		WHERE state = 'sending' AND lease_owner != '' ORDER BY lease_owner`)
	if err != nil {
		return nil, fmt.Errorf("delivery lease owners: %w", s.fault(err))
	}
	return owners, nil
}

// EndLeases ends, after in from now, every claim owner holds on a
// delivery being sent, for a worker that knows owner's process is no
// longer running: the deliveries are due then, not when the dead
// process's leases would have run out, and a claim taken on them still
// counts as one taken from an interrupted worker (ClaimDelivery), which
// looks in the channel before it posts. A lease that ends sooner is left
// as it is. It returns how many it shortened.
func (s *Store) EndLeases(ctx context.Context, owner string, in time.Duration) (int64, error) {
	if err := s.moved(); err != nil {
		return 0, fmt.Errorf("end the delivery leases of %s: %w", owner, err)
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE deliveries SET lease_until_ms = ?2, waits_set_ms = ?1
		WHERE lease_owner = ?3 AND state = 'sending' AND lease_until_ms > ?2`, now.UnixMilli(), now.Add(in).UnixMilli(), owner)
	if err != nil {
		return 0, fmt.Errorf("end the delivery leases of %s: %w", owner, s.fault(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("end the delivery leases of %s: %w", owner, err)
	}
	return n, nil
}

// RecordDeliveryPart records that the first partsSent messages of a
// delivery are posted, ref being the first one's reference, and extends
// the lease until until.
func (s *Store) RecordDeliveryPart(ctx context.Context, id int64, owner string, partsSent int, ref string, until time.Time) error {
	return s.updateClaimed(ctx, id, owner, "record part of", `parts_sent = ?, message_ref = ?, lease_until_ms = ?, waits_set_ms = ?`,
		partsSent, ref, until.UnixMilli(), s.now().UnixMilli())
}

// FinishDelivery marks a delivery delivered: all partsSent messages are
// posted, the first one being ref.
func (s *Store) FinishDelivery(ctx context.Context, id int64, owner string, partsSent int, ref string) error {
	return s.updateClaimed(ctx, id, owner, "finish", `state = 'delivered', parts_sent = ?, message_ref = ?, error = '',
		attempts = attempts + 1, lease_owner = '', lease_until_ms = 0, updated_at = ?`, partsSent, ref, unix(s.now()))
}

// RetryReason is why a delivery is put back until a later try.
type RetryReason int

const (
	// RetryFailed: a try failed; it counts as an attempt.
	RetryFailed RetryReason = iota
	// RetryRateLimited: the platform asked the bot to wait (a 429); not
	// counted as an attempt.
	RetryRateLimited
)

// RetryDelivery puts a delivery back in the queue until at, after a failed
// attempt (counted) or a rate limit (not counted), recording which
// (Delivery.RateLimited): why is the error kept, which a rate limit
// leaves as the try before it had it.
func (s *Store) RetryDelivery(ctx context.Context, id int64, owner string, at time.Time, why string, reason RetryReason) error {
	n, limited := 1, 0
	if reason == RetryRateLimited {
		n, limited = 0, 1
	}
	return s.updateClaimed(ctx, id, owner, "retry", `state = 'pending', next_attempt_ms = ?, waits_set_ms = ?, error = ?, attempts = attempts + ?,
		rate_limited = ?, lease_owner = '', lease_until_ms = 0`, at.UnixMilli(), s.now().UnixMilli(), why, n, limited)
}

// FailDelivery gives a claimed delivery up for good, saying why.
func (s *Store) FailDelivery(ctx context.Context, id int64, owner string, why string) error {
	return s.updateClaimed(ctx, id, owner, "fail", `state = 'failed', error = ?, attempts = attempts + 1,
		lease_owner = '', lease_until_ms = 0, updated_at = ?`, why, unix(s.now()))
}

// SkipDelivery marks a claimed delivery skipped: it is no longer due (its
// reader unsubscribed), and why.
func (s *Store) SkipDelivery(ctx context.Context, id int64, owner string, why string) error {
	return s.updateClaimed(ctx, id, owner, "skip", `state = 'skipped', error = ?, lease_owner = '', lease_until_ms = 0, updated_at = ?`,
		why, unix(s.now()))
}

// ReleaseDelivery gives up owner's claim on a delivery it stopped sending,
// leaving it in flight for the next worker to take over and resume after
// checking the channel: at once (a zero until), or at until, when sooner
// than its lease's end: a post the worker cancelled may still reach the
// platform meanwhile, and the next worker's look in the channel must find
// it (a worker shutting down gives its posts the time a killed worker's
// are given; one whose lease, as it last knew it, was about to end before
// it could be renewed names that end). A renewal written after the worker last knew its lease (one
// woken at the same moment in a process frozen past its lease) does not
// push the takeover back: nobody sends under it.
// The owner goes with the claim: the worker's RenewLeases, which renews
// whatever it owns, would otherwise hold the delivery again under a lease
// nobody sends under, and if that worker then stopped, the delivery would
// wait for nobody.
func (s *Store) ReleaseDelivery(ctx context.Context, id int64, owner string, until time.Time) error {
	var untilMS int64
	if !until.IsZero() {
		untilMS = until.UnixMilli()
	}
	return s.updateClaimed(ctx, id, owner, "release", `lease_owner = '', lease_until_ms = CASE WHEN ? = 0 THEN 0 ELSE MIN(lease_until_ms, ?) END,
		error = CASE WHEN error = '' THEN ? ELSE error END`, untilMS, untilMS, interruptedNote)
}

// updateClaimed updates a delivery owner has claimed and still holds, or
// returns ErrLeaseLost. Only the writes that settle a delivery set its
// updated_at (see Delivery.UpdatedAt).
func (s *Store) updateClaimed(ctx context.Context, id int64, owner, what, set string, args ...any) error {
	args = append(args, id, owner)
	res, err := s.exec(ctx, `UPDATE deliveries SET `+set+`
		WHERE id = ? AND lease_owner = ? AND state = 'sending'`, args...)
	if err != nil {
		return fmt.Errorf("%s delivery %d: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%s delivery %d: %w", what, id, ErrLeaseLost)
	}
	return nil
}

// ClaimFailureReports takes the failed deliveries the editors have not yet
// been told of, of editions whose delivery is over (none still open), and
// marks them reported in the same statement, so that editors get one
// report per edition however many workers share the database. With
// platforms, only the failed deliveries to those platforms are taken (a
// console session's worker takes only the console's); nil takes all.
// An edition's mail and its chat copies are over apart: mail is tried
// for days (delivery.Patient), and the editors are not kept waiting that
// long to hear of a channel that failed, nor told of mail before its
// last copy is settled.
//
// The claim lasts lease from now: the claimer says FailureReportsTold once
// the editors were told (or it gave up), and ReleaseFailureReports when
// they could not be. A claim neither said of by then (the process was
// killed, or stopped, while it posted the report) is taken again, as a
// delivery's is: the report used to be lost, marked reported for good.
func (s *Store) ClaimFailureReports(ctx context.Context, platforms []string, now time.Time, lease time.Duration) ([]Delivery, error) {
	lease = min(lease, MaxAhead)
	// A claim written before the clock stepped back holds as long as it
	// was taken for, from now (see RebaseDeliveryWaits).
	if _, err := s.rebaseWaits(ctx, "state = 'failed' AND lease_until_ms > 0"); err != nil {
		return nil, fmt.Errorf("claim failure reports: %w", err)
	}
	only, args := "", []any{now.UnixMilli(), now.Add(MaxAhead).UnixMilli()}
	if platforms != nil {
		only = ` AND platform IN (SELECT value FROM json_each(?3))`
		list, err := json.Marshal(platforms)
		if err != nil {
			return nil, fmt.Errorf("claim failure reports: %w", err)
		}
		args = append(args, string(list))
	}
	// Unreported, or claimed by a worker that has neither told nor given
	// the report back in time (a lease set further ahead than MaxAhead
	// was set by a clock since put back).
	const untold = `state = 'failed' AND (reported = 0 OR
		(lease_until_ms > 0 AND (lease_until_ms <= ?1 OR lease_until_ms > ?2)))`
	// Most looks find nothing: find that out with a read, not a write that
	// would queue behind every worker's ledger writes. The read looks at
	// the platforms taken only, or a console's worker would write on every
	// look while other platforms' failures wait for the run's worker.
	var waiting int
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM deliveries WHERE `+untold+only+`)`,
		args...).Scan(&waiting)
	if err != nil {
		return nil, fmt.Errorf("look for failure reports: %w", err)
	}
	if waiting == 0 {
		return nil, nil
	}
	if err := s.moved(); err != nil {
		return nil, fmt.Errorf("claim failure reports: %w", err)
	}
	args = append(args, now.Add(lease).UnixMilli(), s.now().UnixMilli())
	ds, err := queryAll(ctx, s.db, scanDelivery, fmt.Sprintf(`UPDATE deliveries SET reported = 1, lease_until_ms = ?%d, waits_set_ms = ?%d
		WHERE `+untold+only+` AND (edition_id, platform = 'email') NOT IN
			(SELECT edition_id, platform = 'email' FROM deliveries WHERE state IN ('pending', 'sending'))
		RETURNING `+deliveryColumns, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("claim failure reports: %w", s.fault(err))
	}
	return ds, nil
}

// FailureReportsTold ends the claims of ClaimFailureReports whose editors
// were told (or that were given up): they are never taken again. No ids is
// nothing to write.
func (s *Store) FailureReportsTold(ctx context.Context, ids []int64) error {
	return s.updateFailureReports(ctx, "failure reports told", `UPDATE deliveries SET lease_until_ms = 0
		WHERE state = 'failed' AND reported = 1 AND id IN (SELECT value FROM json_each(?))`, ids)
}

// ReleaseFailureReports gives back failure reports taken by
// ClaimFailureReports that the editors could not be told of (every review
// channel refused them), for a later claim to take again. No ids is
// nothing to write.
func (s *Store) ReleaseFailureReports(ctx context.Context, ids []int64) error {
	return s.updateFailureReports(ctx, "release failure reports", `UPDATE deliveries SET reported = 0, lease_until_ms = 0
		WHERE state = 'failed' AND id IN (SELECT value FROM json_each(?))`, ids)
}

// updateFailureReports runs update, whose one parameter is the JSON list
// of ids, and wraps its error in what. No ids runs nothing: no statement
// waits for the write lock for it.
func (s *Store) updateFailureReports(ctx context.Context, what, update string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if _, err := s.exec(ctx, update, string(list)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// EditionByID returns a published edition by its row ID, as the delivery
// ledger names it.
func (s *Store) EditionByID(ctx context.Context, id int64) (EditionRecord, error) {
	return s.editionNamed(ctx, fmt.Sprintf("edition id %d", id), `id = ? AND state = 'published'`, id)
}
