package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/a11ytest"
)

// What the W3C checker and axe-core found true of every page, kept true
// without either in CI: a language, a title, one <main> and one <h1>,
// headings that skip no level (a screen reader's outline of the page),
// ids used once, a label for every form control and text for every link
// and button, links of one name going to one place (every story's "Read
// more >>>" was alike in a screen reader's list of links); and a first link that skips the header to <main>. The archive holds the newsroom's editions and an imported
// one with lead stories before its first section, whose headlines once
// skipped from the <h1> to <h3>.
func TestEveryPageHasTheStructureAssistiveTechnologyReads(t *testing.T) {
	f := newEmailFixture(t)
	f.newsroom()
	d := time.Date(2014, time.July, 10, 0, 0, 0, 0, time.UTC)
	f.importEdition(digest.Edition{State: digest.EditionPublished, Title: "News Summary from 9th July 2014", Date: d,
		Lead: []digest.Story{{URL: "urn:sharednews:archive:2014-07-10:lead", Headline: "Council mergers: poor services let people down",
			Summary: "People are let down.", Sector: "local-government"}},
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health"}, Heading: "Social care", Stories: []digest.Story{{
			URL: "urn:sharednews:archive:2014-07-10:care", Headline: "Care must pull together", Sector: "health"}}}}})

	pages := map[string]response{}
	for _, p := range []string{"/", "/editions", "/editions/1", "/editions/2", "/editions/3", "/editions/4",
		"/sectors/health", "/search?q=merger", "/search?q=zebra", "/search?q=the", "/search?q=merger&page=x",
		"/nothing-here", "/editions/99", "/subscribe", "/subscribe/confirm?t=x", "/unsubscribe?t=u.1.x"} {
		pages["GET "+p] = f.get(p)
	}
	pages["POST /subscribe (not an address)"] = f.post("/subscribe", url.Values{"address": {"not-an-address"}})
	pages["POST /subscribe"] = f.post("/subscribe", url.Values{"address": {"reader@example.org"}, "sector": {"health"}})
	if !strings.Contains(pages["GET /editions/1"].body, "Council mergers") {
		t.Fatalf("edition 1 is not the imported one with a lead story:\n%s", pages["GET /editions/1"].body)
	}
	for name, r := range pages {
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", name, r.status, r.header.Get("Content-Type"))
			continue
		}
		for _, problem := range structureProblems(r.body) {
			t.Errorf("%s (%d): %s", name, r.status, problem)
		}
	}
}

// structureProblems lists what a page lacks of the structure above.
func structureProblems(page string) []string {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	ids := map[string]int{}
	labelled := map[string]bool{} // ids a <label for> names
	var controls []*html.Node
	var references []string       // ids that aria-describedby and aria-labelledby name
	linkTo := map[string]string{} // a link's accessible name, to where it goes
	mains, h1s := 0, 0
	mainID := ""
	firstLink := "" // the href of the page's first link: a keyboard's first stop
	title := ""
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if id := a11ytest.Attr(n, "id"); id != "" {
			ids[id]++
		}
		for _, key := range []string{"aria-describedby", "aria-labelledby"} {
			references = append(references, strings.Fields(a11ytest.Attr(n, key))...)
		}
		switch n.DataAtom {
		case atom.Html:
			if a11ytest.Attr(n, "lang") == "" {
				problems = append(problems, "<html> has no lang")
			}
		case atom.Title:
			title = strings.TrimSpace(a11ytest.Text(n))
		case atom.Main:
			mains++
			mainID = a11ytest.Attr(n, "id")
		case atom.Label:
			if f := a11ytest.Attr(n, "for"); f != "" {
				labelled[f] = true
			}
		case atom.Input, atom.Select, atom.Textarea:
			if a11ytest.Attr(n, "type") != "hidden" {
				controls = append(controls, n)
			}
		case atom.A, atom.Button:
			if n.DataAtom == atom.A && firstLink == "" {
				firstLink = a11ytest.Attr(n, "href")
			}
			if strings.TrimSpace(a11ytest.Text(n)) == "" && a11ytest.Attr(n, "aria-label") == "" {
				problems = append(problems, fmt.Sprintf("a <%s> with no text", n.Data))
			}
			if n.DataAtom == atom.A {
				name, href := linkName(n), a11ytest.Attr(n, "href")
				if other, seen := linkTo[name]; seen && other != href {
					problems = append(problems, fmt.Sprintf("links named %q go to %s and %s: a list of the page's links cannot tell them apart", name, other, href))
				}
				linkTo[name] = href
			}
		}
	}
	headings := a11ytest.Headings(root)
	for _, h := range headings {
		if h.Level == 1 {
			h1s++
		}
	}
	problems = append(problems, a11ytest.SkippedLevels(headings)...)
	if title == "" {
		problems = append(problems, "no <title>")
	}
	if mains != 1 || h1s != 1 {
		problems = append(problems, fmt.Sprintf("%d <main> and %d <h1>, want one each", mains, h1s))
	}
	// Seven stops (the site's name, four links, the search box and its
	// button) come before a page's own content; a keyboard skips them
	// with the first (WCAG 2.4.1, "Bypass Blocks").
	if mainID == "" || firstLink != "#"+mainID {
		problems = append(problems, fmt.Sprintf("the first link goes to %q, not to <main id=%q>: no skip link past the header", firstLink, mainID))
	}
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q is used %d times", id, n))
		}
	}
	for _, id := range references {
		if ids[id] == 0 {
			problems = append(problems, fmt.Sprintf("an ARIA reference names id %q, which no element has", id))
		}
	}
	for _, c := range controls {
		inLabel := false
		for p := c.Parent; p != nil; p = p.Parent {
			inLabel = inLabel || p.DataAtom == atom.Label
		}
		if !inLabel && !labelled[a11ytest.Attr(c, "id")] {
			problems = append(problems, fmt.Sprintf("<%s name=%q> has no label", c.Data, a11ytest.Attr(c, "name")))
		}
	}
	return problems
}

