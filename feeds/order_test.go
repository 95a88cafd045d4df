package feeds

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// datedItems is an RSS (or, atom, Atom) feed of n entries dated a day
// apart from 2020, oldest first when ascending, else newest first; dated
// false leaves their dates out. Entry i is "Story i", linked /i.
func datedItems(n int, ascending, dated, atom bool) []byte {
	var b strings.Builder
	if atom {
		b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Archive</title>` + "\n")
	} else {
		b.WriteString(`<rss version="2.0"><channel><title>Archive</title><link>https://archive.example/</link>` + "\n")
	}
	start := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC)
	for k := range n {
		i := k
		if !ascending {
			i = n - 1 - k
		}
		when := start.AddDate(0, 0, i)
		switch {
		case atom && dated:
			fmt.Fprintf(&b, "<entry><title>Story %d</title><id>urn:s:%d</id><link href=\"https://archive.example/%d\"/><updated>%s</updated></entry>\n", i, i, i, when.Format(time.RFC3339))
		case atom:
			fmt.Fprintf(&b, "<entry><title>Story %d</title><id>urn:s:%d</id><link href=\"https://archive.example/%d\"/></entry>\n", i, i, i)
		case dated:
			fmt.Fprintf(&b, "<item><title>Story %d</title><link>https://archive.example/%d</link><pubDate>%s</pubDate></item>\n", i, i, when.Format(time.RFC1123Z))
		default:
			fmt.Fprintf(&b, "<item><title>Story %d</title><link>https://archive.example/%d</link></item>\n", i, i)
		}
	}
	if atom {
		b.WriteString("</feed>\n")
	} else {
		b.WriteString("</channel></rss>\n")
	}
	return []byte(b.String())
}

