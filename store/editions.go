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

// EditionRecord is an edition as stored: its fields, its stories in
// running order (each with its afterword in this edition), and its layout.
// Grouping the stories into sections needs the configured sector order
// too: digest.Arrange does it.
type EditionRecord struct {
	Edition digest.Edition // Lead and Sections are left empty
	Stories []digest.Story
	Layout  digest.Layout
	// ByHand is set on an edition an editor published (Publication.ByHand)
	// rather than the schedule, and on none published before it was kept.
	ByHand bool
}

const dateLayout = "2006-01-02"

func ensureDraft(ctx context.Context, tx *sql.Tx, now time.Time) (int64, error) {
	id, err := draftID(ctx, tx)
	if !errors.Is(err, ErrNoDraft) {
		return id, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO editions (state, created_at) VALUES ('draft', ?)`, unix(now))
	if err != nil {
		return 0, fmt.Errorf("create draft edition: %w", err)
	}
	return res.LastInsertId()
}

// draftID returns the draft edition's id, or ErrNoDraft.
func draftID(ctx context.Context, tx *sql.Tx) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM editions WHERE state = 'draft'`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNoDraft
	}
	if err != nil {
		return 0, fmt.Errorf("find draft edition: %w", err)
	}
	return id, nil
}

const editionColumns = `id, COALESCE(number, 0), state, title, date, date_line, intro, footer, published_at, by_hand`

// scanEdition reads editionColumns: the edition, and whether it was
// published by hand.
func scanEdition(r rowScanner) (digest.Edition, bool, error) {
	var e digest.Edition
	var state, date string
	var publishedAt int64
	var byHand bool
	if err := r.Scan(&e.ID, &e.Number, &state, &e.Title, &date, &e.DateLine, &e.Intro, &e.Footer, &publishedAt, &byHand); err != nil {
		return digest.Edition{}, false, err
	}
	e.State = digest.EditionState(state)
	e.PublishedAt = fromUnix(publishedAt)
	if date != "" {
		d, err := time.Parse(dateLayout, date)
		if err != nil {
			return digest.Edition{}, false, fmt.Errorf("edition %d has a bad date %q: %w", e.ID, date, err)
		}
		e.Date = d
	}
	return e, byHand, nil
}

// editionNamed is editionWhere with its errors wrapped: name says which
// edition ("edition 12"), and one that is not there wraps ErrNotFound.
func (s *Store) editionNamed(ctx context.Context, name, where string, args ...any) (EditionRecord, error) {
	rec, err := s.editionWhere(ctx, where, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return EditionRecord{}, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load %s: %w", name, err)
	}
	return rec, nil
}

// editionWhere loads the first edition matching where; sql.ErrNoRows when
// there is none. Every caller passes
// constant SQL, so its statements are prepared once (an edition page of the
// web archive runs them on every render).
func (s *Store) editionWhere(ctx context.Context, where string, args ...any) (EditionRecord, error) {
	e, byHand, err := scanEdition(s.queryRowPrepared(ctx, `SELECT `+editionColumns+` FROM editions WHERE `+where, args...))
	if err != nil {
		return EditionRecord{}, err
	}
	q := preparedQueryer{s}
	stories, err := queryAll(ctx, q, scanStory, `SELECT `+storyColumns+` FROM edition_stories es
		JOIN stories s ON s.id = es.story_id WHERE es.edition_id = ? ORDER BY es.position`, e.ID)
	if err != nil {
		return EditionRecord{}, fmt.Errorf("load stories of edition: %w", err)
	}
	layout, afterwords, err := editionLayout(ctx, q, e.ID)
	if err != nil {
		return EditionRecord{}, err
	}
	for i := range stories {
		stories[i].Afterword = afterwords[stories[i].ID]
	}
	return EditionRecord{Edition: e, Stories: stories, Layout: layout, ByHand: byHand}, nil
}

