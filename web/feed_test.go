package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/a11ytest"
)

// parsedFeed reads a feed back: atomFeed writes its entries as encoded
// bytes, this decodes them.
type parsedFeed struct {
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

func TestFeedParsesWithGofeed(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	r := f.get("/feed.atom")
	if r.status != 200 || r.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("/feed.atom = %d %q", r.status, r.header.Get("Content-Type"))
	}
	feed, err := gofeed.NewParser().ParseString(r.body)
	if err != nil {
		t.Fatalf("gofeed cannot parse the feed: %v\n%s", err, r.body)
	}
	if feed.FeedType != "atom" || feed.FeedVersion != "1.0" || feed.Title != "Shared News" || feed.Link != publicURL+"/" {
		t.Errorf("feed = %s %s %q %q", feed.FeedType, feed.FeedVersion, feed.Title, feed.Link)
	}
	if feed.FeedLink != publicURL+"/feed.atom" {
		t.Errorf("self link = %q", feed.FeedLink)
	}
	if len(feed.Items) != 3 {
		t.Fatalf("feed has %d entries, want one per published edition (3)", len(feed.Items))
	}
	for i, item := range feed.Items {
		n := 3 - i // newest first
		e := f.readerEdition(n)
		body, err := digest.RenderHTMLBody(e)
		if err != nil {
			t.Fatal(err)
		}
		if item.Title != e.Title || item.Link != fmt.Sprintf("%s/editions/%d", publicURL, n) {
			t.Errorf("entry %d: %q → %q", n, item.Title, item.Link)
		}
		// Full content: the edition's own HTML, as the web page shows it.
		if item.Content != string(body) {
			t.Errorf("entry %d content is not the edition's HTML:\n%s", n, item.Content)
		}
		if item.UpdatedParsed == nil || item.PublishedParsed == nil || !strings.HasPrefix(item.GUID, "urn:uuid:") {
			t.Errorf("entry %d: updated %v, published %v, id %q", n, item.UpdatedParsed, item.PublishedParsed, item.GUID)
		}
	}
	if !strings.Contains(feed.Items[2].Content, "Two hospital trusts share a chief executive") {
		t.Error("the oldest entry lacks its story")
	}
	if feed.UpdatedParsed == nil || len(feed.Authors) != 1 || feed.Authors[0].Name != "Shared News" {
		t.Errorf("feed updated %v, authors %v", feed.UpdatedParsed, feed.Authors)
	}
}

func TestFeedFollowsRFC4287(t *testing.T) {
	f := newFixture(t)
	if problems := checkAtom(f.get("/feed.atom").body); len(problems) > 0 {
		t.Errorf("the empty archive's feed breaks RFC 4287:\n%s", strings.Join(problems, "\n"))
	}
	f.newsroom()
	for i := 0; i < entriesPerFeedPage; i++ {
		st := f.story(fmt.Sprintf("Weekly story %d", i), "housing", fmt.Sprintf("https://example.org/weekly/%d", i), "Summary.")
		f.publish(dateAfter("2025-01-02", 7*i), "", st)
	}
	for _, p := range []string{"/feed.atom", "/feed.atom?page=2"} {
		body := f.get(p).body
		if problems := checkAtom(body); len(problems) > 0 {
			t.Errorf("%s breaks RFC 4287:\n%s\n%s", p, strings.Join(problems, "\n"), body)
		}
	}
}

func TestFeedPagesThroughEveryEdition(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < entriesPerFeedPage+3; i++ {
		st := f.story(fmt.Sprintf("Weekly story %d", i), "housing", fmt.Sprintf("https://example.org/weekly/%d", i), "")
		f.publish(dateAfter("2025-01-02", 7*i), "", st)
	}
	seen := map[string]bool{}
	next := "/feed.atom"
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("the feed's next links never end")
		}
		feed, err := gofeed.NewParser().ParseString(f.get(next).body)
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range feed.Items {
			if seen[item.GUID] {
				t.Errorf("entry %s on two pages", item.GUID)
			}
			seen[item.GUID] = true
		}
		next = ""
		for _, l := range atomLinks(t, f.get(local(feed.FeedLink)).body) {
			if l.Rel == "next" {
				next = local(l.Href)
			}
		}
	}
	if len(seen) != entriesPerFeedPage+3 {
		t.Errorf("paging through the feed found %d editions, want %d", len(seen), entriesPerFeedPage+3)
	}
}

func atomLinks(t *testing.T, body string) []atomLink {
	t.Helper()
	var feed parsedFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	return feed.Links
}

