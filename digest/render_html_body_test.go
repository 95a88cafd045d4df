package digest

import (
	"strings"
	"testing"
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
