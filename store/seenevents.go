package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// FirstSight records that platform's event id was seen at at and reports
// whether this is its first sighting: false when it was recorded before
// (by this process or one before a restart) and is not yet older than
// keep. IDs older than keep are pruned as it goes, so the table holds
// about keep's worth of events. Two callers racing with one ID get one
// true between them: the insert decides.
func (s *Store) FirstSight(ctx context.Context, platform, id string, at time.Time, keep time.Duration) (bool, error) {
	var first bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM seen_events WHERE seen_at < ?`, unix(at.Add(-keep))); err != nil {
			return fmt.Errorf("prune the events seen: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_events (platform, id, seen_at) VALUES (?, ?, ?)
			ON CONFLICT (platform, id) DO NOTHING`, platform, id, unix(at))
		if err != nil {
			return fmt.Errorf("record the event seen: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("record the event seen: %w", err)
		}
		first = n == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("%s event %s: %w", platform, id, err)
	}
	return first, nil
}
