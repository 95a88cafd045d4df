package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// The values templates show. Handlers fill them; templates hold layout and
// no decisions. Every string is plain text, escaped by html/template.

// site is what every page shows around its main part.
type site struct {
	Name        string
	About       string // what the newsletter is, in one line (bot.About)
	HomeURL     string
	EditionsURL string
	FeedURL     string
	SearchURL   string
	StyleURL    string
	Sectors     []textLink
	// SubscribeURL is the email sign-up page ("" when email is off).
	SubscribeURL string
	// Archive says the archive's pages are served: with web.enabled =
	// false only the unsubscribe links are, and their pages must not lead
	// to pages that are off.
	Archive bool
}

type textLink struct {
	URL  string
	Text string
	Name string
}

// layout is a whole page.
type layout struct {
	Site        *site
	Title       string // <title>
	Description string // meta description and og:description
	Canonical   string // this page's address; pages with one get Open Graph tags
	OGType      string
	OGTitle     string
	Published   string // article:published_time
	PrevURL     string // rel=prev: the newer page of a list
	NextURL     string // rel=next: the older page of a list
	Query       string // fills the search box
	NoIndex     bool
	Main        any
}

func (a *Archive) newSite() *site {
	s := &site{
		Name:        a.name,
		About:       bot.About,
		HomeURL:     a.link("/", nil),
		EditionsURL: a.link("/editions", nil),
		FeedURL:     a.link("/feed.atom", nil),
		SearchURL:   a.link("/search", nil),
		StyleURL:    a.link(stylesheetPath, url.Values{"v": {a.style.hash}}),
		Archive:     !a.linksOnly,
	}
	if a.email != nil {
		s.SubscribeURL = a.link("/subscribe", nil)
	}
	for _, sec := range a.sectors {
		s.Sectors = append(s.Sectors, textLink{URL: a.sectorURL(sec.Slug, 1), Name: digest.OneLine(sec.Name)})
	}
	return s
}

func (a *Archive) editionURL(number int) string {
	return a.link("/editions/"+strconv.Itoa(number), nil)
}

func (a *Archive) sectorURL(slug string, page int) string {
	return a.link("/sectors/"+url.PathEscape(slug), pageQuery(page))
}

// pageQuery is the query of page n of a list: none for the first.
func pageQuery(n int) url.Values {
	if n <= 1 {
		return nil
	}
	return url.Values{"page": {strconv.Itoa(n)}}
}

// pager links a page to its neighbours.
type pager struct {
	Label     string
	NewerURL  string
	NewerText string
	OlderURL  string
	OlderText string
	Position  string
}

// editionPage is an edition with the way to the others.
type editionPage struct {
	Body    any // digest.RenderHTMLBody's fragment
	SameDay sameDayNote
	Pager   pager
	Earlier []editionItem // the home page's list of earlier editions
	AllURL  string
}

// sameDayNote names the other published editions dated as the page's
// (an editor published twice in a day), as chat's `/shared edition DATE`
// does: /editions/DATE leads to the first of them alone.
type sameDayNote struct {
	Date  string     // "Thursday 15 October 2026"
	Links []noteLink // none when the edition is alone on its day
}

// noteLink is a link in a sentence, after the words that join it to the
// one before ("", ", " or " and ").
type noteLink struct {
	Sep, URL, Text string
}

type editionItem struct {
	URL     string
	Title   string
	Number  int
	ISO     string
	Date    string
	Stories string
	// Name is the link's accessible name where the title alone would not
	// tell it from another's in the list (two editions of one day share
	// the day's title): the title and the number. "" for the title.
	Name string
}

func (a *Archive) editionItems(list []store.EditionSummary) []editionItem {
	items := make([]editionItem, len(list))
	for i, e := range list {
		items[i] = editionItem{
			URL:     a.editionURL(e.Number),
			Title:   digest.OneLine(e.Title),
			Number:  e.Number,
			Stories: digest.Plural(e.Stories, "story", "stories"),
		}
		if !e.Date.IsZero() {
			items[i].ISO = e.Date.Format("2006-01-02")
			items[i].Date = digest.DateLine(e.Date)
		}
		if items[i].Title == "" {
			items[i].Title = "Edition " + strconv.Itoa(e.Number)
		}
	}
	titles := make(map[string]int, len(items))
	for _, it := range items {
		titles[it.Title]++
	}
	for i, it := range items {
		if titles[it.Title] > 1 {
			items[i].Name = it.Title + ", edition " + strconv.Itoa(it.Number)
		}
	}
	return items
}

type editionsPage struct {
	Summary  string
	Editions []editionItem
	Pager    pager
}