func TestFeedIDsSurviveAMoveAndNewEditions(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	entryIDs := func() (string, map[string]string) {
		var feed parsedFeed
		if err := xml.Unmarshal([]byte(f.get("/feed.atom").body), &feed); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range feed.Entries {
			out[e.Title] = e.ID
		}
		return feed.ID, out
	}
	feedID, before := entryIDs()
	f.serve("https://a-new-home.example/news/")
	movedID, moved := entryIDs()
	if movedID != feedID || fmt.Sprint(moved) != fmt.Sprint(before) {
		t.Errorf("moving the site changed ids: %s → %s\n%v\n%v", feedID, movedID, before, moved)
	}
	// An edition imported from the back catalogue, older than the rest, may
	// renumber them; their ids stay.
	if _, err := f.store.ImportEdition(context.Background(), digest.Edition{State: digest.EditionPublished,
		Title: "An old edition", Date: time.Date(2014, 5, 15, 0, 0, 0, 0, time.UTC),
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: []digest.Story{{URL: "urn:sharednews:archive:old",
			Headline: "An old story", Sector: "health"}}}}}); err != nil {
		t.Fatal(err)
	}
	_, after := entryIDs()
	for title, id := range before {
		if after[title] != id {
			t.Errorf("%q: id %s became %s", title, id, after[title])
		}
	}
	if len(after) != len(before)+1 {
		t.Errorf("after the import the feed has %d entries", len(after))
	}
}

// checkAtom checks a feed against the rules of RFC 4287 that a document can
// break, reading it with encoding/xml's token stream: independent of gofeed
// and of the structs that wrote it.
func checkAtom(doc string) []string {
	const atomNS = "http://www.w3.org/2005/Atom"
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if !utf8.ValidString(doc) {
		bad("not UTF-8")
	}
	if !strings.HasPrefix(doc, `<?xml version="1.0" encoding="UTF-8"?>`) {
		bad("no XML declaration with UTF-8")
	}
	root, err := parseTree(doc)
	if err != nil {
		return append(problems, "not well-formed XML: "+err.Error())
	}
	if root.name != (xml.Name{Space: atomNS, Local: "feed"}) {
		return append(problems, fmt.Sprintf("root element is %v, not atom:feed", root.name))
	}
	checkText := func(where string, e *node) {
		if len(e.children) > 0 {
			bad("%s: a text construct has child elements", where)
		}
		if t := e.attr("type"); t != "" && t != "text" && t != "html" && t != "xhtml" {
			bad("%s: text construct type %q", where, t)
		}
	}
	checkDate := func(where string, e *node) {
		if _, err := time.Parse(time.RFC3339, e.text); err != nil || strings.ContainsAny(e.text, "tz") {
			bad("%s: %q is not an RFC 3339 date-time with upper-case T and Z", where, e.text)
		}
	}
	checkIRI := func(where, v string) {
		u, err := url.Parse(v)
		if err != nil || u.Scheme == "" || strings.ContainsAny(v, " \t\n") {
			bad("%s: %q is not an absolute IRI", where, v)
		}
	}
	registered := map[string]bool{"alternate": true, "related": true, "self": true, "enclosure": true, "via": true,
		// IANA link relations, used for RFC 5005 paging.
		"first": true, "last": true, "next": true, "previous": true}
	checkLinks := func(where string, e *node) (alternates int, self bool) {
		seenAlt := map[string]bool{}
		for _, l := range e.all("link") {
			href := l.attr("href")
			if href == "" {
				bad("%s: link without href", where)
			}
			checkIRI(where+" link", href)
			rel := l.attr("rel")
			if rel == "" {
				rel = "alternate"
			}
			if !registered[rel] {
				checkIRI(where+" link rel", rel)
			}
			if rel == "alternate" {
				alternates++
				key := l.attr("type") + "|" + l.attr("hreflang")
				if seenAlt[key] {
					bad("%s: two alternate links with type and hreflang %q", where, key)
				}
				seenAlt[key] = true
			}
			if rel == "self" {
				self = true
			}
		}
		return alternates, self
	}
	exactlyOne := func(where string, e *node, names ...string) {
		for _, n := range names {
			if c := len(e.all(n)); c != 1 {
				bad("%s has %d atom:%s, want exactly one", where, c, n)
			}
		}
	}
	atMostOne := func(where string, e *node, names ...string) {
		for _, n := range names {
			if c := len(e.all(n)); c > 1 {
				bad("%s has %d atom:%s, want at most one", where, c, n)
			}
		}
	}
	known := map[string]bool{"author": true, "category": true, "contributor": true, "generator": true, "icon": true, "id": true,
		"link": true, "logo": true, "rights": true, "subtitle": true, "title": true, "updated": true, "entry": true,
		"content": true, "published": true, "source": true, "summary": true}

	exactlyOne("feed", root, "id", "title", "updated")
	atMostOne("feed", root, "generator", "icon", "logo", "rights", "subtitle")
	if id := root.first("id"); id != nil {
		checkIRI("feed id", id.text)
	}
	if u := root.first("updated"); u != nil {
		checkDate("feed updated", u)
	}
	if title := root.first("title"); title != nil {
		checkText("feed title", title)
	}
	if _, self := checkLinks("feed", root); !self {
		bad("feed has no rel=self link")
	}
	feedAuthors := len(root.all("author"))
	for _, a := range root.all("author") {
		exactlyOne("feed author", a, "name")
	}
	ids := map[string]bool{}
	for i, e := range root.all("entry") {
		where := fmt.Sprintf("entry %d", i+1)
		for _, c := range e.children {
			if c.name.Space == atomNS && !known[c.name.Local] {
				bad("%s: unknown element atom:%s", where, c.name.Local)
			}
		}
		exactlyOne(where, e, "id", "title", "updated")
		atMostOne(where, e, "content", "published", "rights", "source", "summary")
		if id := e.first("id"); id != nil {
			checkIRI(where+" id", id.text)
			if ids[id.text] {
				bad("%s: id %s is not unique", where, id.text)
			}
			ids[id.text] = true
		}
		for _, n := range []string{"updated", "published"} {
			if d := e.first(n); d != nil {
				checkDate(where+" "+n, d)
			}
		}
		for _, n := range []string{"title", "summary"} {
			if d := e.first(n); d != nil {
				checkText(where+" "+n, d)
			}
		}
		alternates, _ := checkLinks(where, e)
		content := e.first("content")
		if content == nil && alternates == 0 {
			bad("%s has neither content nor an alternate link", where)
		}
		if content != nil {
			if content.attr("src") != "" {
				bad("%s: content with src", where)
			}
			if t := content.attr("type"); t != "html" {
				bad("%s: content type %q, want html", where, t)
			} else if len(content.children) > 0 || !strings.Contains(content.text, "<div class=\"edition\">") {
				bad("%s: html content is not escaped HTML of the edition", where)
			}
		}
		if feedAuthors == 0 && len(e.all("author")) == 0 {
			bad("%s has no author and neither has the feed", where)
		}
	}
	for _, c := range root.children {
		if c.name.Space != atomNS {
			continue
		}
		if !known[c.name.Local] {
			bad("feed: unknown element atom:%s", c.name.Local)
		}
	}
	return problems
}

