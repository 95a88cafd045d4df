package feeds

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// feedCase is one feed served on loopback, and what polling it must store.
type feedCase struct {
	name        string
	body        []byte
	contentType string // "" sends no Content-Type at all
	// headline is the one story's headline; published its date (zero: the
	// fetch time).
	headline  string
	summary   string
	published time.Time
}

// pollCases serves each case at its own path and polls each into a
// database of its own (the cases share links), returning the stories by
// feed name.
func pollCases(t *testing.T, cases []feedCase) map[string][]digest.Story {
	t.Helper()
	fs := newFeedServer(t)
	out := map[string][]digest.Story{}
	for _, c := range cases {
		st := storetest.Open(t, "")
		results, err := newPoller(t, st, feedsConfig(src(fs.serveTyped("/"+c.name, c.body, c.contentType)))).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched {
			t.Errorf("%s: %s (%s)", r.Source.Name, r.Status, r.Reason)
		}
		out[c.name] = allStories(t, st)
	}
	return out
}

func checkCases(t *testing.T, cases []feedCase) {
	t.Helper()
	got := pollCases(t, cases)
	for _, c := range cases {
		stories := got[c.name]
		if len(stories) != 1 {
			t.Errorf("%s: %d stories %+v", c.name, len(stories), stories)
			continue
		}
		s := stories[0]
		if s.Headline != c.headline {
			t.Errorf("%s: headline %q, want %q", c.name, s.Headline, c.headline)
		}
		if c.summary != "" && s.Summary != c.summary {
			t.Errorf("%s: summary %q, want %q", c.name, s.Summary, c.summary)
		}
		if !c.published.IsZero() && !s.PublishedAt.Equal(c.published) {
			t.Errorf("%s: published %v, want %v", c.name, s.PublishedAt, c.published)
		}
	}
}

// datedRSS is an RSS feed of one story, headed title, whose pubDate is
// date.
func datedRSS(title, date string) []byte {
	return []byte(`<rss version="2.0"><channel><title>T</title><item><title>` + title + `</title><link>https://x.example/1</link><pubDate>` +
		date + `</pubDate></item></channel></rss>`)
}

// datedAtom is an Atom feed of one entry, headed title, whose date
// element (updated, published) is date.
func datedAtom(title, element, date string) []byte {
	return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title +
		`</title><id>urn:1</id><link href="https://x.example/1"/><` + element + `>` + date + `</` + element + `></entry></feed>`)
}

// datedJSON is a JSON Feed of one item, headed title, published on date.
func datedJSON(title, date string) []byte {
	return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/1","title":"` + title +
		`","date_published":"` + date + `"}]}`)
}

func rssItem(decl, title string) string {
	return decl + `<rss version="2.0"><channel><title>T</title><item><title>` + title +
		`</title><link>https://x.example/1</link></item></channel></rss>`
}

// TestWindows1252Punctuation: bytes 0x80–0x9F are Windows-1252's curly
// quotes and dashes wherever a feed says Latin-1, says nothing, or has
// them as C1 characters.
func TestWindows1252Punctuation(t *testing.T) {
	const want = "Council’s budget – what’s next"
	cp1252, _ := charmap.Windows1252.NewEncoder().String(want)
	checkCases(t, []feedCase{
		{name: "declared-iso-8859-1", body: []byte(rssItem(`<?xml version="1.0" encoding="ISO-8859-1"?>`, cp1252)), headline: want},
		{name: "declared-latin1", body: []byte(rssItem(`<?xml version='1.0' encoding='latin1'?>`, cp1252)), headline: want},
		{name: "header-iso-8859-1", body: []byte(rssItem("", cp1252)), contentType: "text/xml; charset=ISO-8859-1", headline: want},
		{name: "undeclared", body: []byte(rssItem("", cp1252)), headline: want},
		{name: "utf8-c1-characters", body: []byte(rssItem(`<?xml version="1.0" encoding="UTF-8"?>`, "Council\u0092s budget \u0096 what\u0092s next")), headline: want},
		{name: "numeric-references", body: []byte(rssItem("", "Council&#146;s budget &#150; what&#x92;s next")), headline: want},
	})
}

// TestUTF16And32: with or without a byte order mark, named by the XML
// declaration, by the header, or by nothing.
func TestUTF16And32(t *testing.T) {
	const title = "Câmara de Lisboa aprova orçamento – ‘€1m’"
	doc := func(decl string) string { return rssItem(decl, title) }
	u16le := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	u16be := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	u16bom := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	u32le := utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	u32be := utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	u32bom := utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	b := func(s string, err error) []byte {
		if err != nil {
			t.Fatal(err)
		}
		return []byte(s)
	}
	json16, _ := u16le.NewEncoder().String(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/1","title":"` + title + `"}]}`)
	checkCases(t, []feedCase{
		{name: "utf16le-no-bom-declared", body: b(u16le.NewEncoder().String(doc(`<?xml version="1.0" encoding="UTF-16"?>`))), headline: title},
		{name: "utf16be-no-bom-undeclared", body: b(u16be.NewEncoder().String("\n\n" + doc(""))), headline: title},
		{name: "utf16be-bom", body: b(u16bom.NewEncoder().String(doc(`<?xml version="1.0" encoding="utf-16"?>`))), headline: title},
		{name: "utf16le-header", body: b(u16le.NewEncoder().String(doc(""))), contentType: "application/rss+xml; charset=utf-16le", headline: title},
		{name: "utf32le-no-bom", body: b(u32le.NewEncoder().String(doc(`<?xml version="1.0" encoding="UTF-32"?>`))), headline: title},
		{name: "utf32be-no-bom", body: b(u32be.NewEncoder().String(doc(""))), headline: title},
		{name: "utf32-bom", body: b(u32bom.NewEncoder().String(doc(""))), headline: title},
		{name: "json-utf16", body: []byte(json16), contentType: "application/feed+json", headline: title},
	})
}

// TestRootAfterLongProlog: comments, blank lines, processing instructions
// and a DOCTYPE of any length may come before the root element.
func TestRootAfterLongProlog(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	comment := "<!-- " + strings.Repeat("generated by a content management system; ", 300) + "-->\n"
	doctype := `<!DOCTYPE rss [` + strings.Repeat(`<!ENTITY e "x">`+"\n", 400) + `]>` + "\n"
	checkCases(t, []feedCase{
		{name: "long-comment", body: []byte(`<?xml version="1.0"?>` + "\n" + comment + rssItem("", title)), headline: title},
		{name: "blank-lines", body: []byte(strings.Repeat("\n", 5000) + rssItem(`<?xml version="1.0"?>`, title)), headline: title},
		{name: "doctype", body: []byte(`<?xml version="1.0"?>` + doctype + rssItem("", title)), headline: title},
		{name: "stylesheet-and-comment-atom", body: []byte(`<?xml version="1.0"?><?xml-stylesheet href="feed.xsl"?>` + comment +
			`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>urn:1</id><link href="https://x.example/1"/><updated>2026-11-18T10:00:00Z</updated></entry></feed>`),
			headline: title},
	})
}

// TestServerNoiseBeforeTheFeed: a feed behind what a server printed before
// it (a PHP warning above a WordPress feed) is read from its XML
// declaration; a declaration inside a feed's own text changes nothing.
func TestServerNoiseBeforeTheFeed(t *testing.T) {
	const title = "Councils agree to share a chief executive"
	php := "<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent by (output started at /var/www/wp-config.php:1) in <b>/var/www/wp-includes/feed-rss2.php</b> on line <b>8</b><br />\n"
	checkCases(t, []feedCase{
		{name: "php-warning", body: []byte(php + rssItem(`<?xml version="1.0" encoding="UTF-8"?>`, title)), headline: title},
		{name: "php-warning-atom", body: []byte(php + `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title +
			`</title><link href="https://x.example/1"/><id>1</id><updated>2024-03-05T09:30:00Z</updated></entry></feed>`), headline: title},
		{name: "php-warning-latin1", body: []byte(php + rssItem(`<?xml version="1.0" encoding="ISO-8859-1"?>`, "Caf\xe9 d\xe9j\xe0 vu")), headline: "Café déjà vu"},
		{name: "stylesheet-after-comment", body: []byte(`<!-- generated --><?xml-stylesheet href="feed.xsl" type="text/xsl"?>` + rssItem("", title)), headline: title},
		{name: "declaration-in-text", body: []byte(`<rss version="2.0"><channel><title>T</title><item><title>` + title +
			`</title><link>https://x.example/1</link><description><![CDATA[Start files with <?xml version="1.0"?> as usual.]]></description></item></channel></rss>`),
			headline: title, summary: "Start files with as usual."},
	})
}

// TestServerNoiseIsNoExcuse: a web page with an XML declaration in it
// stays a web page, and a feed that reads as it is is not cut.
func TestServerNoiseIsNoExcuse(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html><head><script type="text/template"><?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Sample item</title><link>https://x.example/s</link></item></channel></rss></script></head><body>Hi</body></html>`)
	if pf, err := parseFeed(page, "text/html", nil); err == nil {
		t.Errorf("a web page read as a feed of %d items", len(pf.Items))
	}
	feed := []byte(`<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>T</atom:title><atom:entry><atom:title>Real</atom:title><atom:link href="https://x.example/1"/><atom:id>1</atom:id><atom:summary><![CDATA[Write <?xml version="1.0"?> first.]]></atom:summary></atom:entry></atom:feed>`)
	pf, err := parseFeed(feed, "application/atom+xml", nil)
	if err != nil || len(pf.Items) != 1 || pf.Items[0].Title != "Real" {
		t.Errorf("a prefixed Atom feed with a declaration in its text: %v, %+v", err, pf)
	}
}

// TestTruncatedLastTag: a feed that lost only the end of its last tag is
// read; one that lost more fails, saying so.
func TestTruncatedLastTag(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	full := rssItem("", title)
	checkCases(t, []feedCase{
		{name: "missing-final-bracket", body: []byte(strings.TrimSuffix(full, ">")), headline: title},
		{name: "missing-final-bracket-newline", body: []byte(strings.TrimSuffix(full, ">") + "\n"), headline: title},
		{name: "half-the-last-name", body: []byte(strings.TrimSuffix(full, "ss>")), headline: title},
		{name: "atom-missing-final-bracket", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title +
			`</title><id>urn:1</id><link href="https://x.example/1"/></entry></feed`), headline: title},
	})
	// Cut further back, the document is cut short: its complete entries
	// are read, and it says where it ended.
	for _, body := range []string{
		strings.TrimSuffix(full, "</channel></rss>"),
		strings.TrimSuffix(full, "></rss>"),
	} {
		pf, err := parseFeed([]byte(body), "", mustURL(t, "https://x.example/rss"))
		if err != nil || pf.cutShort == nil || !strings.Contains(pf.cutShort.Reason, "truncated XML") || len(pf.Items) != 1 {
			t.Errorf("%q: %v %+v", body[len(body)-20:], err, pf)
		}
	}
}

// TestTextTitlesAreLiteral: an Atom title of type "text" (the default)
// means what it says, "<main>" included; an HTML title is markup.
func TestTextTitlesAreLiteral(t *testing.T) {
	atom := func(titleElement string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>` + titleElement +
			`<id>urn:1</id><link href="https://x.example/1"/><updated>2026-11-18T10:00:00Z</updated></entry></feed>`)
	}
	checkCases(t, []feedCase{
		{name: "text", body: atom(`<title type="text">Use &lt;main&gt; for the content &amp; &lt;nav&gt; for links</title>`), headline: "Use <main> for the content & <nav> for links"},
		{name: "untyped", body: atom(`<title>Why &lt;br&gt; is not a paragraph</title>`), headline: "Why <br> is not a paragraph"},
		{name: "cdata-text", body: atom(`<title type="text"><![CDATA[The <main> element]]></title>`), headline: "The <main> element"},
		{name: "html", body: atom(`<title type="html">The &lt;em&gt;main&lt;/em&gt; event</title>`), headline: "The main event"},
		{name: "xhtml", body: atom(`<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">The <em>main</em> event</div></title>`), headline: "The main event"},
		// Text escaped twice: what is left are references, not text.
		{name: "text-escaped-twice", body: atom(`<title>Council&amp;#8217;s plan &amp;amp; AT&amp;amp;T&amp;rsquo;s &amp;lt;main&amp;gt;</title>`), headline: "Council’s plan & AT&T’s <main>"},
		// Atom 0.3 types are MIME types: "text/html" is HTML, "text/plain" text.
		{name: "atom03-text-html", body: []byte(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><title type="text/html" mode="escaped">The &lt;em&gt;main&lt;/em&gt; event</title>` +
			`<link rel="alternate" type="text/html" href="https://x.example/1"/><id>tag:x,2024:1</id><issued>2024-03-05T09:30:00Z</issued></entry></feed>`), headline: "The main event"},
		{name: "atom03-text-plain", body: []byte(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><title type="text/plain">Why &lt;br&gt; is not a paragraph</title>` +
			`<link rel="alternate" type="text/html" href="https://x.example/1"/><id>tag:x,2024:1</id><issued>2024-03-05T09:30:00Z</issued></entry></feed>`), headline: "Why <br> is not a paragraph"},
		{name: "atom10-text-html", body: atom(`<title type="text/html">The &lt;em&gt;main&lt;/em&gt; event</title>`), headline: "The main event"},
		{name: "text-c1-reference-escaped-twice", body: atom(`<title type="text">Council&amp;#146;s plan &amp;notice</title>`), headline: "Council’s plan &notice"},
	})
}

