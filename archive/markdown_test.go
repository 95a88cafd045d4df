package archive_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// TestEditionsExportedAsMarkdownAndJoined: editions exported as Markdown
// and joined into one file (by `cat`) are read back edition by edition,
// the same text but for rows of asterisks, with footers or without: a
// story's summary used to run on into the next edition's date line when
// no footer's rule ended it ("Thursday 10 July 2014 Read more >>>").
func TestEditionsExportedAsMarkdownAndJoined(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "digests", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skip("no real digests beside the repository")
	}
	unruled := func(s string) string { return strings.ReplaceAll(s, digest.SectionRule+"\n", "") }
	for _, footer := range []bool{true, false} {
		var want []string
		var joined strings.Builder
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			pf, err := parser(t).ParseFile(path, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range pf.Editions {
				ed := e.Edition()
				if !footer {
					ed.Footer = ""
				}
				want = append(want, unruled(digest.RenderText(ed)))
				joined.WriteString(digest.RenderMarkdown(ed) + "\n")
			}
		}
		pf, err := parser(t).ParseFile("joined.md", strings.NewReader(joined.String()))
		if err != nil {
			t.Fatal(err)
		}
		if len(pf.Editions) != len(want) {
			t.Fatalf("footer %v: %d editions read back of %d; refused %v", footer, len(pf.Editions), len(want), pf.Refused)
		}
		for i, e := range pf.Editions {
			if got := unruled(digest.RenderText(e.Edition())); got != want[i] {
				t.Errorf("footer %v: edition %d read back as:\n%s\nwant\n%s", footer, i+1, got, want[i])
			}
		}
	}
}

// TestOwnMarkdownKeepsALinkWithBrackets: the Markdown export writes a
// link's brackets as %28 and %29; read back as "(" and ")", the link lost
// its end and the bracket after it became the story's source
// (".../nhs_" with source "report"). The link keeps %28/%29, which is
// the same address, and the source named after it stays the source.
func TestOwnMarkdownKeepsALinkWithBrackets(t *testing.T) {
	ed := digest.Edition{Title: "News Summary of Collaboration and Shared Services from 4th February 2015",
		Date: time.Date(2015, 2, 5, 0, 0, 0, 0, time.UTC),
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health & Social Care"}, Stories: []digest.Story{{
			Headline: "Trusts pool their back offices", Summary: "Two trusts pool finance and payroll.",
			URL: "https://www.example.org/nhs_(report)", Source: "NHS England"}}}}}
	md := digest.RenderMarkdown(ed)
	back, err := parser(t).ParseFile("export.md", strings.NewReader(md))
	if err != nil || len(back.Editions) != 1 || len(back.Editions[0].Sections) != 1 || len(back.Editions[0].Sections[0].Stories) != 1 {
		t.Fatalf("Markdown read back: %v %+v\n%s", err, back, md)
	}
	st := back.Editions[0].Sections[0].Stories[0]
	if st.Link != "https://www.example.org/nhs_(report)" || st.Source != "NHS England" {
		t.Errorf("link %q, source %q; want the link as written and the source NHS England\n%s", st.Link, st.Source, md)
	}
}