// editionLayout loads an edition's own sections and where its stories sit,
// and the afterword of each story that has one.
func editionLayout(ctx context.Context, q queryer, editionID int64) (digest.Layout, map[int64]string, error) {
	sections, err := queryAll(ctx, q, func(r rowScanner) (digest.LayoutSection, error) {
		var ls digest.LayoutSection
		err := r.Scan(&ls.Sector, &ls.Heading, &ls.Text, &ls.Unruled)
		return ls, err
	}, `SELECT sector, heading, text, unruled FROM edition_sections WHERE edition_id = ? ORDER BY position`, editionID)
	if err != nil {
		return digest.Layout{}, nil, fmt.Errorf("load sections of edition: %w", err)
	}
	layout := digest.Layout{Sections: sections, Places: map[int64]int{}}
	afterwords := map[int64]string{}
	err = eachRow(ctx, q, func(r *sql.Rows) error {
		var id int64
		var section sql.NullInt64
		var afterword string
		if err := r.Scan(&id, &section, &afterword); err != nil {
			return err
		}
		if section.Valid {
			layout.Places[id] = int(section.Int64)
		}
		if afterword != "" {
			afterwords[id] = afterword
		}
		return nil
	}, `SELECT story_id, section, afterword FROM edition_stories
		WHERE edition_id = ? AND (section IS NOT NULL OR afterword <> '')`, editionID)
	if err != nil {
		return digest.Layout{}, nil, fmt.Errorf("load placement of stories: %w", err)
	}
	return layout, afterwords, nil
}

// Draft returns the draft edition, or ErrNoDraft when nothing has been
// approved or written for the next edition yet.
func (s *Store) Draft(ctx context.Context) (EditionRecord, error) {
	rec, err := s.editionNamed(ctx, "draft edition", `state = 'draft'`)
	if errors.Is(err, ErrNotFound) {
		return EditionRecord{}, ErrNoDraft
	}
	return rec, err
}

// Edition returns the published edition with the given number.
func (s *Store) Edition(ctx context.Context, number int) (EditionRecord, error) {
	return s.editionNamed(ctx, fmt.Sprintf("edition %d", number), `number = ? AND state = 'published'`, number)
}

// EditionOn returns the first published edition dated date (a calendar
// date: its clock and zone are ignored).
func (s *Store) EditionOn(ctx context.Context, date time.Time) (EditionRecord, error) {
	day := date.Format(dateLayout)
	return s.editionNamed(ctx, "edition of "+day, `state = 'published' AND date = ? ORDER BY number LIMIT 1`, day)
}

// EditionNumbersOn returns the numbers of the published editions dated
// date, in order: more than one when an editor published twice in a day.
func (s *Store) EditionNumbersOn(ctx context.Context, date time.Time) ([]int, error) {
	day := date.Format(dateLayout)
	rows, err := s.db.QueryContext(ctx, `SELECT number FROM editions WHERE state = 'published' AND date = ? ORDER BY number`, day)
	if err != nil {
		return nil, fmt.Errorf("editions of %s: %w", day, err)
	}
	defer rows.Close()
	var numbers []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("editions of %s: %w", day, err)
		}
		numbers = append(numbers, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("editions of %s: %w", day, err)
	}
	return numbers, nil
}

// EditionRef names a published edition: its number and date.
type EditionRef struct {
	Number int
	Date   time.Time
}

// EditionsAround returns the published editions nearest before and after
// date (a zero Number where there is none), to suggest when there is no
// edition on the date itself.
func (s *Store) EditionsAround(ctx context.Context, date time.Time) (before, after EditionRef, err error) {
	day := date.Format(dateLayout)
	scan := func(query string) (EditionRef, error) {
		var ref EditionRef
		var d string
		err := s.db.QueryRowContext(ctx, query, day).Scan(&ref.Number, &d)
		if errors.Is(err, sql.ErrNoRows) {
			return EditionRef{}, nil
		}
		if err != nil {
			return EditionRef{}, fmt.Errorf("editions around %s: %w", day, err)
		}
		ref.Date, err = time.Parse(dateLayout, d)
		return ref, err
	}
	if before, err = scan(`SELECT number, date FROM editions WHERE state = 'published' AND date < ? ORDER BY date DESC, number DESC LIMIT 1`); err != nil {
		return EditionRef{}, EditionRef{}, err
	}
	if after, err = scan(`SELECT number, date FROM editions WHERE state = 'published' AND date > ? ORDER BY date, number LIMIT 1`); err != nil {
		return EditionRef{}, EditionRef{}, err
	}
	return before, after, nil
}

