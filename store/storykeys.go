package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// The de-duplication keys of stories (story_keys): what they are, how they
// are looked up and recorded. The rules that make a headline into keys are
// the news domain's, in digest.HeadlineKeys.
//
// A story's own URL is not copied into story_keys: stories.url is unique,
// and a URL key is looked up there as well (migration 0014). Nor is a
// newswire story's own GUID: stories holds its feed and GUID, indexed
// (migration 0029), and a GUID key is looked up there first. story_keys
// holds the other URLs that lead to a story (an entry known by its GUID
// under a new link), the GUIDs of entries taken for duplicates of another
// story, and headlines. Recording a key was a quarter of the newswire
// writer's time in cmd/feedbench, a third of it the URLs.
//
// URLs are recorded as they were given, under any spelling, and compared
// by digest.LinkKey: a page's http and https links, with or without
// "www." and a last slash, are one story, so a link is looked up under
// each of its spellings (the keys recorded before are URLs as given too,
// and the filter of recorded keys is read by LinkKey when a Store opens:
// no migration). A link stored under older link rules (with "?ref=rss",
// as a Safe Links wrapper) is recorded as a URL key of its story under
// today's form once, as the database is migrated (keyStoredLinks).

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

// storyKeys are the de-duplication keys of one story: its GUID in the feed
// it came from ("<feed id> <guid>", "" for none), its canonical URL, up to
// two headline keys ("" for none) and, for a feed's entry whose headline
// gives none, its text key in their place (textKey; "" for none).
type storyKeys struct {
	guid, url, headline1, headline2, text string
}

// keysOf returns a story's keys. isPublisher says whether a name its
// headline ends with is a publisher's (see digest.HeadlineKeys); nil: no
// name is.
func keysOf(st digest.Story, feedID int64, guid string, isPublisher func(string) bool) storyKeys {
	return keysWith(st.URL, feedID, guid, digest.HeadlineKeys(st.Headline, isPublisher))
}

// keysWith returns the keys of a story with canonical URL url, GUID guid
// in feed feedID and headline keys h (digest.HeadlineKeys).
func keysWith(url string, feedID int64, guid string, h []string) storyKeys {
	k := storyKeys{url: url}
	if feedID != 0 && guid != "" {
		k.guid = guidKey(feedID, guid)
	}
	if len(h) > 0 {
		k.headline1 = h[0]
	}
	if len(h) > 1 {
		k.headline2 = h[1]
	}
	return k
}

// guidKey is the key of GUID guid in feed feedID, as story_keys holds it
// (and migration 0029's triggers write it).
func guidKey(feedID int64, guid string) string {
	return strconv.FormatInt(feedID, 10) + " " + guid
}

// textKey is the key of an entry of feed feedID whose headline gives no
// headline key, with its headline and text as NewswireEntry.prepare sums
// them up (sumText). A feed whose links and GUIDs are new at every request
// (a cache-buster, a signed link) gives such an entry ("Local matters",
// "Update") under a link never seen at every poll, and nothing else tells
// it from a new story: it was stored again at every poll. A generic
// headline names many stories, so the key is its own feed's only, and
// holds its text: a weekly "Update" with another text is another story.
//
// It is a headline key (story_keys' kinds are fixed by a CHECK, and a new
// one would rebuild the table of a large archive), one no headline folds
// to: FoldWords writes no "#". Matched, it is a headline match, held back
// once as the same headline with the same text is (holdBack, recurring).
func textKey(feedID int64, sum string) string {
	if feedID == 0 || sum == "" {
		return ""
	}
	return "#" + strconv.FormatInt(feedID, 10) + " " + sum
}

// sumText is what an entry's text key holds of its headline and text: a
// digest of both folded (digest.FoldWords), so that a summary of any
// length is a key of a few bytes, and spacing, case and punctuation
// change none of it. An entry with no text is summed up by its headline
// and its link without the query (pageOf): a generic
// headline alone cannot tell a week's "Update" from the week before's,
// each on its own page, but a cache-buster's "?nocache=" made the one
// "Latest news" without text a new story at every poll.
func sumText(headline, summary, link string) string {
	text := digest.FoldWords(summary)
	if text == "" {
		text = pageOf(link)
	}
	if text == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(digest.FoldWords(headline) + "\n" + text))
	return hex.EncodeToString(sum[:16])
}

