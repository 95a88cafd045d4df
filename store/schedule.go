package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ScheduleInForce records schedule as the publication schedule the bot
// works to and returns since when it has been in force: the time a run
// first recorded it, or now when it differs from the one recorded before.
// A database on which no schedule was recorded yet (new, or from before
// migration 0025) returns the zero time: the schedule is taken to have
// always been in force.
func (s *Store) ScheduleInForce(ctx context.Context, schedule string, now time.Time) (time.Time, error) {
	var since int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE site SET
			schedule_since = CASE WHEN schedule = ?1 THEN schedule_since WHEN schedule = '' THEN 0 ELSE ?2 END,
			schedule = ?1
			WHERE id = 1 RETURNING schedule_since`, schedule, now.Unix()).Scan(&since)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("record the publication schedule: %w", err)
	}
	return fromUnix(since), nil
}
