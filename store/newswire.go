package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sharednews/sharednews/digest"
)

// Kinds of de-duplication key in story_keys.
const (
	keyURL      = "url"
	keyGUID     = "guid"
	keyHeadline = "headline"
)

// maxGUIDLength bounds the GUID kept for a story and its key. GUIDs are
// usually URLs or UUIDs; a longer one is cut, which still tells entries of
// one feed apart.
const maxGUIDLength = 1024

// minHeadlineWords is the fewest words a normalised headline needs to serve
// as a de-duplication key: "Budgets" or "Council news" name many stories.
const minHeadlineWords = 3

// HeadlineKeys returns the normalised forms of a headline under which a
// story is remembered, so that a near-identical headline from another feed
// or a later poll is recognised as the same story. Case, punctuation, quotes
// and spacing are folded ("Council’s ‘bold’ plan" and "Councils bold plan"
// match). When the headline ends in what looks like a publisher's name
// (" | The Guardian", " - Hastings and St Leonards Observer"), the headline
// without it is a second key. Headlines of fewer than three words, and links
// standing in for a headline, give no key: they are too generic to match on.
func HeadlineKeys(headline string) []string {
	h := strings.TrimSpace(headline)
	if strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "https://") {
		return nil
	}
	var keys []string
	if k := normalizeHeadline(h); usableHeadlineKey(k) {
		keys = append(keys, k)
	}
	if stripped, ok := stripPublisher(h); ok {
		if k := normalizeHeadline(stripped); usableHeadlineKey(k) && (len(keys) == 0 || keys[0] != k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// normalizeHeadline lower-cases s, drops apostrophes (so "council's" and
// "councils" agree), turns every other character that is not a letter or a
// digit into a space, and folds spaces.
func normalizeHeadline(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

func usableHeadlineKey(k string) bool {
	return strings.Count(k, " ")+1 >= minHeadlineWords
}

// publisherSeparators end a headline before the publisher's name. A pipe is
// always taken as one; dashes only when what follows looks like a name.
var publisherSeparators = []string{" | ", " - ", " – ", " — "}

// stripPublisher removes a trailing publisher name and reports whether it
// found one.
func stripPublisher(h string) (string, bool) {
	cut, sep := -1, ""
	for _, s := range publisherSeparators {
		if i := strings.LastIndex(h, s); i > cut {
			cut, sep = i, s
		}
	}
	if cut <= 0 {
		return "", false
	}
	suffix := strings.TrimSpace(h[cut+len(sep):])
	if sep != " | " && !looksLikeName(suffix) {
		return "", false
	}
	return strings.TrimSpace(h[:cut]), true
}

// nameConnectors may appear in lower case inside a publisher's name.
var nameConnectors = map[string]bool{"and": true, "of": true, "the": true, "on": true, "for": true, "in": true, "&": true, "de": true}

// looksLikeName reports whether s reads like a proper name of at most six
// words ("Hastings and St Leonards Observer", "BBC News") rather than the
// rest of a sentence ("what happens next").
func looksLikeName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	for i, w := range words {
		r := []rune(w)[0]
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		if i == 0 || !nameConnectors[w] {
			return false
		}
	}
	return true
}

// storyKeys are the de-duplication keys of one story: its GUID in the feed
// it came from ("<feed id> <guid>", "" for none), its canonical URL and up
// to two headline keys ("" for none).
type storyKeys struct {
	guid, url, headline1, headline2 string
}

func keysOf(st digest.Story, feedID int64, guid string) storyKeys {
	k := storyKeys{url: st.URL}
	if feedID != 0 && guid != "" {
		k.guid = strconv.FormatInt(feedID, 10) + " " + guid
	}
	h := HeadlineKeys(st.Headline)
	if len(h) > 0 {
		k.headline1 = h[0]
	}
	if len(h) > 1 {
		k.headline2 = h[1]
	}
	return k
}

// keyPair is one row's (kind, key).
type keyPair struct{ kind, key string }

// list returns the non-empty keys, most specific first: a GUID names one
// entry of one feed, a URL one page, a headline may be shared by accident.
func (k storyKeys) list() []keyPair {
	out := make([]keyPair, 0, 4)
	for _, c := range []keyPair{{keyGUID, k.guid}, {keyURL, k.url}, {keyHeadline, k.headline1}, {keyHeadline, k.headline2}} {
		if c.key != "" {
			out = append(out, c)
		}
	}
	return out
}

// knownKeys are recorded keys and the stories they lead to.
type knownKeys map[keyPair]int64

// match returns the story the most specific recorded key of k leads to,
// and that key's kind; 0 when none is recorded.
func (kk knownKeys) match(k storyKeys) (int64, string) {
	for _, p := range k.list() {
		if id, ok := kk[p]; ok {
			return id, p.kind
		}
	}
	return 0, ""
}

// pairsPerQuery bounds the parameters of one statement well below SQLite's
// limit.
const pairsPerQuery = 500

// lookupKeys returns which keys of the given stories are recorded, with a
// few multi-row queries rather than one query per key.
func lookupKeys(ctx context.Context, q queryer, keys []storyKeys) (knownKeys, error) {
	var pairs []keyPair
	for _, k := range keys {
		pairs = append(pairs, k.list()...)
	}
	known := knownKeys{}
	for len(pairs) > 0 {
		chunk := pairs[:min(len(pairs), pairsPerQuery)]
		pairs = pairs[len(chunk):]
		args := make([]any, 0, 2*len(chunk))
		for _, p := range chunk {
			args = append(args, p.kind, p.key)
		}
		rows, err := q.QueryContext(ctx, `SELECT kind, key, story_id FROM story_keys WHERE (kind, key) IN (VALUES `+
			placeholders("(?, ?)", len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("look up story keys: %w", err)
		}
		for rows.Next() {
			var (
				p  keyPair
				id int64
			)
			if err := rows.Scan(&p.kind, &p.key, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("look up story keys: %w", err)
			}
			known[p] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("look up story keys: %w", err)
		}
	}
	return known, nil
}

// keyRow is one story_keys row to record.
type keyRow struct {
	keyPair
	story int64
}

func rowsOf(k storyKeys, id int64) []keyRow {
	var rows []keyRow
	for _, p := range k.list() {
		rows = append(rows, keyRow{p, id})
	}
	return rows
}

// insertKeys records key rows; a key already recorded keeps the story it
// leads to.
func insertKeys(ctx context.Context, tx *sql.Tx, rows []keyRow) error {
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), pairsPerQuery)]
		rows = rows[len(chunk):]
		args := make([]any, 0, 3*len(chunk))
		for _, r := range chunk {
			args = append(args, r.kind, r.key, r.story)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO story_keys (kind, key, story_id) VALUES `+
			placeholders("(?, ?, ?)", len(chunk))+` ON CONFLICT (kind, key) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("record story keys: %w", err)
		}
	}
	return nil
}

