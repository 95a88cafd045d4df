package feeds

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestMisspeltFeedNamespaces: real feeds re-served with their format's
// namespace written with https, as hexo-generator-feed, mynt and
// ExpressionEngine's sample template wrote Atom's
// (xmlns="https://www.w3.org/2005/Atom"), and so by sites built with them.
// gofeed then takes every entry for an extension and reads none; the poll
// said "fetched" with no story and no reason, and every story of the feed
// was lost without a word. Each is now read as its format, entry for entry
// as gofeed reads the feed as published, and a second poll adds nothing; a
// feed whose entries are in a namespace that is no misspelling of its
// format's fails, saying so.
func TestMisspeltFeedNamespaces(t *testing.T) {
	fs := newFeedServer(t)
	want := map[string]int{}
	var sources []config.FeedSource
	for file, spelling := range map[string][2]string{
		"atom-github-commits.xml": {`xmlns="http://www.w3.org/2005/Atom"`, `xmlns="https://www.w3.org/2005/Atom"`},
		"atom-daringfireball.xml": {`xmlns="http://www.w3.org/2005/Atom"`, `xmlns = 'https://www.w3.org/2005/Atom'`},
		"rss1-biorxiv.rdf":        {`xmlns="http://purl.org/rss/1.0/"`, `xmlns="https://purl.org/rss/1.0/"`},
		"rdf-rss090-heise.xml":    {`xmlns="http://my.netscape.com/rdf/simple/0.9/"`, `xmlns="https://my.netscape.com/rdf/simple/0.9/"`},
	} {
		body, err := os.ReadFile(filepath.Join(testdataDir, file))
		if err != nil {
			t.Fatal(err)
		}
		published, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil || len(published.Items) == 0 {
			t.Fatalf("%s: gofeed reads %v, %v", file, published, err)
		}
		misspelt := bytes.Replace(body, []byte(spelling[0]), []byte(spelling[1]), 1)
		if bytes.Equal(misspelt, body) {
			t.Fatalf("%s declares no %s", file, spelling[0])
		}
		want[file] = len(published.Items)
		sources = append(sources, src(fs.serveBody("/"+file, misspelt)))
	}
	foreign := fs.serveBody("/foreign.xml", []byte(`<feed xmlns="urn:example:not-atom"><title>T</title>`+
		`<entry><title>Councils share a chief executive</title><link href="https://x.example/1"/><id>urn:1</id></entry>`+
		`<entry><title>Fire services merge</title><link href="https://x.example/2"/><id>urn:2</id></entry></feed>`))
	sources = append(sources, src(foreign))

	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(sources...))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Source.Name == "foreign.xml" {
			const reason = `not a feed that can be read: its 2 entries are in the XML namespace "urn:example:not-atom", not Atom's (http://www.w3.org/2005/Atom)`
			if r.Status != StatusFailed || r.Reason != reason {
				t.Errorf("foreign namespace: %s, %d new, %q; want failed with %q", r.Status, r.New, r.Reason, reason)
			}
			continue
		}
		// Daring Fireball gives one sponsor's headline twice, under two
		// links: the second is held back for editors, not lost.
		if got := r.New + len(r.HeldBack); r.Status != StatusFetched || got != want[r.Source.Name] || r.Skipped != 0 {
			t.Errorf("%s: %s, %d stories and %d held back of %d entries (%q)", r.Source.Name, r.Status, r.New, len(r.HeldBack), want[r.Source.Name], r.Reason)
		}
	}
	before := len(allStories(t, st))
	again, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.New != 0 || len(r.HeldBack) != 0 {
			t.Errorf("%s, polled again: %d new, %d held back", r.Source.Name, r.New, len(r.HeldBack))
		}
	}
	if after := len(allStories(t, st)); after != before {
		t.Errorf("%d stories after the second poll, %d before", after, before)
	}
}
