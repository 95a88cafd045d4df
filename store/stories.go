package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// storyColumns is the column list every story query selects, in scanStory's order.
const storyColumns = `s.id, s.url, s.headline, s.summary, s.source, s.sector, s.suggested_sector,
	s.commentary, s.state, s.submitter_platform, s.submitter_id, s.submitter_name, s.submit_note,
	s.reject_reason, s.decided_platform, s.decided_by_id, s.decided_by_name, s.decided_at,
	s.published_at, s.created_at,
	COALESCE((SELECT e.number FROM edition_stories es JOIN editions e ON e.id = es.edition_id
	          WHERE es.story_id = s.id AND e.state = 'published'), 0)`

func scanStory(r rowScanner) (digest.Story, error) {
	var st digest.Story
	var state string
	var decidedAt, publishedAt, createdAt int64
	err := r.Scan(&st.ID, &st.URL, &st.Headline, &st.Summary, &st.Source, &st.Sector, &st.SuggestedSector,
		&st.Commentary, &state, &st.Submitter.Platform, &st.Submitter.ID, &st.Submitter.Name, &st.SubmitNote,
		&st.RejectReason, &st.DecidedBy.Platform, &st.DecidedBy.ID, &st.DecidedBy.Name, &decidedAt,
		&publishedAt, &createdAt, &st.EditionNumber)
	if err != nil {
		return digest.Story{}, err
	}
	st.State = digest.State(state)
	st.DecidedAt = fromUnix(decidedAt)
	st.PublishedAt = fromUnix(publishedAt)
	st.CreatedAt = fromUnix(createdAt)
	return st, nil
}

// DuplicateError says a story with the same canonical URL is already stored.
type DuplicateError struct {
	Existing digest.Story
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("story already stored as #%d", e.Existing.ID)
}

// StateError says a story is not in a state that allows the change asked for.
type StateError struct {
	Story digest.Story
	Want  string // the change that was refused: "approve", "reject", "edit"
}

func (e *StateError) Error() string {
	return fmt.Sprintf("cannot %s story #%d: it is %s", e.Want, e.Story.ID, e.Story.State)
}

// Story returns one story by ID.
func (s *Store) Story(ctx context.Context, id int64) (digest.Story, error) {
	return storyByID(ctx, s.db, id)
}

// StoryFeedURL returns the URL of the feed a story came from, as
// configured (the feeds' key), or "" for a story no feed brought (a
// submission, an imported one) or whose feed is gone. The review card
// judges a newswire story's suggested sector with its feed's sector hint,
// as the newswire suggested it, and the story itself does not carry it.
func (s *Store) StoryFeedURL(ctx context.Context, id int64) (string, error) {
	var url sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT f.url FROM stories s LEFT JOIN feeds f ON f.id = s.feed_id WHERE s.id = ?`, id).Scan(&url)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("story #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("load the feed of story #%d: %w", id, err)
	}
	return url.String, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func storyByID(ctx context.Context, q querier, id int64) (digest.Story, error) {
	st, err := scanStory(q.QueryRowContext(ctx, `SELECT `+storyColumns+` FROM stories s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return digest.Story{}, fmt.Errorf("story #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return digest.Story{}, fmt.Errorf("load story #%d: %w", id, err)
	}
	return st, nil
}

// storyByURL returns the story stored under exactly url: an archive
// import takes its keys spelling by spelling (storyStored).
func storyByURL(ctx context.Context, q querier, url string) (digest.Story, error) {
	return storyWhere(ctx, q, `s.url = ?`, url)
}

// storyByLink returns the story stored under a link, under any of its
// spellings, among the stories cond (SQL over stories s) holds for: the
// story under url, else the first stored under another spelling
// (digest.Spellings: the other scheme, "www." or not, a last slash or
// not), which is the same page, else the first whose link, stored under
// older link rules, is that link under today's (keyStoredLinks recorded
// it as a URL key of the story; the story's own link, canonicalised
// again, says that the key is its link, not another one the newswire
// recorded). A database may hold two, stored before the two were one
// story; the spelling asked for wins.
func storyByLink(ctx context.Context, q querier, url, cond string) (digest.Story, error) {
	where, args := linkWhere(url, cond)
	return storyWhere(ctx, q, where, args...)
}

