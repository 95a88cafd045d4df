package digest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sharednews/sharednews/internal/a11ytest"
)

// The web archive shows RenderHTMLBody inside its own page; mail clients get
// RenderHTML. Both must be the same edition, so the fragment is exactly the
// document's body.
func TestRenderHTMLBodyIsTheDocumentsBody(t *testing.T) {
	for _, ed := range goldenEditions {
		t.Run(ed.name, func(t *testing.T) {
			doc, err := RenderHTML(ed.edition())
			if err != nil {
				t.Fatal(err)
			}
			fragment, err := RenderHTMLBody(ed.edition())
			if err != nil {
				t.Fatal(err)
			}
			_, afterBody, ok := strings.Cut(doc, "<body>")
			body, _, ok2 := strings.Cut(afterBody, "</body>")
			if !ok || !ok2 {
				t.Fatalf("RenderHTML has no <body>…</body>:\n%s", doc)
			}
			if strings.TrimSpace(body) != strings.TrimSpace(string(fragment)) {
				t.Errorf("RenderHTMLBody differs from RenderHTML's body:\n%s", firstDifference(strings.TrimSpace(body), strings.TrimSpace(string(fragment))))
			}
			if strings.Contains(string(fragment), "<style") || strings.Contains(string(fragment), "<html") {
				t.Errorf("fragment carries document parts:\n%s", fragment)
			}
		})
	}
}

func TestRenderHTMLDateIsMachineReadable(t *testing.T) {
	doc, err := RenderHTML(publishedEdition())
	if err != nil {
		t.Fatal(err)
	}
	e := publishedEdition()
	want := `<time datetime="` + e.Date.Format("2006-01-02") + `">` + DateLine(e.Date) + `</time>`
	if !strings.Contains(doc, want) {
		t.Errorf("no %s in:\n%s", want, doc)
	}
}

// A reader of a screen reader moves through an edition by its headings, and
// a heading that skips a level (an h3 straight under the h1) reads as if the
// one between were missing: the W3C checker refuses it ("skipping 1 heading
// level"). An imported edition's lead stories stand before the first
// section, directly under the title, so their headlines are a level above
// the stories inside a section.
func TestRenderHTMLHeadingsSkipNoLevel(t *testing.T) {
	for _, ed := range goldenEditions {
		t.Run(ed.name, func(t *testing.T) {
			doc, err := RenderHTML(ed.edition())
			if err != nil {
				t.Fatal(err)
			}
			root, err := html.Parse(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			hs := a11ytest.Headings(root)
			for _, problem := range a11ytest.SkippedLevels(hs) {
				t.Error(problem)
			}
			if len(hs) == 0 {
				t.Errorf("no heading at all in:\n%s", doc)
			}
		})
	}
}