// TestMoreDates: Dublin Core terms and Atom 0.3 dates are read, not
// replaced with the time of fetching.
func TestMoreDates(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	rss := func(el string) []byte {
		return []byte(`<rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dct="http://purl.org/dc/terms/"><channel><title>T</title>
<item><title>A story about councils</title><link>https://x.example/1</link>` + el + `</item></channel></rss>`)
	}
	atom03 := func(el string) []byte {
		return []byte(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><title>A story about councils</title>
<link rel="alternate" type="text/html" href="https://x.example/1"/><id>tag:x,2024:1</id>` + el + `</entry></feed>`)
	}
	checkCases(t, []feedCase{
		{name: "dcterms-modified", body: rss(`<dcterms:modified>2024-03-05T09:30:00Z</dcterms:modified>`), headline: "A story about councils", published: day},
		{name: "dcterms-created", body: rss(`<dcterms:created>2024-03-05T10:30:00+01:00</dcterms:created>`), headline: "A story about councils", published: day},
		{name: "dcterms-issued-other-prefix", body: rss(`<dct:issued>2024-03-05T09:30:00Z</dct:issued><dcterms:modified>2025-01-01T00:00:00Z</dcterms:modified>`), headline: "A story about councils", published: day},
		{name: "atom03-created", body: atom03(`<created>2024-03-05T09:30:00Z</created>`), headline: "A story about councils", published: day},
		{name: "atom03-issued", body: atom03(`<issued>2024-03-05T09:30:00Z</issued><modified>2025-01-01T00:00:00Z</modified>`), headline: "A story about councils", published: day},
		{name: "atom03-modified", body: atom03(`<modified>2024-03-05T09:30:00Z</modified>`), headline: "A story about councils", published: day},
		{name: "pubdate-offset-colon", body: rss(`<pubDate>Tue, 5 Mar 2024 10:30:00 +01:00</pubDate>`), headline: "A story about councils", published: day},
		{name: "pubdate-comment", body: rss(`<pubDate>Tue, 05 Mar 2024 09:30:00 +0000 (UTC)</pubDate>`), headline: "A story about councils", published: day},
	})
}

// TestOffsetInWholeHours: a date whose zone offset is written in whole
// hours, as PostgreSQL writes a timestamp with time zone ("2024-03-05
// 10:30:00.123456+01") and feeds built straight from its rows carry, is
// read at its offset, in RSS, Atom and JSON Feed alike, not replaced with
// the time of fetching.
func TestOffsetInWholeHours(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	const title = "A story about councils"
	checkCases(t, []feedCase{
		{name: "postgres", body: datedRSS(title, "2024-03-05 10:30:00+01"), headline: title, published: day},
		{name: "postgres-microseconds", body: datedRSS(title, "2024-03-05 10:30:00.123456+01"), headline: title, published: day},
		{name: "postgres-west", body: datedRSS(title, "2024-03-05 04:30:00-05"), headline: title, published: day},
		{name: "postgres-minutes", body: datedRSS(title, "2024-03-05 15:00:00+05:30"), headline: title, published: day},
		{name: "iso-t", body: datedRSS(title, "2024-03-05T10:30:00+01"), headline: title, published: day},
		{name: "iso-t-no-seconds", body: datedRSS(title, "2024-03-05T10:30+01"), headline: title, published: day},
		{name: "atom", body: datedAtom(title, "updated", "2024-03-05T11:30:00+02"), headline: title, published: day},
		{name: "json", body: datedJSON(title, "2024-03-05 10:30:00+01"), contentType: "application/feed+json", headline: title, published: day},
	})
}

// TestTwelveHourClocks: a date on a twelve-hour clock with "am" or "pm" in
// lower case (PHP's date("g:i a"), WordPress's default time format) or
// with full stops, and an hour of one figure, is read, not replaced with
// the time of fetching.
func TestTwelveHourClocks(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	const title = "A story about councils"
	checkCases(t, []feedCase{
		{name: "wordpress", body: datedRSS(title, "March 5, 2024 9:30 am"), headline: title, published: day},
		{name: "comma-after-year", body: datedRSS(title, "March 5, 2024, 9:30 am"), headline: title, published: day},
		{name: "afternoon", body: datedRSS(title, "March 5, 2024 9:30 pm"), headline: title, published: day.Add(12 * time.Hour)},
		{name: "capitals-one-figure", body: datedRSS(title, "Mar 5, 2024 9:30:00 AM"), headline: title, published: day},
		{name: "full-stops", body: datedRSS(title, "5 March 2024 9:30 a.m."), headline: title, published: day},
		{name: "day-first-weekday", body: datedRSS(title, "Tue, 05 Mar 2024 9:30 am"), headline: title, published: day},
		{name: "midnight", body: datedRSS(title, "March 5, 2024 12:10 am"), headline: title, published: time.Date(2024, 3, 5, 0, 10, 0, 0, time.UTC)},
		{name: "dc-date", body: []byte(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item><title>` + title +
			`</title><link>https://x.example/1</link><dc:date>Mar 5 2024 9:30 PM</dc:date></item></channel></rss>`), headline: title, published: day.Add(12 * time.Hour)},
	})
}

