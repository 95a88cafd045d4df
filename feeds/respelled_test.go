package feeds

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestRespelledLinksAreTheSameStories: the BBC's politics feed, its links
// (and its GUIDs, which are its links) then given in another form, as a
// publisher's CMS or proxy changes them: http, no "www.", a slash at the
// end, "?ref=rss", a "#comments" anchor and the host in capitals. An
// editor saw every story again, held back once per spelling; each entry
// is the story already stored now, nothing new and nothing held back.
func TestRespelledLinksAreTheSameStories(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(testdataDir, "rss2-bbc-news-uk-politics.xml"))
	if err != nil {
		t.Fatal(err)
	}
	fs := newFeedServer(t)
	url := fs.serveBody("/politics.xml", body)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(url)))
	results, err := p.PollOnce(context.Background())
	if err != nil || results[0].New == 0 {
		t.Fatalf("first poll: %+v, %v", results, err)
	}
	stored := results[0].New
	items := regexp.MustCompile(`(<link>|<guid isPermaLink="true">)https://www\.bbc\.co\.uk/news/([^<]+)<`)
	if n := len(items.FindAll(body, -1)); n < 2*stored {
		t.Fatalf("%d links and GUIDs to respell for %d stories", n, stored)
	}
	for _, form := range []string{"${1}http://bbc.co.uk/news/${2}/?ref=rss<", "${1}https://WWW.BBC.CO.UK/news/${2}/#comments<"} {
		fs.serveBody("/politics.xml", items.ReplaceAll(body, []byte(form)))
		results, err = p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != 0 || len(r.HeldBack) != 0 || r.Duplicates < stored {
			t.Errorf("%s: new %d, held back %d, duplicates %d (%s); want all %d known", form, r.New, len(r.HeldBack), r.Duplicates, r.Reason, stored)
		}
	}
}

// TestLinksStoredUnderOlderRulesComeNotAgain: a release before stored
// its stories under the form its link rules gave ("?ref=rss" kept, an
// Outlook Safe Links wrapper kept, as a feed or a member gave them). Under
// today's rules the same pages' links are other links, and another feed
// giving them, under GUIDs of its own, brought each story again (the one
// reworded too). Now the database is keyed under today's rules as it is
// migrated, and each entry is its story, reworded or not: nothing is new.
func TestLinksStoredUnderOlderRulesComeNotAgain(t *testing.T) {
	type entry = rssEntry
	rss := rssEntries
	fs := newFeedServer(t)
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	results, err := newPoller(t, st, feedsConfig(src(fs.serveBody("/first", rss(
		entry{"Two districts share a chief executive", "https://council.example/news/41", "a41"},
		entry{"Fire services merge their control rooms", "https://council.example/news/42", "a42"},
	))))).PollOnce(context.Background())
	if err != nil || results[0].New != 2 {
		t.Fatalf("first poll: %+v, %v", results, err)
	}
	old := map[string]string{
		"https://council.example/news/41": "https://council.example/news/41?ref=rss",
		"https://council.example/news/42": "https://eur01.safelinks.protection.outlook.com/?data=x&url=https%3A%2F%2Fcouncil.example%2Fnews%2F42",
	}
	links := map[int64]string{}
	for _, s := range allStories(t, st) {
		links[s.ID] = old[s.URL]
	}
	st.Close()
	storetest.StoredByAnOlderRelease(t, path, storetest.OlderRelease{Links: links})

	st = storetest.Open(t, path)
	results, err = newPoller(t, st, feedsConfig(src(fs.serveBody("/second", rss(
		entry{"Two districts share a chief executive", "https://council.example/news/41", "b41"},
		entry{"Control rooms merged", "https://council.example/news/42", "b42"},
	))))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if r.Status != StatusFetched || r.New != 0 || len(r.HeldBack) != 0 || r.Duplicates != 2 {
		t.Errorf("another feed's entries under today's links: new %d, held back %d, duplicates %d (%s); want both known",
			r.New, len(r.HeldBack), r.Duplicates, r.Reason)
	}
	if n := len(allStories(t, st)); n != 2 {
		t.Errorf("%d stories queued, want the 2 stored before", n)
	}
}
