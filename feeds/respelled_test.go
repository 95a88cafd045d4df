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
