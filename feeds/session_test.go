package feeds

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestSessionIDsInLinksAreNoNewStories: a site whose server keeps
// sessions in its links for a client without cookies, as a feed poller is
// (Java servlets' ";jsessionid=", PHP's "PHPSESSID=", ColdFusion's
// "CFID=…&CFTOKEN="), gives every link and permalink GUID a new session at
// every request. The BBC's politics feed served so had, at every poll
// after the first, all but one of its 33 stories held back as duplicates
// for editors and one stored again. A session is no part of the page:
// each entry is now the story stored at the first poll, and the stories
// are stored without it.
func TestSessionIDsInLinksAreNoNewStories(t *testing.T) {
	for name, form := range map[string]string{
		"java":       "${1}${2};jsessionid=%X<",
		"php":        "${1}${2}?PHPSESSID=%x<",
		"coldfusion": "${1}${2}?CFID=%d&amp;CFTOKEN=%[1]x<",
	} {
		t.Run(name, func(t *testing.T) {
			st := storetest.Open(t, "")
			p := newPoller(t, st, feedsConfig(src(sessionFeed(t, form))))
			for poll := range 3 {
				wantNew := 0
				if poll == 0 {
					wantNew = sessionStories
				}
				pollSessions(t, p, fmt.Sprintf("poll %d", poll+1), wantNew)
			}
			for _, s := range allStories(t, st) {
				if strings.ContainsAny(s.URL, ";?") {
					t.Errorf("stored with its session: %s", s.URL)
				}
			}
		})
	}
}

// TestSessionLinksStoredBeforeAreFound: the stories a release before
// stored with a session in their links (its rules kept them) are found
// by their links without one, once the database is keyed under today's
// rules: the feed's next poll, under new sessions, adds nothing.
func TestSessionLinksStoredBeforeAreFound(t *testing.T) {
	feed := src(sessionFeed(t, "${1}${2};jsessionid=%X<"))
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	pollSessions(t, newPoller(t, st, feedsConfig(feed)), "first poll", sessionStories)
	st.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// As the release before left them: each link with the session of its
	// poll, keyed under the first link rules.
	for _, q := range []string{`UPDATE stories SET url = url || ';jsessionid=0A1B2C'`, `UPDATE link_rules SET version = 1`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	st = storetest.Open(t, path)
	pollSessions(t, newPoller(t, st, feedsConfig(feed)), "after the upgrade", 0)
}

// sessionStories is how many stories the BBC's politics feed has.
const sessionStories = 33

// sessionFeed serves the BBC's politics feed with a new session at every
// request in each link and permalink GUID, written as form says: the
// expression's link (${1}${2}) and the session's format, of a number.
func sessionFeed(t *testing.T, form string) string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(testdataDir, "rss2-bbc-news-uk-politics.xml"))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`(<link>|<guid isPermaLink="true">)(https://www\.bbc\.co\.uk/news/[^<?]+)<`)
	if n := len(links.FindAll(body, -1)); n != 2*sessionStories {
		t.Fatalf("%d links and GUIDs, want %d", n, 2*sessionStories)
	}
	var (
		mu       sync.Mutex
		requests int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		session := fmt.Sprintf(form, 7919*requests)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(links.ReplaceAll(body, []byte(session)))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/politics.xml"
}

// pollSessions polls sessionFeed's feed with p, which must store wantNew
// stories and know the others, holding none back.
func pollSessions(t *testing.T, p *Poller, what string, wantNew int) {
	t.Helper()
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched || r.New != wantNew || len(r.HeldBack) != 0 || r.New+r.Duplicates != sessionStories {
		t.Errorf("%s: %s, %d new, %d held back, %d duplicates (%q); want %d new and the others known",
			what, r.Status, r.New, len(r.HeldBack), r.Duplicates, r.Reason, wantNew)
	}
}

// TestLinksNewAtEveryPollAreNoNewStories: a feed whose links and GUIDs
// are new at every request for a reason no rule can know (a cache-busting
// "?nocache=" that means nothing to the page, a signed link) had each
// story it gave held back again at every poll, and the list editors see
// grew by the feed's length each time: 32 rows a poll for the BBC's
// politics feed. Then it held each back once, at the poll after the one
// that stored it, the whole feed in the editors' list. An entry of its
// own feed's story under the same headline, with its text and day, on
// the same page but for the query, is now that story: nothing is held
// back, and nothing stored again.
func TestLinksNewAtEveryPollAreNoNewStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path)
	p := newPoller(t, st, feedsConfig(src(sessionFeed(t, "${1}${2}?nocache=%d<"))))
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	for poll := range 5 {
		wantNew := 0
		if poll == 0 {
			wantNew = sessionStories
		}
		pollSessions(t, p, fmt.Sprintf("poll %d", poll+1), wantNew)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM held_back`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d entries held back after 5 polls, want none", n)
	}
}
