package web

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

func TestLatestEditionIsLaidOutLikeTheNewsletter(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	r := f.get("/editions/1")
	if r.status != 200 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/editions/1 = %d %s", r.status, r.header.Get("Content-Type"))
	}
	// The edition body is digest's own HTML rendering of the same edition
	// chat shows: no second renderer.
	body, err := digest.RenderHTMLBody(f.readerEdition(1))
	if err != nil {
		t.Fatal(err)
	}
	inOrder(t, r.body, `<article class="edition-page">`, strings.TrimSpace(string(body)), `</article>`)
	inOrder(t, r.body,
		`<time datetime="2026-10-01">Thursday 1 October 2026</time>`,
		`<h1 dir="auto">News Summary of Collaboration and Shared Services from 1st October 2026</h1>`,
		"Edition 1",
		"A busy week for shared chief executives.",
		`<h2 dir="auto">Local Government</h2>`, // configured order: Local Government before Health
		`<p class="commentary" dir="auto">The dominos are falling.</p>`,
		`<a href="https://www.bbc.example/councils">District councils merge their back offices</a>`,
		`<h2 dir="auto">Health &amp; Social Care</h2>`,
		`<a href="https://www.hsj.example/trusts">Two hospital trusts share a chief executive</a>`,
		"The hospital trusts expect savings.",
		"Source: Example News",
		"Receive this Shared Service News Summary every week",
	)
	for _, want := range []string{
		`<nav class="pager" aria-label="Other editions">`,
		`<a href="` + publicURL + `/editions/2">Edition 2 →</a>`, // newer to the right, as blogs do
		`<link rel="stylesheet" href="` + publicURL + `/style.css?v=`,
		`<link rel="alternate" type="application/atom+xml"`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<meta property="og:title" content="News Summary of Collaboration and Shared Services from 1st October 2026">`,
		`<meta property="og:url" content="` + publicURL + `/editions/1">`,
		`<meta property="og:description" content="A busy week for shared chief executives.">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:site_name" content="Shared News">`,
		`<link rel="canonical" href="` + publicURL + `/editions/1">`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/editions/1 lacks %s", want)
		}
	}
	for _, banned := range []string{"<script", "<style", " style=", "javascript:", "DRAFT"} {
		if strings.Contains(r.body, banned) {
			t.Errorf("/editions/1 contains %q", banned)
		}
	}
}

// inOrder checks that every part appears in s, each after the one before.
func inOrder(t *testing.T, s string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			t.Errorf("%q missing or out of order (looked after byte %d)", p, at)
			continue
		}
		at += i + len(p)
	}
}

func TestEveryLinkIsAbsoluteUnderThePublicURL(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	href := regexp.MustCompile(`(?:href|action|content)="([^"]*)"`)
	for _, path := range []string{"/", "/editions", "/editions/2", "/sectors/health", "/search?q=merge", "/search", "/nope"} {
		r := f.get(path)
		for _, m := range href.FindAllStringSubmatch(r.body, -1) {
			link := m[1]
			if !strings.Contains(m[0], "href") && !strings.Contains(m[0], "action") {
				if !strings.HasPrefix(link, "http") {
					continue // a meta tag's text
				}
			}
			if id, ok := strings.CutPrefix(link, "#"); ok && strings.HasPrefix(m[0], "href") {
				// A place on the same page (the skip link's <main>) names
				// no address that a proxy's path could break, so it need
				// not be absolute; it must name an id the page has.
				if id == "" || !strings.Contains(r.body, ` id="`+id+`"`) {
					t.Errorf("%s: link %q names no id on the page", path, link)
				}
				continue
			}
			if !strings.HasPrefix(link, "https://") && !strings.HasPrefix(link, "http://") {
				t.Errorf("%s: link %q is not absolute", path, link)
			}
		}
		if strings.Contains(r.body, f.srv.URL) {
			t.Errorf("%s links to the address it was fetched from, not the public URL", path)
		}
	}
}

