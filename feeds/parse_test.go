package feeds

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// entriesOf parses a feed served from feedURL and converts its items.
func entriesOf(t *testing.T, body, contentType, feedURL string) []entry {
	t.Helper()
	u := mustURL(t, feedURL)
	feed, err := parseFeed([]byte(body), contentType, u)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	ec := newEntryContext(feed, u, "Test", 400, time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC))
	var out []entry
	for i, it := range feed.Items {
		if e, ok := ec.toEntry(it, feed.extras[i]); ok {
			out = append(out, e)
		}
	}
	return out
}

func links(es []entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.story.URL)
	}
	return out
}

func TestRelativeLinksResolve(t *testing.T) {
	for _, tc := range []struct {
		name, feedURL, body string
		want                []string
	}{
		{"atom xml:base on the feed and an entry", "https://feeds.example.org/atom", `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://council.example.gov.uk/news/">
  <title>News</title>
  <entry><title>One</title><id>urn:1</id><link rel="alternate" href="2026/merger.html"/><updated>2026-11-18T10:00:00Z</updated></entry>
  <entry xml:base="/press/"><title>Two</title><id>urn:2</id><link href="release-7?utm_source=feed"/><updated>2026-11-18T10:00:00Z</updated></entry>
  <entry><title>Three</title><id>urn:3</id><link href="//cdn.example.net/story"/><updated>2026-11-18T10:00:00Z</updated></entry>
</feed>`, []string{
			"https://council.example.gov.uk/news/2026/merger.html",
			"https://council.example.gov.uk/press/release-7",
			"https://cdn.example.net/story",
		}},
		{"rss item xml:base", "https://feeds.example.org/rss", `<rss version="2.0"><channel><title>T</title><link>https://www.example.org/</link>
<item xml:base="https://blog.example.com/posts/"><title>A</title><link>first-post/</link></item>
</channel></rss>`, []string{"https://blog.example.com/posts/first-post/"}},
		// A base naming a file is resolved against as RFC 3986 says, from
		// the file's folder; gofeed takes every base for a folder.
		{"atom xml:base naming a file", "https://feeds.example.org/atom", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example.org/feeds/feed.xml?x=1&amp;y=2">
  <title>News</title>
  <entry><title>One</title><id>urn:1</id><link href="story/1"/><updated>2026-11-18T10:00:00Z</updated></entry>
  <entry xml:base="archive/index.php"><title>Two</title><id>urn:2</id><link href="2"/><updated>2026-11-18T10:00:00Z</updated></entry>
  <entry xml:base="https://blog.example.com"><title>Three</title><id>urn:3</id><link href="three"/><updated>2026-11-18T10:00:00Z</updated></entry>
  <entry xml:base="page.html"><title>Four</title><id>urn:4</id><link href="four"/><updated>2026-11-18T10:00:00Z</updated></entry>
</feed>`, []string{
			"https://news.example.org/feeds/story/1",
			"https://news.example.org/feeds/archive/2",
			"https://blog.example.com/three",
			"https://news.example.org/feeds/four",
		}},
		{"rss item xml:base naming a file", "https://feeds.example.org/rss", `<rss version="2.0"><channel><title>T</title><link>https://www.example.org/</link>
<item xml:base='https://blog.example.com/posts/feed.rss'><title>A</title><link>first-post/</link></item>
</channel></rss>`, []string{"https://blog.example.com/posts/first-post/"}},
		{"rss relative to the channel link", "https://feeds.example.org/rss/uk", `<rss version="2.0"><channel><title>T</title><link>https://www.ft.com</link>
<item><title>A</title><link>/content/abc</link><guid isPermaLink="false">abc</guid></item>
</channel></rss>`, []string{"https://www.ft.com/content/abc"}},
		{"rss relative to the feed URL without a channel link", "https://feeds.example.org/news/rss.xml", `<rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>story/1</link></item>
<item><title>B</title><link>javascript:alert(1)</link></item>
<item><title>C</title><guid>not-a-link</guid></item>
</channel></rss>`, []string{"https://feeds.example.org/news/story/1"}},
		{"json feed relative to home_page_url", "https://feeds.example.org/feed.json", `{"version":"https://jsonfeed.org/version/1.1","title":"T",
"home_page_url":"https://www.example.org/blog/","items":[{"id":"1","url":"posts/one","title":"One"},{"id":"https://www.example.org/two","title":"Two"}]}`,
			[]string{"https://www.example.org/blog/posts/one", "https://www.example.org/two"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := links(entriesOf(t, tc.body, "application/xml", tc.feedURL))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("links = %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	const title = "Câmara de Lisboa aprova orçamento"
	latin1, _ := charmap.Windows1252.NewEncoder().String(title)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(
		`<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>T</title><item><title>` + title + `</title><link>https://x.example/1</link></item></channel></rss>`)
	rss := func(decl, t string) string {
		return decl + `<rss version="2.0"><channel><title>T</title><item><title>` + t + `</title><link>https://x.example/1</link></item></channel></rss>`
	}
	for _, tc := range []struct{ name, body, contentType string }{
		{"utf-8", rss(`<?xml version="1.0" encoding="utf-8"?>`, title), ""},
		{"declared latin-1", rss(`<?xml version="1.0" encoding="ISO-8859-1"?>`, latin1), "text/xml; charset=utf-8"},
		{"undeclared latin-1", rss("", latin1), ""},
		{"latin-1 declared as utf-8", rss(`<?xml version="1.0" encoding="UTF-8"?>`, latin1), ""},
		{"latin-1 named by the header only", rss("", latin1), "application/rss+xml; charset=iso-8859-1"},
		{"utf-16 with a byte order mark", utf16, "application/xml"},
		{"utf-8 with a byte order mark", "\xEF\xBB\xBF" + rss(`<?xml version="1.0"?>`, title), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := entriesOf(t, tc.body, tc.contentType, "https://x.example/rss")
			if len(es) != 1 || es[0].story.Headline != title {
				t.Errorf("got %+v", es)
			}
		})
	}
}

func TestParseErrorsSayWhy(t *testing.T) {
	for _, tc := range []struct{ name, body, contentType, want string }{
		{"empty", "", "", "not a feed: the server sent an empty response"},
		{"blank", " \n\t", "", "not a feed: the server sent an empty response"},
		{"html by header", "<p>Welcome</p>", "text/html; charset=utf-8", "not a feed: the server sent an HTML page"},
		{"html by doctype", "<!DOCTYPE html><html><head><link rel=alternate type=application/atom+xml href=/feed.atom></head></html>", "",
			"not a feed: the server sent an HTML page (the page links to a feed at https://x.example/feed.atom)"},
		{"plain text", "Service Unavailable", "text/plain", `not a feed: the content is neither RSS, Atom nor JSON Feed (it starts "Service Unavailable")`},
		{"truncated rss", `<?xml version="1.0"?>` + "\n<rss version=\"2.0\">\n<channel><title>T</title>\n<item><title>A", "", "truncated XML at line 4"},
		{"broken xml", "<rss version=\"2.0\"><channel><title>T</title>\n<item <title>B</title></item></channel></rss>", "", "invalid XML at line 2: expected attribute name in element"},
		{"truncated json", `{"version":"https://jsonfeed.org/version/1","items":[{"title":"A`, "application/json", "truncated JSON at line 1"},
		{"invalid json", `{"version":"https://jsonfeed.org/version/1","items":[}]}`, "application/json", "invalid JSON at line 1"},
		// encoding/json stops at 10,000 levels; its own words ("invalid
		// character '[' exceeded max depth") are not an operator's.
		{"json nested too deep", `{"version":"https://jsonfeed.org/version/1","items":[{"x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]}`, "application/json",
			"invalid JSON at line 1: it nests values more than 10000 deep, which no feed needs; it was not read"},
		{"json of another shape", `{"version":"https://jsonfeed.org/version/1","items":"none"}`, "application/json", "not a JSON Feed"},
		{"json that is not a feed", `{"error":"rate limited"}`, "application/json", `not a feed: the server sent JSON without a JSON Feed version (it starts "{\"error\":\"rate limited\"}")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFeed([]byte(tc.body), tc.contentType, mustURL(t, "https://x.example/rss"))
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(pe.Reason, tc.want) {
				t.Errorf("got %v, want a ParseError starting %q", err, tc.want)
			}
		})
	}
}

func TestEntryFields(t *testing.T) {
	fetched := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	es := entriesOf(t, `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://news.example/</link>
<item>
  <title>  Councils   &amp; NHS &lt;b&gt;agree&lt;/b&gt; shared plan </title>
  <link>https://News.Example/a?utm_source=rss&amp;id=7#comments</link>
  <guid isPermaLink="false"> guid-1 </guid>
  <description><![CDATA[<p>The councils <em>expect</em> to save &pound;2m a year.</p> <a href="https://news.example/a">Continue reading...</a>]]></description>
  <pubDate>Wed, 18 Nov 2026 10:00:00 +0000</pubDate>
</item>
<item>
  <link>https://news.example/b</link>
  <content:encoded><![CDATA[<p>Only content here, no title and no description.</p>]]></content:encoded>
  <pubDate>Fri, 18 Nov 2039 10:00:00 +0000</pubDate>
</item>
<item><title>No date</title><link>https://news.example/c</link><description>No date</description></item>
</channel></rss>`, "", "https://news.example/rss")
	if len(es) != 3 {
		t.Fatalf("%d entries", len(es))
	}
	a := es[0]
	if a.story.Headline != "Councils & NHS agree shared plan" || a.story.URL != "https://news.example/a?id=7" ||
		a.story.Summary != "The councils expect to save £2m a year." || a.guid != "guid-1" || a.story.Source != "Test" ||
		!a.story.PublishedAt.Equal(time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("first entry %+v", a)
	}
	b := es[1]
	if b.story.Headline != "Only content here, no title and no description." || b.story.Summary != b.story.Headline && b.story.Summary != "" {
		t.Errorf("second entry %+v", b.story)
	}
	if !b.story.PublishedAt.Equal(fetched) {
		t.Errorf("a date years ahead became %v, want the fetch time", b.story.PublishedAt)
	}
	c := es[2]
	if c.story.Summary != "" || !c.story.PublishedAt.Equal(fetched) {
		t.Errorf("third entry %+v", c.story)
	}
}

func TestSummaryIsCutAtAWord(t *testing.T) {
	long := strings.Repeat("Shared services save money for councils. ", 40)
	u := mustURL(t, "https://x.example/rss")
	feed, err := parseFeed([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://x.example/1</link><description>`+long+`</description></item></channel></rss>`), "", u)
	if err != nil {
		t.Fatal(err)
	}
	ec := newEntryContext(feed, u, "T", 100, time.Now())
	e, _ := ec.toEntry(feed.Items[0], feed.extras[0])
	got := e.story.Summary
	kept := strings.TrimSuffix(got, "…")
	if len([]rune(got)) > 100 || kept == got || !strings.HasPrefix(long, kept+" ") {
		t.Errorf("summary %q", got)
	}
	if !strings.Contains(e.filterText(), long[len(long)-60:len(long)-1]) {
		t.Error("filters do not see the whole summary")
	}
}

// TestMistypedJSONItemCostsLittle: an item with a member of the wrong
// type is decoded again without it, and the members the item does not
// read are not tried one by one: an item of a thousand of them and one
// mistyped took 17 allocations a member (a hostile 5 MB feed ten times as
// long to read as without the mistyped one); it takes about three, those
// of finding the members. A mistyped member in other capitals ("TAGS") is
// left out too.
func TestMistypedJSONItemCostsLittle(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"id":"1","url":"https://x.example/1","title":"Councils agree a shared chief executive","TAGS":5`)
	const members = 1000
	for k := range members {
		fmt.Fprintf(&b, `,"x%d":1`, k)
	}
	obj := json.RawMessage(b.String() + "}")
	it, ok := jsonItem(obj)
	if !ok || it.Title != "Councils agree a shared chief executive" || it.URL != "https://x.example/1" || len(it.Tags) != 0 {
		t.Fatalf("jsonItem: %v %+v", ok, it)
	}
	if allocs := testing.AllocsPerRun(3, func() { jsonItem(obj) }); allocs > 5*members {
		t.Errorf("%v allocations for an item of %d members, one mistyped; want at most %d", allocs, members, 5*members)
	}
}