// NextEditionNumber is the number the draft will carry once published,
// as Publish numbers it: one more than any edition's.
func (s *Store) NextEditionNumber(ctx context.Context) (int, error) {
	return nextEditionNumber(ctx, s.db)
}

// nextEditionNumber is one more than any edition's number, read through
// q: Publish's, in its transaction, and the draft's preview's, so that
// the two cannot count differently.
func nextEditionNumber(ctx context.Context, q querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM editions`).Scan(&n); err != nil {
		return 0, fmt.Errorf("next edition number: %w", err)
	}
	return n, nil
}

// LatestEdition returns the published edition with the most recent date,
// which, since numbers follow dates, is the one with the highest number.
func (s *Store) LatestEdition(ctx context.Context) (EditionRecord, error) {
	return s.editionNamed(ctx, "latest edition", `state = 'published' ORDER BY date DESC, number DESC LIMIT 1`)
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

// SetLead makes an approved story of the draft its lead story, shown under
// the intro before the first section, in place of any other; storyID 0
// leaves the draft without a lead. A story that is not in the draft gets a
// *StateError (want "lead"), and ErrNoDraft when there is no draft.
func (s *Store) SetLead(ctx context.Context, storyID int64) (digest.Story, error) {
	var st digest.Story
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		draft, err := draftID(ctx, tx)
		if err != nil {
			return err
		}
		if storyID != 0 {
			if st, err = storyByID(ctx, tx, storyID); err != nil {
				return err
			}
			var inDraft bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM edition_stories WHERE edition_id = ? AND story_id = ?)`,
				draft, storyID).Scan(&inDraft); err != nil {
				return fmt.Errorf("find story in draft: %w", err)
			}
			if !inDraft {
				return &StateError{Story: st, Want: "lead"}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE edition_stories SET section = NULL WHERE edition_id = ? AND section = 0`, draft); err != nil {
			return fmt.Errorf("unset lead: %w", err)
		}
		if storyID == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE edition_stories SET section = 0 WHERE edition_id = ? AND story_id = ?`, draft, storyID); err != nil {
			return fmt.Errorf("set lead: %w", err)
		}
		return nil
	})
	return st, err
}

// SetSectionOrder sets the order of the draft's sections: the sectors
// slugs names first, in that order (the caller resolves and de-duplicates
// them); the others follow in the configured order. It creates the draft
// if needed; an empty slugs goes back to the configured order.
func (s *Store) SetSectionOrder(ctx context.Context, slugs []string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := ensureDraft(ctx, tx, s.now())
		if err != nil {
			return err
		}
		sections := make([]digest.LayoutSection, len(slugs))
		for i, slug := range slugs {
			sections[i] = digest.LayoutSection{Sector: slug}
		}
		return writeSections(ctx, tx, id, sections)
	})
}

