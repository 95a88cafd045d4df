package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// A story in a list is one indented block: a commentary or note of several
// paragraphs is shown on one line, so the next paragraph never starts at the
// left margin where it reads as another answer.
func TestListedStoryStaysOneIndentedBlock(t *testing.T) {
	long := "First paragraph of the editor's view.\n\nSecond paragraph, " + strings.Repeat("more words ", 40)
	list := bot.StoryList{Kind: bot.QueueList, Title: "Queue", Items: []bot.StoryItem{{
		Story: digest.Story{ID: 7, Headline: "Two councils share a chief executive", Commentary: long,
			SubmitNote: "See this.\nAnd that.", Submitter: digest.Person{Platform: "console", ID: "u", Name: "jo"}},
		SectorName: "Local Government"}}}
	out := RenderReply(bot.Reply{Body: list}, time.UTC)
	for i, line := range strings.Split(out, "\n")[1:] {
		if !strings.HasPrefix(line, "  ") {
			t.Errorf("line %d leaves the story's block: %q", i+2, line)
		}
		if n := len([]rune(line)); n > 230 {
			t.Errorf("line %d is %d characters long: the commentary is not shortened", i+2, n)
		}
	}
}

// A search hit found through its editor's words shows the sentence that
// matched (bot.StoryItem.Excerpt) where the commentary would be.
func TestSearchHitShowsTheExcerpt(t *testing.T) {
	list := bot.StoryList{Kind: bot.SearchList, Title: "Search: zebra", Items: []bot.StoryItem{{
		Story:   digest.Story{ID: 7, Headline: "Councils merge", Commentary: "An opening line. Then a zebra."},
		Excerpt: "Then a zebra."}}}
	out := RenderReply(bot.Reply{Body: list}, time.UTC)
	if !strings.Contains(out, "Commentary: Then a zebra.") || strings.Contains(out, "An opening line") {
		t.Errorf("the excerpt is not shown in place of the commentary:\n%s", out)
	}
}

// TestFeedListSaysWhereAFeedMoved: a feed that moved permanently is
// listed with its new address and what to do about it.
func TestFeedListSaysWhereAFeedMoved(t *testing.T) {
	when := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	out := RenderReply(bot.Reply{Body: bot.FeedList{Command: "/shared", Items: []bot.FeedStatus{{Name: "Regional wire", URL: "https://wire.example/rss",
		Health: store.FeedHealth{LastFetchAt: when, LastStatus: "fetched", MovedTo: "https://new.example/rss"}}}}}, time.UTC)
	if want := "\n    Moved permanently to https://new.example/rss: change its url in the configuration"; !strings.Contains(out, want) {
		t.Errorf("lacks %q:\n%s", want, out)
	}
}

// The help's and the sectors' second column lines up on a terminal: it
// was padded to a fixed number of bytes, so a usage with "…" came out a
// column short and the longest usage (`edit ID headline|summary|…`) ran
// into its summary; a sector slug longer than 18 letters did the same.
func TestColumnsLineUp(t *testing.T) {
	help := bot.HelpView{Command: "/shared", Entries: []bot.HelpEntry{
		{Usage: "/shared help", Summary: "list the commands"},
		{Usage: "/shared note ID TEXT…", Summary: "set the commentary", EditorOnly: true},
		{Usage: "/shared edit ID headline|summary|sector|commentary TEXT…", Summary: "correct a story", EditorOnly: true},
	}}
	sectors := bot.SectorList{Items: []bot.SectorCount{
		{Sector: digest.Sector{Slug: "health", Name: "Health"}, Stories: 2},
		{Sector: digest.Sector{Slug: "fire-and-rescue-collaboration", Name: "Fire and Rescue"}, Stories: 1},
		{Sector: digest.Sector{Slug: "éducation", Name: "Éducation"}},
	}}
	for _, c := range []struct {
		out   string
		first string // the second column's first word on each line
	}{
		{RenderReply(bot.Reply{Body: help}, time.UTC), " list | set | correct "},
		{RenderReply(bot.Reply{Body: sectors}, time.UTC), " Health | Fire | Éducation "},
	} {
		column := -1
		for _, line := range strings.Split(c.out, "\n")[1:] {
			if line == "Editors:" {
				continue
			}
			at := -1
			for _, w := range strings.Split(strings.Trim(c.first, " "), " | ") {
				if i := strings.Index(line, " "+w+" "); i >= 0 {
					at = len([]rune(line[:i]))
				}
			}
			if at < 0 {
				t.Fatalf("no second column in %q", line)
			}
			if column >= 0 && at != column {
				t.Errorf("column at %d, not %d: %q\n%s", at, column, line, c.out)
			}
			column = at
		}
	}
}

// TestRepliesSayTheOutlinesWords: every kind of reply says on the console
// the words of its outline, in its order. Slack's and Discord's tests of
// the same name check theirs against the same replies: the three
// platforms say the same sentences, only their markup differs.
func TestRepliesSayTheOutlinesWords(t *testing.T) {
	for name, r := range adaptertest.Replies() {
		adaptertest.SameWords(t, name, r, RenderReply(r, time.UTC), true)
	}
}

// TestCardsSayTheOutlinesWords: every kind of review card, posted and
// redrawn, says on the console the words of its outline, in its order, as
// Slack's and Discord's tests of the same name check theirs.
func TestCardsSayTheOutlinesWords(t *testing.T) {
	b := newBot(t)
	for name, card := range adaptertest.Cards() {
		var out strings.Builder
		c := New(b, Options{Out: &out})
		if _, err := c.PostReviewCard(context.Background(), card); err != nil {
			t.Fatal(err)
		}
		if err := c.UpdateReviewCard(context.Background(), "review-1", card); err != nil {
			t.Fatal(err)
		}
		cards := strings.Split(out.String(), "[review] ")
		if len(cards) != 3 || cards[0] != "" || cards[1] != cards[2] {
			t.Errorf("%s: posting and redrawing the card do not each print it, the same:\n%s", name, out.String())
			continue
		}
		adaptertest.SameOutlineWords(t, name, card.Outline(b.Location()), cards[1], true)
	}
}

// TestSearchMoreLinksTheWebArchive: a search that matched more than it
// lists says so under its stories, with the web archive's address to
// open, and without it when the web archive is off.
func TestSearchMoreLinksTheWebArchive(t *testing.T) {
	out := RenderReply(adaptertest.Replies()["search"], time.UTC)
	want := "More stories match: add words to narrow the search, or page through the published ones in the web archive https://news.example.org/search?q=police+zebra."
	if !strings.Contains(out, want) || strings.Index(out, want) < strings.Index(out, "Fire and police share a headquarters") {
		t.Errorf("lacks %q under the stories:\n%s", want, out)
	}
	off := RenderReply(adaptertest.Replies()["search, more"], time.UTC)
	if !strings.HasSuffix(strings.TrimSpace(off), "More stories match: add words to narrow the search.") {
		t.Errorf("without the web archive, does not end with the sentence alone:\n%s", off)
	}
}
