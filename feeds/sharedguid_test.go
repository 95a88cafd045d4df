package feeds

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// Two stories a council's feed lists under one GUID (a template's bug),
// each as (link, headline, summary).
var (
	chiefExecutive = [3]string{"https://council.example.gov.uk/news/chief-executive", "Two councils share a chief executive", "The two districts agreed on Tuesday."}
	libraryTrust   = [3]string{"https://council.example.gov.uk/news/libraries", "Library services go to a trust", "The county's libraries will be run by a charity."}
)

// oneGUIDFeed is an RSS feed that gives each of its stories the GUID
// "news-item".
func oneGUIDFeed(stories ...[3]string) []byte {
	var b strings.Builder
	for _, s := range stories {
		b.WriteString(`<item><title>` + s[1] + `</title><link>` + s[0] + `</link><guid isPermaLink="false">news-item</guid><description>` + s[2] + `</description></item>`)
	}
	return rssOf(b.String())
}

// sharedGUIDByAnOlderRelease writes, with plain SQL, into the migrated
// database at path what an older release left once its poller had read
// oneGUIDFeed(chiefExecutive, libraryTrust) (the release before 5bd77e2,
// whose poller passed a GUID shared under two links to the store, run on
// a loopback feed; the store of the release before eec2c30 writes the
// same from entries given to it so): the feed, one story (the chief
// executive's, under the shared GUID, which that release also kept among
// the keys) and the library story's link and headline as keys of that
// story; no story or held-back entry of its own. overwritten gives the
// story the library story's text too, as today's code did at a poll that
// listed the library story alone.
func sharedGUIDByAnOlderRelease(t *testing.T, path, feedURL string, overwritten bool) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s %v: %v", q, args, err)
		}
	}
	exec(`INSERT INTO feeds (id, url, name) VALUES (1, ?, 'news.xml')`, feedURL)
	story := chiefExecutive
	if overwritten {
		story[1], story[2] = libraryTrust[1], libraryTrust[2]
	}
	exec(`INSERT INTO stories (id, url, headline, summary, source, sector, suggested_sector, state, feed_id, guid,
			created_at, updated_at, search_month)
		VALUES (1, ?, ?, ?, 'news.xml', 'other', 'other', 'queued', 1, 'news-item', 1796391256, 1796391256, 202612)`,
		story[0], story[1], story[2])
	exec(`INSERT INTO story_keys (kind, key, story_id) VALUES
		('guid', '1 news-item', 1),
		('headline', 'two councils share a chief executive', 1),
		('headline', 'library services go to a trust', 1),
		('url', ?, 1)`, libraryTrust[0])
	exec(`UPDATE key_changes SET before = token, token = token + 1`)
}

// TestOlderReleasesSharedGUIDIsAStory: a council upgrading from the
// release that took the second of two stories its feed listed under one
// GUID for a duplicate of the first holds that story's link and headline
// as keys of the first. The poller then reported "0 new" at every poll,
// or, the feed listing the second story first or alone, laid its text
// over the first story as a correction. The second story is stored at
// the next poll, the first keeps or gets back its own text, and later
// polls find each where it is.
func TestOlderReleasesSharedGUIDIsAStory(t *testing.T) {
	type poll struct {
		stories        [][3]string
		new, corrected int
	}
	for _, tc := range []struct {
		name        string
		overwritten bool
		polls       []poll
	}{
		{"listed at once", false, []poll{
			{[][3]string{chiefExecutive, libraryTrust}, 1, 0},
			{[][3]string{libraryTrust, chiefExecutive}, 0, 0},
		}},
		{"listed first", false, []poll{
			{[][3]string{libraryTrust, chiefExecutive}, 1, 0},
			{[][3]string{chiefExecutive, libraryTrust}, 0, 0},
		}},
		{"listed alone", false, []poll{
			{[][3]string{libraryTrust}, 1, 0},
			{[][3]string{chiefExecutive}, 0, 0},
			{[][3]string{chiefExecutive, libraryTrust}, 0, 0},
		}},
		{"overwritten, then listed with its story", true, []poll{
			{[][3]string{libraryTrust, chiefExecutive}, 1, 1},
			{[][3]string{chiefExecutive, libraryTrust}, 0, 0},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFeedServer(t)
			url := fs.serveBody("/news.xml", oneGUIDFeed(tc.polls[0].stories...))
			path := filepath.Join(t.TempDir(), "news.db")
			storetest.Open(t, path).Close()
			sharedGUIDByAnOlderRelease(t, path, url, tc.overwritten)
			st := storetest.Open(t, path)
			p := newPoller(t, st, feedsConfig(src(url)))
			for n, want := range tc.polls {
				fs.serveBody("/news.xml", oneGUIDFeed(want.stories...))
				results, err := p.PollOnce(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if r := results[0]; r.Status != StatusFetched || r.New != want.new || r.Corrected != want.corrected || len(r.HeldBack) != 0 {
					t.Errorf("poll %d: %s: new %d, corrected %d, held back %d (%s); want new %d, corrected %d",
						n, r.Status, r.New, r.Corrected, len(r.HeldBack), r.Reason, want.new, want.corrected)
				}
			}
			var got []string
			for _, s := range allStories(t, st) {
				got = append(got, s.URL+": "+s.Headline+" / "+s.Summary)
			}
			slices.Sort(got)
			wantStories := []string{
				chiefExecutive[0] + ": " + chiefExecutive[1] + " / " + chiefExecutive[2],
				libraryTrust[0] + ": " + libraryTrust[1] + " / " + libraryTrust[2],
			}
			if !slices.Equal(got, wantStories) {
				t.Errorf("stories:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantStories, "\n"))
			}
		})
	}
}
