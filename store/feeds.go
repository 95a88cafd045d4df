package store

import (
	"context"
	"database/sql"
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
	// LastHeldBack is how many entries the last poll held back as
	// duplicates; HeldBack are the newest of those not kept since (a few,
	// newest first) and HeldBackTotal how many of those there are in all.
	LastHeldBack  int
	HeldBack      []HeldBack
	HeldBackTotal int
	// MovedTo is where the feed moved permanently, as its last poll found
	// it (without a password or token); "" when it has not moved.
	MovedTo string
	// LeftOut is what the last poll that read the feed left out of its
	// entries besides duplicates: kept by a poll that read nothing (not
	// modified, or failed), since the feed is as it was.
	LeftOut LeftOut
	// LastFiltered counts the last poll's new stories that the feed's
	// include/exclude phrases left on the newswire, out of the queue.
	LastFiltered int
}

// LeftOut counts the entries of a feed that were read but are not
// stories, for a reason other than being duplicates.
type LeftOut struct {
	NoLink    int // no web link (or, in a JSON Feed, not an item at all)
	PastLimit int // past the entries a poll reads (feeds.MaxEntries), its oldest
}

// FeedHealths returns the polling state of every feed the bot has polled,
// with what it held back as duplicates, by URL.
func (s *Store) FeedHealths(ctx context.Context) (map[string]FeedHealth, error) {
	out := map[string]FeedHealth{}
	ids := map[int64]string{}
	err := eachRow(ctx, s.db, func(r *sql.Rows) error {
		var f FeedHealth
		var id, fetch, success, next int64
		if err := r.Scan(&id, &f.URL, &f.Name, &fetch, &success, &f.LastStatus, &f.LastError,
			&f.LastNewStories, &f.ConsecutiveFailures, &next, &f.LastHeldBack, &f.MovedTo,
			&f.LeftOut.NoLink, &f.LeftOut.PastLimit, &f.LastFiltered); err != nil {
			return err
		}
		f.LastFetchAt, f.LastSuccessAt, f.NextPollAt = fromUnix(fetch), fromUnix(success), fromUnix(next)
		out[f.URL] = f
		ids[id] = f.URL
		return nil
	}, `SELECT id, url, name, last_fetch_at, last_success_at, last_status, last_error,
		last_new_stories, consecutive_failures, next_poll_at, last_held_back, moved_to,
		last_no_link, last_past_limit, last_filtered FROM feeds`)
	if err != nil {
		return nil, fmt.Errorf("list feed health: %w", err)
	}
	shown, counts, err := openHeldBack(ctx, s.db)
	if err != nil {
		return nil, err
	}
	for id, url := range ids {
		f := out[url]
		f.HeldBack, f.HeldBackTotal = shown[id], counts[id]
		out[url] = f
	}
	return out, nil
}

// FeedRef names a configured feed: its URL exactly as configured (the key
// of its row, and of FeedHealths) and its display name.
type FeedRef struct {
	URL  string
	Name string
}

// FeedState is where polling one feed has got to.
type FeedState struct {
	ID                  int64
	URL                 string
	ETag                string // validators for the next conditional GET
	LastModified        string
	ConsecutiveFailures int
	NextPollAt          time.Time
	// LastFetchAt is when the last poll was made, by the clock that set
	// NextPollAt (the zero time: never polled).
	LastFetchAt time.Time
	// MovedTo is where the last poll found the feed moved permanently,
	// without a password or token, as FeedHealth has it.
	MovedTo string
}

// FeedState returns where polling the feed with this id has got to, as
// the last poll stored it: another process (a cron'd ingest beside run)
// may have polled it since this one did.
func (s *Store) FeedState(ctx context.Context, id int64) (FeedState, error) {
	st := FeedState{ID: id}
	q, err := s.prepared(ctx, `SELECT url, etag, last_modified, consecutive_failures, next_poll_at, last_fetch_at, moved_to
		FROM feeds WHERE id = ?`)
	if err == nil {
		var next, fetch int64
		err = q.QueryRowContext(ctx, id).Scan(&st.URL, &st.ETag, &st.LastModified, &st.ConsecutiveFailures, &next, &fetch, &st.MovedTo)
		st.NextPollAt, st.LastFetchAt = fromUnix(next), fromUnix(fetch)
	}
	if err != nil {
		return FeedState{}, fmt.Errorf("read the state of feed #%d: %w", id, err)
	}
	return st, nil
}

