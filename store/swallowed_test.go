package store

import (
	"context"
	"testing"
)

// sharedGUIDBefore writes what the release before one GUID under two
// stories' texts was two stories (b2f22c1's store, given the two entries
// in one call; read from a feed, releases before 5bd77e2 wrote the same)
// left when a feed listed first and second at once under one GUID: first
// stored as a story, and second's link and headline recorded as keys of
// that story, with no story, GUID key or held-back entry of its own. The
// story is stored by AddNewswire, as that release stored it; the keys are
// written by plain SQL, with a new token in key_changes as any writer
// leaves. overwritten also gives the story second's text, as today's code
// did at a poll that listed second alone ("corrected"). It returns the
// story's ID.
func sharedGUIDBefore(t *testing.T, s *Store, feed int64, first, second NewswireEntry, overwritten bool) int64 {
	t.Helper()
	ctx := context.Background()
	res, err := addWire(ctx, s, feed, []NewswireEntry{first})
	if err != nil || len(res.Added) != 1 {
		t.Fatal(res, err)
	}
	id := res.Added[0].ID
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s %v: %v", q, args, err)
		}
	}
	exec(`INSERT INTO story_keys (kind, key, story_id) VALUES ('url', ?, ?), ('headline', 'library services go to a trust', ?)`,
		second.Story.URL, id, id)
	if overwritten {
		exec(`UPDATE stories SET headline = ?, summary = ? WHERE id = ?`, second.Story.Headline, second.Story.Summary, id)
	}
	exec(`UPDATE key_changes SET before = token, token = token + 1`)
	return id
}

