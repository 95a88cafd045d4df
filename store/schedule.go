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

// ScheduleInForce records schedule as the publication schedule the bot
// works to and returns since when it has been in force: the time a run
// first recorded it, or now when it differs from the one recorded before.
// A database on which no schedule was recorded yet (new, or from before
// migration 0025) returns the zero time: the schedule is taken to have
// always been in force.
//
// When this call changed the schedule, replaced is the one in force until
// now, with since when: a time it named then may still have been missed.
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
	case old == "":
		since = time.Time{} // the first one recorded counts as always in force
	default:
		since, replaced = fromUnix(now.Unix()), ScheduleRecord{Schedule: old, Since: fromUnix(oldSince)}
	}
	if _, err := s.exec(ctx, `UPDATE site SET schedule = ?, schedule_since = ? WHERE id = 1`, schedule, unix(since)); err != nil {
		return time.Time{}, ScheduleRecord{}, fmt.Errorf("record the publication schedule: %w", err)
	}
	return since, replaced, nil
}