// linkWhere is storyByLink's SQL over stories s, in the indexes of
// stories.url and story_keys (TestStoryByLinkReadsIndexes), and its
// arguments.
func linkWhere(url, cond string) (string, []any) {
	in, args := spellingsIn(url)
	return `(s.url IN ` + in + ` OR s.id IN (SELECT story_id FROM story_keys WHERE kind = 'url' AND key IN ` + in + `)
			AND ` + canonicalLinkFunc + `(s.url) IN ` + in + `)
		AND ` + cond + ` ORDER BY s.url = ? DESC, s.url IN ` + in + ` DESC, s.id LIMIT 1`,
		append(append(append(append(slices.Clip(args), args...), args...), url), args...)
}

// spellingsIn returns an SQL list of parameters, "(?, ?, …)", one for
// each spelling of a canonical link (digest.Spellings), and the spellings
// as its arguments: the stored links of the link's page.
func spellingsIn(url string) (string, []any) {
	spellings := digest.Spellings(url)
	args := make([]any, len(spellings))
	for i, s := range spellings {
		args[i] = s
	}
	return "(" + placeholders("?", len(args)) + ")", args
}

// storedWithoutRoute returns the story a release before stored under url's
// page without its single-page site's route ("https://x.example/#!/news/41"
// was stored as "https://x.example/", under either scheme), among the
// stories cond (SQL over stories s) holds for: that release dropped every
// fragment, so a link submitted or read from a feed then is stored so, and
// the same link given after the upgrade must find it. It returns
// ErrNotFound for a link without a route. The page may have stories of
// other routes: a caller that can tell them apart (by headline) should.
func storedWithoutRoute(ctx context.Context, q querier, url, cond string) (digest.Story, error) {
	page, route, ok := strings.Cut(url, "#")
	if !ok || route == "" {
		return digest.Story{}, ErrNotFound
	}
	return storyByLink(ctx, q, page, cond)
}

// storyWhere returns the story where, SQL over stories s, finds, or
// ErrNotFound.
func storyWhere(ctx context.Context, q querier, where string, args ...any) (digest.Story, error) {
	st, err := scanStory(q.QueryRowContext(ctx, `SELECT `+storyColumns+` FROM stories s WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return digest.Story{}, ErrNotFound
	}
	if err != nil {
		return digest.Story{}, fmt.Errorf("look up story by URL: %w", err)
	}
	return st, nil
}

// StoryByURL returns the story stored under a canonical URL, or under
// another of its spellings (digest.Spellings: http or https, "www." or
// not, a last slash or not): one page, so one story; or else the story
// stored under an older form of the link (storyByLink).
func (s *Store) StoryByURL(ctx context.Context, url string) (digest.Story, error) {
	return storyByLink(ctx, s.db, url, "true")
}

const insertStory = `INSERT INTO stories (url, headline, summary, source, sector, suggested_sector,
	commentary, state, submitter_platform, submitter_id, submitter_name, submit_note,
	decided_platform, decided_by_id, decided_by_name, decided_at,
	guid, published_at, created_at, updated_at, search_month)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`

// insertStoryTx inserts one story and indexes it for search.
func (s *Store) insertStoryTx(ctx context.Context, tx *sql.Tx, st digest.Story, now time.Time) (int64, error) {
	st = st.WithoutControls() // no terminal escapes reach any rendering
	created := st.CreatedAt
	if created.IsZero() {
		created = now
	}
	res, err := tx.ExecContext(ctx, insertStory, st.URL, st.Headline, st.Summary, st.Source, st.Sector,
		st.SuggestedSector, st.Commentary, string(st.State), st.Submitter.Platform, st.Submitter.ID,
		st.Submitter.Name, st.SubmitNote, st.DecidedBy.Platform, st.DecidedBy.ID, st.DecidedBy.Name,
		unix(st.DecidedAt), unix(st.PublishedAt), unix(created), unix(now), searchMonth(st.DecidedAt, created))
	if err != nil {
		return 0, fmt.Errorf("insert story: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert story: %w", err)
	}
	if err := s.keysChanged(ctx, tx, func(yield func(keyPair) bool) { yield(keyPair{keyURL, st.URL}) }); err != nil {
		return 0, err
	}
	if err := s.indexStories(ctx, tx, []storyText{textOf(id, st)}); err != nil {
		return 0, err
	}
	return id, nil
}

// Submission is a member's link on its way into the review queue.
type Submission struct {
	Story digest.Story // URL must be canonical; State is set to queued
	Limit int          // most submissions the submitter may make per Window
	Since time.Time    // start of the rate-limit window
	// Unlimited: the submitter is held to no limit (an editor); Limit and
	// Since are not read, nor the submitter's count.
	Unlimited bool
}

// Submit adds a member's story to the review queue, atomically checking the
// submitter's rate limit and that the URL has never been stored before. A
// link stored only on the newswire (a feed's story its filters left out)
// is no duplicate: the member recommends it, so that story joins the queue
// as the feed gave it, with the submitter, their note and, when they chose
// one, their sector. It returns ErrRateLimited or a *DuplicateError and
// changes nothing when refused.
func (s *Store) Submit(ctx context.Context, sub Submission) (digest.Story, error) {
	now := s.now()
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var onWire int64
		if existing, err := storyByLink(ctx, tx, sub.Story.URL, "true"); err == nil {
			if existing.State != digest.StateNewswire {
				return &DuplicateError{Existing: existing}
			}
			onWire = existing.ID
		} else if !errors.Is(err, ErrNotFound) {
			return err
		} else if existing, found, err := submittedWithoutRoute(ctx, tx, sub.Story); err != nil {
			return err
		} else if found {
			return &DuplicateError{Existing: existing}
		}
		if err := checkSubmissionLimit(ctx, tx, sub, now); err != nil {
			return err
		}
		st := sub.Story
		st.State = digest.StateQueued
		if onWire != 0 {
			id = onWire
			if err := queueFromNewswire(ctx, tx, id, st, now); err != nil {
				return err
			}
		} else {
			var err error
			if id, err = s.insertStoryTx(ctx, tx, st, now); err != nil {
				return err
			}
			if err := s.recordStoryKeys(ctx, tx, id, st); err != nil {
				return err
			}
			// A link the newswire held back as a duplicate is kept now.
			if err := releaseHeldBack(ctx, tx, st.URL, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO submissions (platform, user_id, at) VALUES (?, ?, ?)`, st.Submitter.Platform, st.Submitter.ID, unix(now))
		return err
	})
	if err != nil {
		return digest.Story{}, err
	}
	s.notePublishers(sub.Story.Source)
	return s.Story(ctx, id)
}

