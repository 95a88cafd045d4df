package feeds

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// positionalFeed is an RSS feed whose GUIDs are the items' positions, as
// some CMSs number them ("item-1" the newest): each story is given as
// (slug, headline), newest first.
func positionalFeed(stories ...[2]string) []byte {
	var b strings.Builder
	for i, s := range stories {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://council.example.gov.uk/news/%s</link><guid isPermaLink="false">item-%d</guid><description>All about %s.</description></item>`,
			s[1], s[0], i+1, s[0])
	}
	return rssOf(b.String())
}

// TestGUIDsByPositionLoseNothing: a feed whose GUIDs name positions gives
// each GUID to another story as new ones arrive. A new story under a GUID
// an older story had is a story, not a correction of that one: nothing is
// lost and no stored story takes another's text, whether the older story
// moved down the list or left it. A publisher's correction of a story's
// headline and summary is still a correction.
func TestGUIDsByPositionLoseNothing(t *testing.T) {
	var (
		waste     = [2]string{"waste", "Council agrees shared waste contract"}
		libraries = [2]string{"libraries", "Libraries share one catalogue"}
		fire      = [2]string{"fire", "Fire services merge control rooms"}
		parking   = [2]string{"parking", "Parking permits go online"}
		corrected = [2]string{"parking", "Parking permits go online at last"}
	)
	fs := newFeedServer(t)
	url := fs.serveBody("/news.xml", positionalFeed(waste, libraries))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(url)))
	poll := func(wantNew, wantCorrected int, stories ...[2]string) {
		t.Helper()
		fs.serveBody("/news.xml", positionalFeed(stories...))
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != wantNew || r.Corrected != wantCorrected || len(r.HeldBack) != 0 {
			t.Errorf("%s: new %d, corrected %d, held back %d (%s); want new %d, corrected %d",
				r.Status, r.New, r.Corrected, len(r.HeldBack), r.Reason, wantNew, wantCorrected)
		}
	}
	poll(2, 0, waste, libraries)
	// A new story takes item-1; the others move down.
	poll(1, 0, fire, waste, libraries)
	// Another takes item-1, and the oldest leaves the list: item-3 is
	// now the waste story, whose GUID was item-2 and before it item-1.
	poll(1, 0, parking, fire, waste)
	// The publisher corrects the newest; then the list is read in full
	// again, in another order: nothing new.
	poll(0, 1, corrected, fire, waste)
	poll(0, 0, fire, corrected, waste)

	var got []string
	for _, s := range allStories(t, st) {
		slug := s.URL[strings.LastIndexByte(s.URL, '/')+1:]
		got = append(got, slug+": "+s.Headline+" / "+s.Summary)
	}
	slices.Sort(got)
	want := []string{
		"fire: Fire services merge control rooms / All about fire.",
		"libraries: Libraries share one catalogue / All about libraries.",
		"parking: Parking permits go online at last / All about parking.",
		"waste: Council agrees shared waste contract / All about waste.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("stories:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAReusedGUIDWithoutSummaryIsANewStory: a feed that gives a GUID its
// story had to a new story under another link, with a headline that
// shares nothing with the old one's and no summary (many feeds send
// none), gives a new story, not a correction of the old one: before, the
// missing summary made the two texts "may be one", the new story was lost
// and the old one took its headline and lost its summary. Either side
// without a summary is the same.
func TestAReusedGUIDWithoutSummaryIsANewStory(t *testing.T) {
	item := func(slug, headline, summary string) string {
		d := ""
		if summary != "" {
			d = "<description>" + summary + "</description>"
		}
		return fmt.Sprintf(`<item><title>%s</title><link>https://council.example.gov.uk/news/%s</link><guid isPermaLink="false">n1</guid>%s</item>`, headline, slug, d)
	}
	for _, c := range []struct{ name, oldSummary, newSummary string }{
		{"the new story without one", "All about waste.", ""},
		{"the old story without one", "", "All about libraries."},
		{"neither with one", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := newFeedServer(t)
			url := fs.serveBody("/news.xml", rssOf(item("waste", "Council agrees shared waste contract", c.oldSummary)))
			st := storetest.Open(t, "")
			p := newPoller(t, st, feedsConfig(src(url)))
			if _, err := p.PollOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			fs.serveBody("/news.xml", rssOf(item("libraries", "Libraries share one catalogue", c.newSummary)))
			results, err := p.PollOnce(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if r := results[0]; r.Status != StatusFetched || r.New != 1 || r.Corrected != 0 {
				t.Errorf("%s: new %d, corrected %d, duplicates %d (%s); want new 1, corrected 0", r.Status, r.New, r.Corrected, r.Duplicates, r.Reason)
			}
			var got []string
			for _, s := range allStories(t, st) {
				got = append(got, s.URL[strings.LastIndexByte(s.URL, '/')+1:]+": "+s.Headline+" / "+s.Summary)
			}
			slices.Sort(got)
			want := []string{
				"libraries: Libraries share one catalogue / " + c.newSummary,
				"waste: Council agrees shared waste contract / " + c.oldSummary,
			}
			if !slices.Equal(got, want) {
				t.Errorf("stories:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
