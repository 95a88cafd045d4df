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

// NewswireEntry is one feed entry on its way into the store.
type NewswireEntry struct {
	// Story is the entry as a story: canonical URL, headline, summary,
	// source, sectors, published time, and State newswire or queued.
	Story digest.Story
	// GUID is the entry's ID in its feed ("" when it has none).
	GUID string
	// Publisher is the name of the publisher the entry itself names (an
	// aggregator's <source>), "" if none: a headline ending in it loses
	// the name for de-duplication.
	Publisher string

	// terms are the story's search terms, set by prepare.
	terms *storyTerms
	// plainKeys are, once prepared, the story's headline keys as if no
	// name were a publisher's (digest.HeadlineKeys with nil): its keys
	// whenever its headline ends in no name at all.
	plainKeys []string
	// endsInName is, once prepared, whether the headline ends in what may
	// be a publisher's name (digest.SplitPublisher): found while reading,
	// so that the one writer looks only at the headlines that do.
	endsInName bool
	// text is, once prepared, the sum of the headline and text of an
	// entry whose headline gives no key (sumText), its text key in its
	// feed; "" for any other.
	text string
}

// PrepareEntries does, in place, the part of AddNewswire's work on entries
// that needs no database: their text as it is stored (without control
// characters, GUIDs cut to length) and what the search index will hold
// for it. A caller that reads feeds in several goroutines while one writes
// to the database calls it in the goroutine that read the entries, so
// that the writer does only what needs the database; AddNewswire prepares
// any entry that is not. Entries must not change once prepared.
func PrepareEntries(entries []NewswireEntry) {
	seen := &stemSet{}
	for i := range entries {
		entries[i].prepare(seen)
	}
}

// prepare prepares e; seen is termsOf's scratch space (nil for none).
func (e *NewswireEntry) prepare(seen *stemSet) {
	if e.terms != nil {
		return
	}
	e.Story = e.Story.WithoutControls()
	if len(e.GUID) > maxGUIDLength {
		e.GUID = e.GUID[:maxGUIDLength]
	}
	e.terms = termsOf(e.Story.Headline, e.Story.Summary, e.Story.Source, e.Story.Commentary, seen)
	e.plainKeys = digest.HeadlineKeys(e.Story.Headline, nil)
	_, _, e.endsInName = digest.SplitPublisher(strings.TrimSpace(e.Story.Headline))
	// A headline that gives no plain key gives none with any publisher's
	// name cut off it either (fewer words still).
	if len(e.plainKeys) == 0 {
		e.text = sumText(e.Story.Headline, e.Story.Summary, e.Story.URL)
	}
}

// headlineKeys returns the prepared entry's headline keys: its plain keys
// unless its headline ends in what may be a publisher's name, which only
// the writer can tell (the known publishers change as stories are stored).
func (e *NewswireEntry) headlineKeys(isPublisher func(string) bool) []string {
	if !e.endsInName {
		return e.plainKeys
	}
	return digest.HeadlineKeys(e.Story.Headline, isPublisher)
}

// FeedEntries are the entries of one feed, for AddNewswire.
type FeedEntries struct {
	FeedID  int64
	Entries []NewswireEntry
	// Publishers are the feed's own names (its configured name, its title):
	// a headline ending in one of them, or in the name of a publisher
	// already known, loses it for de-duplication.
	Publishers []string
	// Poll, when set, is the outcome of the poll that read the entries,
	// to record in the feed's row as RecordFeedPoll does, in the same
	// transaction as the entries, with NewStories and HeldBack counted
	// from what was stored: a poll's stories and the state it leaves its
	// feed in (the validators of the next conditional request) are
	// committed together or not at all.
	Poll *FeedPoll
}

// NewswireResult says what became of a feed's entries.
type NewswireResult struct {
	// Added are the stories stored, in entry order, with their IDs.
	Added []digest.Story
	// HeldBack are the entries held back by this call because their
	// headline matched another story's (see HeldBack).
	HeldBack []HeldBack
	// Queued are stories another feed had put on the newswire, not in
	// the review queue, that this feed carries under the same link and
	// whose filters they pass: they were moved into the review queue.
	Queued []digest.Story
	// Duplicates counts the other entries not stored: already known by
	// GUID or URL, whether from this feed, another feed, a submission or
	// an import, or held back before.
	Duplicates int
	// Corrected are stories of this feed still waiting for a decision
	// (queued, or on the newswire) and untouched by editors, whose
	// headline or summary the feed now gives otherwise: the publisher
	// corrected them, and they now read as the feed does (see
	// correctWaiting). Their entries count among Duplicates.
	Corrected []digest.Story
}

