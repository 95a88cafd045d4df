package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// ImportedEdition is the outcome of importing one past edition.
type ImportedEdition struct {
	ID       int64
	Number   int // its number when the import ended; a later, older import moves it up
	Title    string
	Stories  int
	Sections int
	Existing bool // it had been imported before; nothing was added
	// Continued is set when it was the rest of an edition imported
	// before, and was added to that edition (ImportRest).
	Continued bool
	// Date is the date it is stored under: when Existing, the one it was
	// imported with, which an older release may have read otherwise than
	// the file's date now reads.
	Date time.Time
	// Relinked are the stories whose link was already another story's, so
	// they were stored under the link with the edition's date as its
	// fragment ("…#2014-05-30"): every story is stored once, under its own
	// key.
	Relinked []string
}

// InvalidEditionError is an edition, or a story of one, that ImportEdition
// refuses as given (no date, no title, a story without a headline).
// Other errors are the database's.
type InvalidEditionError struct{ Reason string }

func (e *InvalidEditionError) Error() string { return e.Reason }

func invalid(reason string) error { return &InvalidEditionError{Reason: reason} }

// ImportedAs is a published edition an import found already stored: its
// number, and the date it is stored under.
type ImportedAs struct {
	Number int
	Date   time.Time
}

// FindImported returns the published edition e was imported as, which is
// how an import recognises an edition it has seen: the same title, a story
// with the same headline, and the same date or one fewer than seven days
// from it (see findEdition).
func (s *Store) FindImported(ctx context.Context, e digest.Edition) (ImportedAs, bool, error) {
	return findEdition(ctx, s.db, e)
}

// misdatedDays is how far from e's date findEdition looks for an edition
// with e's title and one of its stories. An older release that read an
// edition's date otherwise (dated from its title's "from 30th December"
// when it could not read the date line "31/12/15") stored it a day or so
// out; a newer one re-importing the file must find it, not store a second
// copy under the date it reads. Weekly editions are at least seven days
// apart, so an edition a week later that repeats a story under a title
// without a date is still an edition of its own.
const misdatedDays = 6

// findEdition finds the published edition with e's title that shares a
// story with it, by headline, dated e's date or, failing that, the nearest
// within misdatedDays. Two editions of one day under the same title (a
// second send, or two without a title line, titled from their date) are
// told apart by their stories; a headline that a newer parser reads
// otherwise still finds the edition by the others. An edition with no
// stories is found by its title and date alone (findTextEdition).
func findEdition(ctx context.Context, q queryer, e digest.Edition) (ImportedAs, bool, error) {
	type storedStory struct {
		number        int
		date          string
		headline, url string
	}
	keys := digest.EditionKeys(e)
	if len(keys) == 0 {
		return findTextEdition(ctx, q, e)
	}
	day := e.Date.Format(dateLayout)
	stored, err := queryAll(ctx, q, func(r rowScanner) (storedStory, error) {
		var st storedStory
		return st, r.Scan(&st.number, &st.date, &st.headline, &st.url)
	}, `SELECT e.number, e.date, s.headline, s.url FROM editions e
		JOIN edition_stories es ON es.edition_id = e.id JOIN stories s ON s.id = es.story_id
		WHERE e.state = 'published' AND e.title = ? AND e.date BETWEEN ? AND ?
		ORDER BY abs(julianday(e.date) - julianday(?)), e.number`,
		e.Title, e.Date.AddDate(0, 0, -misdatedDays).Format(dateLayout),
		e.Date.AddDate(0, 0, misdatedDays).Format(dateLayout), day)
	if err != nil {
		return ImportedAs{}, false, fmt.Errorf("look for the edition of %s: %w", digest.DateLine(e.Date), err)
	}
	for _, st := range stored {
		link := withoutDateKey(st.url)
		if keys[digest.HeadlineWords(st.headline)] || digest.IsWebLink(link) && keys[link] {
			date, err := time.ParseInLocation(dateLayout, st.date, e.Date.Location())
			if err != nil {
				return ImportedAs{}, false, fmt.Errorf("look for the edition of %s: edition %d's date %q: %w",
					digest.DateLine(e.Date), st.number, st.date, err)
			}
			return ImportedAs{Number: st.number, Date: date}, true, nil
		}
	}
	return ImportedAs{}, false, nil
}

