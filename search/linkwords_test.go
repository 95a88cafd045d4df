package search

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestSearchForALinkNoStoryHas: a link pasted that no story is stored
// under (the article as the reader found it, where the archive keeps the
// link the editor shared, or none) finds the stories with the words of
// its address, a news site's slug, and says so; the site's name, a
// number that is no word (an article's ID, its date), a link without a
// slug and a part of the path with fewer words than the slug (a site's
// template, a section) are not searched. Chat and the web page alike
// said only "Nothing in the archive matches" of the link of a story that
// is there.
func TestSearchForALinkNoStoryHas(t *testing.T) {
	s, st := archiveOf(t,
		digest.Story{Headline: "Council mergers: poor services 'letting people down'"},
		digest.Story{Headline: "Fire deaths fall by 5% in past year"},
		digest.Story{Headline: "A story about www.theguardian.com"},
		digest.Story{Headline: "Welsh councils merge", State: digest.StateApproved},
	)
	for _, tc := range []struct {
		query, address string
		first          string // the first hit, "" for none
		published      string // the first published hit
	}{
		{"https://www.theguardian.com/society/2014/jul/10/council-mergers-poor-services", "council mergers poor services",
			"Council mergers: poor services 'letting people down'", "Council mergers: poor services 'letting people down'"},
		{"https://www.example.co.uk/news/fire-deaths-fall-by-5-per-cent-20140710.html", "fire deaths fall by 5 per cent",
			"Fire deaths fall by 5% in past year", "Fire deaths fall by 5% in past year"},
		{"https://www.bbc.co.uk/news/uk-wales-politics-welsh-councils-merge-28240000", "uk wales politics welsh councils merge",
			"Welsh councils merge", "Council mergers: poor services 'letting people down'"},
		// A site's template after the slug ("story-…-detail", as the
		// Local World papers write) is not the article's words, and
		// neither is a section's name before it: the slug is the part
		// with the most words.
		{"http://www.gloucestershireecho.co.uk/Council-mergers-poor-services-letting-people-down/story-21345678-detail/story.html",
			"council mergers poor services letting people down",
			"Council mergers: poor services 'letting people down'", "Council mergers: poor services 'letting people down'"},
		{"https://www.theguardian.com/higher-education-network/2014/may/14/fire-deaths-fall-in-past-year", "fire deaths fall in past year",
			"Fire deaths fall by 5% in past year", "Fire deaths fall by 5% in past year"},
		// Without its scheme: the slug's words alone, not the host's.
		{"www.theguardian.com/society/2014/jul/10/council-mergers-poor-services", "council mergers poor services",
			"Council mergers: poor services 'letting people down'", "Council mergers: poor services 'letting people down'"},
		// No slug: nothing, as before.
		{"https://www.theguardian.com/", "", "", ""},
		{"https://www.theguardian.com/society/28240000", "", "", ""},
		// A slug whose words no story has.
		{"https://www.theguardian.com/sport/cricket-world-cup", "", "", ""},
	} {
		res := search(t, s, tc.query)
		if got := firstHeadline(res); got != tc.first || res.Address != tc.address {
			t.Errorf("%q: %q first, searched as %q; want %q as %q", tc.query, got, res.Address, tc.first, tc.address)
		}
		if tc.address != "" {
			want := "No story has the link " + Quote(tc.query) + ": these are the stories with the words of its address, " + Quote(tc.address) + "."
			if note := res.Note(); len(note) < len(want) || note[:len(want)] != want {
				t.Errorf("%q: note %q, want it to begin %q", tc.query, note, want)
			}
		}
		pub, err := NewPublished(st).Search(context.Background(), tc.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := firstHeadline(pub); got != tc.published {
			t.Errorf("%q, published only: %q, want %q", tc.query, got, tc.published)
		}
	}
}

func firstHeadline(res Result) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Story.Headline
}