// AddNewswire stores the entries of one or more feeds that are not already
// known, and remembers the keys of all of them. An entry is known when its
// GUID in its feed or its canonical URL was ever recorded, even for a story
// since rejected or deleted; the same story in two of the feeds is stored
// once. An entry whose headline matches another story's (digest.HeadlineKeys)
// under a different link, or whose headline, too generic for a key, and
// text are those of a story of its own feed (textKey), is held back:
// recorded with the story it matched, for editors to see and keep, not
// stored as a story, unless it is a headline its own feed gives again with
// other text (see recurring). The results are in the order of feeds.
//
// Everything one call writes is written in one transaction, with a few
// statements prepared once whatever the number of entries, so a caller
// with several feeds' entries (or polls) at hand saves work by passing
// them together. Entries that need no write (their GUID, or without one
// another key, is recorded: a feed polled again that did not change, or
// that does not support conditional requests) cost one look-up.
func (s *Store) AddNewswire(ctx context.Context, feeds ...FeedEntries) ([]NewswireResult, error) {
	if err := s.loadPublishers(ctx); err != nil {
		return nil, err
	}
	n := 0
	for _, fe := range feeds {
		n += len(fe.Entries)
	}
	items := make([]newswireItem, 0, n)
	var seen *stemSet // prepare's scratch space, for unprepared entries
	for f, fe := range feeds {
		own := digest.Publishers{}
		own.Add(fe.Publishers...)
		for i := range fe.Entries {
			e := fe.Entries[i]
			if e.terms == nil && seen == nil {
				seen = &stemSet{}
			}
			e.prepare(seen)
			names := own
			if e.Publisher != "" {
				names = digest.Publishers{}
				names.Add(e.Publisher)
				for k := range own {
					names[k] = struct{}{}
				}
			}
			k := keysWith(e.Story.URL, fe.FeedID, e.GUID, e.headlineKeys(s.isPublisher(names)))
			k.text = textKey(fe.FeedID, e.text)
			items = append(items, newswireItem{feed: f, feedID: fe.FeedID, entry: e, keys: k})
		}
	}
	forgetSharedGUIDs(items)
	keys := make([]storyKeys, len(items))
	for i, it := range items {
		keys[i] = it.keys
	}

	// The keys are looked up inside the write transaction, so that no
	// submission can store the same story in between.
	results := make([]NewswireResult, len(feeds))
	polls := false
	for _, fe := range feeds {
		polls = polls || fe.Poll != nil
	}
	if len(items) > 0 || polls {
		now := s.now()
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			for f := range results {
				results[f].Added, results[f].HeldBack = nil, nil
			}
			if err := s.storeEntries(ctx, tx, items, keys, results, now); err != nil {
				return err
			}
			for f, fe := range feeds {
				if fe.Poll == nil {
					continue
				}
				poll := *fe.Poll
				poll.NewStories, poll.HeldBack, poll.Filtered = len(results[f].Added), len(results[f].HeldBack), 0
				for _, st := range results[f].Added {
					if st.State == digest.StateNewswire {
						poll.Filtered++
					}
				}
				if err := s.recordFeedPoll(ctx, tx, fe.FeedID, poll); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store feed entries: %w", err)
		}
	}
	for f, fe := range feeds {
		r := &results[f]
		r.Duplicates = len(fe.Entries) - len(r.Added) - len(r.HeldBack)
		for _, st := range r.Added {
			s.notePublishers(st.Source)
		}
	}
	return results, nil
}