// TestSummaryThatRepeatsTheTitle: an entry whose description or summary
// only repeats its title takes its summary from its content (RSS
// content:encoded, Atom content, JSON Feed content_html) or Media RSS
// description, as it would if the description were empty; with nothing
// else the summary stays empty rather than repeat the headline.
func TestSummaryThatRepeatsTheTitle(t *testing.T) {
	const title, text = "Council agrees budget", "The council agreed its budget on Tuesday."
	rss := func(more string) []byte {
		return []byte(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title><item><title>` +
			title + `</title><link>https://x.example/1</link>` + more + `</item></channel></rss>`)
	}
	cases := []feedCase{
		{name: "content-encoded", body: rss(`<description>` + title + `</description><content:encoded><![CDATA[<p>` + text + `</p>]]></content:encoded>`), summary: text},
		{name: "html-description", body: rss(`<description>&lt;p&gt;` + title + `&lt;/p&gt;</description><content:encoded><![CDATA[<p>` + text + `</p>]]></content:encoded>`), summary: text},
		{name: "media-description", body: rss(`<description>` + title + `</description><media:description>` + text + `</media:description>`), summary: text},
		{name: "atom", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>urn:1</id><link href="https://x.example/1"/><summary>` +
			title + `</summary><content type="html">&lt;p&gt;` + text + `&lt;/p&gt;</content><updated>2024-03-05T09:30:00Z</updated></entry></feed>`), summary: text},
		{name: "json", body: []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/1","title":"` + title +
			`","summary":"` + title + `","content_html":"<p>` + text + `</p>"}]}`), contentType: "application/feed+json", summary: text},
		{name: "content-repeats-too", body: rss(`<description>` + title + `</description><content:encoded>` + title + `</content:encoded>`)},
		{name: "nothing-else", body: rss(`<description>` + title + `</description>`)},
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].Headline != title || s[0].Summary != c.summary {
			t.Errorf("%s: %+v, want headline %q and summary %q", c.name, s, title, c.summary)
		}
	}
}

// TestLowerCaseISODates: RFC 3339 (section 5.6) allows the "T" between
// date and time and the "Z" of UTC in lower case; such a date is read, in
// RSS, Atom and JSON Feed alike, not replaced with the time of fetching.
func TestLowerCaseISODates(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	const title = "A story about councils"
	checkCases(t, []feedCase{
		{name: "t-and-z", body: datedRSS(title, "2024-03-05t09:30:00z"), headline: title, published: day},
		{name: "t-and-offset", body: datedRSS(title, "2024-03-05t10:30:00+01:00"), headline: title, published: day},
		{name: "z-fraction", body: datedRSS(title, "2024-03-05T09:30:00.250z"), headline: title, published: day},
		{name: "atom", body: datedAtom(title, "published", "2024-03-05t09:30:00z"), headline: title, published: day},
		{name: "json", body: datedJSON(title, "2024-03-05t09:30:00z"), contentType: "application/feed+json", headline: title, published: day},
	})
}

// TestJSONFeedVersions reads JSON Feed 1.0 and 1.1 however the version URL
// is written, and with a bare version number; an unknown version is
// refused, naming it.
func TestJSONFeedVersions(t *testing.T) {
	feed := func(version string) []byte {
		return []byte(`{"version":"` + version + `","title":"T","items":[{"id":"1","url":"https://x.example/1","title":"A story about councils"}]}`)
	}
	var cases []feedCase
	for _, v := range []string{"https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1", "http://jsonfeed.org/version/1.1",
		"https://www.jsonfeed.org/version/1.1/", "https://jsonfeed.org/version/1.0", "1", "1.0", "1.1"} {
		cases = append(cases, feedCase{name: strings.NewReplacer(":", "", "/", "-").Replace(v), body: feed(v), contentType: "application/feed+json", headline: "A story about councils"})
	}
	checkCases(t, cases)
	for _, v := range []string{"2.0", "1.1.x", "version 1", "11"} {
		_, err := parseFeed(feed(v), "application/json", mustURL(t, "https://x.example/feed.json"))
		if err == nil || !strings.Contains(err.Error(), `version is "`+v+`", not a JSON Feed version`) {
			t.Errorf("version %q: %v", v, err)
		}
	}
}

// TestUntitledEntries get the first sentence of their summary as
// headline, else words from their link, never the link.
func TestUntitledEntries(t *testing.T) {
	rss := func(item string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><item>` + item + `</item></channel></rss>`)
	}
	checkCases(t, []feedCase{
		{name: "summary", body: rss(`<link>https://x.example/1</link><description>Two councils agree to share a chief executive. Dr. Smith will lead both. More follows.</description>`),
			headline: "Two councils agree to share a chief executive.", summary: "Two councils agree to share a chief executive. Dr. Smith will lead both. More follows."},
		{name: "abbreviation", body: rss(`<link>https://x.example/2</link><description>St. Leonards and Hastings share a town hall! Both agreed.</description>`),
			headline: "St. Leonards and Hastings share a town hall!"},
		{name: "json", body: []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/3","content_text":"Fire services merge control rooms. It saves money."}]}`),
			contentType: "application/feed+json", headline: "Fire services merge control rooms."},
		{name: "slug", body: rss(`<link>https://x.example/news/councils-share-a-chief-executive.html</link>`), headline: "Councils share a chief executive"},
		{name: "no-words", body: rss(`<link>https://www.x.example/p/12345</link>`), headline: "Untitled story on x.example"},
	})
}

// TestCharactersXMLForbids: a character XML 1.0 forbids (section 2.2,
// the Char production: U+FFFE, U+FFFF, controls below U+0020), written
// as itself or as a character reference, is dropped; it does not fail
// the whole feed, which encoding/xml would refuse.
func TestCharactersXMLForbids(t *testing.T) {
	const want = "Council agrees budget"
	decl := `<?xml version="1.0" encoding="UTF-8"?>`
	checkCases(t, []feedCase{
		{name: "literal-ffff", body: []byte(rssItem(decl, "Council \uFFFFagrees budget")), headline: want},
		{name: "literal-fffe", body: []byte(rssItem(decl, "Council agrees\uFFFE budget")), headline: want},
		{name: "reference-1", body: []byte(rssItem(decl, "Council &#1;agrees budget")), headline: want},
		{name: "reference-0", body: []byte(rssItem(decl, "Council agrees&#0; budget")), headline: want},
		{name: "reference-xffff", body: []byte(rssItem(decl, "Council &#xFFFF;agrees budget")), headline: want},
		{name: "reference-x1b", body: []byte(rssItem(decl, "Council &#x1b;agrees &#0000011; budget")), headline: want},
		{name: "reference-in-link", body: []byte(decl + `<rss version="2.0"><channel><title>T</title><item><title>` + want +
			`</title><link>https://x.example/1&#8;</link></item></channel></rss>`), headline: want},
		{name: "surrogate-pair-references", body: []byte(rssItem(decl, "Council &#55357;&#56832;agrees &#xD83C;&#xDDEC;&#xD83C;&#xDDE7; budget&#xD800;")),
			headline: "Council 😀agrees 🇬🇧 budget"},
		{name: "utf16-ffff", body: func() []byte {
			s, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(rssItem("", "Council \uFFFFagrees budget"))
			return []byte(s)
		}(), headline: want},
	})
}

