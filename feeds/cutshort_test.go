package feeds

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// storiesRSS is an RSS feed of n stories on site, each with a title, a
// link and a description, one item a line.
func storiesRSS(site string, n int) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Council news</title><link>https://x.example/</link>\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<item><title>Council story number %d on %s</title><link>https://%s/news/%d</link><description>What the council did, part %d.</description></item>\n", i, site, site, i, i)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// cutInFourth is storiesRSS(site, 6) cut in the middle of its fourth item.
func cutInFourth(site string) string {
	full := storiesRSS(site, 6)
	return full[:strings.Index(full, "/news/4</link>")]
}

// TestFeedCutShortKeepsItsCompleteEntries: a feed that ends in the middle
// (the connection dropped, feeds.max_bytes cut it, or the server sent a
// file cut short) gives the entries that arrived complete before the cut,
// as other feed readers do, and fails saying it was cut short after them:
// its validators are not kept, so the next poll asks for the whole feed.
func TestFeedCutShortKeepsItsCompleteEntries(t *testing.T) {
	cut := cutInFourth("dropped.example")
	dropped := "http://" + listen(t, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 4096)
		conn.Read(buf)
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s", len(cut)+500, cut)
	})
	fs := newFeedServer(t)
	atomCut := `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title type="text">Rates &lt;main&gt; rise</title><id>urn:1</id><link href="https://x.example/a/1"/></entry>
<entry><title>Second story</title><id>urn:2</id><link href="https://x.example/a/2"/></entry>
<entry><title>Third st`
	big := storiesRSS("big.example", 200)
	f := feedsConfig(src(dropped+"/dropped"), src(fs.serveBody("/file-cut", []byte(cutInFourth("file.example")))),
		src(fs.serveBody("/atom-cut", []byte(atomCut))), src(fs.serveBody("/over-cap", []byte(big))))
	f.MaxBytes = 4096
	st := storetest.Open(t, "")
	p := newPoller(t, st, f)
	ctx := context.Background()
	results, err := p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	overCap := strings.Count(big[:4096], "</item>")
	want := map[string]struct {
		reason string
		new    int
	}{
		"dropped":  {"the server closed the connection before it finished answering while reading the feed; it was cut short after 3 entries, which were read", 3},
		"file-cut": {"truncated XML at line 6: the feed ends before its closing tags; it was cut short after 3 entries, which were read", 3},
		"atom-cut": {"truncated XML at line 4: the feed ends before its closing tags; it was cut short after 2 entries, which were read", 2},
		"over-cap": {fmt.Sprintf("the feed is larger than feeds.max_bytes (4096 bytes); it was cut short there after %d entries, which were read", overCap), overCap},
	}
	for _, r := range results {
		w := want[r.Source.Name]
		if r.Status != StatusFailed || r.Reason != w.reason || r.New != w.new {
			t.Errorf("%s: %s %q, %d new; want failed %q, %d new", r.Source.Name, r.Status, r.Reason, r.New, w.reason, w.new)
		}
	}
	stories := allStories(t, st)
	if len(stories) != 3+3+2+overCap {
		t.Errorf("%d stories stored, want %d", len(stories), 3+3+2+overCap)
	}
	for _, s := range stories {
		if s.URL == "https://x.example/a/1" && s.Headline != "Rates <main> rise" {
			t.Errorf("the Atom entries lost what gofeed does not keep: %q", s.Headline)
		}
		if strings.HasSuffix(s.URL, "/news/4") && !strings.Contains(s.URL, "big.example") {
			t.Errorf("the entry cut in the middle was stored: %+v", s)
		}
	}
	// What /shared feeds shows: the failure, and the stories it gave.
	health, err := st.FeedHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h := health[fs.URL+"/file-cut"]; h.LastStatus != "failed" || h.LastNewStories != 3 || !strings.Contains(h.LastError, "cut short after 3 entries") {
		t.Errorf("/shared feeds is told %+v", h)
	}
	// The next poll asks for the whole feed again (a cut feed's ETag is
	// not kept), and reads the entries it now has whole.
	fs.serveBody("/file-cut", []byte(storiesRSS("file.example", 6)))
	results, err = p.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Source.Name == "file-cut" && (r.Status != StatusFetched || r.New != 3) {
			t.Errorf("file-cut whole again: %s %q, %d new", r.Status, r.Reason, r.New)
		}
	}
	if n := fs.fullCount("/atom-cut"); n != 2 {
		t.Errorf("the cut Atom feed was answered in full %d times in two polls: its validators were kept", n)
	}
}