// storeEntries stores, in tx, the items that are not known, records their
// keys and holds back those whose headline matched another story's, and
// adds what it stored and held back to results.
func (s *Store) storeEntries(ctx context.Context, tx *sql.Tx, items []newswireItem, keys []storyKeys, results []NewswireResult, now time.Time) error {
	if len(items) == 0 {
		return nil
	}
	known, err := s.lookupKeys(ctx, tx, keys)
	if err != nil {
		return fmt.Errorf("check feed entries for duplicates: %w", err)
	}
	if err := s.correctWaiting(ctx, tx, items, keys, known, results); err != nil {
		return err
	}
	todo, err := s.entriesToWrite(ctx, tx, items, known)
	if err != nil {
		return err
	}
	if len(todo) == 0 {
		return queueFromOtherFeeds(ctx, tx, items, known, nil, results)
	}
	distinct, err := s.ownRecurringHeadlines(ctx, tx, items, todo, known)
	if err != nil {
		return err
	}
	outs := planEntries(keys, todo, known, distinct)
	texts, err := s.insertStories(ctx, tx, items, outs, now)
	if err != nil {
		return err
	}
	if err := s.indexStories(ctx, tx, texts); err != nil {
		return err
	}
	extra, err := extraGUIDs(ctx, tx, items, keys, outs)
	if err != nil {
		return err
	}
	rows := make([]keyRow, 0, 4*len(outs))
	var listed map[int64]string // the links each feed lists, once one is held back
	added := make([]int, len(results))
	for _, o := range outs {
		if o.added {
			added[items[o.i].feed]++
		}
	}
	for f, n := range added {
		results[f].Added = slices.Grow(results[f].Added, n)
	}
	for n := range outs {
		o := &outs[n]
		if o.of >= 0 {
			o.id = outs[o.of].id
		}
		k := keys[o.i]
		it := items[o.i]
		if o.added || o.kind == keyURL {
			// Its own story's URL (stories.url leads to it), or
			// recorded already.
			k.url = ""
		}
		if o.added || o.of >= 0 && o.kind == keyGUID && outs[o.of].added {
			// Its own story's GUID in its feed, or that of the new
			// story it repeats: stories holds it (migration 0029).
			k.guid = ""
		}
		switch {
		case o.added:
			results[it.feed].Added = append(results[it.feed].Added, it.entry.Story)
		default:
			byLink, err := sharesLink(ctx, tx, items, keys, outs, o, known, results)
			if err != nil {
				return err
			}
			if o.kind != keyHeadline && !byLink {
				break
			}
			// The same headline under another link, or another
			// headline and a GUID never seen under a story's link
			// (one link is one story, but a distinct entry is
			// never dropped unsaid): its GUID and headline keys
			// now lead to the story it matched, so the next poll
			// skips it at once; a headline match's URL is left
			// alone, so that the link can still be kept.
			k.url = ""
			if listed == nil {
				if listed, err = feedLinks(items); err != nil {
					return err
				}
			}
			hb, held, err := holdBack(ctx, tx, it, o.id, byLink, listed[it.feedID], now)
			if err != nil {
				return err
			}
			if held {
				results[it.feed].HeldBack = append(results[it.feed].HeldBack, hb)
			}
		}
		if k.guid != "" && !o.added && o.of < 0 && !extra.record(it.feedID, o.id) {
			k.guid = ""
		}
		rows = appendRows(rows, k, o.id)
	}
	if err := describeMatches(ctx, tx, results); err != nil {
		return err
	}
	if err := s.insertKeys(ctx, tx, rows); err != nil {
		return err
	}
	return queueFromOtherFeeds(ctx, tx, items, known, outs, results)
}

