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
// moves Changes, which triggers on the editions table keep (migration 0010).
type ArchiveVersion struct {
	Editions  int       // published editions
	Changes   int64     // changes to published editions so far; only grows
	ChangedAt time.Time // when the newest of them was published, stored or renumbered
}

// ArchiveVersion reads the archive's version: one row, cheap enough for
// every web request (conditional GET answers from it alone).
func (s *Store) ArchiveVersion(ctx context.Context) (ArchiveVersion, error) {
	var v ArchiveVersion
	var changed int64
	err := s.queryRowPrepared(ctx, `SELECT editions, changes, changed_at FROM archive_version WHERE id = 1`).
		Scan(&v.Editions, &v.Changes, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return ArchiveVersion{}, errors.New("read archive version: the archive_version row is missing")
	}
	if err != nil {
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

// PagesSince records that the web archive's pages, besides the stored
// editions, are now as fingerprint describes them (the program and the
// configuration that render them), and returns since when they have been:
// the time it was first recorded with this fingerprint, or now when the
// fingerprint is new. A restart with the same program and configuration
// keeps the time, so readers' caches stay valid across it.
func (s *Store) PagesSince(ctx context.Context, fingerprint string, now time.Time) (time.Time, error) {
	if _, err := s.exec(ctx, `UPDATE site SET pages_fingerprint = ?1, pages_since = ?2
		WHERE id = 1 AND pages_fingerprint <> ?1`, fingerprint, unix(now)); err != nil {
		return time.Time{}, fmt.Errorf("record the pages' fingerprint: %w", err)
	}
	var since int64
	if err := s.db.QueryRowContext(ctx, `SELECT pages_since FROM site WHERE id = 1`).Scan(&since); err != nil {
		return time.Time{}, fmt.Errorf("read since when the pages are as they are: %w", err)
	}
	return fromUnix(since), nil
}

// EditionSummary is one published edition as a list of editions shows it.
type EditionSummary struct {
	ID          int64 // stable for the life of the database, unlike Number
	Number      int
	Title       string
	Date        time.Time
	PublishedAt time.Time
	// RenumberedAt is when Number last changed after it was first given
	// (an older edition imported later); zero if it never has.
	RenumberedAt time.Time
	Stories      int
}

// summaryColumns are the columns scanSummary reads, of editions e.
const summaryColumns = `e.id, e.number, e.title, e.date, e.published_at, e.renumbered_at,
	(SELECT COUNT(*) FROM edition_stories es WHERE es.edition_id = e.id)`

// scanSummary scans summaryColumns and then tail.
func scanSummary(r rowScanner, tail ...any) (EditionSummary, error) {
	var e EditionSummary
	var date string
	var publishedAt, renumberedAt int64
	if err := r.Scan(append([]any{&e.ID, &e.Number, &e.Title, &date, &publishedAt, &renumberedAt, &e.Stories}, tail...)...); err != nil {
		return EditionSummary{}, err
	}
	var err error
	if e.Date, err = parseEditionDate(date); err != nil {
		return EditionSummary{}, fmt.Errorf("edition %d: %w", e.Number, err)
	}
	e.PublishedAt, e.RenumberedAt = fromUnix(publishedAt), fromUnix(renumberedAt)
	return e, nil
}

// PublishedEditions lists published editions newest first (by date, as
// LatestEdition chooses), skipping offset and returning at most limit, and
// how many there are in all. It reads the limit's rows of the date index
// and counts the stories of those only.
func (s *Store) PublishedEditions(ctx context.Context, offset, limit int) ([]EditionSummary, int, error) {
	v, err := s.ArchiveVersion(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("count published editions: %w", err)
	}
	out, err := queryAll(ctx, preparedQueryer{s}, func(r rowScanner) (EditionSummary, error) { return scanSummary(r) },
		`SELECT `+summaryColumns+` FROM (SELECT * FROM editions
		WHERE state = 'published' ORDER BY date DESC, number DESC LIMIT `+limitParam+` OFFSET `+limitParam+`) AS e
		ORDER BY e.date DESC, e.number DESC`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list published editions: %w", err)
	}
	return out, v.Editions, nil
}

// EditionPlace is a published edition and the numbers of the published
// editions just before (Older) and after (Newer) it in date order; 0 where
// there is none.
type EditionPlace struct {
	EditionSummary
	Older, Newer int
}

// PublishedEditionPlace returns published edition number with its
// neighbours, in one query; the error wraps ErrNotFound when there is no
// such edition.
func (s *Store) PublishedEditionPlace(ctx context.Context, number int) (EditionPlace, error) {
	var p EditionPlace
	var err error
	p.EditionSummary, err = scanSummary(s.queryRowPrepared(ctx, `SELECT `+summaryColumns+`,
		COALESCE((SELECT o.number FROM editions o WHERE o.state = 'published' AND (o.date, o.number) < (e.date, e.number)
			ORDER BY o.date DESC, o.number DESC LIMIT 1), 0),
		COALESCE((SELECT o.number FROM editions o WHERE o.state = 'published' AND (o.date, o.number) > (e.date, e.number)
			ORDER BY o.date, o.number LIMIT 1), 0)
		FROM editions e WHERE e.state = 'published' AND e.number = ?`, number), &p.Older, &p.Newer)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionPlace{}, fmt.Errorf("edition %d: %w", number, ErrNotFound)
	}
	if err != nil {
		return EditionPlace{}, fmt.Errorf("find edition %d: %w", number, err)
	}
	return p, nil
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
//
// Sorting every story of a sector costs as much as the sector is large
// (ten thousand stories in a big archive), so the page is first looked for
// among the newest published stories, read in order from the editions'
// date index: a window sectorWindow times the stories the page needs,
// which holds it unless the sector is rare among recent stories. Only
// then are all the sector's stories sorted.
func (s *Store) PublishedInSector(ctx context.Context, sector string, offset, limit int) ([]PublishedStory, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE sector = ? AND state = 'published'`,
		sector).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count published stories in %s: %w", sector, err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	window := sectorWindow * (offset + limit)
	out, err := s.publishedStories(ctx, `SELECT `+storyColumns+`, k.date FROM (
		SELECT es.story_id, es.position, e.date, e.number FROM editions e
		CROSS JOIN edition_stories es ON es.edition_id = e.id WHERE e.state = 'published'
		ORDER BY e.date DESC, e.number DESC, es.position LIMIT `+limitParam+`) AS k
		CROSS JOIN stories s ON s.id = k.story_id WHERE s.sector = ? AND s.state = 'published'
		ORDER BY k.date DESC, k.number DESC, k.position LIMIT `+limitParam+` OFFSET `+limitParam, window, sector, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list published stories in %s: %w", sector, err)
	}
	// The window is the start of the whole order, so the page it holds is
	// the page: a full one, or the last.
	if len(out) == limit || offset+len(out) == total {
		return out, total, nil
	}
	out, err = s.publishedStories(ctx, `SELECT `+storyColumns+`, e.date FROM stories s
		JOIN edition_stories es ON es.story_id = s.id JOIN editions e ON e.id = es.edition_id
		WHERE s.sector = ? AND s.state = 'published' AND e.state = 'published'
		ORDER BY e.date DESC, e.number DESC, es.position LIMIT `+limitParam+` OFFSET `+limitParam, sector, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list published stories in %s: %w", sector, err)
	}
	return out, total, nil
}

// sectorWindow is how many of the newest published stories PublishedInSector
// reads for each story of the page it looks for: enough for any sector with
// at least one story in sectorWindow among recent ones.
const sectorWindow = 50

// publishedStories runs a constant query whose rows are a story's columns
// and its edition's date.
func (s *Store) publishedStories(ctx context.Context, query string, args ...any) ([]PublishedStory, error) {
	return queryAll(ctx, preparedQueryer{s}, func(r rowScanner) (PublishedStory, error) {
		var date string
		st, err := scanStory(scanWith(r, &date))
		if err != nil {
			return PublishedStory{}, err
		}
		ps := PublishedStory{Story: st}
		if ps.EditionDate, err = parseEditionDate(date); err != nil {
			return PublishedStory{}, fmt.Errorf("story #%d: %w", st.ID, err)
		}
		return ps, nil
	}, query, args...)
}

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

// FeedEntry is a published edition's encoded Atom entry as the web archive
// keeps it (migration 0012): Version is the archive's key for what the
// entry depends on besides the edition's content, opaque to the store.
type FeedEntry struct {
	Edition EditionSummary
	Version string
	Entry   string // XML text: kept and read as SQLite TEXT, copied once
}

// KeptFeedEntry returns the entry kept for published edition id under
// version; the error wraps ErrNotFound when none is, or only one made
// under another version. An edition that is not published has none.
func (s *Store) KeptFeedEntry(ctx context.Context, editionID int64, version string) (string, error) {
	// A string, which database/sql hands over as the driver read it: a
	// []byte it would copy once more, and entries are hundreds of KB.
	var entry string
	err := s.queryRowPrepared(ctx, `SELECT f.entry FROM feed_entries f JOIN editions e ON e.id = f.edition_id
		WHERE f.edition_id = ? AND f.version = ? AND e.state = 'published'`, editionID, version).Scan(&entry)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("feed entry of edition #%d: %w", editionID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read the feed entry of edition #%d: %w", editionID, err)
	}
	return entry, nil
}

// KeepFeedEntries keeps entries, in one transaction, each replacing what
// was kept for its edition. An entry is kept only while its edition is
// still published with the number and renumbering it was made from: one
// made from an edition renumbered or unpublished meanwhile is dropped, as
// the triggers of migration 0012 drop a kept entry when its edition, its
// stories or its sections change.
func (s *Store) KeepFeedEntries(ctx context.Context, entries []FeedEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO feed_entries (edition_id, version, entry)
			SELECT id, ?, ? FROM editions WHERE id = ? AND state = 'published' AND number = ? AND renumbered_at = ?
			ON CONFLICT (edition_id) DO UPDATE SET version = excluded.version, entry = excluded.entry`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, e := range entries {
			if _, err := st.ExecContext(ctx, e.Version, e.Entry, e.Edition.ID, e.Edition.Number, unix(e.Edition.RenumberedAt)); err != nil {
				return fmt.Errorf("edition %d: %w", e.Edition.Number, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keep feed entries: %w", err)
	}
	return nil
}
