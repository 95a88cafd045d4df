package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// EditionRecord is an edition as stored: its fields, and its stories in
// running order (not yet grouped into sections, which needs the configured
// sector order).
type EditionRecord struct {
	Edition digest.Edition // Sections is left empty
	Stories []digest.Story
}

const dateLayout = "2006-01-02"

func ensureDraft(ctx context.Context, tx *sql.Tx, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM editions WHERE state = 'draft'`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find draft edition: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO editions (state, created_at) VALUES ('draft', ?)`, unix(now))
	if err != nil {
		return 0, fmt.Errorf("create draft edition: %w", err)
	}
	return res.LastInsertId()
}

const editionColumns = `id, COALESCE(number, 0), state, title, date, intro, footer, published_at`

func scanEdition(r rowScanner) (digest.Edition, error) {
	var e digest.Edition
	var state, date string
	var publishedAt int64
	if err := r.Scan(&e.ID, &e.Number, &state, &e.Title, &date, &e.Intro, &e.Footer, &publishedAt); err != nil {
		return digest.Edition{}, err
	}
	e.State = digest.EditionState(state)
	e.PublishedAt = fromUnix(publishedAt)
	if date != "" {
		d, err := time.Parse(dateLayout, date)
		if err != nil {
			return digest.Edition{}, fmt.Errorf("edition %d has a bad date %q: %w", e.ID, date, err)
		}
		e.Date = d
	}
	return e, nil
}

func (s *Store) editionWhere(ctx context.Context, where string, args ...any) (EditionRecord, error) {
	e, err := scanEdition(s.db.QueryRowContext(ctx, `SELECT `+editionColumns+` FROM editions WHERE `+where, args...))
	if err != nil {
		return EditionRecord{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+storyColumns+` FROM edition_stories es
		JOIN stories s ON s.id = es.story_id WHERE es.edition_id = ? ORDER BY es.position`, e.ID)
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load stories of edition: %w", err)
	}
	stories, err := scanStories(rows)
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load stories of edition: %w", err)
	}
	return EditionRecord{Edition: e, Stories: stories}, nil
}

// Draft returns the draft edition, or ErrNoDraft when nothing has been
// approved or written for the next edition yet.
func (s *Store) Draft(ctx context.Context) (EditionRecord, error) {
	rec, err := s.editionWhere(ctx, `state = 'draft'`)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionRecord{}, ErrNoDraft
	}
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load draft edition: %w", err)
	}
	return rec, nil
}

// Edition returns the published edition with the given number.
func (s *Store) Edition(ctx context.Context, number int) (EditionRecord, error) {
	rec, err := s.editionWhere(ctx, `number = ? AND state = 'published'`, number)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionRecord{}, fmt.Errorf("edition %d: %w", number, ErrNotFound)
	}
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load edition %d: %w", number, err)
	}
	return rec, nil
}

// LatestEdition returns the published edition with the most recent date.
func (s *Store) LatestEdition(ctx context.Context) (EditionRecord, error) {
	// By date, not number: an imported back catalogue gets numbers after
	// the live editions but must not become "the latest".
	rec, err := s.editionWhere(ctx, `state = 'published' ORDER BY date DESC, number DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionRecord{}, fmt.Errorf("latest edition: %w", ErrNotFound)
	}
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load latest edition: %w", err)
	}
	return rec, nil
}

// SetIntro sets the draft edition's lead paragraph, creating the draft if needed.
func (s *Store) SetIntro(ctx context.Context, intro string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := ensureDraft(ctx, tx, s.now())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE editions SET intro = ? WHERE id = ?`, digest.StripControls(intro), id); err != nil {
			return fmt.Errorf("set intro: %w", err)
		}
		return nil
	})
}

// Publication is what freezing the draft needs.
type Publication struct {
	Title  string
	Date   time.Time // the edition's date, in bot.timezone
	Footer string
}

// Published is the outcome of a publication: the frozen edition and its
// delivery ledger.
type Published struct {
	Edition    EditionRecord
	Deliveries []Delivery
}

// Publish freezes the draft with the next edition number, marks its stories
// published and, in the same transaction, records one delivery per
// subscribed channel. A channel whose sector filter matches no story in the
// edition gets a skipped delivery saying why. An empty or missing draft
// returns ErrEmptyDraft and changes nothing.
func (s *Store) Publish(ctx context.Context, p Publication) (Published, error) {
	now := s.now()
	var (
		number     int
		deliveries []Delivery
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM editions WHERE state = 'draft'`).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrEmptyDraft
		}
		if err != nil {
			return fmt.Errorf("find draft: %w", err)
		}
		sectors, err := editionSectors(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(sectors) == 0 {
			return ErrEmptyDraft
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM editions`).Scan(&number); err != nil {
			return fmt.Errorf("next edition number: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE editions SET state = 'published', number = ?, title = ?, date = ?,
			footer = ?, published_at = ? WHERE id = ?`,
			number, p.Title, p.Date.Format(dateLayout), p.Footer, unix(now), id); err != nil {
			return fmt.Errorf("freeze edition %d: %w", number, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET state = 'published', updated_at = ?
			WHERE id IN (SELECT story_id FROM edition_stories WHERE edition_id = ?)`, unix(now), id); err != nil {
			return fmt.Errorf("mark stories published: %w", err)
		}
		if err := recordDeliveries(ctx, tx, id, sectors, now); err != nil {
			return err
		}
		// The ledger as recorded, read before a delivery worker can touch
		// it, so that what Publish reports does not depend on timing.
		deliveries, err = deliveriesWhere(ctx, tx, `edition_id = ?`, id)
		return err
	})
	if err != nil {
		return Published{}, err
	}
	rec, err := s.Edition(ctx, number)
	if err != nil {
		return Published{}, err
	}
	return Published{Edition: rec, Deliveries: deliveries}, nil
}

func editionSectors(ctx context.Context, tx *sql.Tx, editionID int64) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT s.sector FROM edition_stories es
		JOIN stories s ON s.id = es.story_id WHERE es.edition_id = ?`, editionID)
	if err != nil {
		return nil, fmt.Errorf("sectors of edition: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var slug string
		if err := rows.Scan(&slug); err != nil {
			return nil, err
		}
		out[slug] = true
	}
	return out, rows.Err()
}

func recordDeliveries(ctx context.Context, tx *sql.Tx, editionID int64, sectors map[string]bool, now time.Time) error {
	subs, err := subscriptionsQ(ctx, tx)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		state, why := "pending", ""
		if len(sub.Sectors) > 0 && !anyIn(sub.Sectors, sectors) {
			state = "skipped"
			why = "none of this channel's sectors (" + strings.Join(sub.Sectors, ", ") + ") has a story in this edition"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (edition_id, platform, channel_id, sectors, state, error, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, editionID, sub.Platform, sub.ChannelID, strings.Join(sub.Sectors, ","), state, why, unix(now)); err != nil {
			return fmt.Errorf("record delivery to %s %s: %w", sub.Platform, sub.ChannelID, err)
		}
	}
	return nil
}

func anyIn(list []string, set map[string]bool) bool {
	for _, v := range list {
		if set[v] {
			return true
		}
	}
	return false
}