func TestHomeShowsTheLatestEditionAndLinksTheOthers(t *testing.T) {
	f := newFixture(t)
	if r := f.get("/"); r.status != 200 || !strings.Contains(r.body, "No edition has been published yet.") {
		t.Fatalf("empty archive: / = %d\n%s", r.status, r.body)
	}
	f.newsroom()
	r := f.get("/")
	if r.status != 200 {
		t.Fatalf("/ = %d", r.status)
	}
	inOrder(t, r.body, "Edition 3", "Fire and police share a headquarters", "Earlier editions",
		publicURL+"/editions/2", publicURL+"/editions/1", publicURL+"/editions\">All editions")
	if !strings.Contains(r.body, `<link rel="canonical" href="`+publicURL+`/">`) {
		t.Error("/ is not its own canonical address")
	}
}

func TestEditionListIsPaginatedNewestFirst(t *testing.T) {
	f := newFixture(t)
	if r := f.get("/editions"); r.status != 200 || !strings.Contains(r.body, "No edition has been published yet.") {
		t.Fatalf("/editions with none = %d\n%s", r.status, r.body)
	}
	var last digest.Story
	for i := 0; i < editionsPerPage+3; i++ {
		last = f.story("Story "+strings.Repeat("x", i%5)+string(rune('a'+i%26)), "health", "https://example.org/s/"+itoa(i), "")
		f.publish(dateAfter("2020-01-02", 7*i), "", last)
	}
	r := f.get("/editions")
	if r.status != 200 {
		t.Fatalf("/editions = %d", r.status)
	}
	n := strings.Count(r.body, `<li><a href="`+publicURL+`/editions/`)
	if n != editionsPerPage {
		t.Errorf("page 1 lists %d editions, want %d", n, editionsPerPage)
	}
	inOrder(t, r.body, "53 editions, newest first.", "/editions/53\"", "/editions/52\"",
		`<a href="`+publicURL+`/editions?page=2">← Older editions</a>`, "Page 1 of 2")
	if !strings.Contains(r.body, `<link rel="next" href="`+publicURL+`/editions?page=2">`) {
		t.Error("page 1 has no rel=next")
	}
	r = f.get("/editions?page=2")
	if r.status != 200 || strings.Count(r.body, `<li><a href="`+publicURL+`/editions/`) != 3 {
		t.Fatalf("page 2 = %d\n%s", r.status, r.body)
	}
	inOrder(t, r.body, "/editions/3\"", "/editions/1\"", "Page 2 of 2", `<a href="`+publicURL+`/editions">Newer editions →</a>`)
	if r := f.get("/editions?page=3"); r.status != 404 || !strings.Contains(r.body, "There is no page 3: there are 2 pages.") {
		t.Errorf("page 3 = %d\n%s", r.status, r.body)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func dateAfter(start string, days int) string {
	d, _ := timeParse(start)
	return d.AddDate(0, 0, days).Format("2006-01-02")
}

func TestSectorPageListsItsPublishedStories(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	r := f.get("/sectors/health")
	if r.status != 200 {
		t.Fatalf("/sectors/health = %d", r.status)
	}
	inOrder(t, r.body, "<h1>Health &amp; Social Care</h1>", "2 stories from published editions",
		"<h2>A story from the archive without a link</h2>", "No link here.",
		`In <a href="`+publicURL+`/editions/2">Edition 2</a>, <time datetime="2026-10-08">Thursday 8 October 2026</time>`,
		`<h2><a href="https://www.hsj.example/trusts">Two hospital trusts share a chief executive</a></h2>`,
		"<p>The hospital trusts expect savings.</p>",
		`A second paragraph of summary. <a class="read-more" href="https://www.hsj.example/trusts" aria-label="Read more: Two hospital trusts share a chief executive">Read more &gt;&gt;&gt;</a>`,
		"Source: Example News", `<a href="`+publicURL+`/editions/1">Edition 1</a>`)
	if strings.Contains(r.body, "urn:sharednews") {
		t.Error("a story without a web link was linked")
	}
	if r := f.get("/sectors/international"); r.status != 200 || !strings.Contains(r.body, "No stories in International yet.") {
		t.Errorf("an empty sector = %d\n%s", r.status, r.body)
	}
	// Chat's names and aliases find a sector; its page lives at the slug.
	for path, want := range map[string]string{"/sectors/Health": "/sectors/health", "/sectors/police": "/sectors/blue-light",
		"/sectors/nhs?page=1": "/sectors/health"} {
		if r := f.get(path); r.status != 302 || r.header.Get("Location") != publicURL+want {
			t.Errorf("%s = %d → %q, want 302 → %s", path, r.status, r.header.Get("Location"), publicURL+want)
		}
	}
}

func TestSearchPageGivesChatsAnswerOverPublishedStories(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	r := f.get("/search?q=" + "merge")
	if r.status != 200 {
		t.Fatalf("/search?q=merge = %d", r.status)
	}
	want, err := f.bot.SearchPublished(context.Background(), "merge", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Stories) == 0 {
		t.Fatal("the bot finds nothing for merge; the fixture is wrong")
	}
	var order []string
	for _, it := range want.Stories {
		order = append(order, htmlEscape(digest.OneLine(it.Story.Headline)))
	}
	inOrder(t, r.body, append([]string{"<h1>Search: merge</h1>"}, order...)...)
	if strings.Count(r.body, `<article class="story">`) != len(want.Stories) {
		t.Errorf("the page shows %d stories, the bot %d", strings.Count(r.body, `<article class="story">`), len(want.Stories))
	}
	if !strings.Contains(r.body, `value="merge"`) || !strings.Contains(r.body, `<meta name="robots" content="noindex">`) {
		t.Error("the search box does not hold the search, or results may be indexed")
	}
	// Found through the editor's commentary alone: the page says where.
	r = f.get("/search?q=dominos")
	if !strings.Contains(r.body, `<p class="excerpt">From the editor: <q>The dominos are falling.</q></p>`) {
		t.Errorf("a story found through its commentary does not show it:\n%s", r.body)
	}
	if strings.Count(r.body, `class="excerpt"`) != 1 {
		t.Errorf("excerpts shown where headline or summary matched")
	}
	r = f.get("/search?q=zzyzx")
	if r.status != 200 || !strings.Contains(r.body, htmlEscape("Nothing in the archive matches “zzyzx”.")) {
		t.Errorf("no match = %d\n%s", r.status, r.body)
	}
	// A phrase quoted alone is quoted once, not “"zzyzx quux"”.
	r = f.get("/search?q=%22zzyzx+quux%22")
	if r.status != 200 || !strings.Contains(r.body, htmlEscape("Nothing in the archive matches “zzyzx quux”.")) {
		t.Errorf("no match for a phrase = %d\n%s", r.status, r.body)
	}
	r = f.get("/search")
	if r.status != 200 || !strings.Contains(r.body, "Search the archive") {
		t.Errorf("/search with no words = %d", r.status)
	}
}

func TestSearchRefusesBadInputAsChatDoes(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	long := strings.Repeat("devolution ", 1500) // 16 KiB
	// Nothing to search for (only punctuation, or bytes that are text
	// neither in UTF-8 nor in Windows-1252, a query over the limit) gets
	// chat's sentence. ("%FF%FE" is "ÿþ" in Windows-1252: letters,
	// searched for; TestSearchInLatin1IsReadAsItWasMeant.)
	for _, q := range []string{long, "%2A", "%5E", "%81%8D", "%1B%5B31m"} {
		unescaped, err := url.QueryUnescape(q)
		if err != nil {
			t.Fatal(err)
		}
		chat, err := f.bot.SearchPublished(context.Background(), strings.ToValidUTF8(unescaped, "\uFFFD"), 1)
		if err != nil {
			t.Fatal(err)
		}
		if chat.Refusal == "" {
			t.Fatalf("the bot does not refuse %.20q", q)
		}
		r := f.get("/search?q=" + strings.ReplaceAll(q, " ", "+"))
		if want := codeSpans(htmlEscape(chat.Refusal)); r.status != 400 || !strings.Contains(r.body, want) {
			t.Errorf("/search?q=%.20q = %d, want 400 with %q\n%.600s", q, r.status, want, r.body)
		}
	}
	// A search box sent empty, or with only spaces, is the search page, as
	// /search is: it was a 400 page with chat's "Tell me what to search for."
	for _, q := range []string{"", "%20%20", "+"} {
		if r := f.get("/search?q=" + q); r.status != 200 || !strings.Contains(r.body, "Search the archive") || strings.Contains(r.body, "Tell me") {
			t.Errorf("/search?q=%s = %d\n%.600s", q, r.status, r.body)
		}
	}
	// What chat sets between backticks is code on the page, not backticks.
	if r := f.get("/search?q=%2A"); !strings.Contains(r.body, "such as <code>devolution</code> or <code>shared services</code>") || strings.Contains(r.body, "`") {
		t.Errorf("/search?q=* shows chat's backticks:\n%.800s", r.body)
	}
	// FTS syntax, control characters and broken UTF-8 are searched for as
	// text: an answer, never an error.
	for _, q := range []string{"NEAR(council", "col:merge", "%2A+council", "%5Emerge", "%1B%5B31mcouncil", "%FF%FEcouncil", "%22unclosed"} {
		if r := f.get("/search?q=" + q); r.status != 200 {
			t.Errorf("/search?q=%s = %d\n%s", q, r.status, r.body)
		}
	}
	if r := f.get("/search?q=a&q=b"); r.status != 400 {
		t.Errorf("two searches = %d", r.status)
	}
}

// codeSpans writes each `x` of s as <code>x</code>.
func codeSpans(s string) string {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			part = "<code>" + part + "</code>"
		}
		b.WriteString(part)
	}
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestSearchPageOffersChatsSpellingSuggestionAsALink(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	want, err := f.bot.SearchPublished(context.Background(), "hedquarters", 1)
	if err != nil {
		t.Fatal(err)
	}
	if want.DidYouMean == "" {
		t.Fatalf("the bot suggests nothing for a misspelt word: %+v", want)
	}
	r := f.get("/search?q=hedquarters")
	link := `Did you mean <a href="` + publicURL + `/search?q=` + url.QueryEscape(want.DidYouMean) + `">` + htmlEscape(want.DidYouMean) + `</a>?`
	if r.status != 200 || !strings.Contains(r.body, link) {
		t.Errorf("/search?q=hedquarters = %d, without %s\n%s", r.status, link, r.body)
	}
	if followed := f.get(local(publicURL + "/search?q=" + url.QueryEscape(want.DidYouMean))); !strings.Contains(followed.body, "Fire and police share a headquarters") {
		t.Errorf("following the suggestion does not find the story")
	}
}

// TestSearchPageWithNothingMatchingShowsTheSuggestionsStories: on the past
// editions, /search?q=colaboration showed "Nothing in the archive matches"
// and a link to try again; it now shows the stories for "collaboration",
// says so, and keeps the suggestion as a link.
func TestSearchPageWithNothingMatchingShowsTheSuggestionsStories(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	r := f.get("/search?q=colaboration")
	link := `Did you mean <a href="` + publicURL + `/search?q=collaboration">collaboration</a>?`
	for _, want := range []string{
		"Search: colaboration",
		"Nothing matches “colaboration”: these are the stories for “collaboration”.",
		"Only collaborative leadership can make communities succeed",
		link,
	} {
		if r.status != 200 || !strings.Contains(r.body, want) {
			t.Errorf("/search?q=colaboration = %d, without %s\n%s", r.status, want, r.body)
		}
	}
	if strings.Contains(r.body, "Nothing in the archive matches") {
		t.Errorf("/search?q=colaboration says nothing matched:\n%s", r.body)
	}
}

// TestEditionDescriptionSaysWhatTheEditionHolds: a link to an edition
// unfurls with more than the greeting its intro starts with, and an
// edition without an intro names its sections as its readers see them
// (an imported heading, not the sector it is filed under).
func TestEditionDescriptionSaysWhatTheEditionHolds(t *testing.T) {
	f := newFixture(t)
	st := f.story("Two hospital trusts share a chief executive", "health", "https://www.hsj.example/trusts", "Savings.")
	f.publish("2026-10-01", "Hi everyone,\n\nThis week three councils agree to share a chief executive, and two trusts merge their back offices.\n\nSee you next week.", st)
	r := f.get("/editions/1")
	want := `<meta property="og:description" content="Hi everyone, This week three councils agree to share a chief executive, and two trusts merge their back offices.">`
	if !strings.Contains(r.body, want) {
		t.Errorf("/editions/1 lacks %s", want)
	}

	e := digest.Edition{Number: 4, Sections: []digest.Section{
		{Sector: digest.Sector{Slug: "blue-light", Name: "Blue Light Services"}, Heading: "Blue lights service",
			Stories: []digest.Story{{Headline: "Fire and police share a station"}}},
		{Sector: digest.Sector{Slug: "health", Name: "Health & Social Care"}, Stories: []digest.Story{{Headline: "Trusts merge"}}},
	}}
	if got, want := editionDescription(e), "Edition 4: 2 stories in Blue lights service and Health & Social Care."; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
}

// TestFooterDescribesTheArchiveAsTheBotDoes: every page's footer names the
// archive as configured (bot.name) and says what it is in the one
// description of the newsletter (bot.About), the words of Discord's
// command and Slack's app.
func TestFooterDescribesTheArchiveAsTheBotDoes(t *testing.T) {
	f := newFixture(t)
	f.cfg.Bot.Name = "Council Digest"
	f.serve(publicURL)
	f.newsroom()
	for _, path := range []string{"/", "/editions", "/editions/1", "/sectors/health", "/search?q=police", "/no-such-page"} {
		r := f.get(path)
		footer := r.body[strings.LastIndex(r.body, `<footer class="site">`):]
		if !strings.Contains(footer, "<p>Council Digest: "+bot.About+". ") || strings.Contains(r.body, "Shared News") {
			t.Errorf("%s: the footer does not describe the archive as the bot does:\n%s", path, footer)
		}
	}
}

// TestEditionFooterSpeaksToArchiveReaders: the default footer offers the
// newsletter to whoever reads it; on the web archive (here without email
// sign-up) it names the Atom feed, not the chat command a channel is
// subscribed by, in the page and the feed's entry alike. An edition
// published under the former default, which gave the command to everyone,
// reads so too.
func TestEditionFooterSpeaksToArchiveReaders(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	ctx := context.Background()
	former := "Receive this Shared Service News Summary every week: ask your editor to subscribe your channel with /shared subscribe."
	st := f.story("Councils share a planning team", "local-government", "https://example.org/planning", "")
	if _, err := f.store.Approve(ctx, store.Decision{StoryID: st.ID}); err != nil {
		t.Fatal(err)
	}
	d := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	pub, err := f.store.Publish(ctx, store.Publication{Title: digest.Title(f.cfg.Digest.Title, d), Date: d, Footer: former})
	if err != nil {
		t.Fatal(err)
	}
	// The address is a link (digest's HTML links every web address in text).
	want := "Receive this Shared Service News Summary every week: follow it with the Atom feed at " +
		`<a href="` + publicURL + `/feed.atom">` + publicURL + "/feed.atom</a>."
	for _, path := range []string{"/editions/1", fmt.Sprintf("/editions/%d", pub.Edition.Edition.Number), "/feed.atom"} {
		r := f.get(path)
		if r.status != 200 || !strings.Contains(html.UnescapeString(r.body), want) {
			t.Errorf("%s: %d, the footer does not say %q", path, r.status, want)
		}
		if strings.Contains(r.body, "/shared subscribe") || strings.Contains(r.body, "{subscribe}") {
			t.Errorf("%s speaks of a chat command", path)
		}
	}
}

// TestSearchPageLinksTheEditionWhoseEditorWroteTheWords: on the past
// editions, /search?q=CoSocius said "Nothing in the archive matches",
// though edition 5's intro names it; the page now says whose words have
// it and links the edition.
func TestSearchPageLinksTheEditionWhoseEditorWroteTheWords(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	r := f.get("/search?q=CoSocius")
	for _, want := range []string{
		"No story matches “CoSocius”, but the editor&#39;s words in edition 5 (Thursday 20 November 2014) do.",
		`<li><a href="` + publicURL + `/editions/5">Edition 5, Thursday 20 November 2014</a></li>`,
	} {
		if r.status != 200 || !strings.Contains(r.body, want) {
			t.Errorf("/search?q=CoSocius = %d, without %s\n%s", r.status, want, r.body)
		}
	}
	if strings.Contains(r.body, "Nothing in the archive matches") || strings.Contains(r.body, "Did you mean") {
		t.Errorf("/search?q=CoSocius says nothing matched, or suggests other words:\n%s", r.body)
	}
	// Stories with some of the words are listed, and the edition whose
	// intro has them all is named and linked.
	r = f.get("/search?q=383+shared+service+arrangements")
	for _, want := range []string{
		"The editor&#39;s words in edition 5 (Thursday 20 November 2014) have them all.",
		`<li><a href="` + publicURL + `/editions/5">Edition 5, Thursday 20 November 2014</a></li>`,
		"Shared services working in West Suffolk says peer review",
	} {
		if r.status != 200 || !strings.Contains(r.body, want) {
			t.Errorf("/search?q=383 shared service arrangements = %d, without %s\n%s", r.status, want, r.body)
		}
	}
	// A word that no edition's words have either is still nothing.
	if r := f.get("/search?q=CoSocius+-Cheshire"); !strings.Contains(r.body, "Nothing in the archive matches") || strings.Contains(r.body, "editions-found") {
		t.Errorf("/search?q=CoSocius -Cheshire names an edition whose intro has Cheshire:\n%s", r.body)
	}
}

// TestEditionPageImportsAsTheEdition: an editor who saved the web
// archive's page of an edition and imported it elsewhere got the site's
// links, its skip link, "← Edition 4" and its footer as the edition's text
// and footer; the page's <main> is read alone, <nav> as nothing, and the
// page imports as the edition it shows, story for story.
func TestEditionPageImportsAsTheEdition(t *testing.T) {
	f := newFixture(t)
	importDigests(t, f)
	parser := archive.Parser{Sectors: f.cfg.DigestSectors(), TitleTemplate: f.cfg.Digest.Title}
	for n := 1; n <= 5; n++ {
		r := f.get("/editions/" + strconv.Itoa(n))
		if r.status != 200 {
			t.Fatalf("/editions/%d = %d", n, r.status)
		}
		got, err := parser.ParseFile("edition.html", strings.NewReader(r.body))
		if err != nil || len(got.Editions) != 1 {
			t.Fatalf("edition %d's page: %v, %+v", n, err, got)
		}
		rec, err := f.store.Edition(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, st := range rec.Stories {
			want = append(want, st.Headline)
		}
		var headlines []string
		e := got.Editions[0]
		for _, st := range e.Lead {
			headlines = append(headlines, st.Headline)
		}
		for _, sec := range e.Sections {
			for _, st := range sec.Stories {
				headlines = append(headlines, st.Headline)
			}
		}
		slices.Sort(want)
		slices.Sort(headlines)
		if !slices.Equal(headlines, want) || !e.Date.Equal(rec.Edition.Date) {
			t.Errorf("edition %d's page imports as %s with %q, want %s with %q", n, e.Date, headlines, rec.Edition.Date, want)
		}
		for _, w := range append(got.Warnings, e.Warnings...) {
			if strings.Contains(w.Msg, "Skip to") || strings.Contains(w.Msg, "← Edition") || strings.Contains(w.Msg, "kept with the footer") {
				t.Errorf("edition %d's page: the site around the edition is read: %s", n, w.Msg)
			}
		}
	}
}