// TestMediaRSSText: Media RSS's title and description stand in for an
// entry's own when it has none: a YouTube channel's Atom feed has its
// videos' descriptions only in <media:group><media:description>.
func TestMediaRSSText(t *testing.T) {
	const media = `xmlns:media="http://search.yahoo.com/mrss/"`
	checkCases(t, []feedCase{
		{name: "youtube-atom", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom" ` + media + `><title>Council channel</title>
<entry><id>yt:video:abc</id><title>Full council meeting, 5 March</title><link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
<published>2024-03-05T09:30:00+00:00</published><media:group><media:title>Full council meeting, 5 March</media:title>
<media:description>Live stream of the meeting. Agenda item 4 is the budget.</media:description></media:group></entry></feed>`),
			headline: "Full council meeting, 5 March", summary: "Live stream of the meeting. Agenda item 4 is the budget."},
		{name: "rss-media-title", body: []byte(`<rss version="2.0" ` + media + `><channel><title>T</title><item><link>https://x.example/1</link>
<media:title>Fire services merge control rooms</media:title><media:description type="html">&lt;p&gt;It saves &lt;b&gt;money&lt;/b&gt;.&lt;/p&gt;</media:description></item></channel></rss>`),
			headline: "Fire services merge control rooms", summary: "It saves money."},
	})
}

// TestUTF8LabelledAsAnotherEncoding: a feed that says ISO-8859-1 (or
// another 8-bit encoding) but is UTF-8, with a stray byte that is not,
// is read as UTF-8: "Café" does not become "CafÃ©". Feeds truly in those
// encodings, whose bytes now and then also read as UTF-8, are still read
// in them.
func TestUTF8LabelledAsAnotherEncoding(t *testing.T) {
	const title = "Câmara de Lisboa aprova orçamento – “€1m”"
	mixed := rssItem(`<?xml version="1.0" encoding="ISO-8859-1"?>`, title+" \xe9t\xe9")
	in := func(e interface{ NewEncoder() *encoding.Encoder }, decl, s string) []byte {
		b, err := e.NewEncoder().String(rssItem(`<?xml version="1.0" encoding="`+decl+`"?>`, s))
		if err != nil {
			t.Fatal(err)
		}
		return []byte(b)
	}
	checkCases(t, []feedCase{
		{name: "declared-latin1-utf8-stray-byte", body: []byte(mixed), headline: title + " été"},
		{name: "header-latin1-utf8-stray-byte", body: []byte(rssItem("", title+" \xe9t\xe9")), contentType: "text/xml; charset=iso-8859-1", headline: title + " été"},
		{name: "windows-1252", body: in(charmap.Windows1252, "windows-1252", "Caf\u00e9 d\u00e9j\u00e0 vu – “quoted” £5 Â£ é» ÂNGELA"), headline: "Café déjà vu – “quoted” £5 Â£ é» ÂNGELA"},
		{name: "windows-1251", body: in(charmap.Windows1251, "windows-1251", "Совет утвердил бюджет «Т«» №5"), headline: "Совет утвердил бюджет «Т«» №5"},
		{name: "koi8-r", body: in(charmap.KOI8R, "KOI8-R", "Совет утвердил бюджет"), headline: "Совет утвердил бюджет"},
		// Letters in a row that are also valid UTF-8 ("лії" is EB B3 BF, "Ві"
		// C2 B3) are the charset's letters, not UTF-8 pasted in.
		{name: "windows-1251-ukrainian", body: in(charmap.Windows1251, "windows-1251", "Візит до Італії та Бельгії"), headline: "Візит до Італії та Бельгії"},
		{name: "shift_jis", body: in(japanese.ShiftJIS, "Shift_JIS", "議会が予算を承認、市長は記者会見で説明した"), headline: "議会が予算を承認、市長は記者会見で説明した"},
		{name: "gbk", body: in(simplifiedchinese.GBK, "GB2312", "议会批准预算，市长在新闻发布会上作了说明"), headline: "议会批准预算，市长在新闻发布会上作了说明"},
		{name: "big5", body: in(traditionalchinese.Big5, "Big5", "議會批准預算，市長在新聞發布會上作了說明"), headline: "議會批准預算，市長在新聞發布會上作了說明"},
		{name: "euc-kr", body: in(korean.EUCKR, "EUC-KR", "의회가 예산을 승인했다 시장은 기자회견에서 설명했다"), headline: "의회가 예산을 승인했다 시장은 기자회견에서 설명했다"},
	})
}

// TestUTF8PastedIntoLatin1: a feed in Windows-1252 (declared Latin-1, by
// its XML declaration or its header) with a UTF-8 dash, euro sign and
// pound sign pasted into it, as a Latin-1 CMS passes on text copied from
// a word processor, shows the dash, the euro and the pound, not "â€“",
// "â‚¬" and "Â£"; a feed that writes "Â" as a letter of its own
// ("ÂNGELA") keeps "Â£" (C2 A3) as the Windows-1252 it may be
// (digest.PastedUTF8).
func TestUTF8PastedIntoLatin1(t *testing.T) {
	const title = "Caf\xe9 d\xe9j\xe0 vu \xe2\x80\x93 \x93quoted\x94 \xe2\x82\xac5 \xc2\xa3"
	const want = "Café déjà vu – “quoted” €5 £"
	checkCases(t, []feedCase{
		{name: "declared", body: []byte(rssItem(`<?xml version="1.0" encoding="ISO-8859-1"?>`, title)), headline: want},
		{name: "header", body: []byte(rssItem("", title)), contentType: "text/xml; charset=windows-1252", headline: want},
		{name: "capital-of-its-own", body: []byte(rssItem(`<?xml version="1.0" encoding="ISO-8859-1"?>`, title+" \xc2NGELA")),
			headline: "Café déjà vu – “quoted” €5 Â£ ÂNGELA"},
	})
}

// TestLinksWithLineBreaks: a link broken over lines, or with a tab in it,
// is read as browsers read it (the WHATWG URL Standard removes every ASCII
// tab and newline from a URL before parsing it), not thrown away with its
// story; a javascript: link stays refused however it is broken up.
func TestLinksWithLineBreaks(t *testing.T) {
	const want = "Councils agree to share a chief executive"
	rss := func(link string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><item><title>` + want + `</title><link>` + link + `</link></item>` +
			`<item><title>Never a story</title><link>jav&#x09;ascript:alert(1)</link></item>` +
			`<item><title>Nor this one</title><link>java` + "\n" + `script:alert(1)</link></item></channel></rss>`)
	}
	cases := []feedCase{
		{name: "wrapped", body: rss("https://x.example/news/councils-share-\n      a-chief-executive?id=1&amp;p=2"), headline: want},
		{name: "tab", body: rss("https://x.example/news/\tcouncils"), headline: want},
		{name: "atom-reference", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + want +
			`</title><id>urn:1</id><link href="https://x.example/news/&#13;&#10;councils"/></entry></feed>`), headline: want},
	}
	checkCases(t, cases)
	got := pollCases(t, cases)
	for name, wantURL := range map[string]string{"wrapped": "https://x.example/news/councils-share-a-chief-executive?id=1&p=2",
		"tab": "https://x.example/news/councils", "atom-reference": "https://x.example/news/councils"} {
		if s := got[name]; len(s) != 1 || s[0].URL != wantURL {
			t.Errorf("%s: %+v, want the link %s", name, s, wantURL)
		}
	}
}

// TestJSONFeedTextIsPlain: in JSON Feed, "the only place HTML is allowed
// in this format is in content_html" (JSON Feed 1.1): a title, a summary
// and content_text are plain text, and a "<b>" in them is what they say.
func TestJSONFeedTextIsPlain(t *testing.T) {
	feed := func(item string) []byte {
		return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/1",` + item + `}]}`)
	}
	checkCases(t, []feedCase{
		{name: "title", body: feed(`"title":"Die Rückkehr von <i> und <b>","content_html":"<p>Zwei <b>alte</b> Elemente.</p>"`),
			headline: "Die Rückkehr von <i> und <b>", summary: "Zwei alte Elemente."},
		{name: "summary", body: feed(`"title":"Markup for councils","summary":"Use <main> for the content & <nav> for links.","content_html":"<p>Long</p>"`),
			headline: "Markup for councils", summary: "Use <main> for the content & <nav> for links."},
		{name: "content-text", body: feed(`"title":"Markup for councils","content_text":"Use <main> for the content.\n\nAnd <nav> for links."`),
			headline: "Markup for councils", summary: "Use <main> for the content. And <nav> for links."},
		{name: "escaped-twice", body: feed(`"title":"Council&#8217;s plan &amp; AT&amp;T","content_html":"<p>x</p>"`),
			headline: "Council’s plan & AT&T"},
	})
}

