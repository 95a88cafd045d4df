package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// HeldBack is a feed entry the newswire did not store because its headline
// matched another story's under a different link. It may be the same story
// from another publisher, or a different story with a near-identical
// headline, so it is kept for editors to see in /shared feeds; submitting
// its link keeps it (the story is queued and the entry marked released).
type HeldBack struct {
	ID     int64
	FeedID int64
	// Entry is the entry as the feed gave it: link, headline, summary,
	// source, published time, sectors and State (queued when it passed the
	// feed's filters, else newswire). Its ID is 0.
	Entry digest.Story
	GUID  string
	// Of is the story it was taken for a duplicate of (ID, URL, headline
	// and state; only the ID when that story has since been deleted).
	Of digest.Story
	At time.Time
}

// SharesLink reports whether the entry was held back because its link is
// already the story's (its GUID and headline are not), rather than because
// its headline matched that story's: submitting its link keeps nothing,
// the link being a story already. The story's link may be in the form an
// older release's rules gave it ("?ref=rss", a Safe Links wrapper; see
// keyStoredLinks): it is compared under today's.
func (h HeldBack) SharesLink() bool {
	return h.Of.URL != "" && digest.SameLink(h.Entry.URL, h.Of.URL)
}

// holdBack records an entry of a feed as held back as a duplicate of story
// of: by its headline, or, when byLink, by its link (the story's, under
// another GUID and headline). held is false when the feed had already held
// back that link (under any spelling), or, by link, that link and GUID,
// or, by headline, that headline and text as a duplicate of that story,
// still waiting for an editor, under a link the feed no longer lists.
// listed is a JSON array of the links the feed lists in this call.
func holdBack(ctx context.Context, tx *sql.Tx, it newswireItem, of int64, byLink bool, listed string, now time.Time) (hb HeldBack, held bool, err error) {
	st := it.entry.Story
	state := digest.StateNewswire
	if st.State == digest.StateQueued {
		state = digest.StateQueued
	}
	// By headline, one entry a link; by link, the link is the story's
	// and each GUID under it is an entry of its own.
	in, spellings := spellingsIn(st.URL)
	before := `SELECT 1 FROM held_back WHERE feed_id = ? AND (url IN ` + in
	args := append([]any{it.feedID, st.URL, it.entry.GUID, st.Headline, st.Summary, st.Source, st.Sector, st.SuggestedSector,
		string(state), unix(st.PublishedAt), of, unix(now), it.feedID}, spellings...)
	if byLink {
		before += `) AND guid = ?`
		args = append(args, it.entry.GUID)
	} else {
		// A feed whose links and GUIDs are new at every request (a
		// cache-buster, a signed link) gives the same entry under a
		// link never seen at every poll: held back once, its headline
		// and text are known after, or the editors' list grew by the
		// feed's length a poll. A recurring headline's other text (a
		// weekly "Planning applications") is another entry, and so is
		// one its feed dates on another day: the same entry keeps its
		// date under each new link, and a week's list without text,
		// taken for the week held back before it, was lost unsaid
		// while that one waited. An entry without a date of its own
		// (dated when it was fetched, as the newswire dates it) has
		// only its text to tell it by. And an entry held back before
		// that the feed still lists under its own link is not this
		// one under a new link: several notices of one day without
		// text (or without a date) were each taken for the first,
		// in one poll or the next, and lost unsaid while it waited.
		undated := unix(st.PublishedAt) == unix(st.CreatedAt)
		before += ` OR duplicate_of = ? AND headline = ? AND summary = ? AND released_story_id IS NULL
			AND (? OR published_at / 86400 = ?) AND url NOT IN (SELECT value FROM json_each(?)))`
		args = append(args, of, st.Headline, st.Summary, undated, unix(st.PublishedAt)/86400, listed)
		same, err := sameEntryElsewhere(ctx, tx, it, of, undated)
		if err != nil || same {
			return HeldBack{}, false, err
		}
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO held_back (feed_id, url, guid, headline, summary, source, sector,
			suggested_sector, state, published_at, duplicate_of, held_at)
		SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
		WHERE NOT EXISTS (`+before+`)
		ON CONFLICT DO NOTHING RETURNING id`, args...).Scan(&hb.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return HeldBack{}, false, nil
	}
	if err != nil {
		return HeldBack{}, false, fmt.Errorf("hold back %s: %w", st.URL, err)
	}
	st.ID, st.State = 0, state
	hb.FeedID, hb.Entry, hb.GUID, hb.Of, hb.At = it.feedID, st, it.entry.GUID, digest.Story{ID: of}, fromUnix(unix(now))
	return hb, true, nil
}

// sameEntryElsewhere reports whether story of, which it matched by
// headline, is the entry itself under another link: of its own feed,
// with its headline, text and day (any day, when undated), on the same page
// but for the query (pageOf), as a cache-buster's "?nocache=" new at every
// request gives it. Each of such a feed's entries was held back once, at
// the poll after the one that stored them, the whole feed's length in
// the editors' list. The same headline on another day, with other text,
// or on another page (another path, another hash-bang route) is still
// held back.
func sameEntryElsewhere(ctx context.Context, tx *sql.Tx, it newswireItem, of int64, undated bool) (bool, error) {
	st := it.entry.Story
	var url string
	err := tx.QueryRowContext(ctx, `SELECT url FROM stories WHERE id = ? AND feed_id = ? AND headline = ? AND summary = ?
		AND (? OR published_at / 86400 = ?)`,
		of, it.feedID, st.Headline, st.Summary, undated, unix(st.PublishedAt)/86400).Scan(&url)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("compare %s with story %d: %w", st.URL, of, err)
	}
	page := pageOf(st.URL)
	return page != "" && page == pageOf(url), nil
}

// heldBackBefore reports which of the given items their feed has already
// held back (by link, under any of its spellings: a feed that moved to
// https, or dropped "www.", holds nothing back twice).
func (s *Store) heldBackBefore(ctx context.Context, tx *sql.Tx, items []newswireItem, which []int) (map[int]bool, error) {
	args := make([]any, 0, 16*len(which))
	at := make(map[string]int, len(which))
	for _, i := range which {
		it := items[i]
		for _, s := range digest.Spellings(it.entry.Story.URL) {
			args = append(args, it.feedID, s)
		}
		at[strconv.FormatInt(it.feedID, 10)+" "+digest.LinkKey(it.entry.Story.URL)] = i
	}
	out := map[int]bool{}
	lookup := multiRow{prefix: `SELECT feed_id, url FROM held_back WHERE (feed_id, url) IN (VALUES `,
		row: "(?, ?)", suffix: ")", width: 2}
	err := s.run(ctx, tx, lookup, args, func(r *sql.Rows) error {
		var (
			feed int64
			url  string
		)
		if err := r.Scan(&feed, &url); err != nil {
			return err
		}
		if i, ok := at[strconv.FormatInt(feed, 10)+" "+digest.LinkKey(url)]; ok {
			out[i] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up held-back entries: %w", err)
	}
	return out, nil
}

// describeMatches fills in the stories that held-back entries matched.
func describeMatches(ctx context.Context, q querier, results []NewswireResult) error {
	for f := range results {
		for i := range results[f].HeldBack {
			hb := &results[f].HeldBack[i]
			of, err := storyByID(ctx, q, hb.Of.ID)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			hb.Of = digest.Story{ID: of.ID, URL: of.URL, Headline: of.Headline, State: of.State}
		}
	}
	return nil
}

// heldBackColumns are the columns scanHeldBack reads, from held_back h
// joined to the story it matched, s.
const heldBackColumns = `h.id, h.feed_id, h.url, h.guid, h.headline, h.summary, h.source, h.sector, h.suggested_sector,
	h.state, h.published_at, h.held_at, h.duplicate_of, COALESCE(s.url, ''), COALESCE(s.headline, ''), COALESCE(s.state, '')`

func scanHeldBack(r rowScanner) (HeldBack, error) {
	var (
		hb                HeldBack
		state, ofState    string
		published, heldAt int64
	)
	err := r.Scan(&hb.ID, &hb.FeedID, &hb.Entry.URL, &hb.GUID, &hb.Entry.Headline, &hb.Entry.Summary, &hb.Entry.Source,
		&hb.Entry.Sector, &hb.Entry.SuggestedSector, &state, &published, &heldAt,
		&hb.Of.ID, &hb.Of.URL, &hb.Of.Headline, &ofState)
	if err != nil {
		return HeldBack{}, err
	}
	hb.Entry.State, hb.Of.State = digest.State(state), digest.State(ofState)
	hb.Entry.PublishedAt, hb.At = fromUnix(published), fromUnix(heldAt)
	return hb, nil
}

// HeldBackByURL returns the newest entry held back under a canonical URL,
// under any of its spellings (digest.Spellings), that nobody has kept
// yet, or ErrNotFound.
func (s *Store) HeldBackByURL(ctx context.Context, url string) (HeldBack, error) {
	in, args := spellingsIn(url)
	hb, err := scanHeldBack(s.db.QueryRowContext(ctx, `SELECT `+heldBackColumns+` FROM held_back h
		LEFT JOIN stories s ON s.id = h.duplicate_of
		WHERE h.url IN `+in+` AND h.released_story_id IS NULL ORDER BY h.held_at DESC, h.id DESC LIMIT 1`,
		args...))
	if errors.Is(err, sql.ErrNoRows) {
		return HeldBack{}, ErrNotFound
	}
	if err != nil {
		return HeldBack{}, fmt.Errorf("look up held-back entry: %w", err)
	}
	return hb, nil
}

// releaseHeldBack marks the entries held back under a URL (under any of
// its spellings) as kept, as the story id, inside the transaction that
// stored that story.
func releaseHeldBack(ctx context.Context, tx *sql.Tx, url string, id int64) error {
	in, args := spellingsIn(url)
	if _, err := tx.ExecContext(ctx, `UPDATE held_back SET released_story_id = ? WHERE url IN `+in+` AND released_story_id IS NULL`,
		append([]any{id}, args...)...); err != nil {
		return fmt.Errorf("release held-back entries: %w", err)
	}
	return nil
}

// heldBackShown is how many of a feed's held-back entries /shared feeds
// lists, newest first; it counts them all.
const heldBackShown = 5

// openHeldBack returns, per feed ID, the newest entries held back and not
// kept (at most heldBackShown each), and how many there are in all.
func openHeldBack(ctx context.Context, q queryer) (map[int64][]HeldBack, map[int64]int, error) {
	shown, counts := map[int64][]HeldBack{}, map[int64]int{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var n int
		hb, err := scanHeldBack(scanWith(r, &n))
		if err != nil {
			return err
		}
		shown[hb.FeedID] = append(shown[hb.FeedID], hb)
		counts[hb.FeedID] = n
		return nil
	}, `SELECT `+heldBackColumns+`, n FROM (
			SELECT h.*, row_number() OVER w AS rank, count(*) OVER (PARTITION BY h.feed_id) AS n
			FROM held_back h WHERE h.released_story_id IS NULL
			WINDOW w AS (PARTITION BY h.feed_id ORDER BY h.held_at DESC, h.id DESC)
		) h LEFT JOIN stories s ON s.id = h.duplicate_of
		WHERE h.rank <= ? ORDER BY h.feed_id, h.rank`, heldBackShown)
	if err != nil {
		return nil, nil, fmt.Errorf("list held-back entries: %w", err)
	}
	return shown, counts, nil
}

// feedLinks returns, by feed ID, a JSON array of the links each feed lists
// in items, for holdBack.
func feedLinks(items []newswireItem) (map[int64]string, error) {
	links := map[int64][]string{}
	for _, it := range items {
		links[it.feedID] = append(links[it.feedID], it.entry.Story.URL)
	}
	out := make(map[int64]string, len(links))
	for feed, l := range links {
		b, err := json.Marshal(l)
		if err != nil {
			return nil, fmt.Errorf("list a feed's links: %w", err)
		}
		out[feed] = string(b)
	}
	return out, nil
}