// submittedWithoutRoute finds the story a release before stored under st's
// page without its route (see storedWithoutRoute) when it is st: the page
// with the same headline, or a member re-submitting a link after the
// upgrade would queue a second copy of a story already queued or
// published. A page with another headline there is a story of its own
// (another route of the site), and so is one whose headline is its link
// (a page that could not be read has none to compare). A newswire story
// is not taken: it is another feed's entry, not the member's link.
func submittedWithoutRoute(ctx context.Context, q querier, st digest.Story) (digest.Story, bool, error) {
	if st.Headline == st.URL {
		return digest.Story{}, false, nil
	}
	existing, err := storedWithoutRoute(ctx, q, st.URL, "true")
	switch {
	case errors.Is(err, ErrNotFound):
		return digest.Story{}, false, nil
	case err != nil:
		return digest.Story{}, false, fmt.Errorf("story stored under %s without its route: %w", st.URL, err)
	}
	same := digest.HeadlineWords(existing.Headline) == digest.HeadlineWords(st.Headline)
	return existing, same && existing.State != digest.StateNewswire, nil
}

// queueFromNewswire moves newswire story id into the review queue for a
// member's submission st: its text stays as the feed gave it; the
// submitter, their note and their sector (when st names one) are taken.
// It is submitted now, as any submission is (created_at): the review card
// and the queue, oldest first, show when the member submitted it, not when
// its feed brought it. A story an editor edited on the newswire stays
// marked as edited (updated_at past the new created_at), so that its
// feed's corrections do not overwrite the editor's text (correctWaiting).
func queueFromNewswire(ctx context.Context, tx *sql.Tx, id int64, st digest.Story, now time.Time) error {
	st = st.WithoutControls()
	res, err := tx.ExecContext(ctx, `UPDATE stories SET state = ?, submitter_platform = ?, submitter_id = ?,
		submitter_name = ?, submit_note = ?, sector = CASE WHEN ? <> '' THEN ? ELSE sector END,
		updated_at = CASE WHEN updated_at > created_at THEN ? ELSE ? END, created_at = ?
		WHERE id = ? AND state = ?`,
		string(digest.StateQueued), st.Submitter.Platform, st.Submitter.ID, st.Submitter.Name, st.SubmitNote,
		st.Sector, st.Sector, unix(now)+1, unix(now), unix(now), id, string(digest.StateNewswire))
	if err != nil {
		return fmt.Errorf("queue newswire story #%d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("queue newswire story #%d: it left the newswire (%d rows, %v)", id, n, err)
	}
	return nil
}

// SubmissionsSince counts a user's accepted submissions after since (and
// not after now: see countSubmissions).
func (s *Store) SubmissionsSince(ctx context.Context, p digest.Person, since time.Time) (int, error) {
	return countSubmissions(ctx, s.db, p, since, s.now())
}

// countSubmissions counts p's submissions after since and up to now.
// Submissions recorded after now were recorded by a clock since put back:
// they would otherwise count in every window until that time came round.
func countSubmissions(ctx context.Context, q querier, p digest.Person, since, now time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE platform = ? AND user_id = ? AND at > ? AND at <= ?`,
		p.Platform, p.ID, unix(since), unix(now)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count submissions: %w", err)
	}
	return n, nil
}

// AddStory stores a story as given (newswire or archive import). It returns a
// *DuplicateError if the canonical URL, under any of its spellings (digest.Spellings), is already
// stored.
func (s *Store) AddStory(ctx context.Context, st digest.Story) (digest.Story, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if existing, err := storyByLink(ctx, tx, st.URL, "true"); err == nil {
			return &DuplicateError{Existing: existing}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var err error
		if id, err = s.insertStoryTx(ctx, tx, st, s.now()); err != nil {
			return err
		}
		return s.recordStoryKeys(ctx, tx, id, st)
	})
	if err != nil {
		return digest.Story{}, err
	}
	return s.Story(ctx, id)
}

// AddStories stores many stories in one transaction: all of them, or none
// if any is a duplicate (a *DuplicateError) or cannot be written.
func (s *Store) AddStories(ctx context.Context, stories []digest.Story) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, st := range stories {
			if existing, err := storyByLink(ctx, tx, st.URL, "true"); err == nil {
				return &DuplicateError{Existing: existing}
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
			id, err := s.insertStoryTx(ctx, tx, st, now)
			if err != nil {
				return err
			}
			if err := s.recordStoryKeys(ctx, tx, id, st); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkSubmissionLimit returns ErrRateLimited when sub's submitter has
// made their Limit of submissions since sub.Since (none for an Unlimited
// one).
func checkSubmissionLimit(ctx context.Context, tx *sql.Tx, sub Submission, now time.Time) error {
	if sub.Unlimited {
		return nil
	}
	count, err := countSubmissions(ctx, tx, sub.Story.Submitter, sub.Since, now)
	if err != nil {
		return err
	}
	if count >= sub.Limit {
		return ErrRateLimited
	}
	return nil
}

// QueuedStories returns the oldest queued stories first.
func (s *Store) QueuedStories(ctx context.Context, limit int) ([]digest.Story, error) {
	stories, err := queryAll(ctx, s.db, scanStory, `SELECT `+storyColumns+` FROM stories s
		WHERE s.state = 'queued' ORDER BY s.created_at, s.id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list queue: %w", err)
	}
	return stories, nil
}