// sharesLink reports whether the entry of o, which has a GUID never seen
// and matched its story by link, is a story of its own that its feed gives
// the story's link: its feed brought that story (in this call, or stored
// before) and still carries it, the entry is not the publisher's
// correction of it (correctWaiting, in results), and no headline key of
// the entry is the story's. Another feed's entry under the link is the
// same page under that publisher's headline, and an entry of a story
// since deleted is taken for it, as before. An entry whose headline has no
// key cannot be told apart, and is taken for the story.
func sharesLink(ctx context.Context, tx *sql.Tx, items []newswireItem, keys []storyKeys, outs []outcome, o *outcome, known knownKeys, results []NewswireResult) (bool, error) {
	it, k := items[o.i], keys[o.i]
	if o.kind != keyURL || o.fresh || k.guid == "" || k.headline1 == "" {
		return false, nil
	}
	if o.of >= 0 {
		of := keys[outs[o.of].i]
		if items[outs[o.of].i].feedID != it.feedID {
			return false, nil
		}
		return k.headline1 != of.headline1 && k.headline1 != of.headline2 &&
			(k.headline2 == "" || k.headline2 != of.headline1 && k.headline2 != of.headline2), nil
	}
	for _, h := range [...]string{k.headline1, k.headline2} {
		if h != "" && known[keyPair{keyHeadline, h}] == o.id {
			return false, nil
		}
	}
	for _, st := range results[it.feed].Corrected {
		if st.ID == o.id {
			return false, nil
		}
	}
	var feed sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT feed_id FROM stories WHERE id = ?`, o.id).Scan(&feed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up the feed of story #%d: %w", o.id, err)
	}
	return feed.Valid && feed.Int64 == it.feedID, nil
}

// queueFromOtherFeeds moves into the review queue the newswire stories
// that another feed brought (and its filters kept out of the queue) when
// a feed of this call carries the same link and its filters queue it: a
// story that passes a feed's filters waits for the editor whichever feed
// was read first. A story this feed brought itself stays where its
// filters put it then, so a changed filter does not refill the queue
// with old stories. It adds what it moved to results' Queued.
func queueFromOtherFeeds(ctx context.Context, tx *sql.Tx, items []newswireItem, known knownKeys, outs []outcome, results []NewswireResult) error {
	type candidate struct {
		item int
		id   int64
	}
	var cands []candidate
	for i, it := range items {
		if it.entry.Story.State != digest.StateQueued {
			continue
		}
		if id, kind := known.match(it.keys); kind == keyURL {
			cands = append(cands, candidate{i, id})
		}
	}
	for _, o := range outs {
		// The same link as a new entry before it in this call.
		if o.of >= 0 && o.kind == keyURL && items[o.i].entry.Story.State == digest.StateQueued {
			cands = append(cands, candidate{o.i, o.id})
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// A feed answered in full repeats its entries known by link at every
	// poll: one statement, compiled once, usually changing nothing. It
	// leaves updated_at alone: being queued changes none of the story's
	// text, which stays its publisher's to correct (correctWaiting).
	queue, err := tx.PrepareContext(ctx, `UPDATE stories SET state = ?
		WHERE id = ? AND state = ? AND feed_id IS NOT ? RETURNING id`)
	if err != nil {
		return fmt.Errorf("queue newswire stories: %w", err)
	}
	defer queue.Close()
	for _, c := range cands {
		it := items[c.item]
		var id int64
		err := queue.QueryRowContext(ctx, string(digest.StateQueued), c.id, string(digest.StateNewswire), it.feedID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("queue newswire story #%d: %w", c.id, err)
		}
		st, err := storyByID(ctx, tx, id)
		if err != nil {
			return err
		}
		results[it.feed].Queued = append(results[it.feed].Queued, st)
	}
	return nil
}

// correctWaiting takes a publisher's corrections: a story its feed
// brought, which the feed still carries (known by its GUID there or its
// link) under another headline or summary, is given the feed's text
// when it still waits for a decision and nobody has changed it since it
// was stored: no editor edited it (an edit moves updated_at past
// created_at; a story the newswire stores has them equal, see
// insertStories; nor does its headline lack the key every feed's
// headline has, see feedsHeadline), approved, rejected or published it.
// Its place in the queue (created_at) stays. The search index follows by
// its triggers, and the corrected headline's keys are recorded beside
// the old ones, so the same story from another feed is held back under
// either (a headline too generic for one has its text key recorded, so
// that its own feed's entry under a new link is known by either text). It adds the stories it corrected to results' Corrected. An
// entry under a GUID its feed has given another story corrects nothing:
// it is its own (forgetReusedGUIDs, which clears it from keys and items),
// and so is one an older release recorded as another story's link
// (freeSwallowedEntries, which clears it from known). Only a story whose
// text differs is looked at and written (textDiff).
func (s *Store) correctWaiting(ctx context.Context, tx *sql.Tx, items []newswireItem, keys []storyKeys, known knownKeys, results []NewswireResult) error {
	var (
		differing []textDiff
		freed     []swallowed
	)
	for {
		more, err := s.freeSwallowedEntries(ctx, tx, items, known)
		if err != nil {
			return err
		}
		freed = append(freed, more...)
		if differing, err = s.differingText(ctx, tx, items, known); err != nil {
			return err
		}
		reused, err := s.forgetReusedGUIDs(ctx, tx, items, keys, known, differing)
		if err != nil {
			return err
		}
		if !reused {
			break
		}
		// Known now by their links, those entries may correct their own
		// stories, or be ones an older release swallowed, and another
		// entry of one's former GUID may show as another story's: each
		// round forgets a GUID, or is the last.
	}
	var fixed []textDiff
	for _, d := range differing {
		if !d.waiting {
			continue
		}
		feeds, err := feedsHeadline(ctx, tx, d.headline)
		if err != nil {
			return err
		}
		if !feeds {
			continue
		}
		st := &items[d.item].entry.Story
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET headline = ?, summary = ? WHERE id = ?`, st.Headline, st.Summary, d.story); err != nil {
			return fmt.Errorf("take the publisher's correction of story #%d: %w", d.story, err)
		}
		fixed = append(fixed, d)
	}
	var rows []keyRow
	for _, d := range fixed {
		it := items[d.item]
		st, err := storyByID(ctx, tx, d.story)
		if err != nil {
			return err
		}
		results[it.feed].Corrected = append(results[it.feed].Corrected, st)
		rows = appendRows(rows, storyKeys{headline1: it.keys.headline1, headline2: it.keys.headline2, text: it.keys.text}, d.story)
	}
	if err := s.insertKeys(ctx, tx, rows); err != nil {
		return fmt.Errorf("take the publishers' corrections: %w", err)
	}
	return dropSwallowedHeadlines(ctx, tx, items, freed)
}

