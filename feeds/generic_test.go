package feeds

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestShortHeadlineUnderNewLinksIsOneStory: a feed whose links and GUIDs
// are new at every request (a cache-buster) had its entries known by
// their headlines after the first poll, but not one whose headline is too
// short or generic for a headline key: the BBC's politics feed's "Local
// matters" was stored as a new story at every poll, one row more in the
// editors' queue each time. The same headline and text from its own feed
// is the same story, whatever the headline's length.
func TestShortHeadlineUnderNewLinksIsOneStory(t *testing.T) {
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	p := newPoller(t, st, feedsConfig(src(sessionFeed(t, "${1}${2}?nocache=%d<"))))
	for poll := range 5 {
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; poll > 0 && r.New != 0 {
			t.Errorf("poll %d: %d new, %d held back, %d duplicates; want no new story", poll+1, r.New, len(r.HeldBack), r.Duplicates)
		}
	}
	n := 0
	for _, s := range allStories(t, st) {
		if s.Headline == "Local matters" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d stories headed %q after 5 polls, want 1", n, "Local matters")
	}
	if got := len(allStories(t, st)); got != sessionStories {
		t.Errorf("%d stories after 5 polls, want %d", got, sessionStories)
	}
}

// TestGenericHeadlineWithOtherTextIsAStory: a feed's weekly "Update", its
// links new at every request, is a new story each week its text is new,
// and the same week's post under another link is not: a generic headline
// with another text is a story, with the same text it is the one stored.
func TestGenericHeadlineWithOtherTextIsAStory(t *testing.T) {
	texts := []string{
		"The library reopens on Monday after its roof repairs.",
		"Bin collections move to Thursday over the bank holiday.",
		"The new bus timetable starts next month.",
	}
	fs := newFeedServer(t)
	serve := func(poll, weeks int) string {
		items := ""
		for w := weeks - 1; w >= 0; w-- {
			items += fmt.Sprintf(`<item><title>Update</title><link>https://parish.example.org/update-%d?nocache=%d</link><guid>https://parish.example.org/update-%[1]d?nocache=%[2]d</guid><description>%s</description></item>`,
				w+1, poll, texts[w])
		}
		return fs.serveBody("/updates.xml", rssOf(items))
	}
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	p := newPoller(t, st, feedsConfig(src(serve(0, 1))))
	// Each poll's links are new; weeks 1, 2 and 3 come at polls 1, 3 and 5.
	for poll, want := range []int{1, 0, 1, 0, 1, 0} {
		serve(poll, poll/2+1)
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != want {
			t.Errorf("poll %d: %s, %d new, %d held back, %d duplicates (%s); want %d new", poll+1, r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Reason, want)
		}
	}
	got := map[string]int{}
	for _, s := range allStories(t, st) {
		got[s.Summary]++
	}
	for _, text := range texts {
		if got[text] != 1 {
			t.Errorf("%d stories of %q, want 1", got[text], text)
		}
	}
}

// TestGenericUntextedHeadlineUnderNewLinksIsOneStory: an entry with a
// generic headline ("Latest news") and no text, under a link a
// cache-buster makes new at every request, was stored as a new story at
// every poll: neither its headline nor its text could key it. It is now
// known by its headline and its link without the query, and the same
// headline on another page is still another story.
func TestGenericUntextedHeadlineUnderNewLinksIsOneStory(t *testing.T) {
	fs := newFeedServer(t)
	serve := func(poll int, pages ...string) string {
		items := ""
		for _, page := range pages {
			items += fmt.Sprintf(`<item><title>Latest news</title><link>https://parish.example.org/%s?nocache=%d</link></item>`, page, poll)
		}
		return fs.serveBody("/latest.xml", rssOf(items))
	}
	st := storetest.Open(t, filepath.Join(t.TempDir(), "news.db"))
	p := newPoller(t, st, feedsConfig(src(serve(0, "latest"))))
	// The page "latest-2" comes at poll 5.
	for poll, want := range []struct{ new, held int }{{1, 0}, {0, 0}, {0, 0}, {0, 0}, {1, 0}, {0, 0}, {0, 0}} {
		pages := []string{"latest"}
		if poll >= 4 {
			pages = append(pages, "latest-2")
		}
		serve(poll, pages...)
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != want.new || len(r.HeldBack) != want.held {
			t.Errorf("poll %d: %s, %d new, %d held back, %d duplicates (%s); want %d new, %d held back",
				poll+1, r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Reason, want.new, want.held)
		}
	}
	if got := len(allStories(t, st)); got != 2 {
		t.Errorf("%d stories after 7 polls, want 2 (two pages)", got)
	}
}

// TestSameHeadlineOnAnotherDayOrPageIsHeldBack: the entries a reader
// would call other stories although a cache-buster's are known are
// still held back for editors, never counted duplicates unsaid: the
// same headline and text under the same page's new link but dated
// another day (a notice given again), and under another page.
func TestSameHeadlineOnAnotherDayOrPageIsHeldBack(t *testing.T) {
	const text = "The recycling centre is closed for repairs until further notice."
	item := func(link, day string) string {
		return fmt.Sprintf(`<item><title>Recycling centre closed for repairs</title><link>%s</link><description>%s</description><pubDate>%s Nov 2026 09:00:00 GMT</pubDate></item>`, link, text, day)
	}
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(fs.serveBody("/notices.xml", rssOf(item("https://council.example.gov.uk/notice?nocache=1", "Mon, 16"))))))
	for i, c := range []struct {
		body                 string
		new, held, duplicate int
	}{
		{item("https://council.example.gov.uk/notice?nocache=1", "Mon, 16"), 1, 0, 0},
		{item("https://council.example.gov.uk/notice?nocache=2", "Mon, 16"), 0, 0, 1},
		{item("https://council.example.gov.uk/notice?nocache=3", "Tue, 17"), 0, 1, 0},
		{item("https://council.example.gov.uk/notices/recycling", "Mon, 16"), 0, 1, 0},
	} {
		fs.serveBody("/notices.xml", rssOf(c.body))
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != c.new || len(r.HeldBack) != c.held || r.Duplicates != c.duplicate {
			t.Errorf("poll %d: %s, %d new, %d held back, %d duplicates (%s); want %d, %d, %d",
				i+1, r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Reason, c.new, c.held, c.duplicate)
		}
	}
}