// node is an XML element as checkAtom sees it.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string
	children []*node
}

func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (n *node) all(local string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.Local == local && c.name.Space == "http://www.w3.org/2005/Atom" {
			out = append(out, c)
		}
	}
	return out
}

func (n *node) first(local string) *node {
	if all := n.all(local); len(all) > 0 {
		return all[0]
	}
	return nil
}

func parseTree(doc string) (*node, error) {
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name, attrs: tok.Attr}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else if root != nil {
				return nil, fmt.Errorf("two root elements")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	root.text = strings.TrimSpace(root.text)
	var trim func(*node)
	trim = func(n *node) {
		if len(n.children) > 0 {
			n.text = strings.TrimSpace(n.text)
		}
		for _, c := range n.children {
			trim(c)
		}
	}
	trim(root)
	return root, nil
}

// The checker must be able to fail, or passing it means nothing.
func TestCheckAtomCatchesBrokenFeeds(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	good := f.get("/feed.atom").body
	if p := checkAtom(good); len(p) > 0 {
		t.Fatalf("the real feed fails: %v", p)
	}
	var parsed parsedFeed
	if err := xml.Unmarshal([]byte(good), &parsed); err != nil || len(parsed.Entries) < 2 {
		t.Fatalf("feed: %v", err)
	}
	for name, broken := range map[string]string{
		"no feed id":       strings.Replace(good, "<id>"+f.archive.feedID+"</id>", "", 1),
		"relative id":      strings.Replace(good, f.archive.feedID, "feed-1", 1),
		"lower-case date":  strings.Replace(good, "Z</updated>", "z</updated>", 1),
		"duplicate ids":    strings.Replace(good, parsed.Entries[1].ID, parsed.Entries[0].ID, 1),
		"not well-formed":  strings.Replace(good, "</feed>", "", 1),
		"unescaped html":   strings.Replace(good, "&lt;div class=&#34;edition&#34;&gt;", "<div>", 1),
		"no self link":     strings.Replace(good, `rel="self"`, `rel="related"`, 1),
		"two titles":       strings.Replace(good, "<entry>", "<entry><title>x</title>", 1),
		"unknown relation": strings.Replace(good, `rel="alternate" type="text/html"`, `rel="sideways" type="text/html"`, 1),
	} {
		if p := checkAtom(broken); len(p) == 0 {
			t.Errorf("%s: checkAtom found nothing wrong", name)
		}
	}
}

