package main

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestRoundTripThroughHTMLExportAndImport: `sharednews import` read what
// `preview --format html` writes as an edition with no stories (the
// export writes "Read more >>>" only for a story with a link) and the
// edition's number as its intro. Every edition of the real digests, the
// irregular editions and markdownShapes, imported, exported as HTML,
// imported into a fresh database and previewed again, now gives the same
// text but for what the HTML does not keep: which section headings had no
// row of asterisks above them.
func TestRoundTripThroughHTMLExportAndImport(t *testing.T) {
	rt := exportAndImportAgain(t, "html", ".html")
	unruled := func(s string) string { return strings.ReplaceAll(s, digest.SectionRule+"\n", "") }
	for i := range rt.exported {
		if got := rt.preview(rt.second, i+1, "text"); unruled(got) != unruled(rt.texts[i]) {
			t.Errorf("edition %d's text after an HTML round trip:\n%s\nwant\n%s", i+1, got, rt.texts[i])
		}
	}
}