// textDiff is a stored story of a feed that the feed's entry items[item],
// known by its GUID there or its link, gives another headline or summary.
type textDiff struct {
	story, feed int64
	item        int
	headline    string // the story's, as stored
	summary     string // the story's, as stored
	url         string // the story's
	// waiting is whether the story still waits for a decision, untouched
	// since it was stored: the publisher's text may correct it.
	waiting bool
}

// differingText returns the stored stories that their feed's entries give
// another headline or summary, each with the first entry that does.
//
// A feed answered in full repeats every entry it still lists at each
// poll, and each is known: one statement for up to 64 of them, compiled
// once, that returns nothing unless the text changed. A poll answered 304
// has no entries and costs nothing here.
func (s *Store) differingText(ctx context.Context, tx *sql.Tx, items []newswireItem, known knownKeys) ([]textDiff, error) {
	type pair struct{ story, feed int64 }
	cands := map[pair]int{} // a story and the feed whose entry may differ from it → the item
	order := make([]pair, 0, len(items))
	for i, it := range items {
		id, kind := known.match(it.keys)
		if id == 0 || kind != keyGUID && kind != keyURL || it.feedID == 0 {
			continue
		}
		p := pair{id, it.feedID}
		if _, dup := cands[p]; dup {
			continue // listed twice: the first, as the feed lists it
		}
		cands[p] = i
		order = append(order, p)
	}
	if len(order) == 0 {
		return nil, nil
	}
	// One whose headline is no feed's is an editor's (see feedsHeadline).
	query := multiRow{prefix: `SELECT stories.id, stories.feed_id, stories.headline, stories.summary, stories.url,
			stories.state IN ('newswire', 'queued') AND stories.updated_at <= stories.created_at
		FROM stories JOIN (VALUES `,
		row: "(?, ?, ?, ?)",
		suffix: `) AS v ON stories.id = v.column1 AND stories.feed_id = v.column2
			WHERE stories.headline <> v.column3 OR stories.summary <> v.column4`,
		width: 4}
	var out []textDiff
	err := s.runRows(ctx, tx, query, len(order), func(args []any, i int) []any {
		st := &items[cands[order[i]]].entry.Story
		return append(args, order[i].story, order[i].feed, st.Headline, st.Summary)
	}, func(r *sql.Rows) error {
		var d textDiff
		if err := r.Scan(&d.story, &d.feed, &d.headline, &d.summary, &d.url, &d.waiting); err != nil {
			return err
		}
		d.item = cands[pair{d.story, d.feed}]
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("take the publishers' corrections: %w", err)
	}
	return out, nil
}

// feedsHeadline reports whether a waiting story's headline is one a feed
// gave: the newswire records the key of every headline it stores or
// corrects, and an edit records none. A story the release before queued
// from the newswire lost the mark of its edit (updated_at; see
// queueFromNewswire), so a headline no feed gave is the editor's, and
// the feed's correction would overwrite it. A headline too short for a
// key says nothing, and is taken as the feed's.
func feedsHeadline(ctx context.Context, tx *sql.Tx, headline string) (bool, error) {
	keys := digest.HeadlineKeys(headline, nil)
	if len(keys) == 0 {
		return true, nil
	}
	var known bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM story_keys WHERE kind = ? AND key = ?)`, keyHeadline, keys[0]).Scan(&known)
	if err != nil {
		return false, fmt.Errorf("look up a waiting story's headline key: %w", err)
	}
	return known, nil
}

// entriesToWrite returns the indexes of the items the write transaction
// must see: those no key of which is recorded; those known only by URL or
// headline that have a GUID to record; and those whose headline alone
// matched and that this feed has not held back before.
func (s *Store) entriesToWrite(ctx context.Context, tx *sql.Tx, items []newswireItem, known knownKeys) ([]int, error) {
	var todo, maybeHeld []int
	for i, it := range items {
		id, kind := known.match(it.keys)
		switch {
		case id == 0:
			todo = append(todo, i)
		case kind == keyGUID:
		case it.keys.guid != "":
			todo = append(todo, i)
		case kind == keyHeadline:
			maybeHeld = append(maybeHeld, i)
		}
	}
	if len(maybeHeld) == 0 {
		return todo, nil
	}
	held, err := s.heldBackBefore(ctx, tx, items, maybeHeld)
	if err != nil {
		return nil, err
	}
	for _, i := range maybeHeld {
		if !held[i] {
			todo = append(todo, i)
		}
	}
	return todo, nil
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
	i     int    // index of the item
	id    int64  // the story it is, once known
	of    int    // a duplicate of the new entry outs[of], or -1
	kind  string // for a duplicate, the kind of key that matched
	fresh bool   // to be stored as a new story
	added bool   // stored as a new story: the item's Story is it, with its ID
}

// planEntries decides, for each entry to write, whether it is a new story,
// a duplicate of a stored story (known), or a duplicate of a new entry
// before it in this call. An entry whose headline alone matched is a new
// story when distinct says it is another of its feed's stories under a
// recurring headline (see recurring).
func planEntries(keys []storyKeys, todo []int, known knownKeys, distinct recurring) []outcome {
	outs := make([]outcome, 0, len(todo))
	fresh := make(map[keyPair]int, 3*len(todo)) // matchKeys of new entries → index in outs
	for _, i := range todo {
		o := outcome{i: i, of: -1}
		o.id, o.kind = known.match(keys[i])
		if o.id == 0 {
			for p := range keys[i].each {
				if j, ok := fresh[p.matchKey()]; ok {
					o.of, o.kind = j, p.kind
					break
				}
			}
		}
		if o.kind == keyHeadline && distinct.of(i, o, outs) {
			o.id, o.of, o.kind = 0, -1, ""
		}
		if o.id == 0 && o.of < 0 {
			o.fresh = true
			for p := range keys[i].each {
				fresh[p.matchKey()] = len(outs)
			}
		}
		outs = append(outs, o)
	}
	return outs
}

// newswireStateArg is a newswire entry's state as a statement's argument:
// the two states entries have as constants, which become an interface
// value without allocating (the insert boxes 13 values a story).
func newswireStateArg(st digest.State) any {
	switch st {
	case digest.StateNewswire:
		return string(digest.StateNewswire)
	case digest.StateQueued:
		return string(digest.StateQueued)
	}
	return string(st)
}

// insertStories stores the new stories of outs, sets their IDs and
// creation times in items, and returns their text for the search index.
// A story is stored as last changed when it was created (updated_at =
// created_at): until someone changes it, its text is its feed's, which
// correctWaiting may correct.
func (s *Store) insertStories(ctx context.Context, tx *sql.Tx, items []newswireItem, outs []outcome, now time.Time) ([]storyText, error) {
	var fresh []*outcome
	for i := range outs {
		o := &outs[i]
		if !o.fresh {
			continue
		}
		st := &items[o.i].entry.Story
		if st.CreatedAt.IsZero() {
			st.CreatedAt = now
		}
		st.CreatedAt = fromUnix(unix(st.CreatedAt))
		fresh = append(fresh, o)
	}
	if err := s.insertFresh(ctx, tx, items, fresh); err != nil {
		return nil, fmt.Errorf("insert stories: %w", err)
	}
	// Their own URLs and GUIDs are keys now (see keyFilter).
	err := s.keysChanged(ctx, tx, func(yield func(keyPair) bool) {
		for _, o := range fresh {
			if !o.added {
				continue
			}
			k := items[o.i].keys
			if k.guid != "" && !yield(keyPair{keyGUID, k.guid}) || !yield(keyPair{keyURL, k.url}) {
				return
			}
		}
	})
	if err != nil {
		return nil, err
	}
	texts := make([]storyText, 0, len(fresh))
	for _, o := range fresh {
		if o.added {
			t := textOf(o.id, items[o.i].entry.Story)
			t.terms = items[o.i].entry.terms
			texts = append(texts, t)
			continue
		}
		// The URL is stored by a path that recorded no keys.
		o.kind = keyURL
		if err := tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE url = ?`, items[o.i].entry.Story.URL).Scan(&o.id); err != nil {
			return nil, fmt.Errorf("look up story by URL: %w", err)
		}
	}
	return texts, nil
}

