package bot

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// addMergers stores n published stories that say "merger", a minute apart.
func addMergers(t *testing.T, f *fixture, n int) {
	t.Helper()
	base := time.Date(2014, 5, 1, 9, 0, 0, 0, time.UTC)
	var stories []digest.Story
	for i := range n {
		stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/merger-%d", i),
			Headline: fmt.Sprintf("District councils agree merger %d", i+1), Sector: "health",
			State: digest.StatePublished, DecidedAt: base.Add(time.Duration(i) * time.Minute)})
	}
	if err := f.store.AddStories(context.Background(), stories); err != nil {
		t.Fatal(err)
	}
}

func searchList(t *testing.T, f *fixture, words string) StoryList {
	t.Helper()
	list, ok := f.say(member, "search "+words).Body.(StoryList)
	if !ok {
		t.Fatalf("search %s: not a story list", words)
	}
	return list
}

func TestSearchSaysWhenMoreStoriesMatch(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.HTTP.PublicURL = "https://news.example.org/" })
	addMergers(t, f, searchResults+3)
	list := searchList(t, f, "merger  deal")
	if len(list.Items) != searchResults || !list.More {
		t.Fatalf("%d stories match: %d listed, More %v", searchResults+3, len(list.Items), list.More)
	}
	o := list.Outline(time.UTC)
	if len(o.After) != 1 {
		t.Fatalf("after the stories: %v, want one sentence", o.After)
	}
	want := "More stories match: add words to narrow the search, or page through the published ones in the web archive https://news.example.org/search?q=merger+deal."
	if got := o.After[0].Text(); got != want {
		t.Errorf("after the stories: %q\nwant %q", got, want)
	}
}

func TestSearchMoreWithoutTheWebArchive(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Web.Enabled = false })
	addMergers(t, f, searchResults+1)
	o := searchList(t, f, "merger").Outline(time.UTC)
	if len(o.After) != 1 || o.After[0].Text() != "More stories match: add words to narrow the search." {
		t.Errorf("with the web archive off, after the stories: %v", o.After)
	}
}

func TestSearchOfExactlyTheListSaysNoMore(t *testing.T) {
	f := newFixture(t, nil)
	addMergers(t, f, searchResults)
	list := searchList(t, f, "merger")
	if len(list.Items) != searchResults || list.More || len(list.Outline(time.UTC).After) != 0 {
		t.Errorf("%d stories match: %d listed, More %v, after them %v", searchResults, len(list.Items), list.More, list.Outline(time.UTC).After)
	}
}

func TestSearchPublishedPages(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	addMergers(t, f, 2*searchResults+1)
	var seen []string
	for page := 1; page <= 3; page++ {
		got, err := f.bot.SearchPublished(ctx, "merger", page)
		if err != nil {
			t.Fatal(err)
		}
		want := searchResults
		if page == 3 {
			want = 1
		}
		if got.Pages != 3 || len(got.Stories) != want {
			t.Fatalf("page %d: %d pages, %d stories; want 3, %d", page, got.Pages, len(got.Stories), want)
		}
		for _, it := range got.Stories {
			seen = append(seen, it.Story.Headline)
		}
	}
	chat := searchList(t, f, "merger")
	for i, it := range chat.Items {
		if seen[i] != it.Story.Headline {
			t.Errorf("the first page differs from chat's list at %d: %q, chat %q", i, seen[i], it.Story.Headline)
		}
	}
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 2*searchResults+1 {
		t.Errorf("the pages show a story twice: %q", seen)
	}
	past, err := f.bot.SearchPublished(ctx, "merger", 4)
	if err != nil || len(past.Stories) != 0 || past.Pages != 3 {
		t.Errorf("page 4 of 3: %+v, %v", past, err)
	}
}

// A first page of stories with every word does not count those with some
// of them: Pages is then only what it has counted, and says so.
func TestSearchPublishedPagesUncounted(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	addMergers(t, f, searchResults+2)
	base := time.Date(2014, 6, 1, 9, 0, 0, 0, time.UTC)
	var budgets []digest.Story
	for i := range 3 {
		budgets = append(budgets, digest.Story{URL: fmt.Sprintf("https://example.org/budget-%d", i),
			Headline: fmt.Sprintf("District councils set budget %d", i+1), Sector: "health",
			State: digest.StatePublished, DecidedAt: base.Add(time.Duration(i) * time.Minute)})
	}
	if err := f.store.AddStories(ctx, budgets); err != nil {
		t.Fatal(err)
	}
	first, err := f.bot.SearchPublished(ctx, "merger councils", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Uncounted || first.Pages != 2 || len(first.Stories) != searchResults {
		t.Errorf("page 1: uncounted %v, %d pages, %d stories; want true, 2, %d", first.Uncounted, first.Pages, len(first.Stories), searchResults)
	}
	second, err := f.bot.SearchPublished(ctx, "merger councils", 2)
	if err != nil {
		t.Fatal(err)
	}
	if second.Uncounted || second.Pages != 2 || len(second.Stories) != 5 {
		t.Errorf("page 2: uncounted %v, %d pages, %d stories; want false, 2, 5", second.Uncounted, second.Pages, len(second.Stories))
	}
}