// TestOlderReleasesSharedGUIDKeys: a database written by the release
// before eec2c30 holds, for two stories its feed listed at
// once under one GUID, one story and the other's link and headline as
// that story's keys. Today's code found the second entry by those keys
// and dropped it unsaid at every poll, or, listed first or alone, laid its
// text over the first story as a correction. It is a story of its own
// now, the first story keeps (or gets back) its text, and the keys that
// a story's own other links and an honest correction rely on still lead
// to it.
func TestOlderReleasesSharedGUIDKeys(t *testing.T) {
	ctx := context.Background()
	entry := summarised
	a, b := twoStoriesOneGUID()

	type poll struct {
		entries                []NewswireEntry
		added, corrected, held int
	}
	run := func(t *testing.T, overwritten bool, polls []poll) (*Store, int64) {
		t.Helper()
		s, _ := openTest(t)
		feed := feedRow(t, s, "https://council.example/feed")
		id := sharedGUIDBefore(t, s, feed, a, b, overwritten)
		for n, p := range polls {
			res, err := addWire(ctx, s, feed, p.entries)
			if err != nil || len(res.Added) != p.added || len(res.Corrected) != p.corrected || len(res.HeldBack) != p.held {
				t.Errorf("poll %d: %d new, %d corrected, %d held back, %v; want %d, %d, %d",
					n, len(res.Added), len(res.Corrected), len(res.HeldBack), err, p.added, p.corrected, p.held)
			}
		}
		return s, id
	}
	// twoStories checks that a's story has a's text and b is a story of
	// its own, with its own text.
	twoStories := func(t *testing.T, s *Store, id int64) {
		t.Helper()
		if st, err := s.Story(ctx, id); err != nil || st.Headline != a.Story.Headline || st.Summary != a.Story.Summary {
			t.Errorf("the first story: %q / %q, %v; want its own text", st.Headline, st.Summary, err)
		}
		st, err := s.StoryByURL(ctx, b.Story.URL)
		if err != nil || st.ID == id || st.Headline != b.Story.Headline || st.URL != b.Story.URL {
			t.Errorf("%s: #%d %q at %s, %v; want a story of its own", b.Story.URL, st.ID, st.Headline, st.URL, err)
		}
		// Its headline's key is its own, so that another feed's entry
		// under that headline is held back by it, not by the first.
		var keyOf int64
		err = s.db.QueryRowContext(ctx, `SELECT story_id FROM story_keys WHERE kind = 'headline' AND key = 'library services go to a trust'`).Scan(&keyOf)
		if err != nil || keyOf != st.ID {
			t.Errorf("the headline key of %s leads to #%d, %v; want #%d", b.Story.URL, keyOf, err, st.ID)
		}
	}

	t.Run("both listed", func(t *testing.T) {
		s, id := run(t, false, []poll{{entries: []NewswireEntry{a, b}, added: 1}, {entries: []NewswireEntry{a, b}}, {entries: []NewswireEntry{b, a}}})
		twoStories(t, s, id)
	})
	t.Run("second listed first", func(t *testing.T) {
		s, id := run(t, false, []poll{{entries: []NewswireEntry{b, a}, added: 1}, {entries: []NewswireEntry{b, a}}})
		twoStories(t, s, id)
	})
	t.Run("second listed alone", func(t *testing.T) {
		s, id := run(t, false, []poll{{entries: []NewswireEntry{b}, added: 1}, {entries: []NewswireEntry{b}}, {entries: []NewswireEntry{a}}})
		twoStories(t, s, id)
	})
	t.Run("overwritten, both listed", func(t *testing.T) {
		// The first story's own entry gives it its text back. Listed
		// at once under two links, the entries come without their
		// GUID, as the poller gives them (feeds' dropSharedGUIDs).
		noGUID := func(e NewswireEntry) NewswireEntry { e.GUID = ""; return e }
		s, id := run(t, true, []poll{{entries: []NewswireEntry{noGUID(b), noGUID(a)}, added: 1, corrected: 1}, {entries: []NewswireEntry{a, b}}})
		twoStories(t, s, id)
	})
	t.Run("overwritten, second listed alone", func(t *testing.T) {
		// Alone under the story's text, the entry cannot be told from
		// the story's page renamed with its text: nothing changes until
		// the story's own entry is listed again.
		s, id := run(t, true, []poll{{entries: []NewswireEntry{b}}, {entries: []NewswireEntry{a}, corrected: 1}, {entries: []NewswireEntry{b}, added: 1}})
		twoStories(t, s, id)
	})
	t.Run("honest correction", func(t *testing.T) {
		// Under the story's own link, a text that is not the story's is
		// the publisher's correction, as before.
		fixed := entry(a.Story.URL, "Chief executive post to be shared by districts", "Councillors voted on Wednesday night.", "g")
		s, id := run(t, false, []poll{{entries: []NewswireEntry{fixed}, corrected: 1}, {entries: []NewswireEntry{fixed, b}, added: 1}})
		if st, err := s.Story(ctx, id); err != nil || st.Headline != fixed.Story.Headline {
			t.Errorf("the first story: %q, %v; want the correction", st.Headline, err)
		}
	})
	t.Run("renamed page", func(t *testing.T) {
		// A page renamed with its text, under the GUID or not, and the
		// story's other link with its text recorded as its key, are
		// still the story.
		renamed := entry("https://council.example/news/two-councils", a.Story.Headline, a.Story.Summary, "g")
		twin := entry("https://council.example/news/1-twin", a.Story.Headline, "The two districts agreed on Tuesday night.", "")
		s, _ := openTest(t)
		feed := feedRow(t, s, "https://council.example/feed")
		id := sharedGUIDBefore(t, s, feed, a, b, false)
		if _, err := s.db.ExecContext(ctx, `INSERT INTO story_keys (kind, key, story_id) VALUES ('url', ?, ?)`, twin.Story.URL, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE key_changes SET before = token, token = token + 1`); err != nil {
			t.Fatal(err)
		}
		for _, e := range []NewswireEntry{renamed, twin} {
			res, err := addWire(ctx, s, feed, []NewswireEntry{e})
			if err != nil || len(res.Added) != 0 || len(res.HeldBack) != 0 {
				t.Errorf("%s: %+v, %v; want the story", e.Story.URL, res, err)
			}
		}
		if st, err := s.Story(ctx, id); err != nil || st.Headline != a.Story.Headline || st.URL != a.Story.URL {
			t.Errorf("the story: %q at %s, %v; want its own", st.Headline, st.URL, err)
		}
	})
}