// linkName is a link's accessible name as a screen reader's list of links
// reads it (WCAG 2.4.4, link purpose): its aria-label, else its text, white
// space collapsed.
func linkName(a *html.Node) string {
	name := a11ytest.Attr(a, "aria-label")
	if name == "" {
		name = a11ytest.Text(a)
	}
	return strings.Join(strings.Fields(name), " ")
}

// The title is what a screen reader reads first on a new page, and what a
// tab and the browser's history show: the pages of one list, and the
// outcomes of the sign-up form, must not all share one.
func TestTitlesTellPagesAndOutcomesApart(t *testing.T) {
	f := newEmailFixture(t)
	for i := 0; i < editionsPerPage+1; i++ {
		st := f.story("Two trusts share a board, part "+itoa(i), "health", "https://example.org/s/"+itoa(i), "")
		f.publish(dateAfter("2020-01-02", 7*i), "", st)
	}
	for path, want := range map[string]string{
		"/editions":                "All editions · Shared News",
		"/editions?page=2":         "All editions · page 2 · Shared News",
		"/sectors/health":          "Health &amp; Social Care · Shared News",
		"/sectors/health?page=2":   "Health &amp; Social Care · page 2 · Shared News",
		"/search?q=trusts+board":   "Search: trusts board · Shared News",
		"/search?q=trusts&page=2":  "Search: trusts · page 2 · Shared News",
		"/subscribe":               "Subscribe by email · Shared News",
		"/unsubscribe?t=u.1.x":     "Unsubscribe · Shared News",
		"/subscribe/confirm?t=c.x": "Confirm your subscription · Shared News",
	} {
		if r := f.get(path); r.title() != want {
			t.Errorf("%s (%d) is titled %q, want %q", path, r.status, r.title(), want)
		}
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"address": {"not-an-address"}}, "Error: Subscribe by email · Shared News"},
		{url.Values{"address": {"reader@example.org"}, "sector": {"nope"}}, "Error: Subscribe by email · Shared News"},
		{url.Values{"address": {"reader@example.org"}}, "Check your inbox · Shared News"},
	} {
		if r := f.post("/subscribe", c.form); r.title() != c.want {
			t.Errorf("POST /subscribe %v (%d) is titled %q, want %q", c.form, r.status, r.title(), c.want)
		}
	}
}

// title is the page's <title>, as written in its HTML.
func (r response) title() string {
	_, rest, _ := strings.Cut(r.body, "<title>")
	t, _, _ := strings.Cut(rest, "</title>")
	return t
}

// The sign-up form shown again with a problem says what is wrong in a
// message above it; a screen reader user tabbing to the field heard only
// its label. The control the problem is about is marked invalid and
// described by the message (WCAG 3.3.1, as GOV.UK's forms do), and
// nothing is marked on a form without a problem.
func TestSignUpProblemIsTiedToItsField(t *testing.T) {
	f := newEmailFixture(t)
	control := func(page, tag, marker string) *html.Node {
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		for n := range root.Descendants() {
			if n.Type == html.ElementNode && n.Data == tag && (marker == "" || a11ytest.Attr(n, "id") == marker) {
				return n
			}
		}
		t.Fatalf("no <%s %s> in:\n%s", tag, marker, page)
		return nil
	}
	description := func(page string, n *html.Node) string {
		id := a11ytest.Attr(n, "aria-describedby")
		if id == "" {
			return ""
		}
		return a11ytest.Text(control(page, "p", id))
	}

	clean := f.get("/subscribe").body
	if in := control(clean, "input", "subscribe-address"); a11ytest.Attr(in, "aria-invalid") != "" || a11ytest.Attr(in, "aria-describedby") != "" {
		t.Errorf("the empty form marks its address field: %v", in.Attr)
	}
	bad := f.post("/subscribe", url.Values{"address": {"not-an-address"}}).body
	in := control(bad, "input", "subscribe-address")
	if a11ytest.Attr(in, "aria-invalid") != "true" || !strings.Contains(description(bad, in), "is not an email address") {
		t.Errorf("a bad address: field %v, described as %q", in.Attr, description(bad, in))
	}
	if fs := control(bad, "fieldset", ""); a11ytest.Attr(fs, "aria-describedby") != "" {
		t.Errorf("a bad address marks the sectors too: %v", fs.Attr)
	}
	sector := f.post("/subscribe", url.Values{"address": {"reader@example.org"}, "sector": {"nope"}}).body
	fs := control(sector, "fieldset", "")
	if !strings.Contains(description(sector, fs), "is not one of the sectors") {
		t.Errorf("an unknown sector: fieldset %v, described as %q", fs.Attr, description(sector, fs))
	}
	if in := control(sector, "input", "subscribe-address"); a11ytest.Attr(in, "aria-invalid") != "" {
		t.Errorf("an unknown sector marks the address: %v", in.Attr)
	}
}