// writeSections replaces an edition's own sections.
func writeSections(ctx context.Context, tx *sql.Tx, editionID int64, sections []digest.LayoutSection) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM edition_sections WHERE edition_id = ?`, editionID); err != nil {
		return fmt.Errorf("clear sections of edition: %w", err)
	}
	for i, ls := range sections {
		if _, err := tx.ExecContext(ctx, `INSERT INTO edition_sections (edition_id, position, sector, heading, text, unruled)
			VALUES (?, ?, ?, ?, ?, ?)`, editionID, i+1, ls.Sector, ls.Heading, ls.Text, ls.Unruled); err != nil {
			return fmt.Errorf("store section %d of edition: %w", i+1, err)
		}
	}
	return nil
}

// renumberEditions gives every published edition its number in order of
// date: the oldest is 1. Editions of one date keep the order they were
// published (or imported) in. Only numbers that change are written, by way
// of negative ones, since numbers are unique at every step. An edition
// whose number changes is marked renumbered at now, except added: the
// edition being published or imported, whose provisional number was never
// shown.
func renumberEditions(ctx context.Context, tx *sql.Tx, added int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE editions SET number = -ranked.n,
		renumbered_at = CASE WHEN editions.id = ? THEN editions.renumbered_at ELSE ? END
		FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY date, published_at, id) AS n
		      FROM editions WHERE state = 'published') AS ranked
		WHERE editions.id = ranked.id AND editions.number <> ranked.n`, added, unix(now)); err != nil {
		return fmt.Errorf("number editions by date: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE editions SET number = -number WHERE number < 0`); err != nil {
		return fmt.Errorf("number editions by date: %w", err)
	}
	return nil
}

