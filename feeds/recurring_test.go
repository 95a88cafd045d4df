package feeds

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestRecurringHeadlinesAreStories: a council's feed gives the same
// headline every week ("Planning applications received this week"), each
// under its own link with its own text, with GUIDs or without: each is a
// story, in one poll or across polls, and polling again doubles none.
// The same headline under another link stays held back where it may be
// the same story: from another feed, from the same feed with the same
// text (or none) to tell it apart, or from another publisher an
// aggregator's feed names.
func TestRecurringHeadlinesAreStories(t *testing.T) {
	const headline = "Planning applications received this week"
	week := func(n int, guid bool, text string) string {
		g := ""
		if guid {
			g = fmt.Sprintf("<guid isPermaLink=\"false\">planning-%d</guid>", n)
		}
		return fmt.Sprintf(`<item><title>%s</title><link>https://council.example.gov.uk/planning/week-%d</link>%s<description>%s</description></item>`,
			headline, n, g, text)
	}
	fs := newFeedServer(t)
	for _, guids := range []bool{true, false} {
		t.Run(fmt.Sprint("guids=", guids), func(t *testing.T) {
			path := fmt.Sprintf("/planning-%v.xml", guids)
			url := fs.serveBody(path, rssOf(week(2, guids, "Nine applications, two of them for solar farms.")+
				week(1, guids, "Twelve applications, among them a care home extension.")))
			st := storetest.Open(t, "")
			p := newPoller(t, st, feedsConfig(src(url)))
			poll := func(wantNew, wantDup, wantHeld int) {
				t.Helper()
				results, err := p.PollOnce(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if r := results[0]; r.Status != StatusFetched || r.New != wantNew || r.Duplicates != wantDup || len(r.HeldBack) != wantHeld {
					t.Errorf("%s: new %d, duplicates %d, held back %d (%s); want %d, %d, %d", r.Status, r.New, r.Duplicates, len(r.HeldBack), r.Reason, wantNew, wantDup, wantHeld)
				}
			}
			poll(2, 0, 0)
			// The next week's list, under its own link; and a week the
			// CMS gave a second link with the same text, and one without
			// text: nothing tells those from the week they repeat.
			fs.serveBody(path, rssOf(week(3, guids, "Four applications, one for a new school.")+
				week(30, guids, "Four applications, one for a new school.")+week(31, guids, "")+
				week(2, guids, "Nine applications, two of them for solar farms.")+
				week(1, guids, "Twelve applications, among them a care home extension.")))
			poll(1, 2, 2)
			// Read in full again, in another order: nothing new, nothing
			// held back twice.
			fs.serveBody(path, rssOf(week(1, guids, "Twelve applications, among them a care home extension.")+
				week(31, guids, "")+week(30, guids, "Four applications, one for a new school.")+
				week(2, guids, "Nine applications, two of them for solar farms.")+
				week(3, guids, "Four applications, one for a new school.")))
			poll(0, 5, 0)
			var links []string
			for _, s := range allStories(t, st) {
				if s.Headline != headline {
					t.Errorf("headline %q", s.Headline)
				}
				links = append(links, s.URL)
			}
			slices.Sort(links)
			if want := []string{"https://council.example.gov.uk/planning/week-1", "https://council.example.gov.uk/planning/week-2",
				"https://council.example.gov.uk/planning/week-3"}; !slices.Equal(links, want) {
				t.Errorf("stories %q, want %q", links, want)
			}
		})
	}
	// Another council's list under the same headline may be its own, or
	// a copy: held back, for an editor to see, as any other feed's entry
	// under a headline already stored.
	other := fs.serveBody("/neighbour.xml", rssOf(`<item><title>`+headline+`</title><link>https://neighbour.example.gov.uk/planning/1</link><description>Three applications.</description></item>`))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(fs.URL+"/planning-true.xml")))
	if _, err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	results, err := newPoller(t, st, feedsConfig(src(other))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.New != 0 || len(r.HeldBack) != 1 {
		t.Errorf("another feed: new %d, held back %d", r.New, len(r.HeldBack))
	}
	// An aggregator's feed gives the same news from two publishers, each
	// named, each with its own text: the second is held back.
	const news = "Two councils agree to share a chief executive"
	agg := fs.serveBody("/aggregator.xml", rssOf(`
<item><title>`+news+`</title><link>https://one.example/councils</link><description>The first paper's account.</description><source url="https://one.example/rss">The First Paper</source></item>
<item><title>`+news+`</title><link>https://two.example/councils</link><description>The second paper's account.</description><source url="https://two.example/rss">The Second Paper</source></item>`))
	results, err = newPoller(t, storetest.Open(t, ""), feedsConfig(src(agg))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.New != 1 || len(r.HeldBack) != 1 {
		t.Errorf("an aggregator: new %d, held back %d; want 1, 1", r.New, len(r.HeldBack))
	}
}
