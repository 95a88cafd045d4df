package store

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestOneGUIDForTwoStories: a GUID the store knows (or an entry before it
// in the same poll has) arriving under a new link was taken for that
// story, renamed. Under a text that is not that story's it is another
// story: two entries the feed lists at once under one GUID (the old link
// still there) were one story, the second dropped unsaid at every poll;
// and a GUID the feed reuses for a new story once the old one left its
// list overwrote the old story's headline with the new one's, which was
// lost. Both are stories of their own now, the old one untouched; a page
// renamed with its text, or its headline reworded over the same summary,
// is still the story, and so is one renamed entirely without a summary to
// tell (TestOwnGUIDMigrationKeepsKeys).
func TestOneGUIDForTwoStories(t *testing.T) {
	ctx := context.Background()
	entry := summarised
	a, b := twoStoriesOneGUID()

	t.Run("listed at once", func(t *testing.T) {
		s, _ := openTest(t)
		feed := feedRow(t, s, "https://council.example/feed")
		twin := entry("https://council.example/news/1-twin", a.Story.Headline, a.Story.Summary, "g")
		for poll, want := range []int{2, 0, 0} {
			res, err := addWire(ctx, s, feed, []NewswireEntry{a, b, twin})
			if err != nil || len(res.Added) != want || len(res.HeldBack) != 0 || len(res.Corrected) != 0 {
				t.Errorf("poll %d: %+v, %v; want %d new, nothing held back or corrected", poll, res, err, want)
			}
		}
		for _, e := range []NewswireEntry{a, b} {
			if st, err := s.StoryByURL(ctx, e.Story.URL); err != nil || st.Headline != e.Story.Headline {
				t.Errorf("%s: %+v, %v; want its own story", e.Story.URL, st, err)
			}
		}
	})

	t.Run("reused later", func(t *testing.T) {
		s, _ := openTest(t)
		feed := feedRow(t, s, "https://council.example/feed")
		first, err := addWire(ctx, s, feed, []NewswireEntry{a})
		if err != nil || len(first.Added) != 1 {
			t.Fatal(first, err)
		}
		for poll, want := range []NewswireEntry{b, a, b} {
			res, err := addWire(ctx, s, feed, []NewswireEntry{want})
			wantNew := 0
			if poll == 0 {
				wantNew = 1
			}
			if err != nil || len(res.Added) != wantNew || len(res.Corrected) != 0 {
				t.Errorf("poll %d (%s): %+v, %v; want %d new, no correction", poll, want.Story.Headline, res, err, wantNew)
			}
		}
		if st, err := s.Story(ctx, first.Added[0].ID); err != nil || st.Headline != a.Story.Headline {
			t.Errorf("the first story: %q, %v; want its own headline", st.Headline, err)
		}
		if st, err := s.StoryByURL(ctx, b.Story.URL); err != nil || st.Headline != b.Story.Headline {
			t.Errorf("the second: %+v, %v; want a story", st, err)
		}
	})

	t.Run("renamed", func(t *testing.T) {
		s, _ := openTest(t)
		feed := feedRow(t, s, "https://council.example/feed")
		first, err := addWire(ctx, s, feed, []NewswireEntry{a})
		if err != nil || len(first.Added) != 1 {
			t.Fatal(first, err)
		}
		moved := entry("https://council.example/news/two-councils-share", a.Story.Headline, a.Story.Summary, "g")
		reworded := entry("https://council.example/news/two-councils-agree", "Two councils agree to share one chief executive", "The districts agreed on Tuesday night.", "g")
		for _, e := range []NewswireEntry{moved, reworded} {
			res, err := addWire(ctx, s, feed, []NewswireEntry{e})
			if err != nil || len(res.Added) != 0 || len(res.HeldBack) != 0 {
				t.Errorf("%s: %+v, %v; want the story, renamed", e.Story.URL, res, err)
			}
		}
		want := digest.Story{Headline: reworded.Story.Headline, URL: a.Story.URL}
		if st, err := s.Story(ctx, first.Added[0].ID); err != nil || st.Headline != want.Headline || st.URL != want.URL {
			t.Errorf("the story: %q at %s, %v; want %q at %s", st.Headline, st.URL, err, want.Headline, want.URL)
		}
	})
}

// twoStoriesOneGUID are two stories of one council's feed, with their
// summaries, that the feed lists under one GUID, "g".
func twoStoriesOneGUID() (a, b NewswireEntry) {
	return summarised("https://council.example/news/1", "Two councils share a chief executive", "The two districts agreed on Tuesday.", "g"),
		summarised("https://council.example/news/2", "Library services go to a trust", "The county's libraries will be run by a charity.", "g")
}

// summarised is a newswire entry with a summary.
func summarised(url, headline, summary, guid string) NewswireEntry {
	e := wire(url, headline, guid)
	e.Story.Summary = summary
	return e
}
