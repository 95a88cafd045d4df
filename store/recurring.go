package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// recurring tells the stories a feed gives a headline it gave before
// from the same story under another link. A council's "Planning
// applications received this week" or "Cabinet meeting agenda published"
// comes every week under its own link with its own text: each is a story.
// An entry is one when the story its headline matched came from its own
// feed (a match by link or GUID is no headline match) and its summary
// says something that each of its feed's stories under that headline
// says otherwise. The same headline from another feed is that publisher's
// copy, or may be: held back, as is an entry that text cannot tell apart
// from its feed's (it or one of them has none, or they have the same: a
// page a feed lists under two links, one of them a redirector's), and an
// entry an aggregator's feed gives as another publisher's (<source>): the
// same news from two publishers tells its story in two texts.
//
// It costs nothing for an entry whose headline is new: only an entry
// whose headline alone matched a story of its own feed is looked at.
type recurring struct {
	items []newswireItem
	// feedOf is the feed (0 for none) of each stored story an entry
	// matched by headline alone; stored, the folded headlines and
	// summaries of its feed's stories from that one on, the ones its
	// entries may repeat.
	feedOf map[int64]int64
	stored map[int64][]foldedText
}

// foldedText is a story's headline and summary, each by digest.FoldWords.
type foldedText struct{ headline, summary string }

// of reports whether the entry items[i], which matched o's story by
// headline (a stored one, or outs[o.of] of this call), is another story
// of the same feed. outs are the outcomes planned before it.
func (r recurring) of(i int, o outcome, outs []outcome) bool {
	it := r.items[i]
	// An entry with a text key has no other headline key: its key
	// matched, it has the headline and text the key was made of (those
	// of the story, or of the story before its publisher corrected it).
	if it.keys.text != "" {
		return false
	}
	matched := r.feedOf[o.id]
	if o.of >= 0 {
		m := r.items[outs[o.of].i]
		if m.entry.Publisher != "" {
			return false
		}
		matched = m.feedID
	}
	if it.feedID == 0 || matched != it.feedID || it.entry.Publisher != "" {
		return false
	}
	summary := digest.FoldWords(it.entry.Story.Summary)
	if summary == "" {
		return false
	}
	// Another story under the headline, without text or with this one,
	// may be this one.
	alike := func(t foldedText) bool {
		return (t.summary == "" || t.summary == summary) && (t.headline == it.keys.headline1 || t.headline == it.keys.headline2)
	}
	for n, t := range r.stored[o.id] {
		// The first is the story matched, whatever its headline now
		// (corrected, or matched without its publisher's name).
		if n == 0 && (t.summary == "" || t.summary == summary) || alike(t) {
			return false
		}
	}
	if o.of >= 0 {
		if t := digest.FoldWords(r.items[outs[o.of].i].entry.Story.Summary); t == "" || t == summary {
			return false
		}
	}
	for _, p := range outs {
		m := r.items[p.i]
		if p.fresh && m.feedID == it.feedID && alike(foldedText{digest.FoldWords(m.entry.Story.Headline), digest.FoldWords(m.entry.Story.Summary)}) {
			return false
		}
	}
	return true
}

// ownRecurringHeadlines reads, in tx, what recurring needs of the stored
// stories that the entries of todo matched by headline alone: their
// feeds, and for each from a feed of the entries, the texts of that
// feed's stories since (a story the headline key does not lead to, since
// only the first of a headline has it), among the newest stored
// (feedTextsSince).
func (s *Store) ownRecurringHeadlines(ctx context.Context, tx *sql.Tx, items []newswireItem, todo []int, known knownKeys) (recurring, error) {
	r := recurring{items: items}
	if !known.anyHeadline() {
		return r, nil // the usual case: no entry's headline matched
	}
	for _, i := range todo {
		id, kind := known.match(items[i].keys)
		if kind != keyHeadline || items[i].feedID == 0 || items[i].keys.text != "" {
			continue // a text key is never another story's (recurring.of)
		}
		if _, ok := r.feedOf[id]; ok {
			continue
		}
		if r.feedOf == nil {
			r.feedOf, r.stored = map[int64]int64{}, map[int64][]foldedText{}
		}
		var feed sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT feed_id FROM stories WHERE id = ?`, id).Scan(&feed)
		if errors.Is(err, sql.ErrNoRows) {
			r.feedOf[id] = 0 // deleted: its key still stands for it
			continue
		}
		if err != nil {
			return recurring{}, fmt.Errorf("look up the feed of story #%d: %w", id, err)
		}
		r.feedOf[id] = feed.Int64
		if !feed.Valid || feed.Int64 != items[i].feedID {
			continue
		}
		texts, err := s.feedTextsSince(ctx, tx, feed.Int64, id)
		if err != nil {
			return recurring{}, err
		}
		r.stored[id] = texts
	}
	return r, nil
}

// recurringWindow is how many of the newest stories (of every feed)
// feedTextsSince reads at most besides the story matched. The key of a
// recurring headline leads to its first story, which may be years old; a
// weekly headline's later stories since then were every story of every
// feed, read in the newswire writer's transaction for each new week. Of
// those it needs only the ones with its headline and its entry's text,
// which a feed gives again while it still lists the story: ten thousand
// stories are weeks of a large newswire (cmd/feedbench's 500 feeds of 50
// entries are 25,000 at once, on a first pass, where nothing has matched
// yet). A repeat of an older story is a story again: an editor sees it
// once more, and none is lost.
const recurringWindow = 10_000

// feedTextsAfter reads the stories of feed ?2 after story ?1 among the
// newest ?3 stored, in order: a range of rowids
// (TestRecurringReadIsARangeOfRowids).
const feedTextsAfter = `SELECT headline, summary FROM stories
	WHERE id > max(?1, (SELECT max(id) FROM stories) - ?3) AND feed_id = ?2 ORDER BY id`

// feedTextsSince returns the folded headlines and summaries of feed's
// stories from story id on, in order: story id first, then those among
// the newest recurringWindow stories (fewer in tests:
// Options.recurringWindow), a range of the table's rowids whatever the
// story's age.
func (s *Store) feedTextsSince(ctx context.Context, tx *sql.Tx, feed, id int64) ([]foldedText, error) {
	window := s.recurringWindow
	if window <= 0 {
		window = recurringWindow
	}
	rows, err := tx.QueryContext(ctx, `SELECT headline, summary FROM stories WHERE id = ?1
		UNION ALL SELECT * FROM (`+feedTextsAfter+`)`, id, feed, window)
	if err != nil {
		return nil, fmt.Errorf("read the stories of feed %d since #%d: %w", feed, id, err)
	}
	defer rows.Close()
	var texts []foldedText
	for rows.Next() {
		var headline, summary string
		if err := rows.Scan(&headline, &summary); err != nil {
			return nil, fmt.Errorf("read the stories of feed %d since #%d: %w", feed, id, err)
		}
		texts = append(texts, foldedText{digest.FoldWords(headline), digest.FoldWords(summary)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the stories of feed %d since #%d: %w", feed, id, err)
	}
	s.watch.recurringReadOf(len(texts))
	return texts, nil
}

// anyHeadline reports whether a headline key is among kk.
func (kk knownKeys) anyHeadline() bool {
	for p := range kk {
		if p.kind == keyHeadline {
			return true
		}
	}
	return false
}
