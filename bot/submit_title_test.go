package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A page's <title> usually ends in its site's name ("… | Example News",
// "… - GOV.UK"). Before, a submitted page without og:title was queued under
// that whole title, and the editor had to cut the site's name off every
// such headline; the source line names the site already. Only the name the
// page gives as its site's is cut: a headline's own " - " stays.
func TestSubmittedHeadlineLosesTheSiteNameTheTitleEndsIn(t *testing.T) {
	pages := map[string]string{
		"/pipe":   `<title>Council merges bins and roads | Example News</title><meta property="og:site_name" content="Example News">`,
		"/gov":    `<title>Two councils share a chief executive - GOV.UK</title><meta property="og:site_name" content="GOV.UK">`,
		"/the":    `<meta property="og:title" content="Trusts agree to merge — The Guardian"><meta property="og:site_name" content="Guardian">`,
		"/other":  `<title>Local elections 2024 - Results for York</title><meta property="og:site_name" content="Example News">`,
		"/noname": `<title>Fire services share a control room | Example News</title>`,
		"/only":   `<title>Example News</title><meta property="og:site_name" content="Example News">`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		head, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head>%s</head><body>A story.</body></html>", head)
	}))
	t.Cleanup(srv.Close)
	f := newFixture(t, nil)
	for path, want := range map[string]string{
		"/pipe":   "Council merges bins and roads",
		"/gov":    "Two councils share a chief executive",
		"/the":    "Trusts agree to merge",
		"/other":  "Local elections 2024 - Results for York",
		"/noname": "Fire services share a control room | Example News",
		"/only":   "Example News",
	} {
		r := f.say(member, "submit "+srv.URL+path)
		if tone(r) != Success || !strings.Contains(text(r), "“"+want+"”") {
			t.Errorf("%s: %q, want the headline %q", path, text(r), want)
		}
	}
}

// A page with no <title> and no og:title (a plain CMS page, a council's
// press release) still has its heading: it was queued under its bare link,
// with "the page has no title", and the editor had to copy the heading in.
func TestSubmittedPageWithoutATitleIsQueuedUnderItsHeading(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><meta name="description" content="A shared team from May."></head>`+
			`<body><nav><a href="/">Home</a></nav><h1>Two councils share a chief executive</h1><p>A story.</p></body></html>`)
	}))
	t.Cleanup(srv.Close)
	f := newFixture(t, nil)
	r := f.say(member, "submit "+srv.URL+"/news/1")
	if tone(r) != Success || !strings.Contains(text(r), "“Two councils share a chief executive”") || strings.Contains(text(r), "no title") {
		t.Errorf("submit: %q, want the page's heading as the headline", text(r))
	}
}