// TestLinksEscapedTwice: a link whose "&" a feed escaped twice
// ("?option=com_content&amp;amp;id=5", or "&amp;" inside CDATA, as CMSs
// write it) takes the server its parameters, not "amp;id=5"; a parameter
// that merely starts like an entity ("&copy=2") is left alone.
func TestLinksEscapedTwice(t *testing.T) {
	const want = "Councils agree to share a chief executive"
	rss := func(link string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><item><title>` + want + `</title><link>` + link + `</link></item></channel></rss>`)
	}
	cases := []feedCase{
		{name: "twice", body: rss("https://x.example/index.php?option=com_content&amp;amp;view=article&amp;amp;id=5"), headline: want},
		{name: "cdata", body: rss("<![CDATA[https://x.example/index.php?option=com_content&amp;view=article&amp;id=5]]>"), headline: want},
		{name: "three-times", body: rss("https://x.example/index.php?option=com_content&amp;amp;amp;view=article&amp;#38;id=5"), headline: want},
		{name: "atom", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + want +
			`</title><id>urn:1</id><link href="https://x.example/index.php?option=com_content&amp;amp;view=article&amp;amp;id=5"/></entry></feed>`), headline: want},
		{name: "copy-parameter", body: rss("https://x.example/a?b=1&amp;copy=2"), headline: want},
	}
	checkCases(t, cases)
	got := pollCases(t, cases)
	for name, wantURL := range map[string]string{
		"twice":          "https://x.example/index.php?id=5&option=com_content&view=article",
		"cdata":          "https://x.example/index.php?id=5&option=com_content&view=article",
		"three-times":    "https://x.example/index.php?id=5&option=com_content&view=article",
		"atom":           "https://x.example/index.php?id=5&option=com_content&view=article",
		"copy-parameter": "https://x.example/a?b=1&copy=2",
	} {
		if s := got[name]; len(s) != 1 || s[0].URL != wantURL {
			t.Errorf("%s: %+v, want the link %s", name, s, wantURL)
		}
	}
}

// TestAtomXHTMLIsReadOnce: Atom xhtml text is markup written as XML, read
// once: what it escapes ("&lt;canvas&gt;") is text and stays, where HTML
// text would be read again in case a feed escaped it twice.
func TestAtomXHTMLIsReadOnce(t *testing.T) {
	const div = `<div xmlns="http://www.w3.org/1999/xhtml">`
	checkCases(t, []feedCase{
		{name: "xhtml", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><link href="https://x.example/1"/>` +
			`<title type="xhtml">` + div + `The <em>new</em> &lt;canvas&gt; element &amp; you</div></title>` +
			`<summary type="xhtml">` + div + `<p>Use &lt;main&gt; for content</p><p>And &lt;nav&gt; for links.</p></div></summary></entry></feed>`),
			headline: "The new <canvas> element & you", summary: "Use <main> for content. And <nav> for links."},
		{name: "xhtml-content", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id><link href="https://x.example/1"/>` +
			`<title>Markup for councils</title><content type="xhtml">` + div + `<p>Use &lt;main&gt; <b>for</b> content.</p></div></content></entry></feed>`),
			headline: "Markup for councils", summary: "Use <main> for content."},
	})
}

// TestZoneAbbreviations: a date whose zone is a word gofeed does not know
// ("MEST", "AEDT", "GMT+2") is read at that zone's offset, not as UTC,
// which put a German or Australian story hours away from when it was
// published without a word.
func TestZoneAbbreviations(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	rss := func(el string) []byte {
		return []byte(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
<item><title>A story about councils</title><link>https://x.example/1</link>` + el + `</item></channel></rss>`)
	}
	checkCases(t, []feedCase{
		{name: "mest", body: rss(`<pubDate>Tue, 05 Mar 2024 11:30:00 MEST</pubDate>`), headline: "A story about councils", published: day},
		{name: "met", body: rss(`<pubDate>Tue, 05 Mar 2024 10:30:00 MET</pubDate>`), headline: "A story about councils", published: day},
		{name: "aedt", body: rss(`<pubDate>Tue, 05 Mar 2024 20:30:00 AEDT</pubDate>`), headline: "A story about councils", published: day},
		{name: "nzdt-dc-date", body: rss(`<dc:date>2024-03-05 22:30:00 NZDT</dc:date>`), headline: "A story about councils", published: day},
		{name: "eastern-time", body: rss(`<pubDate>Tue, 05 Mar 2024 04:30:00 ET</pubDate>`), headline: "A story about councils", published: day},
		{name: "gmt-plus", body: rss(`<pubDate>Tue, 05 Mar 2024 11:30:00 GMT+2</pubDate>`), headline: "A story about councils", published: day},
		{name: "utc-minus-minutes", body: rss(`<pubDate>Tue, 05 Mar 2024 06:00:00 UTC-03:30</pubDate>`), headline: "A story about councils", published: day},
		// The German names of CET and CEST.
		{name: "mez", body: rss(`<pubDate>Di, 05 Mär 2024 10:30:00 MEZ</pubDate>`), headline: "A story about councils", published: day},
		{name: "mesz", body: rss(`<pubDate>Tue, 05 Mar 2024 11:30:00 MESZ</pubDate>`), headline: "A story about councils", published: day},
		// A zone word after an ISO date with its "T".
		{name: "iso-t-utc", body: rss(`<dc:date>2024-03-05T09:30:00 UTC</dc:date>`), headline: "A story about councils", published: day},
		{name: "iso-t-cet", body: rss(`<dc:date>2024-03-05T10:30:00 CET</dc:date>`), headline: "A story about councils", published: day},
		// What gofeed already read right stays right.
		{name: "est", body: rss(`<pubDate>Tue, 05 Mar 2024 04:30:00 EST</pubDate>`), headline: "A story about councils", published: day},
		{name: "cet-comment", body: rss(`<pubDate>Tue, 05 Mar 2024 10:30:00 +0100 (CET)</pubDate>`), headline: "A story about councils", published: day},
		{name: "gmt", body: rss(`<pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>`), headline: "A story about councils", published: day},
	})
}

// TestWhatFollowsTheFeed: what a server prints after a feed's root element
// has closed (a free host's analytics script, a PHP warning, a timing
// comment) is not part of the feed, and the feed is read without it.
func TestWhatFollowsTheFeed(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	feed := rssItem(`<?xml version="1.0" encoding="UTF-8"?>`, title)
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title +
		`</title><id>urn:1</id><link href="https://x.example/1"/></entry></feed>`
	checkCases(t, []feedCase{
		{name: "analytics-script", body: []byte(feed + "\n<script type=\"text/javascript\" src=\"https://analytics.example/count.js\"></script>\n"), headline: title},
		{name: "php-warning", body: []byte(feed + "<br />\n<b>Warning</b>:  Undefined variable $x in <b>/var/www/feed.php</b> on line <b>12</b><br />\n"), headline: title},
		{name: "unclosed-html", body: []byte(atom + "\n<div class=\"footer\"><p>Hosted free"), headline: title},
		{name: "second-feed", body: []byte(feed + rssItem("", "Never a story")), headline: title},
		{name: "text", body: []byte(feed + "\n0.0123 seconds\n"), headline: title},
	})
}

// TestUnescapedLessThan: a "<" that cannot start a tag ("rates < 2%",
// "<3") is text a feed forgot to escape; the feed is read, with the "<"
// as written, rather than refused whole. A real tag stays a tag, and a
// "<" in CDATA stays as it is.
func TestUnescapedLessThan(t *testing.T) {
	rss := func(title, description string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><item><title>` + title + `</title><link>https://x.example/1</link>` +
			`<description>` + description + `</description></item></channel></rss>`)
	}
	checkCases(t, []feedCase{
		{name: "space", body: rss("Rates rise by < 2% and > 1%", "Council tax"), headline: "Rates rise by < 2% and > 1%"},
		{name: "digit", body: rss("Free swimming for <18s", "Council tax"), headline: "Free swimming for <18s"},
		{name: "in-description", body: rss("Council tax", "Bands A-C pay <=5% more; <3 the library"), headline: "Council tax", summary: "Bands A-C pay <=5% more; <3 the library"},
		{name: "with-tags", body: rss("Council tax", "&lt;p&gt;Up 4%&lt;/p&gt;"), headline: "Council tax", summary: "Up 4%"},
		{name: "cdata", body: rss("<![CDATA[Rates < 2%]]>", "<![CDATA[Bands <4 & <b>up</b>]]>"), headline: "Rates < 2%", summary: "Bands <4 & up"},
		{name: "atom", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Rates < 2%</title><id>urn:1</id><link href="https://x.example/1"/></entry></feed>`), headline: "Rates < 2%"},
	})
}

// TestJSONFeedMistypedFields: a JSON Feed item with an optional field of
// the wrong type (an author written as a string, tags as one string, a
// date as a number) is read without that field, not dropped with its
// story; an item that is not an object at all is counted as not read.
func TestJSONFeedMistypedFields(t *testing.T) {
	feed := func(item string) []byte {
		return []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[` + item + `]}`)
	}
	const item = `{"id":"1","url":"https://x.example/1","title":"Councils agree a shared chief executive",`
	checkCases(t, []feedCase{
		{name: "author-string", body: feed(item + `"author":"Jane Smith"}`), contentType: "application/feed+json", headline: "Councils agree a shared chief executive"},
		{name: "tags-string", body: feed(item + `"tags":"councils"}`), contentType: "application/feed+json", headline: "Councils agree a shared chief executive"},
		{name: "attachments-object", body: feed(item + `"attachments":{"url":"https://x.example/a.mp3"}}`), contentType: "application/feed+json", headline: "Councils agree a shared chief executive"},
		{name: "date-number", body: feed(item + `"date_published":1709631000,"date_modified":"2024-03-05T09:30:00Z"}`), contentType: "application/feed+json",
			headline: "Councils agree a shared chief executive", published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)},
	})
	st := storetest.Open(t, "")
	fs := newFeedServer(t)
	u := fs.serveTyped("/mixed.json", feed(`"not an item",`+item+`"authors":"Jane"}`), "application/feed+json")
	res, err := newPoller(t, st, feedsConfig(src(u))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.New != 1 || r.Skipped != 1 {
		t.Errorf("an item that is not an object and one with a mistyped field: %d new, %d skipped; want 1 and 1", r.New, r.Skipped)
	}
}

// TestAtomLinkAsText: an Atom entry whose link is written as the element's
// text, as in RSS (<link>https://…</link>, no href), keeps its story; an
// alternate link wins over another, in either order.
func TestAtomLinkAsText(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	atom := func(links string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>urn:uuid:1</id>` + links + `</entry></feed>`)
	}
	cases := []feedCase{
		{name: "text", body: atom(`<link>https://x.example/news/1</link>`), headline: title},
		{name: "alternate-first", body: atom(`<link rel="alternate" type="text/html">https://x.example/news/1</link><link rel="enclosure">https://x.example/a.mp3</link>`), headline: title},
		{name: "alternate-last", body: atom(`<link rel="enclosure">https://x.example/a.mp3</link><link rel="alternate">https://x.example/news/1</link>`), headline: title},
		{name: "href-wins", body: atom(`<link>https://x.example/other</link><link rel="alternate" href="https://x.example/news/1"/>`), headline: title},
	}
	checkCases(t, cases)
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != "https://x.example/news/1" {
			t.Errorf("%s: %+v, want the link https://x.example/news/1", c.name, s)
		}
	}
}