// insertFresh inserts the stories of fresh, a statement of up to 64 rows
// at a time, and sets the ID of each one stored (added); one whose URL is
// already stored is left out by the statement and not added.
//
// The IDs are worked out rather than returned: SQLite runs a RETURNING
// clause as a trigger on every row and keeps the rows it returns in a
// table of its own until they are read, which cost the newswire's writer
// 7% of SQLite's instructions (BenchmarkAddNewswirePrepared under
// cachegrind). A row inserted without an ID gets the largest ID in the
// table plus one (SQLite's rowid rule, while that is below the largest
// integer), in the order of the VALUES, so a statement that inserted all
// its rows, the last with ID before+rows (before being the largest ID
// until then), inserted before+1 … before+rows in order. Otherwise (a URL
// already stored by a path that recorded no keys, or IDs that do not
// add up) each row's URL is looked up: a story newer than before is the
// row's own. The write transaction keeps every other writer out.
func (s *Store) insertFresh(ctx context.Context, tx *sql.Tx, items []newswireItem, fresh []*outcome) error {
	if len(fresh) == 0 {
		return nil
	}
	insert := multiRow{prefix: `INSERT INTO stories (url, headline, summary, source, sector, suggested_sector,
			state, feed_id, guid, published_at, created_at, updated_at, search_month) VALUES `,
		row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", suffix: ` ON CONFLICT (url) DO NOTHING`, width: 13}
	var before int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM stories`).Scan(&before); err != nil {
		return fmt.Errorf("read the last story ID: %w", err)
	}
	row := func(args []any, j int) []any {
		it := &items[fresh[j].i]
		st := &it.entry.Story
		created := any(unix(st.CreatedAt)) // boxed once for both columns
		return append(args, st.URL, st.Headline, st.Summary, st.Source, st.Sector, st.SuggestedSector,
			newswireStateArg(st.State), it.feedID, it.entry.GUID, unix(st.PublishedAt), created, created,
			searchMonth(time.Time{}, st.CreatedAt)) // decided_at is left 0
	}
	return s.eachStatement(ctx, tx, insert, len(fresh), row, func(stmt *sql.Stmt, args []any, start, size int) error {
		res, err := stmt.ExecContext(ctx, args...)
		stmt.Close()
		if err != nil {
			return err
		}
		inserted, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("count the stories inserted: %w", err)
		}
		last, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("read the last story ID inserted: %w", err)
		}
		rows := fresh[start : start+size]
		if inserted == int64(size) && last == before+int64(size) {
			for j, o := range rows {
				o.id, o.added = before+1+int64(j), true
				items[o.i].entry.Story.ID = o.id
			}
			before = last
			return nil
		}
		// Two rows of one URL (which planEntries's keys should never let
		// through) are one story: the first row claims it, as only one of
		// them was inserted.
		claimed := make(map[int64]bool, size)
		for _, o := range rows {
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE url = ?`, items[o.i].entry.Story.URL).Scan(&id); err != nil {
				return fmt.Errorf("look up story by URL: %w", err)
			}
			if id > before && !claimed[id] {
				claimed[id] = true
				o.id, o.added = id, true
				items[o.i].entry.Story.ID = id
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM stories`).Scan(&before); err != nil {
			return fmt.Errorf("read the last story ID: %w", err)
		}
		return nil
	})
}
