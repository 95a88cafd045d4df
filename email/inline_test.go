package email

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/internal/a11ytest"
)

// An imported edition's lead stories stand before its first section, so
// their headlines are h2s under the title (an h3 there skipped a level,
// which the W3C checker refuses). In the mail they must still look like
// every other story's headline, not like a section's heading: inline
// styles go by tag, so a rule for every h2 gave them the section's rule
// and colour.
func TestLeadHeadlineLooksLikeAStoryInTheMail(t *testing.T) {
	id, err := newIdentity("Shared News", "news@council.example", "", "https://news.council.example")
	if err != nil {
		t.Fatal(err)
	}
	health := digest.Sector{Slug: "health", Name: "Health & Social Care"}
	e := digest.Edition{
		ID: 1, Number: 3, State: digest.EditionPublished, Title: "News Summary from 9th July 2014",
		Date: time.Date(2014, time.July, 10, 0, 0, 0, 0, time.UTC),
		Lead: []digest.Story{{ID: 1, Sector: "health", URL: "https://example.org/lead", Headline: "The lead story",
			Summary: "It comes first."}},
		Sections: []digest.Section{{Sector: health, Heading: "Health & Social Care", Stories: []digest.Story{{ID: 2,
			Sector: "health", URL: "https://example.org/second", Headline: "A story in a section", Summary: "It comes second."}}}},
	}
	r, err := id.renderEdition(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(strings.NewReader(string(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	styles := map[string]string{} // a heading's text: its tag and style
	last := 0
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		level := map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4}[n.DataAtom]
		if level == 0 {
			continue
		}
		var text strings.Builder
		for d := range n.Descendants() {
			if d.Type == html.TextNode {
				text.WriteString(d.Data)
			}
		}
		if level > last+1 {
			t.Errorf("<h%d> %q follows <h%d>, skipping a level", level, text.String(), last)
		}
		last = level
		styles[text.String()] = n.Data + " " + attr(n, "style")
	}
	lead, story, section := styles["The lead story"], styles["A story in a section"], styles["Health & Social Care"]
	if !strings.HasPrefix(lead, "h2 ") || !strings.HasPrefix(story, "h3 ") || !strings.HasPrefix(section, "h2 ") {
		t.Fatalf("headings: lead %q, story %q, section %q", lead, story, section)
	}
	if strings.TrimPrefix(lead, "h2 ") != strings.TrimPrefix(story, "h3 ") {
		t.Errorf("the lead story's headline is styled\n%s\nand a story's in a section\n%s", lead, story)
	}
	if !strings.Contains(section, "border-top") || strings.Contains(lead, "border-top") {
		t.Errorf("the section's heading is styled\n%s\nand the lead story's\n%s", section, lead)
	}
}

// Mail clients show the mail's own colours, in no dark scheme of ours
// (the mail says color-scheme: light): every colour text is written in,
// by the edition's inline rules and by the mails' own markup, must read
// on the white column it stands on at WCAG AA's 4.5:1.
func TestMailTextColoursContrastWithTheColumn(t *testing.T) {
	var sources []string
	for _, r := range editionStyles {
		sources = append(sources, r.style)
	}
	sources = append(sources, editionPage.Tree.Root.String(), confirmPage.Tree.Root.String())
	found := 0
	for _, src := range sources {
		for _, m := range textColour.FindAllStringSubmatch(src, -1) {
			found++
			if r := a11ytest.ContrastRatio(m[1], "#ffffff"); r < 4.5 {
				t.Errorf("text in %s on white has a contrast of %.2f:1, under 4.5:1 (%s)", m[1], r, src)
			}
		}
	}
	if found < 10 {
		t.Errorf("found only %d text colours", found)
	}
}

// textColour is a CSS color declaration, not a background-color's.
var textColour = regexp.MustCompile(`(?:^|[;"\s])color:\s*(#[0-9a-fA-F]{6})`)