// TestAtomLinkToTheWebPage: of an Atom entry's alternate links, the web
// page is the story's link, not a PDF or a comments feed offered before
// it; rel may be written as the IANA registry's IRI (RFC 4287, 4.2.7.2);
// an entry whose content is by reference (<content src>) and that has no
// alternate link links there, before its own Atom document (rel="self"),
// and never to an enclosure or a "via" source.
func TestAtomLinkToTheWebPage(t *testing.T) {
	const title, page = "Councils agree a shared chief executive", "https://x.example/news/1"
	atom := func(links string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title + `</title><id>urn:uuid:1</id>` + links +
			`<updated>2024-03-05T09:30:00Z</updated></entry></feed>`)
	}
	cases := []feedCase{
		{name: "pdf-first", body: atom(`<link rel="alternate" type="application/pdf" href="https://x.example/news/1.pdf"/><link rel="alternate" type="text/html" href="` + page + `"/>`)},
		{name: "comments-feed-first", body: atom(`<link rel="alternate" type="application/atom+xml" href="https://x.example/news/1/comments.xml"/><link href="` + page + `"/>`)},
		{name: "xhtml-type-with-charset", body: atom(`<link rel="alternate" type="application/rss+xml" href="https://x.example/1.rss"/><link rel="alternate" type="application/xhtml+xml; charset=utf-8" href="` + page + `"/>`)},
		{name: "only-a-pdf", body: atom(`<link rel="self" href="https://x.example/entries/1.xml"/><link rel="alternate" type="application/pdf" href="https://x.example/news/1"/>`)},
		{name: "iana-rel", body: atom(`<link rel="related" href="https://x.example/related"/><link rel="http://www.iana.org/assignments/relation/alternate" href="` + page + `"/>`)},
		{name: "rel-capitalised", body: atom(`<link rel="enclosure" href="https://x.example/a.mp3"/><link rel="Alternate" href="` + page + `"/>`)},
		{name: "content-src", body: atom(`<content type="text/html" src="` + page + `"/>`)},
		{name: "content-src-before-self", body: atom(`<link rel="self" href="https://x.example/entries/1.xml"/><link rel="enclosure" href="https://x.example/a.mp3"/><link rel="via" href="https://other.example/"/><content src="` + page + `"/>`)},
		{name: "alternate-before-content-src", body: atom(`<link href="` + page + `"/><content type="application/pdf" src="https://x.example/news/1.pdf"/>`)},
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != page || s[0].Headline != title {
			t.Errorf("%s: %+v, want one story %q linking to %s", c.name, s, title, page)
		}
	}
}

// TestLinkWithoutScheme: a link written without its scheme, starting
// "www." as people type links into feeds kept by hand, is a link to that
// host, in RSS, Atom and JSON Feed and as an RSS GUID; it does not become
// a page on the feed's own site. A relative link that only looks a little
// like one ("www.html") stays relative.
func TestLinkWithoutScheme(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	rss := func(item string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><link>https://feeds.example/</link><item><title>` + title + `</title>` + item + `</item></channel></rss>`)
	}
	cases := []feedCase{
		{name: "rss", body: rss(`<link>www.council.example/news/1</link>`)},
		{name: "rss-capitals-and-port", body: rss(`<link> WWW.Council.Example:8080/news/1 </link>`)},
		{name: "rss-guid", body: rss(`<guid>www.council.example/news/1</guid>`)},
		{name: "atom", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>` + title +
			`</title><id>urn:1</id><link href="www.council.example/news/1"/><updated>2024-03-05T09:30:00Z</updated></entry></feed>`)},
		{name: "json", body: []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"www.council.example/news/1?id=4","title":"` + title + `"}]}`),
			contentType: "application/feed+json"},
		{name: "relative", body: rss(`<link>www.html</link>`)},
	}
	want := map[string]string{
		"rss":                   "http://www.council.example/news/1",
		"rss-capitals-and-port": "http://www.council.example:8080/news/1",
		"rss-guid":              "http://www.council.example/news/1",
		"atom":                  "http://www.council.example/news/1",
		"json":                  "http://www.council.example/news/1?id=4",
		"relative":              "https://feeds.example/www.html",
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != want[c.name] || s[0].Headline != title {
			t.Errorf("%s: %+v, want one story linking to %s", c.name, s, want[c.name])
		}
	}
}

// TestRSSLinkAsAtomLink: an RSS item without a <link> that gives its page
// as an Atom link (<atom:link rel="alternate">, or with no rel, which in
// Atom means alternate), whatever prefix the feed binds Atom's namespace
// to, keeps its story; an atom:link to the feed itself (rel="self") is no
// story's link.
func TestRSSLinkAsAtomLink(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	rss := func(item string) []byte {
		return []byte(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><link>https://x.example/</link><item><title>` +
			title + `</title>` + item + `</item></channel></rss>`)
	}
	cases := []feedCase{
		{name: "atom-link", body: rss(`<atom:link rel="alternate" type="text/html" href="https://x.example/news/1"/>`)},
		{name: "no-rel-after-self", body: rss(`<atom:link rel="self" href="https://x.example/feed.xml"/><atom:link href="/news/1"/>`)},
		{name: "atom10-prefix", body: []byte(`<rss version="2.0" xmlns:atom10="http://www.w3.org/2005/Atom"><channel><title>T</title><link>https://x.example/</link><item><title>` +
			title + `</title><atom10:link href="https://x.example/news/1"/></item></channel></rss>`)},
	}
	got := pollCases(t, cases)
	for _, c := range cases {
		if s := got[c.name]; len(s) != 1 || s[0].URL != "https://x.example/news/1" || s[0].Headline != title {
			t.Errorf("%s: %+v, want one story linking to https://x.example/news/1", c.name, s)
		}
	}
	st := storetest.Open(t, "")
	u := newFeedServer(t).serveBody("/feed", rss(`<atom:link rel="self" href="https://x.example/feed.xml"/>`))
	res, err := newPoller(t, st, feedsConfig(src(u))).PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.New != 0 || r.Skipped != 1 {
		t.Errorf("an item whose only link is the feed's own: %d new, %d skipped (%s); want it skipped as having no link", r.New, r.Skipped, r.Reason)
	}
}

// TestHeaderCharsetAgainstDeclaration: when the Content-Type charset and
// the XML declaration name different 8-bit encodings, a charset the server
// was set up to send ("windows-1251", "koi8-r") is the one the bytes are
// in, as RFC 7303 and browsers have it; ISO-8859-1 or US-ASCII in the
// header is the default of Apache's AddDefaultCharset and other servers,
// sent whatever the feed is, and the declaration wins over it.
func TestHeaderCharsetAgainstDeclaration(t *testing.T) {
	const title = "Совет утвердил бюджет"
	in := func(e interface{ NewEncoder() *encoding.Encoder }, decl string) []byte {
		b, err := e.NewEncoder().String(rssItem(`<?xml version="1.0" encoding="`+decl+`"?>`, title))
		if err != nil {
			t.Fatal(err)
		}
		return []byte(b)
	}
	checkCases(t, []feedCase{
		{name: "header-1251-declared-latin1", body: in(charmap.Windows1251, "ISO-8859-1"), contentType: "text/xml; charset=windows-1251", headline: title},
		{name: "header-koi8-declared-1251", body: in(charmap.KOI8R, "windows-1251"), contentType: "application/rss+xml; charset=KOI8-R", headline: title},
		{name: "header-latin1-declared-1251", body: in(charmap.Windows1251, "windows-1251"), contentType: "text/xml; charset=ISO-8859-1", headline: title},
		{name: "header-ascii-declared-koi8", body: in(charmap.KOI8R, "koi8-r"), contentType: "text/xml; charset=us-ascii", headline: title},
		{name: "header-utf8-declared-1251", body: in(charmap.Windows1251, "windows-1251"), contentType: "text/xml; charset=utf-8", headline: title},
	})
}

// TestXMLDeclarationShapes: a feed declaring XML 1.1 (or a version that
// does not exist) is read as XML 1.0, which encoding/xml refuses to do;
// byte order marks after white space, or one after another (PHP files
// saved with a BOM and included before the feed, a known WordPress
// fault), do not hide the feed.
func TestXMLDeclarationShapes(t *testing.T) {
	const title = "Councils agree a shared chief executive"
	checkCases(t, []feedCase{
		{name: "xml-1.1", body: []byte(rssItem(`<?xml version="1.1" encoding="UTF-8"?>`, title)), headline: title},
		{name: "xml-1.1-single-quotes", body: []byte(rssItem(`<?xml version='1.1'?>`, title)), headline: title},
		{name: "xml-2.0", body: []byte(rssItem(`<?xml version="2.0" encoding="ISO-8859-1"?>`, title)), headline: title},
		{name: "space-then-bom", body: []byte("\n  \xef\xbb\xbf" + rssItem(`<?xml version="1.0"?>`, title)), headline: title},
		{name: "two-boms", body: []byte("\xef\xbb\xbf\xef\xbb\xbf" + rssItem(`<?xml version="1.0"?>`, title)), headline: title},
		{name: "bom-newline-bom", body: []byte("\xef\xbb\xbf\n\xef\xbb\xbf" + rssItem(`<?xml version="1.0"?>`, title)), headline: title},
		{name: "json-after-bom-and-space", body: []byte("\n\xef\xbb\xbf" + `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://x.example/1","title":"` + title + `"}]}`),
			contentType: "application/feed+json", headline: title},
	})
}