// putRightFastEditions dates the editions stamped as published after now
// no later than date, the day of the edition being published now, and
// stamps them now: they went out under a clock since put back (days fast,
// a Saturday read on a Monday), before now. By their own date they were
// numbered after the edition published once the clock was right, which
// moved the number readers had been sent with them, and stayed the
// latest edition until their date came. Their titles keep the date they
// went out with.
func putRightFastEditions(ctx context.Context, tx *sql.Tx, date, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE editions SET published_at = ?1, date = MIN(date, ?2)
		WHERE state = 'published' AND published_at > ?1`, unix(now), date.Format(dateLayout)); err != nil {
		return fmt.Errorf("put right the editions published under a fast clock: %w", err)
	}
	return nil
}

// Publication is what freezing the draft needs.
type Publication struct {
	Title  string
	Date   time.Time // the edition's date, in bot.timezone; zero means today (UTC)
	Footer string
	// Layout is the draft as arranged for publication (digest.LayoutOf);
	// it is stored with the edition, so later changes to the configured
	// sector order leave the published edition as it was sent.
	Layout digest.Layout
	// Email records a delivery for every confirmed email subscriber too
	// (email.enabled); otherwise only channels get the edition.
	Email bool
	// ByHand records that an editor published it, not the schedule: the
	// scheduled time after it counts it as its own when it is that close
	// (the bot's publishedJustBefore), which the schedule's own edition of
	// the time before is not.
	ByHand bool
	// Unless, when set, is asked in the publication's own transaction
	// whether the latest published edition, published by hand (byHand) at
	// publishedAt, makes this publication needless: if so nothing is
	// published and Publish returns ErrPublishedMeanwhile. The scheduler
	// asks it whether an editor published its time's edition just before
	// (the bot's publishedJustBefore): asked before the transaction, an
	// edition published by hand in between and a story approved after it
	// went out as a second edition.
	Unless func(byHand bool, publishedAt time.Time) bool
}

// ErrPublishedMeanwhile is Publish refusing a publication whose Unless
// said the latest edition made it needless; nothing was changed.
var ErrPublishedMeanwhile = errors.New("an edition published meanwhile made this publication needless")

// Published is the outcome of a publication: the frozen edition and its
// delivery ledger.
type Published struct {
	Edition    EditionRecord
	Deliveries []Delivery
}

// Publish freezes the draft with its layout and the next edition number
// (numbers follow dates), marks its stories published and, in the same
// transaction, records one delivery per
// subscribed channel; with Email, one per confirmed reader too: the first
// emailLedgerBatch with the edition, the rest after it a batch a
// transaction. A channel whose sector filter matches no story in the
// edition gets a skipped delivery saying why. An empty or missing draft
// returns ErrEmptyDraft and changes nothing.
func (s *Store) Publish(ctx context.Context, p Publication) (Published, error) {
	now := s.now()
	if p.Date.IsZero() {
		p.Date = now // numbers follow dates, so an edition always has one
	}
	var (
		id         int64
		number     int
		deliveries []Delivery
		ledger     emailLedger // the email ledger's first batch, when p.Email
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if p.Unless != nil {
			needless, err := latestMakes(ctx, tx, p.Unless)
			if err != nil {
				return err
			}
			if needless {
				return ErrPublishedMeanwhile
			}
		}
		var err error
		id, err = draftID(ctx, tx)
		if errors.Is(err, ErrNoDraft) {
			return ErrEmptyDraft
		}
		if err != nil {
			return err
		}
		sectors, err := editionSectors(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(sectors) == 0 {
			return ErrEmptyDraft
		}
		if number, err = nextEditionNumber(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE editions SET state = 'published', number = ?, title = ?, date = ?,
			footer = ?, published_at = ?, by_hand = ? WHERE id = ?`,
			number, p.Title, p.Date.Format(dateLayout), p.Footer, unix(now), p.ByHand, id); err != nil {
			return fmt.Errorf("freeze edition %d: %w", number, err)
		}
		if err := freezeLayout(ctx, tx, id, p.Layout); err != nil {
			return err
		}
		if err := putRightFastEditions(ctx, tx, p.Date, now); err != nil {
			return err
		}
		if err := renumberEditions(ctx, tx, id, now); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT number FROM editions WHERE id = ?`, id).Scan(&number); err != nil {
			return fmt.Errorf("number of the new edition: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET state = 'published', updated_at = ?
			WHERE id IN (SELECT story_id FROM edition_stories WHERE edition_id = ?)`, unix(now), id); err != nil {
			return fmt.Errorf("mark stories published: %w", err)
		}
		if err := recordDeliveries(ctx, tx, id, sectors, now); err != nil {
			return err
		}
		if p.Email {
			if ledger, err = newEmailLedger(id, sectors, now, 0); err != nil {
				return err
			}
			if err := ledger.record(ctx, tx, now); err != nil {
				return err
			}
		}
		// The ledger as recorded, read before a delivery worker can touch
		// it, so that what Publish reports does not depend on timing.
		deliveries, err = deliveriesWhere(ctx, tx, `edition_id = ?`, id)
		return err
	})
	if err != nil {
		return Published{}, err
	}
	if ledger.more {
		if err := s.fillEmailLedger(ctx, &ledger); err != nil {
			return Published{}, fmt.Errorf("edition %d is published, but recording its email deliveries stopped (the delivery worker records the rest when it next starts): %w", number, err)
		}
		rest, err := deliveriesWhere(ctx, s.db, `edition_id = ? AND id > ?`, id, deliveries[len(deliveries)-1].ID)
		if err != nil {
			return Published{}, err
		}
		deliveries = append(deliveries, rest...)
	}
	rec, err := s.Edition(ctx, number)
	if err != nil {
		return Published{}, err
	}
	return Published{Edition: rec, Deliveries: deliveries}, nil
}

// latestMakes asks unless about the latest published edition, as
// LatestEdition orders them, within tx; false when none is published.
func latestMakes(ctx context.Context, tx *sql.Tx, unless func(byHand bool, publishedAt time.Time) bool) (bool, error) {
	var (
		byHand bool
		at     int64
	)
	err := tx.QueryRowContext(ctx, `SELECT by_hand, published_at FROM editions WHERE state = 'published'
		ORDER BY date DESC, number DESC LIMIT 1`).Scan(&byHand, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("latest edition: %w", err)
	}
	return unless(byHand, fromUnix(at)), nil
}

