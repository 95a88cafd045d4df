package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// restHead is the stored edition a rest imported in a later run goes on
// from (findRestHead).
type restHead struct {
	id     int64
	number int
	// shared is set when rest has a story of the edition already: it is
	// part of it imported before, or a second copy of part of it.
	shared bool
}

// findRestHead finds the published edition that rest, the rest of an
// edition saved in a file of its own with neither date line nor title,
// goes on from: the last of rest's date, as the import joins a rest to
// the last edition of its date before it in one run. Its title is no
// evidence: rest's is made up from its date, and the newsletter's titles
// give the day before ("from 9th July" over Thursday 10 July). shared
// says whether rest has a story of it, by headline or link, as
// findEdition tells an edition by its stories.
func findRestHead(ctx context.Context, q interface {
	querier
	queryer
}, rest digest.Edition) (restHead, bool, error) {
	var h restHead
	err := q.QueryRowContext(ctx, `SELECT id, number FROM editions
		WHERE state = 'published' AND date = ?
		ORDER BY number DESC LIMIT 1`, rest.Date.Format(dateLayout)).Scan(&h.id, &h.number)
	if errors.Is(err, sql.ErrNoRows) {
		return restHead{}, false, nil
	}
	if err != nil {
		return restHead{}, false, fmt.Errorf("look for the edition %s goes on from: %w", digest.DateLine(rest.Date), err)
	}
	type storedStory struct{ headline, url string }
	stories, err := queryAll(ctx, q, func(r rowScanner) (storedStory, error) {
		var st storedStory
		return st, r.Scan(&st.headline, &st.url)
	}, `SELECT s.headline, s.url FROM edition_stories es JOIN stories s ON s.id = es.story_id WHERE es.edition_id = ?`, h.id)
	if err != nil {
		return restHead{}, false, fmt.Errorf("read the stories of edition %d: %w", h.number, err)
	}
	keys := digest.EditionKeys(rest)
	for _, st := range stories {
		link := withoutDateKey(st.url)
		h.shared = h.shared || keys[digest.HeadlineWords(st.headline)] || digest.IsWebLink(link) && keys[link]
	}
	return h, true, nil
}

// FindRestOf returns the published edition ImportRest would add rest to,
// writing nothing: what a dry run reports. existing is set when
// ImportRest would find rest already imported, found when it would add
// it to the edition; with neither it would store it as an edition of its
// own.
func (s *Store) FindRestOf(ctx context.Context, rest digest.Edition) (as ImportedAs, found, existing bool, err error) {
	if as, existing, err = findEdition(ctx, s.db, rest); err != nil || existing {
		return as, false, existing, err
	}
	h, found, err := findRestHead(ctx, s.db, rest)
	if err != nil || !found {
		return ImportedAs{}, false, false, err
	}
	return ImportedAs{Number: h.number, Date: rest.Date}, !h.shared, h.shared, nil
}

// ImportRest imports rest, the rest of an edition saved in a file of its
// own with neither date line nor title (dated by the file's name, titled
// from the date), whose beginning an earlier import stored: an editor
// who imports the second half of a long edition in a later run expects
// its stories in the edition already there, after its own, as when both
// files are imported in one run (archive's ParsedEdition.Continue), not a
// second edition of the same date. The edition it goes on from is the
// last of rest's date (findRestHead); rest is added to it only when it
// has no story in common with it, nor with any edition findEdition
// finds: one that has is already imported (Existing), and nothing of it
// is stored twice. With no such edition, rest is imported as
// ImportEdition imports it. Continued is set when rest was added to an
// edition; ID and Number are then that edition's.
//
// It is placed as Continue places it: text before rest's first story
// with the text the edition ends with (its last story's afterword) as
// that story's commentary, rest's first stories (its lead, read alone)
// under the edition's last section, its sections after the edition's,
// its footer after the edition's. All of it, or nothing.
func (s *Store) ImportRest(ctx context.Context, rest digest.Edition) (ImportedEdition, error) {
	return s.importEdition(ctx, rest, true)
}