// QueuedWithoutCard returns the oldest queued stories, at most limit, that
// have no review card on platform, and how many such stories there are in
// all: stories queued by `ingest`, which has no platform, or while the
// platform could not be reached.
func (s *Store) QueuedWithoutCard(ctx context.Context, platform string, limit int) ([]digest.Story, int, error) {
	const missing = `s.state = 'queued' AND NOT EXISTS (SELECT 1 FROM review_cards c WHERE c.story_id = s.id AND c.platform = ?)`
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories s WHERE `+missing, platform).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count queued stories without a %s card: %w", platform, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	stories, err := queryAll(ctx, s.db, scanStory, `SELECT `+storyColumns+` FROM stories s
		WHERE `+missing+` ORDER BY s.created_at, s.id LIMIT ?`, platform, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("list queued stories without a %s card: %w", platform, err)
	}
	return stories, total, nil
}

// QueueSize counts stories waiting for review.
func (s *Store) QueueSize(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM stories WHERE state = 'queued'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count queue: %w", err)
	}
	return n, nil
}

// LatestStories returns the most recently approved or published stories,
// newest first, in one sector when sector is not empty. Stories decided at
// the same moment (an imported edition's, all dated the day it went out)
// come in the order they were stored: the edition's reading order, as its
// page shows them.
func (s *Store) LatestStories(ctx context.Context, sector string, limit int) ([]digest.Story, error) {
	var stories []digest.Story
	var err error
	if sector == "" {
		stories, err = queryAll(ctx, preparedQueryer{s}, scanStory, `SELECT `+storyColumns+` FROM stories s
			WHERE s.state IN ('approved', 'published') ORDER BY s.decided_at DESC, s.id LIMIT `+limitParam, limit)
	} else {
		stories, err = queryAll(ctx, preparedQueryer{s}, scanStory, `SELECT `+storyColumns+` FROM stories s
			WHERE s.state IN ('approved', 'published') AND s.sector = ? ORDER BY s.decided_at DESC, s.id LIMIT `+limitParam, sector, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("list latest stories: %w", err)
	}
	return stories, nil
}

// SectorCounts counts approved and published stories per sector slug.
func (s *Store) SectorCounts(ctx context.Context) (map[string]int, error) {
	counts, err := queryMap[string, int](ctx, s.db, `SELECT sector, count(*) FROM stories
		WHERE state IN ('approved', 'published') GROUP BY sector`)
	if err != nil {
		return nil, fmt.Errorf("count stories per sector: %w", err)
	}
	return counts, nil
}

// StoryEdit is a correction to a story; nil fields are left alone.
type StoryEdit struct {
	Headline   *string
	Summary    *string
	Sector     *string
	Commentary *string
}

// changeStory runs change on story id, as it is stored, in a transaction,
// and returns the story as the change left it, read in the same
// transaction: read after it, it could already be another editor's next
// decision, which the caller would then show as its own.
func (s *Store) changeStory(ctx context.Context, id int64, change func(tx *sql.Tx, st digest.Story) error) (digest.Story, error) {
	var after digest.Story
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := storyByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := change(tx, st); err != nil {
			return err
		}
		after, err = storyByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return digest.Story{}, err
	}
	s.watch.storyChanged(id)
	return after, nil
}

// EditStory applies an edit. Published stories are frozen with their edition
// and refuse with a *StateError.
func (s *Store) EditStory(ctx context.Context, id int64, e StoryEdit) (digest.Story, error) {
	return s.changeStory(ctx, id, func(tx *sql.Tx, st digest.Story) error {
		if st.State == digest.StatePublished {
			return &StateError{Story: st, Want: "edit"}
		}
		// Past created_at even within the second the story was stored:
		// the story is an editor's now, and its feed's corrections no
		// longer reach it (correctWaiting).
		at := max(unix(s.now()), unix(st.CreatedAt)+1)
		set := func(col string, v *string) error {
			if v == nil {
				return nil
			}
			_, err := tx.ExecContext(ctx, `UPDATE stories SET `+col+` = ?, updated_at = ? WHERE id = ?`, digest.StripControls(*v), at, id)
			return err
		}
		for _, f := range []struct {
			col string
			v   *string
		}{{"headline", e.Headline}, {"summary", e.Summary}, {"sector", e.Sector}, {"commentary", e.Commentary}} {
			if err := set(f.col, f.v); err != nil {
				return fmt.Errorf("edit story #%d %s: %w", id, f.col, err)
			}
		}
		return nil
	})
}

// Decision is an editor's approve or reject.
type Decision struct {
	StoryID int64
	By      digest.Person
	Sector  string // approve: the sector to file it under ("" keeps the story's)
	Reason  string // reject: optional reason for the submitter
	// Waiting refuses (with a *StateError) a story that is no longer
	// waiting for review: a review card's Approve and Reject decide a
	// waiting story only, so that neither undoes another editor's decision
	// made a moment before, while /shared reject takes an approved story out
	// of the draft and /shared approve approves a rejected one after all.
	Waiting bool
}

// Approves reports whether Approve takes a story in state st: one waiting
// for review, or a rejected one after all unless d.Waiting.
func (d Decision) Approves(st digest.State) bool {
	return st.Undecided() || st == digest.StateRejected && !d.Waiting
}

// Approval is what Approve did: the story as approved, and as it stood
// just before, in the same transaction, so that an approval after a
// rejection can say whose rejection it overturned.
type Approval struct {
	Story  digest.Story
	Before digest.Story
	// LedDraft reports that the story, approved after all, led the draft
	// when it was rejected: it is in its section now, and the draft's
	// lead is as the editors left it.
	LedDraft bool
}

// Overturned reports whether the approval overturned a rejection.
func (a Approval) Overturned() bool { return a.Before.State == digest.StateRejected }

// Approve moves a queued (or newswire) story into the draft edition, creating
// the draft if there is none, at the end of the running order. A rejected
// story is approved the same way, after all, unless d.Waiting; an approved
// or published story refuses with a *StateError.
func (s *Store) Approve(ctx context.Context, d Decision) (Approval, error) {
	now := s.now()
	var before digest.Story
	var led bool
	after, err := s.changeStory(ctx, d.StoryID, func(tx *sql.Tx, st digest.Story) error {
		before = st
		if !d.Approves(st.State) {
			return &StateError{Story: st, Want: "approve"}
		}
		sector := st.Sector
		if d.Sector != "" {
			sector = d.Sector
		}
		if err := tx.QueryRowContext(ctx, `SELECT led_draft FROM stories WHERE id = ?`, st.ID).Scan(&led); err != nil {
			return fmt.Errorf("find whether story #%d led the draft: %w", st.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET state = 'approved', sector = ?, decided_platform = ?,
			decided_by_id = ?, decided_by_name = ?, decided_at = ?, reject_reason = '', led_draft = 0, updated_at = ? WHERE id = ?`,
			sector, d.By.Platform, d.By.ID, digest.StripControls(d.By.Name), unix(now), unix(now), st.ID); err != nil {
			return fmt.Errorf("approve story #%d: %w", st.ID, err)
		}
		draft, err := ensureDraft(ctx, tx, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO edition_stories (edition_id, story_id, position)
			VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM edition_stories WHERE edition_id = ?))`,
			draft, st.ID, draft)
		if err != nil {
			return fmt.Errorf("add story #%d to the draft: %w", st.ID, err)
		}
		return nil
	})
	if err != nil {
		return Approval{}, err
	}
	return Approval{Story: after, Before: before, LedDraft: led}, nil
}

// Rejection is a rejected story, and whether it led the draft.
type Rejection struct {
	Story digest.Story
	// WasLead reports that the story was the draft's lead, which the
	// draft is now without: nothing takes its place unasked.
	WasLead bool
}

// Reject rejects a queued, newswire or approved story; an approved story
// leaves the draft edition (and its lead, if it was that). Published
// stories, and approved ones when d.Waiting, refuse with a *StateError.
func (s *Store) Reject(ctx context.Context, d Decision) (Rejection, error) {
	now := s.now()
	var lead bool
	st, err := s.changeStory(ctx, d.StoryID, func(tx *sql.Tx, st digest.Story) error {
		switch {
		case st.State == digest.StateQueued, st.State == digest.StateNewswire, st.State == digest.StateApproved && !d.Waiting:
		default:
			return &StateError{Story: st, Want: "reject"}
		}
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM edition_stories WHERE story_id = ? AND section = 0)`,
			st.ID).Scan(&lead); err != nil {
			return fmt.Errorf("find whether story #%d leads the draft: %w", st.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM edition_stories WHERE story_id = ?`, st.ID); err != nil {
			return fmt.Errorf("take story #%d out of the draft: %w", st.ID, err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE stories SET state = 'rejected', reject_reason = ?, decided_platform = ?,
			decided_by_id = ?, decided_by_name = ?, decided_at = ?, led_draft = ?, updated_at = ? WHERE id = ?`,
			digest.StripControls(d.Reason), d.By.Platform, d.By.ID, digest.StripControls(d.By.Name), unix(now), lead, unix(now), st.ID)
		if err != nil {
			return fmt.Errorf("reject story #%d: %w", st.ID, err)
		}
		return nil
	})
	if err != nil {
		return Rejection{}, err
	}
	return Rejection{Story: st, WasLead: lead}, nil
}

// SetReviewCard remembers the platform message that shows a story's review card.
func (s *Store) SetReviewCard(ctx context.Context, storyID int64, platform, ref string) error {
	_, err := s.exec(ctx, `INSERT INTO review_cards (story_id, platform, ref) VALUES (?, ?, ?)
		ON CONFLICT (story_id, platform) DO UPDATE SET ref = excluded.ref`, storyID, platform, ref)
	if err != nil {
		return fmt.Errorf("save review card of story #%d: %w", storyID, err)
	}
	return nil
}

// ReviewCards returns the review card references of a story, by platform.
func (s *Store) ReviewCards(ctx context.Context, storyID int64) (map[string]string, error) {
	out, err := queryMap[string, string](ctx, s.db, `SELECT platform, ref FROM review_cards WHERE story_id = ?`, storyID)
	if err != nil {
		return nil, fmt.Errorf("load review cards of story #%d: %w", storyID, err)
	}
	return out, nil
}