// TestFeedCutBeforeItsFirstEntry: a feed cut short before any entry was
// complete fails as before, with nothing read.
func TestFeedCutBeforeItsFirstEntry(t *testing.T) {
	full := storiesRSS("x.example", 2)
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	results, err := newPoller(t, st, feedsConfig(src(fs.serveBody("/cut", []byte(full[:strings.Index(full, "</item>")]))))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFailed || r.New != 0 || strings.Contains(r.Reason, "cut short") || !strings.HasPrefix(r.Reason, "truncated XML") {
		t.Errorf("%s %q, %d new", r.Status, r.Reason, r.New)
	}
}

// storiesJSON is a JSON Feed of n stories on site, one item a line, its
// version first as JSON Feed generators write it.
func storiesJSON(site string, n int) string {
	var b strings.Builder
	b.WriteString(`{"version": "https://jsonfeed.org/version/1.1", "title": "Council news", "home_page_url": "https://x.example/", "items": [` + "\n")
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "%d", "title": "Council story number %d on %s", "url": "https://%s/news/%d", "content_text": "What the council did, part %d."}`, i, i, site, site, i, i)
	}
	b.WriteString("\n]}\n")
	return b.String()
}

// TestJSONFeedCutShortKeepsItsCompleteItems: a JSON Feed that ends in the
// middle failed whole ("truncated JSON"), its complete items lost, where
// an XML feed cut so keeps its complete entries. It now keeps them the
// same way, counted the same way, and still fails.
func TestJSONFeedCutShortKeepsItsCompleteItems(t *testing.T) {
	full := storiesJSON("file.example", 6)
	fileCut := full[:strings.Index(full, "/news/4")]
	droppedCut := strings.ReplaceAll(fileCut, "file.example", "dropped.example")
	dropped := "http://" + listen(t, func(conn net.Conn) {
		defer conn.Close()
		buf := make([]byte, 4096)
		conn.Read(buf)
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/feed+json\r\nContent-Length: %d\r\n\r\n%s", len(droppedCut)+500, droppedCut)
	})
	fs := newFeedServer(t)
	big := storiesJSON("big.example", 200)
	// Cut after its items, in a member that follows them.
	after := strings.TrimSuffix(storiesJSON("after.example", 2), "\n]}\n") + "\n], \"authors\": [{\"name\": \"Press off"
	// Cut before its first item was whole.
	early := full[:strings.Index(full, "/news/1")]
	f := feedsConfig(src(dropped+"/dropped"), src(fs.serveBody("/file-cut", []byte(fileCut))),
		src(fs.serveBody("/over-cap", []byte(big))), src(fs.serveBody("/after-items", []byte(after))),
		src(fs.serveBody("/early", []byte(early))))
	f.MaxBytes = 4096
	st := storetest.Open(t, "")
	p := newPoller(t, st, f)
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	overCap := strings.Count(big[:4096], `"},`)
	want := map[string]struct {
		reason string
		new    int
	}{
		"dropped":     {"the server closed the connection before it finished answering while reading the feed; it was cut short after 3 entries, which were read", 3},
		"file-cut":    {"truncated JSON at line 5: the feed ends in the middle; it was cut short after 3 entries, which were read", 3},
		"over-cap":    {fmt.Sprintf("the feed is larger than feeds.max_bytes (4096 bytes); it was cut short there after %d entries, which were read", overCap), overCap},
		"after-items": {"truncated JSON at line 4: the feed ends in the middle; it was cut short after 2 entries, which were read", 2},
		"early":       {"truncated JSON at line 2: the feed ends in the middle", 0},
	}
	for _, r := range results {
		w := want[r.Source.Name]
		if r.Status != StatusFailed || r.Reason != w.reason || r.New != w.new {
			t.Errorf("%s: %s %q, %d new; want failed %q, %d new", r.Source.Name, r.Status, r.Reason, r.New, w.reason, w.new)
		}
	}
	stories := allStories(t, st)
	if len(stories) != 3+3+overCap+2 {
		t.Errorf("%d stories stored, want %d", len(stories), 3+3+overCap+2)
	}
	for _, s := range stories {
		if strings.HasSuffix(s.URL, "/news/4") && !strings.Contains(s.URL, "big.example") {
			t.Errorf("the item cut in the middle was stored: %+v", s)
		}
	}
}