// findTextEdition finds the published edition with e's title and no
// stories, dated e's date or the nearest within misdatedDays: an edition
// of text alone (a week off, say) has no story to be told apart by.
func findTextEdition(ctx context.Context, q queryer, e digest.Edition) (ImportedAs, bool, error) {
	type stored struct {
		number int
		date   string
	}
	found, err := queryAll(ctx, q, func(r rowScanner) (stored, error) {
		var st stored
		return st, r.Scan(&st.number, &st.date)
	}, `SELECT e.number, e.date FROM editions e
		WHERE e.state = 'published' AND e.title = ? AND e.date BETWEEN ? AND ?
		AND NOT EXISTS (SELECT 1 FROM edition_stories es WHERE es.edition_id = e.id)
		ORDER BY abs(julianday(e.date) - julianday(?)), e.number LIMIT 1`,
		e.Title, e.Date.AddDate(0, 0, -misdatedDays).Format(dateLayout),
		e.Date.AddDate(0, 0, misdatedDays).Format(dateLayout), e.Date.Format(dateLayout))
	if err != nil {
		return ImportedAs{}, false, fmt.Errorf("look for the edition of %s: %w", digest.DateLine(e.Date), err)
	}
	if len(found) == 0 {
		return ImportedAs{}, false, nil
	}
	d, err := time.ParseInLocation(dateLayout, found[0].date, e.Date.Location())
	if err != nil {
		return ImportedAs{}, false, fmt.Errorf("look for the edition of %s: edition %d's date %q: %w",
			digest.DateLine(e.Date), found[0].number, found[0].date, err)
	}
	return ImportedAs{Number: found[0].number, Date: d}, true, nil
}

// ImportEdition stores one past edition as published, in a transaction of
// its own: all of it, or nothing when it fails.
//
// The edition is stored laid out as given: its lead, its sections in their
// order with their headings and text, and each story's commentary and
// afterword, so that it renders as it was written. Every story needs a
// headline and a URL (an import uses a synthetic key for stories without a
// link); its sector is its section's. Stories are stored as published,
// decided on the edition's date, so /shared news and search treat them
// like any other, and their keys are remembered so the newswire does not
// bring them back.
//
// An edition is identified by its date, its title and its stories (see
// FindImported): one already stored is reported as Existing with its
// number, and nothing is added, so importing a file twice is harmless.
// Edition numbers follow dates: an edition older than some already stored
// takes its place among them and theirs move up.
func (s *Store) ImportEdition(ctx context.Context, e digest.Edition) (ImportedEdition, error) {
	return s.importEdition(ctx, e, false)
}

// importEdition is ImportEdition, or with rest ImportRest: an edition
// not found already imported goes on from the edition findRestHead
// finds, when there is one, rather than being stored as one of its own.
func (s *Store) importEdition(ctx context.Context, e digest.Edition, rest bool) (ImportedEdition, error) {
	label := "the edition of " + digest.DateLine(e.Date)
	switch {
	case e.Date.IsZero():
		return ImportedEdition{}, fmt.Errorf("import edition: %w", invalid("it has no date"))
	case strings.TrimSpace(e.Title) == "":
		return ImportedEdition{}, fmt.Errorf("import %s: %w", label, invalid("it has no title"))
	}
	ie := ImportedEdition{Date: e.Date, Title: e.Title, Stories: e.StoryCount(), Sections: len(e.Sections)}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		as, found, err := findEdition(ctx, tx, e)
		if err != nil {
			return err
		}
		if found {
			ie.Number, ie.Date, ie.Existing = as.Number, as.Date, true
			return nil
		}
		imp := importer{s: s, tx: tx, now: s.now(), edition: &ie}
		if rest {
			h, found, err := findRestHead(ctx, tx, e)
			switch {
			case err != nil:
				return err
			case found && h.shared:
				ie.Number, ie.Existing = h.number, true
				return nil
			case found:
				ie.ID, ie.Number, ie.Continued = h.id, h.number, true
				if err := imp.continueEdition(ctx, h.id, e); err != nil {
					return fmt.Errorf("import the rest of %s into edition %d: %w", label, h.number, err)
				}
				return nil
			}
		}
		if err := imp.store(ctx, e); err != nil {
			return fmt.Errorf("import %s: %w", label, err)
		}
		return nil
	})
	if err != nil {
		return ImportedEdition{}, err
	}
	return ie, nil
}