// placeholders repeats a parenthesised group n times, comma-separated.
func placeholders(group string, n int) string {
	return strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}

// recordStoryKeys remembers the keys of a story just stored, inside the
// transaction that stored it, so that de-duplication is atomic with the
// insert. A key that already belongs to another story stays with it.
func recordStoryKeys(ctx context.Context, tx *sql.Tx, id int64, st digest.Story) error {
	if err := insertKeys(ctx, tx, rowsOf(keysOf(st, 0, ""), id)); err != nil {
		return fmt.Errorf("story #%d: %w", id, err)
	}
	return nil
}

// NewswireEntry is one feed entry on its way into the store.
type NewswireEntry struct {
	// Story is the entry as a story: canonical URL, headline, summary,
	// source, sectors, published time, and State newswire or queued.
	Story digest.Story
	// GUID is the entry's ID in its feed ("" when it has none).
	GUID string
}

// FeedEntries are the entries of one feed, for AddNewswire.
type FeedEntries struct {
	FeedID  int64
	Entries []NewswireEntry
}

// NewswireResult says what became of a feed's entries.
type NewswireResult struct {
	// Added are the stories stored, in entry order, with their IDs.
	Added []digest.Story
	// Duplicates counts entries already known by GUID, URL or headline,
	// whether from this feed, another feed, a submission or an import.
	Duplicates int
}

