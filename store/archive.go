package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// ImportedEdition is the outcome of importing one past edition.
type ImportedEdition struct {
	Number   int // the number it was stored as, or was already stored as
	Date     time.Time
	Title    string
	Stories  int
	Sections int
	Existing bool // it had been imported before; nothing was added
}

// ImportBatchResult is the outcome of importing one batch of editions
// (one file): every edition, or Err and nothing stored.
type ImportBatchResult struct {
	Editions []ImportedEdition
	Err      error
	Failed   int // when Err is set: the index in the batch of the edition that failed
}

// ImportEdition stores one past edition as published, with its stories, in
// one transaction; see ImportBatches.
func (s *Store) ImportEdition(ctx context.Context, e digest.Edition) (ImportedEdition, error) {
	res, err := s.ImportBatches(ctx, [][]digest.Edition{{e}})
	if err != nil {
		return ImportedEdition{}, err
	}
	if res[0].Err != nil {
		return ImportedEdition{}, res[0].Err
	}
	return res[0].Editions[0], nil
}

// ImportBatches stores past editions as published editions, each batch
// (the editions of one file) all or nothing: a batch that cannot be stored
// has its Err set and leaves no trace, and the other batches are stored.
//
// Each edition's sections give its stories in running order; every story
// needs a unique URL (imports use a synthetic key), a headline and a sector
// (the section's). Stories are stored as published, decided on the
// edition's date, so /shared news and search treat them like any other.
//
// An edition is identified by its date and title: one already stored is
// reported as Existing with its number, and nothing is added, so importing
// a file twice is harmless. New editions are numbered after the highest
// existing number, in order of their dates across all batches (editions of
// one date in the order given), so a run that imports a blog archive saved
// newest first still numbers it oldest first. Numbers already given are
// never changed, so editions imported in a later run come after them
// whatever their dates.
//
// The error is for the run as a whole (the database failed, or ctx ended):
// then nothing at all is stored.
func (s *Store) ImportBatches(ctx context.Context, batches [][]digest.Edition) ([]ImportBatchResult, error) {
	now := s.now()
	results := make([]ImportBatchResult, len(batches))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		imp := importer{tx: tx, now: now}
		for i, batch := range batches {
			var err error
			if results[i], err = imp.batch(ctx, batch); err != nil {
				return err
			}
		}
		final, err := imp.renumber(ctx)
		if err != nil {
			return err
		}
		for i := range results {
			for j, e := range results[i].Editions {
				if e.Number < 0 {
					results[i].Editions[j].Number = final[e.Number]
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import editions: %w", err)
	}
	return results, nil
}

// importer stores batches in one transaction. New editions get provisional
// negative numbers (unique, and never shown) until renumber gives them
// their real ones in date order once every batch is in.
type importer struct {
	tx          *sql.Tx
	now         time.Time
	provisional int
}

// batch stores the editions of one batch under a savepoint, rolled back if
// any of them fails: that failure is the batch's. The error is for the
// whole run: the savepoint itself failed, or ctx ended.
func (imp *importer) batch(ctx context.Context, editions []digest.Edition) (ImportBatchResult, error) {
	if _, err := imp.tx.ExecContext(ctx, `SAVEPOINT import_batch`); err != nil {
		return ImportBatchResult{}, fmt.Errorf("start batch: %w", err)
	}
	var res ImportBatchResult
	for i, e := range editions {
		ie, err := imp.edition(ctx, e)
		if err != nil {
			res = ImportBatchResult{Err: err, Failed: i}
			break
		}
		res.Editions = append(res.Editions, ie)
	}
	if err := ctx.Err(); err != nil {
		return ImportBatchResult{}, err
	}
	if res.Err != nil {
		if _, err := imp.tx.ExecContext(ctx, `ROLLBACK TO import_batch`); err != nil {
			return ImportBatchResult{}, fmt.Errorf("roll back batch: %w", err)
		}
	}
	if _, err := imp.tx.ExecContext(ctx, `RELEASE import_batch`); err != nil {
		return ImportBatchResult{}, fmt.Errorf("end batch: %w", err)
	}
	return res, nil
}

// edition stores one edition with a provisional number, unless it is
// already stored.
func (imp *importer) edition(ctx context.Context, e digest.Edition) (ImportedEdition, error) {
	label := "edition of " + digest.DateLine(e.Date)
	e.Title, e.Intro, e.Footer = digest.StripControls(e.Title), digest.StripControls(e.Intro), digest.StripControls(e.Footer)
	if e.Date.IsZero() {
		return ImportedEdition{}, errors.New("import edition: it has no date")
	}
	if e.Title == "" {
		return ImportedEdition{}, fmt.Errorf("import %s: it has no title", label)
	}
	if e.StoryCount() == 0 {
		return ImportedEdition{}, fmt.Errorf("import %s: it has no stories", label)
	}
	ie := ImportedEdition{Date: e.Date, Title: e.Title, Stories: e.StoryCount(), Sections: len(e.Sections)}
	date := e.Date.Format(dateLayout)
	err := imp.tx.QueryRowContext(ctx, `SELECT number FROM editions WHERE state = 'published' AND date = ? AND title = ?
		ORDER BY number LIMIT 1`, date, e.Title).Scan(&ie.Number)
	if err == nil {
		ie.Existing = true
		return ie, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return ImportedEdition{}, fmt.Errorf("import %s: look for it: %w", label, err)
	}

	imp.provisional--
	ie.Number = imp.provisional
	res, err := imp.tx.ExecContext(ctx, `INSERT INTO editions (number, state, title, date, intro, footer, created_at, published_at)
		VALUES (?, 'published', ?, ?, ?, ?, ?, ?)`, ie.Number, e.Title, date, e.Intro, e.Footer, unix(imp.now), unix(e.Date))
	if err != nil {
		return ImportedEdition{}, fmt.Errorf("import %s: %w", label, err)
	}
	editionID, err := res.LastInsertId()
	if err != nil {
		return ImportedEdition{}, fmt.Errorf("import %s: %w", label, err)
	}
	position := 0
	for _, sec := range e.Sections {
		for _, st := range sec.Stories {
			position++
			if err := imp.story(ctx, editionID, position, sec.Sector.Slug, e.Date, st); err != nil {
				return ImportedEdition{}, fmt.Errorf("import %s: story %q: %w", label, st.Headline, err)
			}
		}
	}
	return ie, nil
}

// story stores one story of an imported edition at its position.
func (imp *importer) story(ctx context.Context, editionID int64, position int, sector string, date time.Time, st digest.Story) error {
	if sector != "" {
		st.Sector = sector
	}
	switch {
	case st.URL == "":
		return errors.New("it has no URL")
	case st.Headline == "":
		return errors.New("it has no headline")
	case st.Sector == "":
		return errors.New("it has no sector")
	}
	if existing, err := storyByURL(ctx, imp.tx, st.URL); err == nil {
		return &DuplicateError{Existing: existing}
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	st.State = digest.StatePublished
	st.DecidedAt = date
	id, err := insertStoryTx(ctx, imp.tx, st, imp.now)
	if err != nil {
		return err
	}
	// The newswire must not bring an archived story back as news.
	if err := recordStoryKeys(ctx, imp.tx, id, st); err != nil {
		return err
	}
	if _, err := imp.tx.ExecContext(ctx, `INSERT INTO edition_stories (edition_id, story_id, position) VALUES (?, ?, ?)`,
		editionID, id, position); err != nil {
		return fmt.Errorf("add it to the edition: %w", err)
	}
	return nil
}

// renumber gives the editions stored with provisional numbers the next
// numbers after the highest real one, in order of date, and returns the
// provisional → final map.
func (imp *importer) renumber(ctx context.Context) (map[int]int, error) {
	var next int
	if err := imp.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM editions WHERE number > 0`).Scan(&next); err != nil {
		return nil, fmt.Errorf("next edition number: %w", err)
	}
	rows, err := imp.tx.QueryContext(ctx, `SELECT id, number FROM editions WHERE number < 0 ORDER BY date, number DESC`)
	if err != nil {
		return nil, fmt.Errorf("list imported editions: %w", err)
	}
	type pending struct {
		id     int64
		number int
	}
	var todo []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.number); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list imported editions: %w", err)
		}
		todo = append(todo, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list imported editions: %w", err)
	}
	final := make(map[int]int, len(todo))
	for _, p := range todo {
		if _, err := imp.tx.ExecContext(ctx, `UPDATE editions SET number = ? WHERE id = ?`, next, p.id); err != nil {
			return nil, fmt.Errorf("number imported edition %d: %w", next, err)
		}
		final[p.number] = next
		next++
	}
	return final, nil
}
