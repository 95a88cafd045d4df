package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/sharednews/sharednews/digest"
)

// A release before one GUID under two stories' texts was two stories
// (forgetSharedGUIDs) stored two entries a feed listed at once under one
// GUID as one story: the second was taken for a duplicate of the first,
// and its link and headline were recorded as keys of the first story,
// with no story, GUID key or held-back entry of its own. Today's code
// finds the second entry by those keys: it dropped it unsaid at every
// poll, or, listed before the first or alone, laid its text over the
// first story as the publisher's correction. The database alone cannot
// tell such a key from a story's other link (a page listed under two
// links, a link recorded under older rules): only the entry's text can,
// so these entries are mended as their feed lists them, not at Open.

// keyOtherLink marks, in knownKeys only, a link found among story_keys
// rather than as a story's own (stories.url), by its digest.LinkKey: one
// of a story's other links, or a link an older release recorded there
// for another story's entry (freeSwallowedEntries). No row of story_keys
// has this kind.
const keyOtherLink = "other link"

// addOtherLink records that url, found among story_keys, leads to story id.
func (kk knownKeys) addOtherLink(url string, id int64) {
	kk.add(keyPair{keyOtherLink, digest.LinkKey(url)}, id)
}

// otherLink returns the story that url leads to as one of its other links
// (a key in story_keys), 0 for none.
func (kk knownKeys) otherLink(url string) int64 {
	return kk[keyPair{keyOtherLink, digest.LinkKey(url)}]
}

// swallowed is an entry (items[item]) that an older release recorded as
// keys of another story of its feed, story, now freed to be a story of
// its own.
type swallowed struct {
	item  int
	story int64
}

// freeSwallowedEntries finds the entries known only by a link recorded
// among the keys of a story of their own feed that is not that story's
// own link (digest.SameLink), whose text is not one story with the
// story's (digest.MayBeOneStory), and frees them: their links are no
// longer keys of that story, in story_keys and in known, nor are their
// headline keys in known, so each is stored as a new story. The story's
// text is its own entry's when the feed lists it in this call (under the
// story's link): a story whose text a swallowed entry overwrote then gets
// its own back (correctWaiting), and the entry is freed. A story's other
// link under its text, and the story's own link under a new text (an
// honest correction), are still the story.
//
// The entries' headline keys stay in story_keys until the stories'
// corrections are taken (feedsHeadline reads them): dropSwallowedHeadlines
// removes them then. An entry known by its own story's link or GUID (a
// poll of known entries is nothing else) costs its match in known, as in
// differingText, and nothing more: no statement, no allocation.
func (s *Store) freeSwallowedEntries(ctx context.Context, tx *sql.Tx, items []newswireItem, known knownKeys) ([]swallowed, error) {
	var cands []swallowed
	for i, it := range items {
		id, kind := known.match(it.keys)
		if kind != keyURL || it.feedID == 0 || known.otherLink(it.entry.Story.URL) != id {
			continue
		}
		cands = append(cands, swallowed{i, id})
	}
	if len(cands) == 0 {
		return nil, nil
	}
	var freed []swallowed
	for _, c := range cands {
		it := items[c.item]
		story, err := swallowerOf(ctx, tx, c.story)
		if err != nil {
			return nil, err
		}
		if story.feed != it.feedID || digest.SameLink(it.entry.Story.URL, story.url) {
			continue
		}
		own := story.text
		for _, o := range items {
			if o.feedID == it.feedID && digest.SameLink(o.entry.Story.URL, story.url) {
				own = o.entry.Story
				break
			}
		}
		if digest.MayBeOneStory(own, it.entry.Story) {
			continue
		}
		if err := dropSwallowedLinks(ctx, tx, c.story, it.entry.Story.URL); err != nil {
			return nil, err
		}
		delete(known, keyPair{keyURL, digest.LinkKey(it.entry.Story.URL)})
		delete(known, keyPair{keyOtherLink, digest.LinkKey(it.entry.Story.URL)})
		ownKeys := digest.HeadlineKeys(own.Headline, nil)
		// A text key is of one headline and text, not the story's (it
		// may not be one story with it).
		for _, h := range [...]string{it.keys.headline1, it.keys.headline2, it.keys.text} {
			p := keyPair{keyHeadline, h}
			if h != "" && known[p] == c.story && !slices.Contains(ownKeys, h) {
				delete(known, p)
			}
		}
		freed = append(freed, c)
	}
	return freed, nil
}

// swallower is what freeSwallowedEntries reads of a story an entry may
// have been swallowed by.
type swallower struct {
	feed int64 // 0 for none
	url  string
	text digest.Story // headline and summary
}

// swallowerOf reads story id; a story since deleted (its keys kept) is
// one of no feed.
func swallowerOf(ctx context.Context, tx *sql.Tx, id int64) (swallower, error) {
	var (
		w    swallower
		feed sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `SELECT feed_id, url, headline, summary FROM stories WHERE id = ?`, id).
		Scan(&feed, &w.url, &w.text.Headline, &w.text.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return swallower{}, nil
	}
	if err != nil {
		return swallower{}, fmt.Errorf("read story #%d, which an entry's link leads to: %w", id, err)
	}
	w.feed = feed.Int64
	return w, nil
}

// dropSwallowedLinks removes the keys of story id that lead to the page
// of link, under any of its spellings or older forms.
func dropSwallowedLinks(ctx context.Context, tx *sql.Tx, id int64, link string) error {
	var drop []any
	err := eachRow(ctx, tx, func(r *sql.Rows) error {
		var key string
		if err := r.Scan(&key); err != nil {
			return err
		}
		if digest.SameLink(key, link) {
			drop = append(drop, key)
		}
		return nil
	}, `SELECT key FROM story_keys WHERE kind = ? AND story_id = ?`, keyURL, id)
	if err != nil {
		return fmt.Errorf("read the links of story #%d: %w", id, err)
	}
	if len(drop) == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM story_keys WHERE kind = '`+keyURL+`' AND key IN (`+placeholders("?", len(drop))+`)`, drop...)
	if err != nil {
		return fmt.Errorf("free %s from story #%d: %w", link, id, err)
	}
	return nil
}

// dropSwallowedHeadlines removes from story_keys the headline keys of
// the freed entries that lead to the stories they were swallowed by,
// unless a key is also the story's own headline's (as the story now
// reads, its correction taken): the entry, stored as a story, records
// them as its own.
func dropSwallowedHeadlines(ctx context.Context, tx *sql.Tx, items []newswireItem, freed []swallowed) error {
	for _, f := range freed {
		var st digest.Story
		err := tx.QueryRowContext(ctx, `SELECT headline, source FROM stories WHERE id = ?`, f.story).Scan(&st.Headline, &st.Source)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read story #%d's headline: %w", f.story, err)
		}
		own := ownKeys(st)
		k := items[f.item].keys
		for _, h := range [...]string{k.headline1, k.headline2, k.text} {
			if h == "" || h == own.headline1 || h == own.headline2 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM story_keys WHERE kind = ? AND key = ? AND story_id = ?`, keyHeadline, h, f.story); err != nil {
				return fmt.Errorf("free headline %q from story #%d: %w", h, f.story, err)
			}
		}
	}
	return nil
}