// continueEdition adds rest to the stored edition editionID (ImportRest).
func (imp *importer) continueEdition(ctx context.Context, editionID int64, rest digest.Edition) error {
	var sections, position int
	if err := imp.tx.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(MAX(position), 0) FROM edition_sections WHERE edition_id = ?),
		(SELECT COALESCE(MAX(position), 0) FROM edition_stories WHERE edition_id = ?)`, editionID, editionID).Scan(&sections, &position); err != nil {
		return err
	}
	// Where text after the edition's last story goes: its afterword,
	// or (with no story after its last heading) that section's text.
	var lastStory sql.NullInt64
	var lastSection int
	if err := imp.tx.QueryRowContext(ctx, `SELECT story_id, section FROM edition_stories
		WHERE edition_id = ? ORDER BY position DESC LIMIT 1`, editionID).Scan(&lastStory, &lastSection); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	storyLast := lastStory.Valid && lastSection == sections
	trailing := func() (string, error) {
		var text string
		var err error
		switch {
		case storyLast:
			err = imp.tx.QueryRowContext(ctx, `SELECT afterword FROM edition_stories WHERE edition_id = ? AND story_id = ?`, editionID, lastStory.Int64).Scan(&text)
		case sections > 0:
			err = imp.tx.QueryRowContext(ctx, `SELECT text FROM edition_sections WHERE edition_id = ? AND position = ?`, editionID, sections).Scan(&text)
		default:
			err = imp.tx.QueryRowContext(ctx, `SELECT intro FROM editions WHERE id = ?`, editionID).Scan(&text)
		}
		return text, err
	}
	setTrailing := func(text string) error {
		var err error
		switch {
		case storyLast:
			_, err = imp.tx.ExecContext(ctx, `UPDATE edition_stories SET afterword = ? WHERE edition_id = ? AND story_id = ?`, text, editionID, lastStory.Int64)
		case sections > 0:
			_, err = imp.tx.ExecContext(ctx, `UPDATE edition_sections SET text = ? WHERE edition_id = ? AND position = ?`, text, editionID, sections)
		default:
			_, err = imp.tx.ExecContext(ctx, `UPDATE editions SET intro = ? WHERE id = ?`, text, editionID)
		}
		return err
	}
	at, err := trailing()
	if err != nil {
		return fmt.Errorf("read where the edition ends: %w", err)
	}
	lead, text := rest.Lead, digest.StripControls(rest.Intro)
	if len(lead) > 0 {
		// Text between two stories is the second's commentary.
		if storyLast || sections > 0 {
			text = digest.JoinParagraphs(at, text)
			at = ""
		}
		lead = append([]digest.Story(nil), lead...)
		lead[0].Commentary = digest.JoinParagraphs(text, lead[0].Commentary)
		text = ""
	}
	if err := setTrailing(digest.JoinParagraphs(at, text)); err != nil {
		return fmt.Errorf("write where the edition ends: %w", err)
	}
	place := sections // the last section's, or the lead's (LeadPlace, 0) when it has none
	var slug string   // the last section's sector, which rest's lead stories join
	if len(lead) > 0 && sections > 0 {
		if err := imp.tx.QueryRowContext(ctx, `SELECT sector FROM edition_sections WHERE edition_id = ? AND position = ?`, editionID, sections).Scan(&slug); err != nil {
			return fmt.Errorf("read the edition's last section: %w", err)
		}
	}
	for _, st := range lead {
		position++
		if sections > 0 {
			st.Sector = slug
		}
		if err := imp.story(ctx, editionID, position, place, rest.Date, st); err != nil {
			return fmt.Errorf("story %q: %w", st.Headline, err)
		}
	}
	for i, sec := range rest.Sections {
		if _, err := imp.tx.ExecContext(ctx, `INSERT INTO edition_sections (edition_id, position, sector, heading, text, unruled)
			VALUES (?, ?, ?, ?, ?, ?)`, editionID, sections+i+1, sec.Sector.Slug, digest.StripControls(sec.Heading), digest.StripControls(sec.Text), sec.Unruled); err != nil {
			return fmt.Errorf("store section %d of the edition: %w", sections+i+1, err)
		}
		for _, st := range sec.Stories {
			position++
			st.Sector = sec.Sector.Slug
			if err := imp.story(ctx, editionID, position, sections+i+1, rest.Date, st); err != nil {
				return fmt.Errorf("story %q: %w", st.Headline, err)
			}
		}
	}
	if footer := digest.StripControls(rest.Footer); footer != "" {
		if _, err := imp.tx.ExecContext(ctx, `UPDATE editions SET footer = CASE WHEN footer = '' THEN ? ELSE footer || char(10) || char(10) || ? END WHERE id = ?`,
			footer, footer, editionID); err != nil {
			return fmt.Errorf("write the edition's footer: %w", err)
		}
	}
	return nil
}