// TestLongFeedKeepsItsNewestEntries: a feed with more entries than a poll
// reads keeps its newest, by date, whichever order it lists them in (an
// archive listed oldest first kept its oldest and never its new stories);
// undated, it keeps those it lists first, as feeds list the newest. The
// entries left out are counted.
func TestLongFeedKeepsItsNewestEntries(t *testing.T) {
	const n = MaxEntries + 250
	cases := []struct {
		name                   string
		ascending, dated, atom bool
		newest, oldest         int // the newest and oldest stories kept
	}{
		{"rss-oldest-first", true, true, false, n - 1, 250},
		{"rss-newest-first", false, true, false, n - 1, 250},
		{"atom-oldest-first", true, true, true, n - 1, 250},
		{"undated-listed-first", true, false, false, MaxEntries - 1, 0},
	}
	fs := newFeedServer(t)
	// pollKept polls a feed of n entries served at path into a new store
	// and returns the headlines stored: MaxEntries new, 250 left out.
	pollKept := func(t *testing.T, path string, body []byte) map[string]bool {
		t.Helper()
		st := storetest.Open(t, "")
		results, err := newPoller(t, st, feedsConfig(src(fs.serveBody(path, body)))).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched || r.New != MaxEntries || r.Skipped != 250 {
			t.Errorf("%s: %d new, %d skipped (%s)", r.Status, r.New, r.Skipped, r.Reason)
		}
		kept := map[string]bool{}
		for _, s := range allStories(t, st) {
			kept[s.Headline] = true
		}
		return kept
	}
	jsonFeed := func(ascending bool) []byte {
		var items []string
		for k := range n {
			i := k
			if !ascending {
				i = n - 1 - k
			}
			items = append(items, fmt.Sprintf(`{"id":"%d","url":"https://archive.example/%d","title":"Story %d","date_published":"%s"}`,
				i, i, i, time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.RFC3339)))
		}
		return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"Archive","items":[` + strings.Join(items, ",") + `]}`)
	}
	for _, c := range []struct {
		name      string
		ascending bool
	}{{"json-oldest-first.json", true}, {"json-newest-first.json", false}} {
		t.Run(c.name, func(t *testing.T) {
			kept := pollKept(t, "/"+c.name, jsonFeed(c.ascending))
			if !kept[fmt.Sprintf("Story %d", n-1)] || kept["Story 249"] {
				t.Errorf("kept the newest %v, kept Story 249 %v", kept[fmt.Sprintf("Story %d", n-1)], kept["Story 249"])
			}
		})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kept := pollKept(t, "/"+c.name, datedItems(n, c.ascending, c.dated, c.atom))
			for _, want := range []int{c.newest, c.oldest} {
				if !kept[fmt.Sprintf("Story %d", want)] {
					t.Errorf("Story %d was not kept", want)
				}
			}
			if left := c.oldest - 1; left >= 0 && kept[fmt.Sprintf("Story %d", left)] {
				t.Errorf("Story %d was kept, and a newer one left out", left)
			}
		})
	}
}

// TestWhatAFeedLeftOutIsStored: the entries a poll read but did not store
// for a reason other than being duplicates (no web link, past the entries
// a poll reads) are counted in its result and stored for /shared feeds,
// and so are its new stories its filters left on the newswire. A poll
// answered 304 keeps what the feed left out (it is the same feed) and
// has no new stories.
func TestWhatAFeedLeftOutIsStored(t *testing.T) {
	body := strings.Replace(string(datedItems(MaxEntries+3, true, true, false)), "</channel>",
		"<item><title>Click me</title><link>javascript:alert(1)</link></item>\n<item><title>No link either</title></item>\n</channel>", 1)
	body = strings.Replace(body, "<title>Story 1002</title>", "<title>Story 1002 about bins</title>", 1)
	fs := newFeedServer(t)
	source := src(fs.serveBody("/archive", []byte(body)))
	source.Exclude = []string{"bins"}
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(source))
	ctx := context.Background()
	results, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Of 1,005 entries, the last 1,000 are read (the feed lists them
	// oldest first): 998 stories and the 2 without a link.
	want := store.LeftOut{NoLink: 2, PastLimit: 5}
	if r := results[0]; r.Status != StatusFetched || r.LeftOut != want || r.Filtered != 1 || r.New != MaxEntries-2 {
		t.Errorf("%s: left out %+v, %d filtered, %d new (%s)", r.Status, r.LeftOut, r.Filtered, r.New, r.Reason)
	}
	for poll := 1; poll <= 2; poll++ {
		health, err := st.FeedHealths(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h := health[source.URL]
		if h.LeftOut != want || h.LastFiltered != map[int]int{1: 1, 2: 0}[poll] {
			t.Errorf("poll %d (%s): stored left out %+v, %d filtered", poll, h.LastStatus, h.LeftOut, h.LastFiltered)
		}
		if poll == 1 {
			if results, err = p.PollOnce(ctx); err != nil || results[0].Status != StatusNotModified {
				t.Fatalf("second poll: %+v %v", results, err)
			}
		}
	}
	if got := LeftOutWords(want); strings.Join(got, " and ") != "2 entries without a web link and the 5 oldest entries (a poll reads 1,000)" {
		t.Errorf("in words: %q", got)
	}
}

// TestOldestFirstWithAnUndatedEntry: the order is read from the first and
// last entries that have a date; one without a date at either end (a
// pinned notice) does not hide it.
func TestOldestFirstWithAnUndatedEntry(t *testing.T) {
	const n = MaxEntries + 10
	body := strings.Replace(string(datedItems(n, true, true, false)), "<item>",
		"<item><title>Pinned notice</title><link>https://archive.example/pinned</link></item>\n<item>", 1)
	body = strings.Replace(body, "</channel>", "<item><title>Another notice</title><link>https://archive.example/notice</link></item>\n</channel>", 1)
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	if _, err := newPoller(t, st, feedsConfig(src(fs.serveBody("/pinned", []byte(body))))).PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, s := range allStories(t, st) {
		kept[s.Headline] = true
	}
	if !kept[fmt.Sprintf("Story %d", n-1)] || kept["Story 0"] {
		t.Errorf("kept the newest %v, kept the oldest %v", kept[fmt.Sprintf("Story %d", n-1)], kept["Story 0"])
	}
}
