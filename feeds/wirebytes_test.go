package feeds

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store/storetest"
)

// pollBody serves body at path with contentType ("" for none) from a
// loopback feed server, polls it once with the real poller into a real
// store, and returns the stories it queued.
func pollBody(t *testing.T, path string, body []byte, contentType string) []digest.Story {
	t.Helper()
	fs := newFeedServer(t)
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(fs.serveTyped(path, body, contentType))))
	results, err := p.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Status != StatusFetched {
		t.Fatalf("%s: %s (%s)", path, r.Status, r.Reason)
	}
	return allStories(t, st)
}

// oneStory is the one story pollBody queued.
func oneStory(t *testing.T, path string, body []byte, contentType string) digest.Story {
	t.Helper()
	stories := pollBody(t, path, body, contentType)
	if len(stories) != 1 {
		t.Fatalf("%s: %d stories, want 1", path, len(stories))
	}
	return stories[0]
}

// rssWith is an RSS 2.0 feed of one item, with an XML declaration of
// encoding (none when "").
func rssWith(encoding, item string) []byte {
	decl := `<?xml version="1.0"?>`
	if encoding != "" {
		decl = `<?xml version="1.0" encoding="` + encoding + `"?>`
	}
	return []byte(decl + "\n<rss version=\"2.0\"><channel><title>Council news</title><link>https://www.council.example/</link>\n" +
		item + "\n</channel></rss>\n")
}

// TestHeadlineTextCouncilsSend serves the text that councils' feeds write
// in their headlines and summaries, and reads the story stored.
func TestHeadlineTextCouncilsSend(t *testing.T) {
	rss := func(title, description string) []byte {
		return rssWith("UTF-8", `<item><title>`+title+`</title><link>https://www.council.example/news/1</link>`+
			`<description>`+description+`</description></item>`)
	}
	for _, c := range []struct {
		name          string
		body          []byte
		headline, sum string
	}{
		{"escaped twice", rss("Roads &amp;amp; bridges: the council&amp;#8217;s plan", "Roads &amp;amp;amp; bridges"),
			"Roads & bridges: the council’s plan", "Roads & bridges"},
		{"tags in a CDATA headline", rss("<![CDATA[<b>Council</b> tax <i>frozen</i>]]>", "Frozen for a year."),
			"Council tax frozen", "Frozen for a year."},
		{"newlines and tabs in a headline", rss("Council tax\n\t\tfrozen\r\n  for 2027", "Frozen."),
			"Council tax frozen for 2027", "Frozen."},
		{"C1 references", rss("Budget 2027 &#150; the council&#146;s plan &#151; in full", "&#147;Fair&#148;, says the leader"),
			"Budget 2027 – the council’s plan — in full", "“Fair”, says the leader"},
		{"an entity escaped twice", rss("Council&amp;nbsp;tax: &amp;pound;5m", "x"), "Council tax: £5m", "x"},
		{"a line break in a CDATA headline", rss("<![CDATA[Council<br>tax]]>", "x"), "Council tax", "x"},
		{"C1 references in hexadecimal, and C1 characters", rss("Budget &#x96; plan \u0092s", "x"), "Budget – plan ’s", "x"},
		{"a line separator", rss("Budget&#8232;plan", "x"), "Budget plan", "x"},
		{"invisible characters", rss("Council\u200b tax&#173;payers", "x"), "Council taxpayers", "x"},
		{"a summary that is only an image", rss("Council tax frozen", `&lt;img src="https://www.council.example/a.jpg" alt=""&gt;`),
			"Council tax frozen", ""},
		{"RSS 1.0", []byte(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
			`<channel rdf:about="https://www.council.example/"><title>C</title><link>https://www.council.example/</link></channel>` +
			`<item rdf:about="https://www.council.example/news/1"><title>Council tax &amp; rents</title><link>https://www.council.example/news/1</link>` +
			`<description>Frozen &lt;b&gt;again&lt;/b&gt;.</description></item></rdf:RDF>`),
			"Council tax & rents", "Frozen again."},
		{"Atom xhtml", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>C</title><id>tag:c,2026:f</id><updated>2026-11-18T10:00:00Z</updated>` +
			`<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Council tax &amp; <b>rents</b></div></title>` +
			`<link href="https://www.council.example/news/1"/><id>tag:c,2026:1</id><updated>2026-11-18T10:00:00Z</updated>` +
			`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Frozen &lt;again&gt; &amp; <em>for</em> 2027.</p></div></content></entry></feed>`),
			"Council tax & rents", "Frozen <again> & for 2027."},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := oneStory(t, "/feed.xml", c.body, "application/xml")
			if s.Headline != c.headline || s.Summary != c.sum {
				t.Errorf("%q | %q, want %q | %q", s.Headline, s.Summary, c.headline, c.sum)
			}
		})
	}
	t.Run("JSON Feed", func(t *testing.T) {
		s := oneStory(t, "/feed.json", []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"C","items":[`+
			`{"id":"1","url":"https://www.council.example/news/1","title":"Council tax &amp; rents\n\tfrozen","content_html":"<p>Frozen &amp; <b>fair</b>.</p>"}]}`),
			"application/feed+json")
		if s.Headline != "Council tax & rents frozen" || s.Summary != "Frozen & fair." {
			t.Errorf("%q | %q", s.Headline, s.Summary)
		}
	})
}