// RegisterFeeds makes sure every configured feed has a row, updates names
// that changed, and returns each feed's state in the order given.
func (s *Store) RegisterFeeds(ctx context.Context, feeds []FeedRef) ([]FeedState, error) {
	out := make([]FeedState, len(feeds))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO feeds (url, name) VALUES (?, ?)
			ON CONFLICT (url) DO UPDATE SET name = excluded.name WHERE name <> excluded.name`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		load, err := tx.PrepareContext(ctx, `SELECT id, etag, last_modified, consecutive_failures, next_poll_at, last_fetch_at, moved_to
			FROM feeds WHERE url = ?`)
		if err != nil {
			return err
		}
		defer load.Close()
		for i, f := range feeds {
			if _, err := upsert.ExecContext(ctx, f.URL, f.Name); err != nil {
				return fmt.Errorf("feed %s: %w", f.URL, err)
			}
			st := FeedState{URL: f.URL}
			var next, fetch int64
			if err := load.QueryRowContext(ctx, f.URL).Scan(&st.ID, &st.ETag, &st.LastModified,
				&st.ConsecutiveFailures, &next, &fetch, &st.MovedTo); err != nil {
				return fmt.Errorf("feed %s: %w", f.URL, err)
			}
			st.NextPollAt, st.LastFetchAt = fromUnix(next), fromUnix(fetch)
			out[i] = st
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register feeds: %w", err)
	}
	return out, nil
}

// FeedPoll is the outcome of polling a feed once.
type FeedPoll struct {
	At         time.Time
	Succeeded  bool   // fetched or not modified
	Status     string // "fetched", "not modified" or "failed"
	Error      string // why it failed, for /shared feeds
	NewStories int
	HeldBack   int // entries held back as duplicates
	// ETag and LastModified replace the stored validators when the poll
	// succeeded; a failed poll keeps the old ones.
	ETag                string
	LastModified        string
	ConsecutiveFailures int
	NextPollAt          time.Time
	// MovedTo is where the feed moved permanently, shown without a
	// password or token; "" when it has not (or has moved back).
	MovedTo string
	// Read is set when the poll read the feed's entries (fetched, or cut
	// short after some): LeftOut then replaces the stored counts, which
	// a poll that read nothing keeps.
	Read    bool
	LeftOut LeftOut
	// Filtered counts the new stories the feed's filters left on the
	// newswire; AddNewswire counts it from what it stored.
	Filtered int
}

// RecordFeedPoll stores the outcome of a poll in the feed's row, for the
// next conditional request, the backoff and /shared feeds. (AddNewswire
// records a poll together with the entries it read.)
func (s *Store) RecordFeedPoll(ctx context.Context, feedID int64, p FeedPoll) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.recordFeedPoll(ctx, tx, feedID, p) })
}

// recordFeedPoll is RecordFeedPoll in tx.
func (s *Store) recordFeedPoll(ctx context.Context, tx *sql.Tx, feedID int64, p FeedPoll) error {
	st, err := s.prepared(ctx, `UPDATE feeds SET
			last_fetch_at = ?1,
			last_success_at = CASE WHEN ?2 THEN ?1 ELSE last_success_at END,
			last_status = ?3, last_error = ?4, last_new_stories = ?5,
			etag = CASE WHEN ?2 THEN ?6 ELSE etag END,
			last_modified = CASE WHEN ?2 THEN ?7 ELSE last_modified END,
			consecutive_failures = ?8, next_poll_at = ?9, last_held_back = ?11, moved_to = ?12,
			last_no_link = CASE WHEN ?13 THEN ?14 ELSE last_no_link END,
			last_past_limit = CASE WHEN ?13 THEN ?15 ELSE last_past_limit END,
			last_filtered = ?16
		WHERE id = ?10`)
	if err == nil {
		err = runStmt(ctx, tx.StmtContext(ctx, st), []any{unix(p.At), p.Succeeded, p.Status, p.Error, p.NewStories,
			p.ETag, p.LastModified, p.ConsecutiveFailures, unix(p.NextPollAt), feedID, p.HeldBack, p.MovedTo,
			p.Read, p.LeftOut.NoLink, p.LeftOut.PastLimit, p.Filtered}, nil)
	}
	if err != nil {
		return fmt.Errorf("record poll of feed #%d: %w", feedID, err)
	}
	return nil
}
