package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/pagemeta"
	"github.com/sharednews/sharednews/store"
)

// typoServer serves a site where /news/1 is a story and everything else
// is not there (404), gone (410), behind a wall (401, 403), rate limited
// (429), down (503) or not a web page, as its path says.
func typoServer(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/1":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><title>Two councils share a chief executive</title></head></html>`)
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/old-link":
			http.Redirect(w, r, "/nwes/2", http.StatusMovedPermanently)
		case "/members-only":
			w.WriteHeader(http.StatusUnauthorized)
		case "/walled":
			w.WriteHeader(http.StatusForbidden)
		case "/busy":
			w.WriteHeader(http.StatusTooManyRequests)
		case "/down":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSubmitOfAPageThatDoesNotExistIsRefused: a typo'd link (the site
// answers 404 or 410, or redirects to such a page) was queued with the
// link as its headline, for editors to review an empty card while the
// member never learnt the link was wrong. Now the member is told at once,
// in a sentence naming the reason, and nothing is stored: no story, no
// review card, nothing counted against the hourly limit.
func TestSubmitOfAPageThatDoesNotExistIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	site := typoServer(t)
	ctx := context.Background()
	for path, why := range map[string]string{
		"/nwes/1":   site.URL + "/nwes/1 answered 404 Not Found",
		"/gone":     site.URL + "/gone answered 410 Gone",
		"/old-link": site.URL + "/old-link redirects to a page that answered 404 Not Found",
	} {
		r := f.say(member, "submit "+site.URL+path+" health Worth a look")
		want := "I couldn't find that page (" + why + "). Check the link and submit it again."
		if tone(r) != Problem || text(r) != want {
			t.Errorf("submit %s: %q (%v), want %q", path, text(r), tone(r), want)
		}
		if _, err := f.store.StoryByURL(ctx, site.URL+path); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("submit %s stored a story (%v)", path, err)
		}
	}
	if n, err := f.store.QueueSize(ctx); n != 0 || err != nil {
		t.Errorf("queue: %d stories (%v), want none", n, err)
	}
	if n, err := f.store.SubmissionsSince(ctx, member.Person, f.bot.now().Add(-time.Hour)); n != 0 || err != nil {
		t.Errorf("refused links counted against the limit: %d (%v)", n, err)
	}
	if len(f.slack.cards) != 0 {
		t.Errorf("review cards posted: %+v", f.slack.cards)
	}
	// The link as meant goes in.
	if r := f.say(member, "submit "+site.URL+"/news/1"); tone(r) != Success || !strings.Contains(text(r), "“Two councils share a chief executive”") {
		t.Errorf("the right link: %q", text(r))
	}
}

// TestSubmitOfAPageHardToReadIsQueued: a page behind a wall, a bot
// blocker, a site that is down, a page that is not HTML: each is still
// there, and a story. It is queued with the link as its headline, and
// the member is told why the page could not be read.
func TestSubmitOfAPageHardToReadIsQueued(t *testing.T) {
	f := newFixture(t, nil)
	site := typoServer(t)
	paths := map[string]string{
		"/members-only": "the site answered 401 Unauthorized",
		"/walled":       "the site answered 403 Forbidden",
		"/busy":         "the site answered 429 Too Many Requests",
		"/down":         "the site answered 503 Service Unavailable",
		"/report.pdf":   "the link is to a PDF document, not a web page",
	}
	for path, reason := range paths {
		r := f.say(editor, "submit "+site.URL+path)
		if tone(r) != Success || !strings.Contains(text(r), "I couldn't read the page ("+reason+")") {
			t.Errorf("submit %s: %q", path, text(r))
		}
		// A reason in brackets of its own read "(the link is not a web
		// page (application/pdf))".
		if nestsBrackets(text(r)) {
			t.Errorf("submit %s: %q nests brackets", path, text(r))
		}
	}
	if n, err := f.store.QueueSize(context.Background()); n != len(paths) || err != nil {
		t.Errorf("queue: %d stories (%v), want %d", n, err, len(paths))
	}
}

// TestMissingPageSentence: the sentence names the status the site
// answered and, after a redirect, the link the member gave and not where
// the site sent it (the redirect's address is the remote site's to
// choose).
func TestMissingPageSentence(t *testing.T) {
	link := "https://www.exmaple.gov.uk/news/1"
	for _, c := range []struct {
		fe   pagemeta.FetchError
		want string
	}{
		{pagemeta.FetchError{URL: link, Status: 404}, link + " answered 404 Not Found"},
		{pagemeta.FetchError{URL: link, Status: 410}, link + " answered 410 Gone"},
		{pagemeta.FetchError{URL: "https://x.org/<!here>", Status: 404, Redirected: true}, link + " redirects to a page that answered 404 Not Found"},
	} {
		if got := missingPage(link, &c.fe); got != c.want {
			t.Errorf("missingPage(%+v) = %q, want %q", c.fe, got, c.want)
		}
	}
}

// TestMissingPageSentenceShowsALongLinkByItsStart: a link as long as a
// submission may have (2,048 characters) made the refusal over 2,000
// characters, which a Discord message cut before its advice; the sentence
// shows the link's start, and stays whole.
func TestMissingPageSentenceShowsALongLinkByItsStart(t *testing.T) {
	link := "https://www.example.gov.uk/news/" + strings.Repeat("a", digest.MaxURLLength-len("https://www.example.gov.uk/news/"))
	got := missingPage(link, &pagemeta.FetchError{URL: link, Status: 404})
	start := link[:199] // 200 characters with the ellipsis
	if want := start + "… answered 404 Not Found"; got != want {
		t.Errorf("missingPage of a %d-character link = %q (%d characters), want %q", len(link), got, len(got), want)
	}
}

// nestsBrackets reports whether s has brackets inside brackets.
func nestsBrackets(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			if depth++; depth > 1 {
				return true
			}
		case ')':
			depth--
		}
	}
	return false
}