// AddNewswire stores the entries of one or more feeds that are not already
// known, and remembers the keys of all of them. An entry is known when its
// GUID in its feed, its canonical URL or one of its headline keys was ever
// recorded, even for a story since rejected or deleted; the same story in
// two of the feeds is stored once. The results are in the order of feeds.
//
// Everything one call writes is written in one transaction, with a handful
// of statements whatever the number of entries, so a caller with several
// feeds' entries at hand saves work by passing them together. Entries that
// need no write (their GUID, or without one another key, is recorded: a
// feed polled again that did not change, or that does not support
// conditional requests) cost one read and take no write lock.
func (s *Store) AddNewswire(ctx context.Context, feeds ...FeedEntries) ([]NewswireResult, error) {
	var items []newswireItem
	for f, fe := range feeds {
		for i := range fe.Entries {
			e := fe.Entries[i]
			e.Story = e.Story.WithoutControls()
			if len(e.GUID) > maxGUIDLength {
				e.GUID = e.GUID[:maxGUIDLength]
			}
			items = append(items, newswireItem{feed: f, feedID: fe.FeedID, entry: e, keys: keysOf(e.Story, fe.FeedID, e.GUID)})
		}
	}
	keys := make([]storyKeys, len(items))
	for i, it := range items {
		keys[i] = it.keys
	}
	known, err := lookupKeys(ctx, s.db, keys)
	if err != nil {
		return nil, fmt.Errorf("check feed entries for duplicates: %w", err)
	}
	var todo []int
	for i, k := range keys {
		if id, kind := known.match(k); id == 0 || kind != keyGUID && k.guid != "" {
			todo = append(todo, i)
		}
	}

	results := make([]NewswireResult, len(feeds))
	if len(todo) > 0 {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for f := range results {
				results[f].Added = nil
			}
			outs, err := planEntries(ctx, tx, keys, todo)
			if err != nil {
				return err
			}
			if err := insertStories(ctx, tx, items, outs, s.now()); err != nil {
				return err
			}
			var rows []keyRow
			for _, o := range outs {
				if o.of >= 0 {
					o.id = outs[o.of].id
				}
				k := keys[o.i]
				if o.story.ID != 0 {
					f := items[o.i].feed
					results[f].Added = append(results[f].Added, o.story)
				} else if o.kind == keyHeadline {
					// The same story from elsewhere: its GUID and headline
					// keys now lead to the story already stored, so the
					// next poll skips it at once; its URL is left alone
					// when only a headline matched, so a false match never
					// hides a page.
					k.url = ""
				}
				rows = append(rows, rowsOf(k, o.id)...)
			}
			// After the stories: the first writing statement after them
			// makes FTS5 write its index once for all of them.
			return insertKeys(ctx, tx, rows)
		})
		if err != nil {
			return nil, fmt.Errorf("store feed entries: %w", err)
		}
	}
	for f, fe := range feeds {
		results[f].Duplicates = len(fe.Entries) - len(results[f].Added)
	}
	return results, nil
}

// newswireItem is one entry of one of the feeds given to AddNewswire.
type newswireItem struct {
	feed   int // index in the call's feeds
	feedID int64
	entry  NewswireEntry
	keys   storyKeys
}

// outcome is what becomes of one entry inside the write transaction.
type outcome struct {
	i     int          // index of the item
	id    int64        // the story it is, once known
	of    int          // a duplicate of the new entry outs[of], or -1
	kind  string       // for a duplicate, the kind of key that matched
	fresh bool         // to be stored as a new story
	story digest.Story // the new story, once stored (ID set)
}

// planEntries decides, for each entry to write, whether it is a new story,
// a duplicate of a stored story, or a duplicate of a new entry before it in
// this call. The keys are looked up again inside the transaction because a
// submission may have stored the story since the first look.
func planEntries(ctx context.Context, tx *sql.Tx, keys []storyKeys, todo []int) ([]outcome, error) {
	some := make([]storyKeys, len(todo))
	for n, i := range todo {
		some[n] = keys[i]
	}
	known, err := lookupKeys(ctx, tx, some)
	if err != nil {
		return nil, err
	}
	outs := make([]outcome, 0, len(todo))
	fresh := map[keyPair]int{} // keys of new entries → index in outs
	for _, i := range todo {
		o := outcome{i: i, of: -1}
		o.id, o.kind = known.match(keys[i])
		if o.id == 0 {
			for _, p := range keys[i].list() {
				if j, ok := fresh[p]; ok {
					o.of, o.kind = j, p.kind
					break
				}
			}
		}
		if o.id == 0 && o.of < 0 {
			o.fresh = true
			for _, p := range keys[i].list() {
				fresh[p] = len(outs)
			}
		}
		outs = append(outs, o)
	}
	return outs, nil
}

