package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// The queries of the public web archive. Everything here reads published
// editions and their stories only: drafts, the queue and rejected stories
// are not in any of its WHERE clauses' reach.

// ArchiveVersion identifies the content of the published archive. Published
// editions and their stories are frozen, so the archive changes only when an
// edition is published or imported, or editions are renumbered; each of those
// changes Editions, Checksum or ChangedAt.
type ArchiveVersion struct {
	Editions  int       // published editions
	Checksum  int64     // changes when an edition is added, removed or renumbered
	ChangedAt time.Time // when the newest of them was published or stored
}

// ArchiveVersion reads the archive's version in one small query, cheap
// enough for every web request (conditional GET answers from it alone).
func (s *Store) ArchiveVersion(ctx context.Context) (ArchiveVersion, error) {
	rows, err := s.queryPrepared(ctx, `SELECT COUNT(*), COALESCE(SUM(id * number), 0),
		COALESCE(MAX(MAX(created_at, published_at)), 0) FROM editions WHERE state = 'published'`)
	if err != nil {
		return ArchiveVersion{}, fmt.Errorf("read archive version: %w", err)
	}
	defer rows.Close()
	var v ArchiveVersion
	var changed int64
	if rows.Next() {
		if err := rows.Scan(&v.Editions, &v.Checksum, &changed); err != nil {
			return ArchiveVersion{}, fmt.Errorf("read archive version: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return ArchiveVersion{}, fmt.Errorf("read archive version: %w", err)
	}
	v.ChangedAt = fromUnix(changed)
	return v, nil
}

// SiteIdentity is this archive's permanent random identity (32 hex digits),
// made once with the database; feed ids derive from it.
func (s *Store) SiteIdentity(ctx context.Context) (string, error) {
	var id string
	if err := s.db.QueryRowContext(ctx, `SELECT identity FROM site WHERE id = 1`).Scan(&id); err != nil {
		return "", fmt.Errorf("read site identity: %w", err)
	}
	return id, nil
}

// EditionSummary is one published edition as a list of editions shows it.
type EditionSummary struct {
	ID          int64 // stable for the life of the database, unlike Number
	Number      int
	Title       string
	Date        time.Time
	PublishedAt time.Time
	Stories     int
}

// PublishedEditions lists published editions newest first (by date, as
// LatestEdition chooses), skipping offset and returning at most limit, and
// how many there are in all.
func (s *Store) PublishedEditions(ctx context.Context, offset, limit int) ([]EditionSummary, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM editions WHERE state = 'published'`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count published editions: %w", err)
	}
	rows, err := s.queryPrepared(ctx, `SELECT e.id, e.number, e.title, e.date, e.published_at,
		(SELECT COUNT(*) FROM edition_stories es WHERE es.edition_id = e.id)
		FROM editions e WHERE e.state = 'published' ORDER BY e.date DESC, e.number DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list published editions: %w", err)
	}
	defer rows.Close()
	var out []EditionSummary
	for rows.Next() {
		var e EditionSummary
		var date string
		var publishedAt int64
		if err := rows.Scan(&e.ID, &e.Number, &e.Title, &date, &publishedAt, &e.Stories); err != nil {
			return nil, 0, fmt.Errorf("list published editions: %w", err)
		}
		if e.Date, err = parseEditionDate(date); err != nil {
			return nil, 0, fmt.Errorf("edition %d: %w", e.Number, err)
		}
		e.PublishedAt = fromUnix(publishedAt)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list published editions: %w", err)
	}
	return out, total, nil
}

// EditionNeighbours returns the numbers of the published editions just
// before (older) and after (newer) edition number in date order; 0 where
// there is none.
func (s *Store) EditionNeighbours(ctx context.Context, number int) (older, newer int, err error) {
	var date string
	err = s.db.QueryRowContext(ctx, `SELECT date FROM editions WHERE state = 'published' AND number = ?`, number).Scan(&date)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("edition %d: %w", number, ErrNotFound)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("find edition %d: %w", number, err)
	}
	neighbour := func(query string) (int, error) {
		var n int
		err := s.db.QueryRowContext(ctx, query, date, date, number).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return n, err
	}
	if older, err = neighbour(`SELECT number FROM editions WHERE state = 'published'
		AND (date < ? OR (date = ? AND number < ?)) ORDER BY date DESC, number DESC LIMIT 1`); err != nil {
		return 0, 0, fmt.Errorf("edition before %d: %w", number, err)
	}
	if newer, err = neighbour(`SELECT number FROM editions WHERE state = 'published'
		AND (date > ? OR (date = ? AND number > ?)) ORDER BY date, number LIMIT 1`); err != nil {
		return 0, 0, fmt.Errorf("edition after %d: %w", number, err)
	}
	return older, newer, nil
}

// PublishedStory is a story of a published edition, with that edition's date.
type PublishedStory struct {
	digest.Story
	EditionDate time.Time
}

// PublishedInSector returns the stories of one sector that appeared in
// published editions, the latest edition first and each edition's stories
// in running order, skipping offset and returning at most limit, and how
// many there are in all.
func (s *Store) PublishedInSector(ctx context.Context, sector string, offset, limit int) ([]PublishedStory, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE sector = ? AND state = 'published'`,
		sector).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count published stories in %s: %w", sector, err)
	}
	rows, err := s.queryPrepared(ctx, `SELECT `+storyColumns+`, e.date FROM stories s
		JOIN edition_stories es ON es.story_id = s.id JOIN editions e ON e.id = es.edition_id
		WHERE s.sector = ? AND s.state = 'published' AND e.state = 'published'
		ORDER BY e.date DESC, e.number DESC, es.position LIMIT ? OFFSET ?`, sector, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list published stories in %s: %w", sector, err)
	}
	defer rows.Close()
	var out []PublishedStory
	for rows.Next() {
		var date string
		st, err := scanStory(scanWithTail{rows, &date})
		if err != nil {
			return nil, 0, fmt.Errorf("list published stories in %s: %w", sector, err)
		}
		ps := PublishedStory{Story: st}
		if ps.EditionDate, err = parseEditionDate(date); err != nil {
			return nil, 0, fmt.Errorf("story #%d: %w", st.ID, err)
		}
		out = append(out, ps)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list published stories in %s: %w", sector, err)
	}
	return out, total, nil
}

// scanWithTail scans a story row that has extra columns after the story's.
type scanWithTail struct {
	r    rowScanner
	tail any
}

func (s scanWithTail) Scan(dest ...any) error { return s.r.Scan(append(dest, s.tail)...) }

func parseEditionDate(date string) (time.Time, error) {
	if date == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad edition date %q: %w", date, err)
	}
	return d, nil
}
