package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sharednews/sharednews/digest"
)

// forgetSharedGUIDs makes entries without a GUID of those whose feed gives
// their GUID to an entry before them in the same call under another link
// and a text that is not theirs (digest.MayBeOneStory): two pages the feed lists
// at once, two stories, whatever their GUIDs say. Trusting the GUID took
// the second for a duplicate of the first, dropped unsaid at every poll.
// An entry under the same page, or with the same text, is the same story
// listed twice, and keeps its GUID.
func forgetSharedGUIDs(items []newswireItem) {
	type feedGUID struct {
		feed int64
		guid string
	}
	var first map[feedGUID]int
	for i := range items {
		it := &items[i]
		if it.keys.guid == "" {
			continue
		}
		k := feedGUID{it.feedID, it.entry.GUID}
		j, ok := first[k]
		if !ok {
			if first == nil {
				first = map[feedGUID]int{}
			}
			first[k] = i
			continue
		}
		f := items[j].entry.Story
		if digest.LinkKey(f.URL) == digest.LinkKey(it.entry.Story.URL) || digest.MayBeOneStory(f, it.entry.Story) {
			continue
		}
		it.keys.guid, it.entry.GUID = "", ""
	}
}

// forgetReusedGUIDs finds the entries whose GUID their feed has given
// another story, and makes them entries without a GUID. Some feeds number
// their items by position ("item-1" is the newest, whichever it is) or
// reuse IDs after a move to another CMS: the GUID then leads to the story
// that once had it, and trusting it took a new story for a correction of
// that one, which lost the new story and overwrote the old one's text.
//
// An entry's GUID is another story's when the story it leads to has
// another headline or summary (differing, read already) and another link,
// and that link is another entry's of the same feed in this call (the
// story moved down the list), or the entry's own link is a stored story's
// other than that one (the entry moved down to a GUID whose story left
// the list), or the entry's text is not the story's (digest.MayBeOneStory: a
// feed that reuses GUIDs for new stories, the old one gone from its
// list). A story whose link alone moved, its text rewritten or not, is
// still the story (a publisher renaming a page with its headline).
//
// It reports whether it forgot any. The keys (in items and
// keys) lose the GUID, the entry is stored without it, and their other
// keys are looked up into known, as they would have been had the entry
// come without one.
func (s *Store) forgetReusedGUIDs(ctx context.Context, tx *sql.Tx, items []newswireItem, keys []storyKeys, known knownKeys, diffs []textDiff) (bool, error) {
	type feedLink struct {
		feed int64
		link string
	}
	var (
		links map[feedLink]bool // the links of the call's entries, by feed
		cands []textDiff
	)
	for _, d := range diffs {
		it := items[d.item]
		if _, kind := known.match(it.keys); kind != keyGUID || digest.LinkKey(d.url) == digest.LinkKey(it.entry.Story.URL) {
			continue
		}
		if links == nil {
			links = make(map[feedLink]bool, len(items))
			for _, o := range items {
				links[feedLink{o.feedID, digest.LinkKey(o.entry.Story.URL)}] = true
			}
		}
		cands = append(cands, d)
	}
	if len(cands) == 0 {
		return false, nil
	}
	// The candidates' other keys, as if they had no GUID.
	without := make([]storyKeys, len(cands))
	for n, d := range cands {
		without[n] = keys[d.item]
		without[n].guid = ""
	}
	others, err := s.lookupKeys(ctx, tx, without)
	if err != nil {
		return false, fmt.Errorf("look up entries under a GUID of another story: %w", err)
	}
	reused := false
	for n, d := range cands {
		it := items[d.item]
		moved := links[feedLink{it.feedID, digest.LinkKey(d.url)}]
		unrelated := !digest.MayBeOneStory(digest.Story{Headline: d.headline, Summary: d.summary}, it.entry.Story)
		if id, kind := others.match(without[n]); !moved && !unrelated && (kind != keyURL || id == d.story) {
			continue
		}
		reused = true
		keys[d.item].guid = ""
		items[d.item].keys.guid = ""
		items[d.item].entry.GUID = ""
		for p := range without[n].each {
			if id, ok := others[p.matchKey()]; ok {
				known.add(p, id)
			}
		}
		if id := others.otherLink(it.entry.Story.URL); id != 0 {
			known.addOtherLink(it.entry.Story.URL, id)
		}
	}
	return reused, nil
}
