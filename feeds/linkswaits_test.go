package feeds

import (
	"context"
	"net/http"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestRelativePermalinkGUIDs: an RSS item with no <link> whose <guid> is
// a permalink written relative to the feed (isPermaLink "true", or left
// out and the GUID a path) is a story linked to that page, resolved
// against the feed's address after its redirects, as a relative <link>
// is. A GUID that says it is no permalink, and a bare number or word
// that says nothing (an ID, not a page: resolved, it would be a page
// that does not exist), are still left out, and counted so.
func TestRelativePermalinkGUIDs(t *testing.T) {
	fs := newFeedServer(t)
	item := func(title, guid string) string {
		return `<item><title>` + title + `</title>` + guid + `<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate></item>`
	}
	// No channel <link>: relative links resolve against the feed's own
	// address, the one it was found at.
	fs.serveBody("/news/rss/feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Council news</title>`+
		item("Council tax frozen for 2027", `<guid>/news/2027/council-tax</guid>`)+
		item("Roads budget agreed", `<guid isPermaLink="true">2027/roads-budget</guid>`)+
		item("Library hours extended", `<guid isPermaLink="true"> ../libraries/hours </guid>`)+
		item("Not a permalink", `<guid isPermaLink="false">/news/2027/not-a-page</guid>`)+
		item("A bare ID", `<guid>48213</guid>`)+
		`</channel></rss>`))
	mux := http.NewServeMux()
	mux.Handle("/news/rss/", fs.Config.Handler)
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/rss/feed.xml", http.StatusFound)
	})
	fs.Config.Handler = mux
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(src(fs.URL+"/rss"))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range allStories(t, st) {
		got[s.Headline] = s.URL
	}
	want := map[string]string{
		"Council tax frozen for 2027": fs.URL + "/news/2027/council-tax",
		"Roads budget agreed":         fs.URL + "/news/rss/2027/roads-budget",
		"Library hours extended":      fs.URL + "/news/libraries/hours",
	}
	for headline, link := range want {
		if got[headline] != link {
			t.Errorf("%q: link %q, want %q", headline, got[headline], link)
		}
	}
	if len(got) != len(want) {
		t.Errorf("stories %v, want only %v", got, want)
	}
	if r := results[0]; r.LeftOut.NoLink != 2 {
		t.Errorf("%d entries left out without a web link, want 2 (%+v)", r.LeftOut.NoLink, r)
	}
}

// TestAtomLinkWithoutAnAlternate: an Atom entry with no alternate link
// is linked to the page it is related to (rel="related"), or to an
// enclosure that is a web page, before its own Atom document, its ID or
// an enclosure that is media; media (an MP3, a PDF) only when it has
// nothing else, as TestEnclosureOnlyEntries keeps a podcast's episode.
func TestAtomLinkWithoutAnAlternate(t *testing.T) {
	const title, page = "Councils agree a shared chief executive", "https://www.council.example/news/1"
	atom := func(id, links string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>` + id + `</id>` + links +
			`<updated>2024-03-05T09:30:00Z</updated></entry></feed>`)
	}
	cases := []feedCase{
		{name: "enclosure-then-related", body: atom("urn:uuid:1", `<link rel="enclosure" type="audio/mpeg" href="https://media.council.example/1.mp3"/><link rel="related" href="`+page+`"/>`)},
		{name: "pdf-then-related", body: atom("urn:uuid:1", `<link rel="enclosure" type="application/pdf" href="https://www.council.example/news/1.pdf"/><link rel="related" type="text/html" href="`+page+`"/>`)},
		{name: "related-before-a-web-id", body: atom("https://www.council.example/entries/1", `<link rel="related" href="`+page+`"/>`)},
		{name: "related-before-self", body: atom("urn:uuid:1", `<link rel="self" href="https://www.council.example/entries/1.atom"/><link rel="related" href="`+page+`"/>`)},
		{name: "html-enclosure-before-mp3", body: atom("urn:uuid:1", `<link rel="enclosure" type="audio/mpeg" href="https://media.council.example/1.mp3"/><link rel="enclosure" type="text/html" href="`+page+`"/>`)},
		{name: "untyped-link-before-related", body: atom("urn:uuid:1", `<link rel="related" href="https://www.other.example/story"/><link href="`+page+`"/>`)},
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != page {
			t.Errorf("%s: %+v, want one story linking to %s", c.name, s, page)
		}
	}
}