// storiesPage is a list of stories: a sector's, or a search's results.
type storiesPage struct {
	Heading    string
	Lede       string
	Note       string
	DidYouMean textLink // a search that would find more
	// Editions are, for a search that found no story, the editions whose
	// editor's own words have the search's (bot.PublicSearch.InEditions).
	Editions []textLink
	Stories  []storyView
	Pager    pager
}

type storyView struct {
	Headline      string
	URL           string // "" unless http or https
	Summary       []paragraph
	ReadMoreText  string
	Source        string
	Excerpt       string // in search results: the editor's words that matched
	EditionURL    string
	EditionNumber int
	EditionISO    string
	EditionDate   string
}

// paragraph is lines of text; the last paragraph of a summary carries the
// story's link as ReadMore, as the newsletter ends every summary.
type paragraph struct {
	Lines    []string
	ReadMore string
}

func (a *Archive) storyView(st digest.Story) storyView {
	o := st.Outline()
	v := storyView{
		Headline: o.Headline,
		// Only an http or https URL: stories imported from the back
		// catalogue have "urn:" keys instead, and nothing else is safe in
		// an href.
		URL:          digest.LinkURL(o.URL, ""),
		ReadMoreText: digest.ReadMore,
		Source:       o.Source,
	}
	for _, p := range o.LinkedSummary() {
		v.Summary = append(v.Summary, paragraph{Lines: p.Lines})
		if p.More != "" {
			v.Summary[len(v.Summary)-1].ReadMore = v.URL
		}
	}
	if v.Headline == "" {
		v.Headline = "Untitled story"
	}
	if st.EditionNumber > 0 {
		v.EditionURL = a.editionURL(st.EditionNumber)
		v.EditionNumber = st.EditionNumber
	}
	return v
}

func (a *Archive) publishedStoryView(ps store.PublishedStory) storyView {
	v := a.storyView(ps.Story)
	if !ps.EditionDate.IsZero() {
		v.EditionISO = ps.EditionDate.Format("2006-01-02")
		v.EditionDate = digest.DateLine(ps.EditionDate)
	}
	return v
}

// message is a page that says one thing, with somewhere to go next.
type message struct {
	Heading string
	Text    string
	Links   []textLink
}

// TextHTML is the message's text with what chat writes between backticks
// (the bot's sentences, shared with chat: "type some words, such as
// `devolution`") set as code, not shown with its backticks.
func (m message) TextHTML() template.HTML {
	parts := strings.Split(m.Text, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: the text as it is
		return template.HTML(template.HTMLEscapeString(m.Text))
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(p) + "</code>")
			continue
		}
		b.WriteString(template.HTMLEscapeString(p))
	}
	return template.HTML(b.String())
}

// clip shortens s to at most n characters at a word boundary, with "…".
// It is how pages echo what a reader sent, so it also makes s valid UTF-8
// (bytes that are not become U+FFFD), as the pages' charset says they are,
// and drops control characters and bidirectional overrides and isolates
// (digest.StripControls), which are invisible: an override (U+202E) in an
// address drew the rest of the site's sentence quoting it backwards.
func clip(s string, n int) string {
	s = digest.StripControls(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}

// echo is clip for what a reader sent in the address, as a page quotes it
// back: a character that shows nothing (a control, a zero-width or
// bidirectional mark, a line separator) is written as the address bar
// shows it, its bytes percent-encoded. clip drops them, and a quote
// without them names another value, often a good one: "/editions/5%00"
// was answered "“5” is not an edition number".
func echo(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, invisible) {
		return clip(s, n)
	}
	var b strings.Builder
	for _, r := range s {
		if !invisible(r) {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return clip(b.String(), n)
}

// invisible reports whether r shows nothing where a page quotes it.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// minDescription is how much of an intro, in characters, an edition's
// description takes at least: paragraphs are taken until they hold this
// much, so that a greeting alone ("Hi everyone,") is not all a link
// unfurls with.
const minDescription = 80

// editionDescription is what a link to an edition unfurls with: the start
// of its intro, or what it holds, under the headings its readers see.
func editionDescription(e digest.Edition) string {
	var intro []string
	n := 0
	for _, p := range digest.Paragraphs(e.Intro) {
		if n >= minDescription {
			break
		}
		line := digest.OneLine(p)
		intro = append(intro, line)
		n += utf8.RuneCountInString(line)
	}
	if len(intro) > 0 {
		return clip(strings.Join(intro, " "), 200)
	}
	var names []string
	for _, s := range e.Outline().Sections {
		if len(s.Stories) > 0 {
			names = append(names, digest.OneLine(s.Heading))
		}
	}
	desc := digest.Plural(e.StoryCount(), "story", "stories")
	if len(names) > 0 {
		desc += " in " + bot.ListWords(names)
	}
	return clip(fmt.Sprintf("Edition %d: %s.", e.Number, desc), 200)
}