// TestFeedOfWorstCaseEditionsReadsWhole: editions of thirty stories with
// markup, "]]>", emoji, right-to-left marks and characters XML cannot
// carry (U+FFFE, U+FFFF) in their titles, intros and stories, over two
// pages of the feed: each page keeps RFC 4287 (checkAtom), and gofeed, as
// a reader, gets every edition once, each with its link, its summary, its
// full content and its dates.
func TestFeedOfWorstCaseEditionsReadsWhole(t *testing.T) {
	f := newFixture(t)
	const editions = entriesPerFeedPage + 2
	for i := range editions {
		var stories []digest.Story
		for j := range 30 {
			stories = append(stories, digest.Story{URL: fmt.Sprintf("https://example.org/%d/%d?a=1&b=<2>", i, j),
				Headline: fmt.Sprintf("Héadline 🚒 %d/%d ]]> & <b>bold</b> \u202e \uFFFE", i, j), Sector: "health",
				Summary: "Sum 👩‍👩‍👧 <script>x</script> \u2028 line", Source: "Src & <co>"})
		}
		if _, err := f.store.ImportEdition(context.Background(), digest.Edition{State: digest.EditionPublished,
			Title: fmt.Sprintf("Édition \uFFFF %d ]]> & <i>x</i> 🎉", i), Intro: "Intro \uFFFE & <x> end",
			Date:     time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i),
			Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Stories: stories}}}); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]bool{}
	for _, p := range []string{"/feed.atom", "/feed.atom?page=2"} {
		body := f.get(p).body
		if problems := checkAtom(body); len(problems) > 0 {
			t.Errorf("%s breaks RFC 4287:\n%s", p, strings.Join(problems, "\n"))
		}
		feed, err := gofeed.NewParser().ParseString(body)
		if err != nil {
			t.Fatalf("%s: gofeed: %v", p, err)
		}
		for _, it := range feed.Items {
			if it.Link == "" || links[it.Link] || !strings.Contains(it.Title, "]]> & <i>x</i> 🎉") ||
				!strings.HasPrefix(it.Description, "Intro") || strings.Count(it.Content, `<div class="story">`) != 30 ||
				!strings.Contains(it.Content, "Héadline 🚒") || it.PublishedParsed == nil || it.UpdatedParsed == nil {
				t.Errorf("%s: entry %q: link %q, summary %q, %d stories", p, it.Title, it.Link, it.Description,
					strings.Count(it.Content, `<div class="story">`))
			}
			links[it.Link] = true
		}
	}
	if len(links) != editions {
		t.Errorf("the feed's pages hold %d editions, want %d", len(links), editions)
	}
}

// A feed reader shows an entry's content in its own page, often left to
// right whatever the text: each paragraph and heading of an edition names
// its direction as its own first letter gives it, so a story in Hebrew or
// Arabic reads from the right there, as it does on the archive's pages.
func TestFeedEntriesTakeTheirTextsDirection(t *testing.T) {
	f := newFixture(t)
	hebrew := f.story("מועצת העיר משתפת פעולה עם 3 מועצות!", "housing", "https://example.org/he/1", "סיכום קצר של הסיפור.")
	english := f.story("Two councils share a chief executive", "health", "https://example.org/en/1", "A summary.")
	f.publish("2025-01-02", "مقدمة العدد بالعربية.", hebrew, english)
	feed, err := gofeed.NewParser().ParseString(f.get("/feed.atom").body)
	if err != nil || len(feed.Items) != 1 {
		t.Fatalf("feed: %v, %d entries", err, len(feed.Items))
	}
	nodes, err := html.ParseFragment(strings.NewReader(feed.Items[0].Content), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && textElement[n.DataAtom] {
			seen[n.Data]++
			if dir := a11ytest.Attr(n, "dir"); dir != "auto" {
				t.Errorf("<%s> %q has dir=%q, want auto", n.Data, a11ytest.Text(n), dir)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	for _, tag := range []string{"p", "h1", "h2", "h3"} {
		if seen[tag] == 0 {
			t.Errorf("the entry has no <%s> to check:\n%s", tag, feed.Items[0].Content)
		}
	}
}

// textElement are the elements of an edition that hold a line of text.
var textElement = map[atom.Atom]bool{atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.Li: true}