// pageOf is link without its query, "" if it is no absolute URL: the
// page a cache-buster's "?nocache=" or a signed link's signature is no
// part of. Its fragment stays, as a single-page site's hash-bang route
// ("#!/news/41") is a page of its own. The text a key sums up is folded
// words, which hold no "/", so a page never sums up as a text does.
func pageOf(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return ""
	}
	u.RawQuery, u.ForceQuery = "", false
	return u.String()
}

// cutGUIDKey returns the feed and the GUID of a key guidKey made.
func cutGUIDKey(key string) (feedID int64, guid string, err error) {
	feed, guid, _ := strings.Cut(key, " ")
	feedID, err = strconv.ParseInt(feed, 10, 64)
	if err != nil {
		return 0, "", fmt.Errorf("GUID key %q: %w", key, err)
	}
	return feedID, guid, nil
}

// keyPair is one row's (kind, key).
type keyPair struct{ kind, key string }

// compare orders key pairs as the story_keys table does, by kind, then by
// key, comparing bytes (SQLite's default BINARY collation).
func (p keyPair) compare(q keyPair) int {
	if c := strings.Compare(p.kind, q.kind); c != 0 {
		return c
	}
	return strings.Compare(p.key, q.key)
}

// matchKey is p as de-duplication compares keys: a URL by its
// digest.LinkKey, so that a page's spellings (http and https, "www." or
// not, a last slash or not) are one key. story_keys and stories.url hold
// URLs as they were given, under any spelling; lookupKeys asks for each.
func (p keyPair) matchKey() keyPair {
	if p.kind == keyURL {
		p.key = digest.LinkKey(p.key)
	}
	return p
}

// each yields the non-empty keys, most specific first: a GUID names one
// entry of one feed, a URL one page, a headline may be shared by accident
// (and a text key stands in for a headline too generic to be one).
func (k storyKeys) each(yield func(keyPair) bool) {
	for _, p := range [...]keyPair{{keyGUID, k.guid}, {keyURL, k.url}, {keyHeadline, k.headline1}, {keyHeadline, k.headline2}, {keyHeadline, k.text}} {
		if p.key != "" && !yield(p) {
			return
		}
	}
}

// knownKeys are recorded keys, by their matchKey, and the stories they
// lead to; and, of kind keyOtherLink, the links found among story_keys
// rather than as stories' own.
type knownKeys map[keyPair]int64

// match returns the story the most specific recorded key of k leads to,
// and that key's kind; 0 when none is recorded.
func (kk knownKeys) match(k storyKeys) (int64, string) {
	for p := range k.each {
		if id, ok := kk[p.matchKey()]; ok {
			return id, p.kind
		}
	}
	return 0, ""
}

// add records that p leads to story id, unless a key that matches it
// already leads to one: a database may hold a page's http and https links
// as two stories, stored before the two were one, and the first found
// stands.
func (kk knownKeys) add(p keyPair, id int64) {
	m := p.matchKey()
	if _, ok := kk[m]; !ok {
		kk[m] = id
	}
}