// TestJavaScriptDates: a date as JavaScript's Date.prototype.toString()
// writes it ("Tue Mar 05 2024 10:30:00 GMT+0100 (Central European Standard
// Time)"), which feeds built with Node.js carry when the code forgot
// toUTCString(), and an ISO date with a space before its offset, are read.
func TestJavaScriptDates(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	const title = "A story about councils"
	checkCases(t, []feedCase{
		{name: "js-cet", body: datedRSS(title, "Tue Mar 05 2024 10:30:00 GMT+0100 (Central European Standard Time)"), headline: title, published: day},
		{name: "js-utc", body: datedRSS(title, "Tue Mar 05 2024 09:30:00 GMT+0000 (Coordinated Universal Time)"), headline: title, published: day},
		{name: "js-no-name", body: datedRSS(title, "Tue Mar 05 2024 04:30:00 GMT-0500"), headline: title, published: day},
		{name: "iso-space-offset", body: datedRSS(title, "2024-03-05 10:30:00 +01:00"), headline: title, published: day},
		{name: "iso-t-space-offset", body: datedRSS(title, "2024-03-05T10:30:00 +01:00"), headline: title, published: day},
	})
}

// TestGreekDates: a Greek publisher's dates, in Greek month and day names
// ("Κυρ, 11 Ιούλ 2004 12:00:00 EST", as in feedparser's date tests), are
// read, not replaced by the time of fetching.
func TestGreekDates(t *testing.T) {
	const title = "Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό"
	checkCases(t, []feedCase{
		{name: "feedparser", body: datedRSS(title, "Κυρ, 11 Ιούλ 2004 12:00:00 EST"), headline: title, published: time.Date(2004, 7, 11, 17, 0, 0, 0, time.UTC)},
		{name: "may-no-accent", body: datedRSS(title, "Τρί, 05 Μαι 2020 09:30:00 +0300"), headline: title, published: time.Date(2020, 5, 5, 6, 30, 0, 0, time.UTC)},
		{name: "full-genitive", body: datedRSS(title, "5 Μαρτίου 2024 09:30"), headline: title, published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)},
		// A day name in full is longer in bytes than in letters.
		{name: "full-day-name", body: datedRSS(title, "Τετάρτη, 06 Μαρτίου 2024 10:30:00 +0200"), headline: title, published: time.Date(2024, 3, 6, 8, 30, 0, 0, time.UTC)},
		{name: "friday", body: datedRSS(title, "Παρασκευή, 08 Μαρ 2024 10:30:00 EET"), headline: title, published: time.Date(2024, 3, 8, 8, 30, 0, 0, time.UTC)},
		// Capitals are written without accents.
		{name: "capitals", body: datedRSS(title, "8 ΜΑΡΤΙΟΥ 2024 10:30"), headline: title, published: time.Date(2024, 3, 8, 10, 30, 0, 0, time.UTC)},
		{name: "capitals-abbreviated", body: datedRSS(title, "ΠΕΜ, 11 ΙΟΥΛ 2024 12:00:00 +0300"), headline: title, published: time.Date(2024, 7, 11, 9, 0, 0, 0, time.UTC)},
	})
}

// datedCases are feed cases of one story headed title, each dated by the
// text after its name ("name|date") and to be read as published at the
// time of the same index.
func datedCases(title string, dates []string, published ...time.Time) []feedCase {
	cases := make([]feedCase, len(dates))
	for i, d := range dates {
		name, date, _ := strings.Cut(d, "|")
		cases[i] = feedCase{name: name, body: datedRSS(title, date), headline: title, published: published[i]}
	}
	return cases
}

// TestWelshDates: the Welsh Government's and Welsh councils' Welsh-language
// feeds write their months in Welsh ("Llun, 16 Tach 2026", "16 Tachwedd
// 2026"): read, not replaced by the time of fetching.
func TestWelshDates(t *testing.T) {
	checkCases(t, datedCases("Cyngor yn cytuno ar gyllideb newydd", []string{
		"abbreviated|Llun, 16 Tach 2026 10:00:00 +0000", "full|16 Tachwedd 2026 10:00",
		"day-in-full|Mawrth, 03 Mawrth 2026 09:30:00 GMT", "summer|Gwe, 05 Meh 2026 09:30:00 BST",
		"capitals|1 GORFFENNAF 2026 12:00", "rhagfyr|Gwe, 19 Rhag 2025 08:00:00 +0000",
	}, time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC), time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC), time.Date(2026, 6, 5, 8, 30, 0, 0, time.UTC),
		time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), time.Date(2025, 12, 19, 8, 0, 0, 0, time.UTC)))
}

// TestDayNameWithoutComma: a date that starts with its day's name and no
// comma after it, as council CMSs write them ("Monday 16th November
// 2025") and Welsh puts "Dydd" before it ("Dydd Llun, 16 Tachwedd 2025"),
// is read, not replaced by the time of fetching; a month first is still a
// month ("Mar 05 2024 09:30:00 GMT").
func TestDayNameWithoutComma(t *testing.T) {
	day := time.Date(2025, 11, 16, 0, 0, 0, 0, time.UTC)
	checkCases(t, datedCases("Council agrees a shared chief executive", []string{
		"ordinal|Monday 16th November 2025", "with-time|Monday 16 November 2025 10:00", "abbreviated|Mon. 16 Nov. 2025",
		"welsh-dydd|Dydd Llun, 16 Tachwedd 2025", "welsh-dydd-no-comma|Dydd Llun 16 Tachwedd 2025 09:30",
		"month-first|Mar 05 2024 09:30:00 GMT",
	}, day, day.Add(10*time.Hour), day, day, day.Add(9*time.Hour+30*time.Minute), time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)))
}

// TestDeclarationBehindByteOrderMarks: a feed in an 8-bit encoding with a
// byte order mark after white space before its declaration (a PHP file
// saved with one and included first) is read in the encoding the
// declaration names, not taken for Windows-1252 because the mark hid it.
func TestDeclarationBehindByteOrderMarks(t *testing.T) {
	const title = "Совет утвердил бюджет"
	in := func(prefix, decl string) []byte {
		b, err := charmap.Windows1251.NewEncoder().String(rssItem(`<?xml version="1.0" encoding="`+decl+`"?>`, title))
		if err != nil {
			t.Fatal(err)
		}
		return append([]byte(prefix), b...)
	}
	checkCases(t, []feedCase{
		{name: "space-then-bom", body: in("\n\xef\xbb\xbf", "windows-1251"), contentType: "text/xml", headline: title},
		{name: "two-boms", body: in("\xef\xbb\xbf\xef\xbb\xbf", "windows-1251"), contentType: "application/rss+xml; charset=ISO-8859-1", headline: title},
		{name: "bom-space-bom", body: in("\xef\xbb\xbf\r\n\xef\xbb\xbf", "cp1251"), headline: title},
	})
}

// TestDroppedReferenceJoinsNothing: a reference to a character XML
// forbids is dropped without joining the bytes on either side into
// another such reference ("&#0&#00;;" into "&#0;"), which would fail the
// whole feed (found by FuzzDropForbiddenCharacters).
func TestDroppedReferenceJoinsNothing(t *testing.T) {
	const title = "Council tax rises by 3%"
	checkCases(t, []feedCase{
		{name: "decimal", body: []byte(rssItem("", title+" &#0&#00;;")), headline: title + " ;"}, // HTML reads "&#0" as U+FFFD
		{name: "hexadecimal", body: []byte(rssItem("", title+" &#x&#1;1;")), headline: title + " &#x1;"},
		{name: "nested", body: []byte(rssItem("", title+" &#&#&#1;1;1;")), headline: title + " &#&#1;1;"},
		{name: "non-character", body: []byte(rssItem("", title+" &#0\uFFFE;")), headline: title + " ;"},
	})
}