// TestLinksCouncilsSend serves the links councils' feeds write and reads
// the link each story was stored with.
func TestLinksCouncilsSend(t *testing.T) {
	item := func(inner string) []byte {
		return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>` +
			`<item><title>Council tax frozen</title>` + inner + `</item></channel></rss>`)
	}
	for _, c := range []struct {
		name string
		body []byte
		want string
	}{
		{"spaces and non-ASCII in a path", item(`<link>https://www.council.example/news/road works/Łódź visit</link>`),
			"https://www.council.example/news/road%20works/%C5%81%C3%B3d%C5%BA%20visit"},
		{"non-ASCII in a query", item(`<link>https://www.council.example/search?q=Łódź&amp;page=2</link>`),
			"https://www.council.example/search?page=2&q=%C5%81%C3%B3d%C5%BA"},
		{"protocol-relative", item(`<link>//www.council.example/news/1</link>`), "http://www.council.example/news/1"},
		{"a space not breaking after a link", item(`<link>https://www.council.example/news/1&#160;</link>`), "https://www.council.example/news/1"},
		{"invisible characters pasted into a link", item("<link>\u200bhttps://www.council.example/news/road-\u00adworks\u200b\u200e</link>"),
			"https://www.council.example/news/road-works"},
		{"a link isolated as a word processor pastes it", item("<link>\u2068https://www.council.example/news/road-works\u2069</link>"),
			"https://www.council.example/news/road-works"},
		{"backslashes for slashes", item(`<link>https://www.council.example\news\1?q=a\b</link>`), "https://www.council.example/news/1?q=a%5Cb"},
		{"an IDN host", item(`<link>https://www.bücher.example/news/1</link>`), "https://www.xn--bcher-kva.example/news/1"},
		{"a permalink GUID and no link", item(`<guid isPermaLink="true">https://www.council.example/news/7</guid>`),
			"https://www.council.example/news/7"},
		{"Atom: alternate over enclosure and related", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>C</title><id>tag:c,2026:f</id><updated>2026-11-18T10:00:00Z</updated>` +
			`<entry><title>Council tax frozen</title><id>tag:c,2026:1</id><updated>2026-11-18T10:00:00Z</updated>` +
			`<link rel="enclosure" type="audio/mpeg" href="https://media.council.example/1.mp3"/>` +
			`<link rel="related" href="https://www.other.example/story"/>` +
			`<link rel="alternate" type="text/html" href="https://www.council.example/news/1"/></entry></feed>`),
			"https://www.council.example/news/1"},
		{"xml:base in CDATA is text", []byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.council.example/news/feed.xml"><title>C</title><id>tag:c,2026:f</id><updated>2026-11-18T10:00:00Z</updated>` +
			`<entry><title>Council tax frozen</title><id>tag:c,2026:1</id><updated>2026-11-18T10:00:00Z</updated><link href="1"/>` +
			`<summary type="html"><![CDATA[Set <code>xml:base="https://www.council.example/feed.xml"</code> on the feed.]]></summary></entry></feed>`),
			"https://www.council.example/news/1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := oneStory(t, "/feed.xml", c.body, "application/xml")
			if s.URL != c.want {
				t.Errorf("link %q, want %q", s.URL, c.want)
			}
			if c.name == "xml:base in CDATA is text" && !strings.Contains(s.Summary, `xml:base="https://www.council.example/feed.xml"`) {
				t.Errorf("summary %q: the text in CDATA changed", s.Summary)
			}
		})
	}
	t.Run("relative links after a redirect", func(t *testing.T) {
		fs := newFeedServer(t)
		fs.serveBody("/news/rss/feed.xml", item(`<link>2027/budget</link>`))
		fs.redirectFrom("/rss", "/news/rss/", "/news/rss/feed.xml", http.StatusMovedPermanently)
		st := storetest.Open(t, "")
		p := newPoller(t, st, feedsConfig(src(fs.URL+"/rss")))
		if _, err := p.PollOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		stories := allStories(t, st)
		if len(stories) != 1 || stories[0].URL != fs.URL+"/news/rss/2027/budget" {
			t.Errorf("%+v", stories)
		}
	})
}
