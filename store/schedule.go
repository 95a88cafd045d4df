package store

import (
	"context"
	"database/sql"
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
	var at, before int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT schedule, schedule_since FROM site WHERE id = 1`).Scan(&replaced.Schedule, &before); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `UPDATE site SET
			schedule_since = CASE WHEN schedule = ?1 THEN schedule_since WHEN schedule = '' THEN 0 ELSE ?2 END,
			schedule = ?1
			WHERE id = 1 RETURNING schedule_since`, schedule, now.Unix()).Scan(&at)
	})
	if err != nil {
		return time.Time{}, ScheduleRecord{}, fmt.Errorf("record the publication schedule: %w", err)
	}
	if replaced.Schedule == schedule || replaced.Schedule == "" {
		return fromUnix(at), ScheduleRecord{}, nil
	}
	replaced.Since = fromUnix(before)
	return fromUnix(at), replaced, nil
}