// EditionNumbers returns the current numbers of the editions with the
// given IDs (0 for an ID that is not a published edition): numbers move
// when an older edition is imported after a newer one.
func (s *Store) EditionNumbers(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(ids))
	for _, id := range ids {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COALESCE(number, 0) FROM editions WHERE id = ?`, id).Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("number of edition id %d: %w", id, err)
		}
		out[id] = n
	}
	return out, nil
}

// importer stores one edition inside a transaction.
type importer struct {
	s       *Store
	tx      *sql.Tx
	now     time.Time
	edition *ImportedEdition
}

func (imp *importer) store(ctx context.Context, e digest.Edition) error {
	e.Title, e.Intro, e.Footer = digest.StripControls(e.Title), digest.StripControls(e.Intro), digest.StripControls(e.Footer)
	e.DateLine = digest.StripControls(e.DateLine)
	// A provisional number, unique and never shown: renumbering gives the
	// real one once the edition is in.
	res, err := imp.tx.ExecContext(ctx, `INSERT INTO editions (number, state, title, date, date_line, intro, footer, created_at, published_at)
		VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM editions), 'published', ?, ?, ?, ?, ?, ?, ?)`,
		e.Title, e.Date.Format(dateLayout), e.DateLine, e.Intro, e.Footer, unix(imp.now), unix(e.Date))
	if err != nil {
		return err
	}
	editionID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	imp.edition.ID = editionID
	layout := make([]digest.LayoutSection, len(e.Sections))
	for i, sec := range e.Sections {
		layout[i] = digest.LayoutSection{Sector: sec.Sector.Slug, Heading: digest.StripControls(sec.Heading), Text: digest.StripControls(sec.Text),
			Unruled: sec.Unruled}
	}
	if err := writeSections(ctx, imp.tx, editionID, layout); err != nil {
		return err
	}
	position := 0
	add := func(st digest.Story, place int, sector string) error {
		position++
		if sector != "" {
			st.Sector = sector
		}
		if err := imp.story(ctx, editionID, position, place, e.Date, st); err != nil {
			return fmt.Errorf("story %q: %w", st.Headline, err)
		}
		return nil
	}
	for _, st := range e.Lead {
		if err := add(st, digest.LeadPlace, ""); err != nil {
			return err
		}
	}
	for i, sec := range e.Sections {
		for _, st := range sec.Stories {
			if err := add(st, i+1, sec.Sector.Slug); err != nil {
				return err
			}
		}
	}
	if err := renumberEditions(ctx, imp.tx, editionID, imp.now); err != nil {
		return err
	}
	return imp.tx.QueryRowContext(ctx, `SELECT number FROM editions WHERE id = ?`, editionID).Scan(&imp.edition.Number)
}

// story stores one story of an imported edition at its position and place.
func (imp *importer) story(ctx context.Context, editionID int64, position, place int, date time.Time, st digest.Story) error {
	switch {
	case st.URL == "":
		return invalid("it has no URL")
	case strings.TrimSpace(st.Headline) == "":
		return invalid("it has no headline")
	case st.Sector == "":
		return invalid("it has no sector")
	}
	url, err := imp.freeURL(ctx, st.URL, date)
	if err != nil {
		return err
	}
	if url != st.URL {
		imp.edition.Relinked = append(imp.edition.Relinked, st.Headline)
	}
	st.URL = url
	st.State = digest.StatePublished
	st.DecidedAt = date
	id, err := imp.s.insertStoryTx(ctx, imp.tx, st, imp.now)
	if err != nil {
		return err
	}
	// The newswire must not bring an archived story back as news.
	if err := imp.s.recordStoryKeys(ctx, imp.tx, id, st); err != nil {
		return err
	}
	if _, err := imp.tx.ExecContext(ctx, `INSERT INTO edition_stories (edition_id, story_id, position, section, afterword)
		VALUES (?, ?, ?, ?, ?)`, editionID, id, position, place, digest.StripControls(st.Afterword)); err != nil {
		return fmt.Errorf("add it to the edition: %w", err)
	}
	return nil
}

// maxURLTries bounds the search for a free key for one story.
const maxURLTries = 100

// freeURL returns url, or when another story is stored under it, the
// first free variant (see freeKey).
func (imp *importer) freeURL(ctx context.Context, url string, date time.Time) (string, error) {
	return freeKey(url, date, func(candidate string) (bool, error) {
		return storyStored(ctx, imp.tx, candidate)
	})
}

// freeKey returns url, or when taken says another story has it, the first
// free variant: a link with the edition's date as its fragment (a
// canonical URL never has one, and the link still opens the page), an
// archive key with "-2", "-3"… after it.
func freeKey(url string, date time.Time, taken func(string) (bool, error)) (string, error) {
	link := digest.IsWebLink(url)
	candidate := url
	for k := 1; ; k++ {
		used, err := taken(candidate)
		if err != nil {
			return "", err
		}
		if !used {
			return candidate, nil
		}
		if k == maxURLTries {
			return "", fmt.Errorf("every key tried for it is taken, from %s to %s", url, candidate)
		}
		switch {
		case link && k == 1:
			candidate = url + "#" + date.Format(dateLayout)
		case link:
			candidate = url + "#" + date.Format(dateLayout) + "-" + strconv.Itoa(k)
		default:
			candidate = url + "-" + strconv.Itoa(k+1)
		}
	}
}

// withoutDateKey is a stored story's link without the edition's date that
// freeURL put after it as a fragment when another story had the link
// ("…#2014-05-30", "…#2014-05-30-2"). Only that fragment is cut: a
// single-page site's route ("#!/news/41") is the link's own, and a link
// with one may have the date after it ("…#!/news/41#2014-05-30").
func withoutDateKey(url string) string {
	at := strings.LastIndex(url, "#")
	if at < 0 || len(url)-at-1 < len(dateLayout) {
		return url
	}
	date, k := url[at+1:at+1+len(dateLayout)], url[at+1+len(dateLayout):]
	if _, err := time.Parse(dateLayout, date); err != nil {
		return url
	}
	if k != "" {
		// "-2", "-3"…: the edition's date taken too.
		if n, err := strconv.Atoi(strings.TrimPrefix(k, "-")); err != nil || n < 2 || !strings.HasPrefix(k, "-") {
			return url
		}
	}
	return url[:at]
}

// storyStored reports whether a story is stored under url.
func storyStored(ctx context.Context, q querier, url string) (bool, error) {
	_, err := storyByURL(ctx, q, url)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ImportPlan follows a dry run of an import, edition by edition in the
// order the import would store them, writing nothing: it remembers the keys
// their stories would take, so that it names the stories ImportEdition
// would store under a key of their own (ImportedEdition.Relinked), as the
// import itself reports them.
type ImportPlan struct {
	store *Store // nil when there is no database yet: nothing is stored
	keys  map[string]bool
}

// NewImportPlan starts a plan over what s holds; s may be nil.
func NewImportPlan(s *Store) *ImportPlan {
	return &ImportPlan{store: s, keys: map[string]bool{}}
}

// Relinked returns the headlines of e's stories that ImportEdition, run
// after the editions planned so far, would store under a key of their own,
// and counts e's stories among those stored. e must be an edition the
// import would store (not one FindImported finds).
func (p *ImportPlan) Relinked(ctx context.Context, e digest.Edition) ([]string, error) {
	var out []string
	for _, st := range e.Stories() { // in the order ImportEdition stores them
		key, err := freeKey(st.URL, e.Date, func(candidate string) (bool, error) {
			if p.keys[candidate] || p.store == nil {
				return p.keys[candidate], nil
			}
			return storyStored(ctx, p.store.db, candidate)
		})
		if err != nil {
			return nil, fmt.Errorf("plan the import of the edition of %s: story %q: %w", digest.DateLine(e.Date), st.Headline, err)
		}
		if key != st.URL {
			out = append(out, st.Headline)
		}
		p.keys[key] = true
	}
	return out, nil
}
