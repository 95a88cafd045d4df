package feeds

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestEveryRealEntryIsAccountedFor is an outside check of the real test
// feeds: each is polled once into a database of its own, and read again
// by gofeed alone, as a reader's count. Every entry gofeed reads is
// stored, held back for editors, counted a duplicate or counted left out
// (what /shared news health and the poll's log show), and no more are
// counted duplicates than a reader would call the same: an entry whose
// headline and link both repeat an earlier one's. Two entries with one
// headline under different links, or one link under different
// headlines, are two stories or one held back, never a silent duplicate.
func TestEveryRealEntryIsAccountedFor(t *testing.T) {
	entries, err := os.ReadDir(testdataDir)
	if err != nil {
		t.Fatal(err)
	}
	fs := newFeedServer(t)
	for _, e := range entries {
		name := e.Name()
		if _, bad := malformed[name]; bad {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(testdataDir, name))
		if err != nil {
			t.Fatal(err)
		}
		outside, err := gofeed.NewParser().Parse(bytes.NewReader(raw))
		if err != nil {
			t.Logf("%-50s gofeed alone cannot read it (%v)", name, err)
			continue
		}
		same, seen := 0, map[[2]string]bool{}
		for _, it := range outside.Items {
			k := [2]string{strings.Join(strings.Fields(strings.ToLower(it.Title)), " "), strings.TrimSpace(it.Link)}
			if seen[k] {
				same++
			}
			seen[k] = true
		}
		st := storetest.Open(t, "")
		results, err := newPoller(t, st, feedsConfig(src(fs.serveFile(t, name)))).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r := results[0]
		stored := len(allStories(t, st))
		accounted := r.New + len(r.HeldBack) + r.Duplicates + r.Skipped
		t.Logf("%-50s entries %4d (reader's repeats %d): stored %4d, held back %d, duplicates %d, left out %d",
			name, len(outside.Items), same, stored, len(r.HeldBack), r.Duplicates, r.Skipped)
		if r.Status != StatusFetched || stored != r.New || accounted != len(outside.Items) {
			t.Errorf("%s: %s (%s): %d entries, %d accounted for (%d stored)", name, r.Status, r.Reason, len(outside.Items), accounted, stored)
		}
		if r.Duplicates > same {
			t.Errorf("%s: %d entries counted duplicates, a reader sees %d repeated", name, r.Duplicates, same)
		}
	}
}

// TestOnePageUnderTwoLinksAndTwoPagesUnderOneHeadline: in one feed, one
// page under other spellings of its link (tracking parameters, "www.",
// a trailing slash, http for https) is one story and its entries are
// counted duplicates; the same headline on another page is never a
// silent duplicate: it is a story, or held back for editors.
func TestOnePageUnderTwoLinksAndTwoPagesUnderOneHeadline(t *testing.T) {
	const headline = "Councils agree to share a chief executive"
	item := func(title, link, guid string) string {
		return `<item><title>` + title + `</title><link>` + link + `</link><guid isPermaLink="false">` + guid + `</guid><description>The two councils will share one chief executive from April.</description></item>`
	}
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	url := fs.serveBody("/spellings.xml", rssOf(
		item(headline, "https://news.example.org/councils/share-ceo", "1")+
			item(headline, "https://www.news.example.org/councils/share-ceo?utm_source=rss&amp;utm_medium=feed", "1")+
			item(headline, "http://news.example.org/councils/share-ceo/", "1")+
			item(headline, "https://news.example.org/councils/share-ceo-2", "2")))
	results, err := newPoller(t, st, feedsConfig(src(url))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	stories := allStories(t, st)
	pages := map[string]bool{}
	for _, s := range stories {
		pages[s.URL] = true
	}
	for _, h := range r.HeldBack {
		pages[h.Entry.URL] = true
	}
	t.Logf("%d new, %d held back, %d duplicates; pages %v", r.New, len(r.HeldBack), r.Duplicates, pages)
	if !pages["https://news.example.org/councils/share-ceo"] || !pages["https://news.example.org/councils/share-ceo-2"] || len(pages) != 2 {
		t.Errorf("pages stored or held back: %v, want the two pages once each", pages)
	}
	if r.New+len(r.HeldBack)+r.Duplicates != 4 || r.Duplicates != 2 {
		t.Errorf("%d new, %d held back, %d duplicates; want the two respellings counted duplicates", r.New, len(r.HeldBack), r.Duplicates)
	}
}
