package store

import (
	"context"
	"fmt"
	"time"
)

// ScheduleRecord is a publication schedule as the bot records it, and
// since when it was in force (the zero time: always, as far as the
// database knows).
type ScheduleRecord struct {
	Schedule string
	Since    time.Time
}

// ScheduleInForce returns since when schedule, the publication schedule
// the bot works to, has been in force: the time a run first recorded it,
// or now when it differs from the one recorded before. A database on which
// no schedule was recorded yet (new, or from before migration 0025)
// returns the zero time, and records it: the schedule is taken to have
// always been in force.
//
// When schedule differs from the one recorded, replaced is that one, with
// since when it was in force: a time it named then may still have been
// missed. The change is not recorded: the caller records it with
// RecordSchedule once it has caught up what the replaced schedule makes a
// missed time, so that a start stopped before then (the replaced schedule
// forgotten) does not leave a missed edition waiting for the next time.
// Otherwise replaced is the zero ScheduleRecord.
func (s *Store) ScheduleInForce(ctx context.Context, schedule string, now time.Time) (since time.Time, replaced ScheduleRecord, err error) {
	var old string
	var oldSince int64
	if err := s.db.QueryRowContext(ctx, `SELECT schedule, schedule_since FROM site WHERE id = 1`).Scan(&old, &oldSince); err != nil {
		return time.Time{}, ScheduleRecord{}, fmt.Errorf("read the publication schedule: %w", err)
	}
	switch {
	case old == schedule:
		return fromUnix(oldSince), ScheduleRecord{}, nil // unchanged: nothing to write
	case old != "":
		return fromUnix(now.Unix()), ScheduleRecord{Schedule: old, Since: fromUnix(oldSince)}, nil
	}
	// The first one recorded counts as always in force.
	if _, err := s.exec(ctx, `UPDATE site SET schedule = ?, schedule_since = 0 WHERE id = 1 AND schedule = ''`, schedule); err != nil {
		return time.Time{}, ScheduleRecord{}, fmt.Errorf("record the publication schedule: %w", err)
	}
	return time.Time{}, ScheduleRecord{}, nil
}

// RecordSchedule records schedule as the one in force since since, in
// place of replaced (ScheduleInForce's answer). Another process that
// recorded a change first (two starts at once) keeps its record.
func (s *Store) RecordSchedule(ctx context.Context, replaced ScheduleRecord, schedule string, since time.Time) error {
	if _, err := s.exec(ctx, `UPDATE site SET schedule = ?, schedule_since = ? WHERE id = 1 AND schedule = ?`,
		schedule, unix(since), replaced.Schedule); err != nil {
		return fmt.Errorf("record the publication schedule: %w", err)
	}
	return nil
}

// ClaimMissedNotice reports whether the editors are yet to be told that
// the edition due at slot did not go out then (it was missed too long ago
// to go out late, or an edition published by hand just before it was its
// own, and the draft waits), and records that they are, so that one
// caller tells them once: later starts, and another process starting at
// once, are answered false.
func (s *Store) ClaimMissedNotice(ctx context.Context, slot time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE site SET missed_told = ?1 WHERE id = 1 AND missed_told <> ?1`, unix(slot))
	if err != nil {
		return false, fmt.Errorf("record the missed publication told of: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record the missed publication told of: %w", err)
	}
	return n == 1, nil
}
