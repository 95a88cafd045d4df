package web

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sharednews/sharednews/internal/browsertest"
)

// editionFacts is what a reader's browser shows of an edition page.
type editionFacts struct {
	Title    string `json:"title"`
	Lang     string `json:"lang"`
	H1       int    `json:"h1"`
	Headings []int  `json:"headings"`
	Scroll   int    `json:"scroll"` // document.documentElement.scrollWidth
	Width    int    `json:"width"`  // and clientWidth
	Text     string `json:"text"`   // main's innerText
	Stories  []struct {
		Headline string   `json:"headline"`
		Section  string   `json:"section"`
		Text     string   `json:"text"`
		Links    []string `json:"links"`
	} `json:"stories"`
}

const editionFactsJS = `JSON.stringify({
  title: document.title,
  lang: document.documentElement.lang,
  h1: document.querySelectorAll("h1").length,
  headings: [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]),
  scroll: document.documentElement.scrollWidth,
  width: document.documentElement.clientWidth,
  text: document.querySelector("main").innerText,
  stories: [...document.querySelectorAll("main .story")].map(s => ({
    headline: s.querySelector("h2,h3").innerText.trim(),
    section: ((s.closest("section") || {}).querySelector ? (s.closest("section").querySelector("h2") || {innerText: ""}).innerText : "").trim(),
    text: s.innerText,
    links: [...s.querySelectorAll("a[href]")].map(a => a.href),
  })),
})`

// markup is what shows that text was written for another renderer and
// reached the reader raw: Markdown's emphasis and links, an HTML tag or
// entity escaped once too often, chat's quote marker.
var markup = regexp.MustCompile(`\*\*|__|\]\(|&[a-zA-Z]+;|&#\d+;|</?[a-zA-Z][^>]*>|^>>>|\n>>>|^> `)

// TestEveryEditionAsAReaderSeesIt reads every edition of the real back
// catalogue, and one published since with links, in headless Chromium at
// a phone's 360 px, as its readers see it: a title naming the edition, a
// language, one h1 and headings in order, no sideways scroll; each story's
// headline, summary and section shown once, in the edition's order, with
// no markup showing; and a story's link absolute and opening the story.
func TestEveryEditionAsAReaderSeesIt(t *testing.T) {
	browser := browsertest.Start(t, 2*time.Minute, chromedp.WindowSize(360, 740))
	f := newFixture(t)
	importDigests(t, f)
	// Text with characters HTML escapes; an editor's Markdown is shown as
	// written (PRODUCT.md section 6), so none is here.
	f.publish("2014-11-27", "Councils share more & more, and “joint” boards too.",
		f.story("Two councils share a chief executive & a 'joint' board", "local-government", "https://www.example.org/chief?a=1&b=2",
			"A shared chief executive & a \"joint\" board, from 1 < 2 councils."),
		f.story("Two trusts share a board", "health", "https://www.example.org/board", "A shared board."),
		// What a narrow screen must wrap: a long word, an address pasted
		// into a summary.
		f.story("Gemeinschaftsverwaltungszusammenarbeitsvereinbarungsverhandlungen begin", "health",
			"https://www.example.org/"+strings.Repeat("long-path-", 12),
			"The paper is at https://www.example.org/"+strings.Repeat("long-path-", 12)+" for all."))
	base := f.serveAtOwnAddress()
	b := &browserSession{t: t, ctx: browser, base: base}
	// The window alone is no narrower than Chromium's least (500 px).
	b.do(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))

	list, _, err := f.store.PublishedEditions(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 6 {
		t.Fatalf("%d editions published, want the 5 of the back catalogue and 1 more", len(list))
	}
	for _, s := range list {
		e := f.readerEdition(s.Number)
		page := base + "/editions/" + strconv.Itoa(s.Number)
		b.do(chromedp.Navigate(page), chromedp.WaitReady("main"))
		var got editionFacts
		if err := json.Unmarshal([]byte(b.string(editionFactsJS)), &got); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.Title, e.Title) {
			t.Errorf("%s: title %q does not name the edition %q", page, got.Title, e.Title)
		}
		if got.Lang == "" || got.H1 != 1 || len(got.Headings) == 0 || got.Headings[0] != 1 {
			t.Errorf("%s: lang %q, %d h1, headings %v", page, got.Lang, got.H1, got.Headings)
		}
		for i := 1; i < len(got.Headings); i++ {
			if got.Headings[i] > got.Headings[i-1]+1 {
				t.Errorf("%s: heading levels %v skip one at %d", page, got.Headings, i)
				break
			}
		}
		if got.Width != 360 || got.Scroll > got.Width {
			t.Errorf("%s scrolls sideways at 360 px: %d px of page in %d", page, got.Scroll, got.Width)
		}
		if m := markup.FindString(got.Text); m != "" {
			i := strings.Index(got.Text, m)
			t.Errorf("%s shows %q: …%s…", page, m, got.Text[max(0, i-60):min(len(got.Text), i+60)])
		}
		// The edition's stories, in order, each under its section.
		type want struct{ headline, section, summary, url string }
		var stories []want
		for _, st := range e.Lead {
			stories = append(stories, want{st.Headline, "", st.Summary, st.URL})
		}
		for _, sec := range e.Sections {
			heading := sec.Heading
			if heading == "" {
				heading = sec.Sector.Name
			}
			for _, st := range sec.Stories {
				stories = append(stories, want{st.Headline, heading, st.Summary, st.URL})
			}
		}
		if len(got.Stories) != len(stories) {
			t.Errorf("%s shows %d stories, the edition has %d", page, len(got.Stories), len(stories))
			continue
		}
		for i, w := range stories {
			g := got.Stories[i]
			if g.Headline != oneLine(w.headline) || g.Section != w.section {
				t.Errorf("%s: story %d is %q under %q, want %q under %q", page, i+1, g.Headline, g.Section, w.headline, w.section)
			}
			if n := strings.Count(got.Text, oneLine(w.headline)); n != 1 {
				t.Errorf("%s shows %q %d times", page, w.headline, n)
			}
			if summary := oneLine(w.summary); strings.Count(oneLine(got.Text), summary) != 1 {
				t.Errorf("%s does not show the summary of %q once: %q", page, w.headline, summary)
			}
			if strings.HasPrefix(w.url, "http") {
				if len(g.Links) == 0 || g.Links[0] != w.url {
					t.Errorf("%s: %q links %q, want %q", page, w.headline, g.Links, w.url)
				}
			}
			for _, l := range g.Links {
				if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
					t.Errorf("%s: %q links %q", page, w.headline, l)
				}
			}
		}
	}
	// A story's link opens the story: clicked, the browser goes there.
	b.do(chromedp.Navigate(base+"/editions/6"), chromedp.WaitReady("main"))
	href := b.string(`document.querySelector("main .story a[href]").href`)
	if href != "https://www.example.org/chief?a=1&b=2" {
		t.Errorf("the first story of edition 6 links %q", href)
	}
}
