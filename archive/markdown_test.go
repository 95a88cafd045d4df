package archive_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