// storiesPerInsert bounds the rows of one INSERT (12 parameters each).
const storiesPerInsert = 400

const insertNewswireStories = `INSERT INTO stories (url, headline, summary, source, sector, suggested_sector,
	state, feed_id, guid, published_at, created_at, updated_at) VALUES `

// insertStories stores the new stories of outs with multi-row INSERTs and
// sets their IDs. One statement for many rows matters: FTS5 writes its
// pending index to disk when a writing statement starts, so a statement per
// story would write a segment per story and keep merging them.
func insertStories(ctx context.Context, tx *sql.Tx, items []newswireItem, outs []outcome, now time.Time) error {
	var fresh []*outcome
	for i := range outs {
		if outs[i].fresh {
			fresh = append(fresh, &outs[i])
		}
	}
	for len(fresh) > 0 {
		chunk := fresh[:min(len(fresh), storiesPerInsert)]
		fresh = fresh[len(chunk):]
		args := make([]any, 0, 12*len(chunk))
		byURL := make(map[string]*outcome, len(chunk))
		for _, o := range chunk {
			it := items[o.i]
			st := it.entry.Story
			if st.CreatedAt.IsZero() {
				st.CreatedAt = now
			}
			st.CreatedAt = fromUnix(unix(st.CreatedAt))
			o.story = st
			byURL[st.URL] = o
			args = append(args, st.URL, st.Headline, st.Summary, st.Source, st.Sector, st.SuggestedSector,
				string(st.State), it.feedID, it.entry.GUID, unix(st.PublishedAt), unix(st.CreatedAt), unix(now))
		}
		rows, err := tx.QueryContext(ctx, insertNewswireStories+placeholders("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", len(chunk))+
			` ON CONFLICT (url) DO NOTHING RETURNING id, url`, args...)
		if err != nil {
			return fmt.Errorf("insert stories: %w", err)
		}
		for rows.Next() {
			var (
				id  int64
				url string
			)
			if err := rows.Scan(&id, &url); err != nil {
				rows.Close()
				return fmt.Errorf("insert stories: %w", err)
			}
			if o := byURL[url]; o != nil {
				o.id, o.story.ID = id, id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("insert stories: %w", err)
		}
		for _, o := range chunk {
			if o.id != 0 {
				continue
			}
			// The URL is stored by a path that recorded no keys.
			o.story, o.kind = digest.Story{}, keyURL
			if err := tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE url = ?`, items[o.i].entry.Story.URL).Scan(&o.id); err != nil {
				return fmt.Errorf("look up story by URL: %w", err)
			}
		}
	}
	return nil
}

// backfillBatch is how many older stories BackfillStoryKeys handles per
// transaction, so that a large archive never holds the write lock for long.
const backfillBatch = 500

// BackfillStoryKeys records the headline keys of stories stored before
// schema version 2, which could record only URL and GUID keys in SQL. It
// returns how many stories it went through; once they are done, a call
// costs one empty query.
func (s *Store) BackfillStoryKeys(ctx context.Context) (int, error) {
	total := 0
	for {
		n := 0
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT b.story_id, COALESCE(s.headline, '') FROM story_keys_backfill b
				LEFT JOIN stories s ON s.id = b.story_id ORDER BY b.story_id LIMIT ?`, backfillBatch)
			if err != nil {
				return err
			}
			var (
				keys []keyRow
				ids  []any
			)
			for rows.Next() {
				var (
					id       int64
					headline string
				)
				if err := rows.Scan(&id, &headline); err != nil {
					rows.Close()
					return err
				}
				keys = append(keys, rowsOf(keysOf(digest.Story{Headline: headline}, 0, ""), id)...)
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			if err := insertKeys(ctx, tx, keys); err != nil {
				return err
			}
			n = len(ids)
			_, err = tx.ExecContext(ctx, `DELETE FROM story_keys_backfill WHERE story_id IN (`+placeholders("?", len(ids))+`)`, ids...)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("backfill headline keys: %w", err)
		}
		total += n
		if n < backfillBatch {
			return total, nil
		}
	}
}