// lookupKeys returns which keys of the given stories are recorded. Of a
// story whose GUID is a stored story's own, it looks up that alone: the
// entry is known by its most specific key, and entriesToWrite passes it by
// whatever its other keys lead to. An entry polled again costs one step
// into one index, not one into story_keys for each of its keys.
//
// Only the stories some key of which the Store's filter of recorded keys
// may hold are looked up (see keyFilter): the others have none recorded.
func (s *Store) lookupKeys(ctx context.Context, tx *sql.Tx, keys []storyKeys) (knownKeys, error) {
	keys, err := s.mayBeKnown(ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	known, err := s.lookupOwnGUIDs(ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	var pairs []keyPair
	for _, k := range keys {
		if _, ok := known[keyPair{keyGUID, k.guid}]; ok {
			continue
		}
		pairs = slices.AppendSeq(pairs, k.each)
	}
	// The same pages under their other spellings: a key of any leads to
	// the story.
	pairs = append(pairs, s.otherSpellings(pairs)...)
	// In the index's order, each once: the look-ups then walk its pages
	// in order (see insertKeys). Sorted by kind first, the keys of each
	// kind are a run, looked up together.
	slices.SortFunc(pairs, keyPair.compare)
	pairs = slices.Compact(pairs)
	for rest := pairs; len(rest) > 0; {
		kind := rest[0].kind
		n := 1
		for n < len(rest) && rest[n].kind == kind {
			n++
		}
		run := rest[:n]
		rest = rest[n:]
		lookup, err := keyLookup(kind)
		if err != nil {
			return nil, err
		}
		err = s.runRows(ctx, tx, lookup, len(run), func(args []any, i int) []any {
			return append(args, run[i].key)
		}, func(r *sql.Rows) error {
			p := keyPair{kind: kind}
			var id int64
			if err := r.Scan(&p.key, &id); err != nil {
				return err
			}
			known.add(p, id)
			if kind == keyURL {
				known.addOtherLink(p.key, id)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("look up story keys: %w", err)
		}
	}
	// The URLs not recorded as keys (under any spelling: pairs has
	// each) may be stories' own.
	var urls []string
	for _, p := range pairs {
		if _, ok := known[p.matchKey()]; !ok && p.kind == keyURL {
			urls = append(urls, p.key)
		}
	}
	byURL := multiRow{prefix: `SELECT id, url FROM stories WHERE url IN (VALUES `, row: "(?)", suffix: ")", width: 1}
	err = s.runRows(ctx, tx, byURL, len(urls), func(args []any, i int) []any {
		return append(args, urls[i])
	}, idAndURL(func(id int64, url string) {
		known.add(keyPair{keyURL, url}, id)
	}))
	if err != nil {
		return nil, fmt.Errorf("look up stories by URL: %w", err)
	}
	return known, nil
}

// keyLookup finds the story_keys rows of one kind of key among keys given
// as its rows' parameters, one a row, in the table's primary key
// (TestKeyLookupReadsThePrimaryKey). The kind is written in the statement
// rather than bound with each key: binding the pair (kind, key) of every
// key, and SQLite keeping each pair in the list it looks up, made the
// look-up of an entry's keys about a tenth of the newswire writer's work
// in SQLite (cmd/feedbench, counted with cachegrind); of one kind, about
// 40% less.
func keyLookup(kind string) (multiRow, error) {
	switch kind {
	case keyGUID, keyURL, keyHeadline:
	default:
		return multiRow{}, fmt.Errorf("look up story keys: no kind of key %q", kind)
	}
	return multiRow{prefix: `SELECT key, story_id FROM story_keys WHERE kind = '` + kind + `' AND key IN (`,
		row: "?", suffix: ")", width: 1}, nil
}

// otherSpellings returns the URL keys of pairs under their other
// spellings (digest.Spellings: the other scheme, "www." or not, a last
// slash or not) when one may be recorded: when the Store's filter of
// recorded keys, which holds URLs by their digest.LinkKey, has the key's.
// Asking for every link's other spellings would be up to seven look-ups
// more in each of two indexes per entry (asking for the other scheme's
// alone was 4.6% more CPU in cmd/feedbench's first pass); a link whose
// page is new is nearly every entry of a feed's first poll, and none of
// its spellings is asked for.
func (s *Store) otherSpellings(pairs []keyPair) []keyPair {
	var others []keyPair
	f := &s.keys
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range pairs {
		if p.kind != keyURL || !f.loaded || !f.has(f.hash(p)) {
			continue
		}
		for _, other := range digest.Spellings(p.key)[1:] {
			others = append(others, keyPair{keyURL, other})
		}
	}
	return others
}

// ownGUID is a GUID key as the columns of stories that hold it.
type ownGUID struct {
	feedID int64
	guid   string
}

// ownGUIDLookup finds stories by feed and GUID in migration 0029's index
// (TestOwnGUIDLookupReadsItsIndex). The index holds only the stories with
// a GUID, so the statement says that its GUID is not empty.
func ownGUIDLookup() multiRow {
	return multiRow{prefix: `SELECT id, feed_id, guid FROM stories WHERE guid <> '' AND (feed_id, guid) IN (VALUES `,
		row: "(?, ?)", suffix: ")", width: 2}
}

// lookupOwnGUIDs returns the GUID keys of the given stories that are the
// feed and GUID of a stored story, with that story.
func (s *Store) lookupOwnGUIDs(ctx context.Context, tx *sql.Tx, keys []storyKeys) (knownKeys, error) {
	known := knownKeys{}
	var guids []ownGUID
	for _, k := range keys {
		if k.guid == "" {
			continue
		}
		feedID, guid, err := cutGUIDKey(k.guid)
		if err != nil {
			return nil, fmt.Errorf("look up stories by GUID: %w", err)
		}
		guids = append(guids, ownGUID{feedID, guid})
	}
	// In the index's order (feed IDs as numbers, not as the keys'
	// text), for the reason lookupKeys sorts.
	slices.SortFunc(guids, func(a, b ownGUID) int {
		if c := cmp.Compare(a.feedID, b.feedID); c != 0 {
			return c
		}
		return strings.Compare(a.guid, b.guid)
	})
	guids = slices.Compact(guids)
	err := s.runRows(ctx, tx, ownGUIDLookup(), len(guids), func(args []any, i int) []any {
		return append(args, guids[i].feedID, guids[i].guid)
	}, func(r *sql.Rows) error {
		var (
			id int64
			g  ownGUID
		)
		if err := r.Scan(&id, &g.feedID, &g.guid); err != nil {
			return err
		}
		known[keyPair{keyGUID, guidKey(g.feedID, g.guid)}] = id
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up stories by GUID: %w", err)
	}
	return known, nil
}

// keyRow is one story_keys row to record.
type keyRow struct {
	keyPair
	story int64
}

// appendRows appends to rows a row for each key of k, leading to story id.
func appendRows(rows []keyRow, k storyKeys, id int64) []keyRow {
	for p := range k.each {
		rows = append(rows, keyRow{p, id})
	}
	return rows
}

// insertKeys records key rows, sorting rows; a key already recorded keeps
// the story it leads to, and of two rows with the same key the first wins.
func (s *Store) insertKeys(ctx context.Context, tx *sql.Tx, rows []keyRow) error {
	// In the index's order, so that each insert lands on or beside the
	// page the one before it changed rather than on a page of its own:
	// recording keys is a quarter of the newswire writer's time in
	// cmd/feedbench, whose keys come nearly in order anyway (real feeds'
	// links and headlines do not). Stable: of two rows with the same key
	// the first still wins.
	slices.SortStableFunc(rows, func(a, b keyRow) int { return a.keyPair.compare(b.keyPair) })
	insert := multiRow{prefix: `INSERT INTO story_keys (kind, key, story_id) VALUES `,
		row: "(?, ?, ?)", suffix: ` ON CONFLICT (kind, key) DO NOTHING`, width: 3}
	err := s.runRows(ctx, tx, insert, len(rows), func(args []any, i int) []any {
		return append(args, rows[i].kind, rows[i].key, rows[i].story)
	}, nil)
	if err != nil {
		return fmt.Errorf("record story keys: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	return s.keysChanged(ctx, tx, func(yield func(keyPair) bool) {
		for _, r := range rows {
			if !yield(r.keyPair) {
				return
			}
		}
	})
}

// recordStoryKeys remembers the keys of a story just stored, inside the
// transaction that stored it, so that de-duplication is atomic with the
// insert. A key that already belongs to another story stays with it. The
// story's own source is the publisher its headline may end with ("… | The
// Guardian" from a page whose site is The Guardian).
func (s *Store) recordStoryKeys(ctx context.Context, tx *sql.Tx, id int64, st digest.Story) error {
	if err := s.insertKeys(ctx, tx, appendRows(nil, ownKeys(st), id)); err != nil {
		return fmt.Errorf("story #%d: %w", id, err)
	}
	return nil
}

// ownKeys are the keys to record for a story stored under its own URL:
// its headline keys (stories.url already leads to it by its URL).
func ownKeys(st digest.Story) storyKeys {
	k := keysOf(st, 0, "", ownSource(st))
	k.url = ""
	return k
}

// ownSource says whether a name is the story's own source.
func ownSource(st digest.Story) func(string) bool {
	p := digest.Publishers{}
	p.Add(st.Source)
	return p.Has
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
			var (
				keys []keyRow
				ids  []any
			)
			err := eachRow(ctx, tx, func(r *sql.Rows) error {
				var (
					id int64
					st digest.Story
				)
				if err := r.Scan(&id, &st.Headline, &st.Source); err != nil {
					return err
				}
				keys = appendRows(keys, ownKeys(st), id)
				ids = append(ids, id)
				return nil
			}, `SELECT b.story_id, COALESCE(s.headline, ''), COALESCE(s.source, '') FROM story_keys_backfill b
				LEFT JOIN stories s ON s.id = b.story_id ORDER BY b.story_id LIMIT ?`, backfillBatch)
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				return nil
			}
			if err := s.insertKeys(ctx, tx, keys); err != nil {
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