// freezeLayout stores the layout an edition is published with. A layout
// with no sections (a caller that arranges nothing) keeps the draft's own.
func freezeLayout(ctx context.Context, tx *sql.Tx, editionID int64, l digest.Layout) error {
	if len(l.Sections) == 0 && len(l.Places) == 0 {
		return nil
	}
	if err := writeSections(ctx, tx, editionID, l.Sections); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE edition_stories SET section = NULL WHERE edition_id = ?`, editionID); err != nil {
		return fmt.Errorf("clear placement of stories: %w", err)
	}
	for id, place := range l.Places {
		if _, err := tx.ExecContext(ctx, `UPDATE edition_stories SET section = ? WHERE edition_id = ? AND story_id = ?`,
			place, editionID, id); err != nil {
			return fmt.Errorf("place story #%d: %w", id, err)
		}
	}
	return nil
}

// editionSectors are the sectors of an edition's stories.
func editionSectors(ctx context.Context, q queryer, editionID int64) (map[string]bool, error) {
	out := map[string]bool{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var slug string
		if err := r.Scan(&slug); err != nil {
			return err
		}
		out[slug] = true
		return nil
	}, `SELECT DISTINCT s.sector FROM edition_stories es
		JOIN stories s ON s.id = es.story_id WHERE es.edition_id = ?`, editionID)
	if err != nil {
		return nil, fmt.Errorf("sectors of edition: %w", err)
	}
	return out, nil
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

// EditionsBetween returns the published editions dated from from up to but
// not including to (calendar dates: clocks and zones are ignored), oldest
// first: a month's editions, for `/shared edition November 2014`.
func (s *Store) EditionsBetween(ctx context.Context, from, to time.Time) ([]EditionRef, error) {
	first, end := from.Format(dateLayout), to.Format(dateLayout)
	rows, err := s.db.QueryContext(ctx, `SELECT number, date FROM editions
		WHERE state = 'published' AND date >= ? AND date < ? ORDER BY date, number`, first, end)
	if err != nil {
		return nil, fmt.Errorf("editions from %s to %s: %w", first, end, err)
	}
	defer rows.Close()
	var refs []EditionRef
	for rows.Next() {
		var ref EditionRef
		var d string
		if err := rows.Scan(&ref.Number, &d); err != nil {
			return nil, fmt.Errorf("editions from %s to %s: %w", first, end, err)
		}
		if ref.Date, err = time.Parse(dateLayout, d); err != nil {
			return nil, fmt.Errorf("edition %d has a bad date %q: %w", ref.Number, d, err)
		}
		refs = append(refs, ref)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("editions from %s to %s: %w", first, end, err)
	}
	return refs, nil
}

// EditionText is a published edition's own words: what its editor wrote
// outside any story, its intro and the text of its sections (job adverts,
// notices), which the story index does not hold.
type EditionText struct {
	EditionRef
	Text string // the intro, then each section's text, a blank line between
}

// EditionTexts returns the own text of every published edition that has
// some, newest first. A search that finds no story reads them, so that it
// does not say the archive has no such words when an intro has them; a
// weekly newsletter's intros stay small (500 editions, ten years, about a
// megabyte), so they are read whole rather than indexed.
func (s *Store) EditionTexts(ctx context.Context) ([]EditionText, error) {
	out, err := queryAll(ctx, preparedQueryer{s}, func(r rowScanner) (EditionText, error) {
		var et EditionText
		var d string
		if err := r.Scan(&et.Number, &d, &et.Text); err != nil {
			return et, err
		}
		var err error
		if et.Date, err = time.Parse(dateLayout, d); err != nil {
			return et, fmt.Errorf("edition %d has a bad date %q: %w", et.Number, d, err)
		}
		return et, nil
	}, `SELECT e.number, e.date, e.intro || coalesce((SELECT group_concat(char(10) || char(10) || t.text, '')
			FROM (SELECT text FROM edition_sections WHERE edition_id = e.id AND text != '' ORDER BY position) t), '') AS own
		FROM editions e WHERE e.state = 'published' AND own != '' ORDER BY e.date DESC, e.number DESC`)
	if err != nil {
		return nil, fmt.Errorf("read the editions' own text: %w", err)
	}
	return out, nil
}