// TestDatesRealFeedsStillWrite: an offset followed by its zone's name
// ("+0000 GMT"), a month first with no comma ("Mar 05 2024 09:30:00 GMT"),
// ISO 8601's basic format ("20240305T093000Z"), a Unix time in seconds in
// a date element, and a zone's name in brackets after an offset (RFC 9557,
// Java's ZonedDateTime) are read, in RSS, Atom and JSON Feed alike; a date
// of a month or a year alone is still not a day and dates the story when
// it was fetched.
func TestDatesRealFeedsStillWrite(t *testing.T) {
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	const title = "A story about councils"
	checkCases(t, []feedCase{
		{name: "offset-then-gmt", body: datedRSS(title, "Tue, 05 Mar 2024 09:30:00 +0000 GMT"), headline: title, published: day},
		{name: "offset-then-cet", body: datedRSS(title, "Tue, 05 Mar 2024 10:30:00 +0100 CET"), headline: title, published: day},
		{name: "offset-then-utc-no-day", body: datedRSS(title, "05 Mar 2024 09:30:00 +0000 UTC"), headline: title, published: day},
		{name: "month-first-gmt", body: datedRSS(title, "Mar 05 2024 09:30:00 GMT"), headline: title, published: day},
		{name: "month-first-offset", body: datedRSS(title, "Mar 05 2024 10:30:00 +0100"), headline: title, published: day},
		{name: "month-first-day-name", body: datedRSS(title, "Tue Mar 05 2024 09:30:00 GMT"), headline: title, published: day},
		{name: "iso-basic-z", body: datedRSS(title, "20240305T093000Z"), headline: title, published: day},
		{name: "iso-basic-offset", body: datedRSS(title, "20240305T103000+0100"), headline: title, published: day},
		{name: "iso-basic-minutes", body: datedRSS(title, "20240305T0930Z"), headline: title, published: day},
		{name: "unix-seconds", body: datedRSS(title, "1709631000"), headline: title, published: day},
		{name: "bracketed-zone", body: datedRSS(title, "2024-03-05T10:30:00+01:00[Europe/Paris]"), headline: title, published: day},
		{name: "bracketed-zone-z", body: datedRSS(title, "2024-03-05T09:30:00Z[UTC]"), headline: title, published: day},
		{name: "atom-offset-then-gmt", body: datedAtom(title, "published", "Tue, 05 Mar 2024 09:30:00 +0000 GMT"), headline: title, published: day},
		{name: "json-unix", body: datedJSON(title, "1709631000"), contentType: "application/feed+json", headline: title, published: day},
		{name: "json-bracketed-zone", body: datedJSON(title, "2024-03-05T10:30:00+01:00[Europe/Paris]"), contentType: "application/feed+json", headline: title, published: day},
	})
	// A month or a year alone names no day: the story keeps its fetch
	// time rather than being dated the first of the month, perhaps weeks
	// before it was written. Nor is a short number a time.
	for _, d := range []string{"March 2024", "2024", "2024-03", "20240305", "12345"} {
		if got, ok := parseDate(d); ok {
			t.Errorf("parseDate(%q) = %v, want no date", d, got)
		}
	}
}

// TestHashBangLinksAreDistinctStories: a single-page site's entries whose
// links differ only in a hash-bang or a client-side route ("#!/news/41",
// "#/news/42", "app#!story=43") are distinct stories, with GUIDs or
// without, while a link to a place on a page ("#comments") is still that
// page's story. A database made before, in which such a feed's entries
// were stored under the link without its fragment (the first a story, the
// others taken for duplicates of it), stores none of them again when the
// feed is read after the upgrade: with GUIDs they are known by them; without,
// by their headlines, held back once for editors to see (the stories lost
// before can be kept so), and an entry new to the feed is a story.
func TestHashBangLinksAreDistinctStories(t *testing.T) {
	type entry = rssEntry
	rss := rssEntries
	spa := []entry{
		{"Councils agree to share a chief executive", "https://x.example/#!/news/41", "41"},
		{"Fire services merge their control rooms", "https://x.example/#/news/42", "42"},
		{"Police and crime panel backs shared estates", "https://x.example/app#!story=43", "43"},
	}
	withoutGUIDs := func(es []entry) []entry {
		out := slices.Clone(es)
		for i := range out {
			out[i].guid = ""
		}
		return out
	}
	links := func(stories []digest.Story) []string {
		var out []string
		for _, s := range stories {
			out = append(out, s.URL)
		}
		slices.Sort(out)
		return out
	}
	wantLinks := []string{"https://x.example/#!/news/41", "https://x.example/#/news/42", "https://x.example/app#!story=43"}
	fs := newFeedServer(t)
	poll := func(t *testing.T, st *store.Store, url string) Result {
		t.Helper()
		results, err := newPoller(t, st, feedsConfig(src(url))).PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; r.Status != StatusFetched {
			t.Fatalf("%s (%s)", r.Status, r.Reason)
		}
		return results[0]
	}

	for _, c := range []struct {
		name    string
		entries []entry
	}{{"guids", spa}, {"no-guids", withoutGUIDs(spa)}} {
		t.Run(c.name, func(t *testing.T) {
			st := storetest.Open(t, "")
			r := poll(t, st, fs.serveBody("/"+c.name, rss(c.entries...)))
			if got := links(allStories(t, st)); r.New != 3 || !slices.Equal(got, wantLinks) {
				t.Errorf("new %d, duplicates %d, held back %d; links %q, want %q", r.New, r.Duplicates, len(r.HeldBack), got, wantLinks)
			}
		})
	}

	t.Run("anchor", func(t *testing.T) {
		st := storetest.Open(t, "")
		r := poll(t, st, fs.serveBody("/anchor", rss(
			entry{"Councils agree to share a chief executive", "https://x.example/news/41", "a"},
			entry{"Comments: councils agree to share a chief executive", "https://x.example/news/41#comments", "b"})))
		if got := links(allStories(t, st)); r.New != 1 || !slices.Equal(got, []string{"https://x.example/news/41"}) {
			t.Errorf("new %d; links %q, want the page once", r.New, got)
		}
	})

	for _, c := range []struct {
		name    string
		entries []entry
	}{{"upgrade-guids", spa}, {"upgrade-no-guids", withoutGUIDs(spa)}} {
		t.Run(c.name, func(t *testing.T) {
			st := storetest.Open(t, "")
			// The feed as the links were stored before: the fragment
			// dropped, every entry one link.
			before := slices.Clone(c.entries)
			for i := range before {
				before[i].link = "https://x.example/"
			}
			path := "/" + c.name
			if r := poll(t, st, fs.serveBody(path, rss(before...))); r.New != 1 {
				t.Fatalf("before: new %d, want 1", r.New)
			}
			fresh := entry{"Waste partnership wins its appeal", "https://x.example/#!/news/44", ""}
			if c.name == "upgrade-guids" {
				fresh.guid = "44"
			}
			r := poll(t, st, fs.serveBody(path, rss(append(slices.Clone(c.entries), fresh)...)))
			got := links(allStories(t, st))
			want := []string{"https://x.example/", "https://x.example/#!/news/44"}
			if r.New != 1 || !slices.Equal(got, want) {
				t.Errorf("after: new %d, duplicates %d, held back %d; links %q, want %q", r.New, r.Duplicates, len(r.HeldBack), got, want)
			}
			if c.name == "upgrade-no-guids" && len(r.HeldBack) != 3 {
				t.Errorf("after: held back %d, want the 3 entries stored before under one link", len(r.HeldBack))
			}
			if r := poll(t, st, fs.serveBody(path, rss(append(slices.Clone(c.entries), fresh, entry{"Ambulance trusts share a call centre", "https://x.example/#/news/45", ""})...))); r.New != 1 || len(r.HeldBack) != 0 {
				t.Errorf("again: new %d, held back %d, want only the newest entry", r.New, len(r.HeldBack))
			}
		})
	}
}

// TestEnclosureOnlyEntries: an entry that has no link but its media
// (a podcast's <enclosure>, Media RSS's media:content, an Atom
// rel="enclosure" link, a JSON Feed attachment) is a story linked to that
// media, headed by its summary's first sentence; it is not left out.
func TestEnclosureOnlyEntries(t *testing.T) {
	const media = `xmlns:media="http://search.yahoo.com/mrss/"`
	rss := func(item string) []byte {
		return []byte(`<rss version="2.0" ` + media + `><channel><title>Council podcast</title><item>` + item + `</item></channel></rss>`)
	}
	const summary = "Two councils agree to share a chief executive. We ask what it means."
	const headline = "Two councils agree to share a chief executive."
	checkCases(t, []feedCase{
		{name: "enclosure", body: rss(`<description>` + summary + `</description><enclosure url="https://cdn.x.example/episode-12.mp3" length="1234" type="audio/mpeg"/>`),
			headline: headline, summary: summary},
		{name: "media-content", body: rss(`<description>` + summary + `</description><media:content url="https://cdn.x.example/clip-12.mp4" type="video/mp4"/>`),
			headline: headline},
		{name: "media-group", body: rss(`<description>` + summary + `</description><media:group><media:content url="https://cdn.x.example/clip-13.mp4"/></media:group>`),
			headline: headline},
		{name: "atom-enclosure", body: []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:x:12</id>
<link rel="enclosure" type="audio/mpeg" href="https://cdn.x.example/episode-14.mp3"/><summary>` + summary + `</summary></entry></feed>`),
			headline: headline},
		{name: "json-attachment", body: []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"urn:x:15","content_text":"` + summary +
			`","attachments":[{"url":"https://cdn.x.example/episode-15.mp3","mime_type":"audio/mpeg"}]}]}`), contentType: "application/feed+json", headline: headline},
	})
	got := pollCases(t, []feedCase{{name: "enclosure", body: rss(`<description>` + summary + `</description><enclosure url="https://cdn.x.example/episode-12.mp3" type="audio/mpeg"/>`)},
		{name: "page-first", body: rss(`<link>https://x.example/episodes/12</link><description>` + summary + `</description><enclosure url="https://cdn.x.example/episode-12.mp3" type="audio/mpeg"/>`)}})
	if s := got["enclosure"]; len(s) != 1 || s[0].URL != "https://cdn.x.example/episode-12.mp3" {
		t.Errorf("an enclosure alone is not the story's link: %+v", s)
	}
	if s := got["page-first"]; len(s) != 1 || s[0].URL != "https://x.example/episodes/12" {
		t.Errorf("an enclosure took the place of the entry's own link: %+v", s)
	}
}
