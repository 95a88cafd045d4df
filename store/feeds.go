package store

import (
	"context"
	"fmt"
	"time"
)

// FeedHealth is what the store knows about one feed's polling.
type FeedHealth struct {
	URL                 string
	Name                string
	LastFetchAt         time.Time
	LastSuccessAt       time.Time
	LastStatus          string
	LastError           string
	LastNewStories      int
	ConsecutiveFailures int
	NextPollAt          time.Time
}

// FeedHealths returns the polling state of every feed the bot has polled, by URL.
func (s *Store) FeedHealths(ctx context.Context) (map[string]FeedHealth, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url, name, last_fetch_at, last_success_at, last_status, last_error,
		last_new_stories, consecutive_failures, next_poll_at FROM feeds`)
	if err != nil {
		return nil, fmt.Errorf("list feed health: %w", err)
	}
	defer rows.Close()
	out := map[string]FeedHealth{}
	for rows.Next() {
		var f FeedHealth
		var fetch, success, next int64
		if err := rows.Scan(&f.URL, &f.Name, &fetch, &success, &f.LastStatus, &f.LastError,
			&f.LastNewStories, &f.ConsecutiveFailures, &next); err != nil {
			return nil, fmt.Errorf("list feed health: %w", err)
		}
		f.LastFetchAt, f.LastSuccessAt, f.NextPollAt = fromUnix(fetch), fromUnix(success), fromUnix(next)
		out[f.URL] = f
	}
	return out, rows.Err()
}
