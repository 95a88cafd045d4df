package archive_test

import (
	"bytes"
	"testing"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/digest"
)

// TestBackCatalogueOfRealDigests reads the real digests written as a back
// catalogue is over years (archivetest.Catalogue): line ends, encodings,
// spacing, quotes and dashes, emoji and entities, headings and sectors,
// links for "Read more >>>", lists, long and short editions, dates and
// issue numbers. Each must hold the same stories in the same sections
// and order as the original, refuse nothing, and render as text back to
// the variant.
func TestBackCatalogueOfRealDigests(t *testing.T) {
	for _, v := range archivetest.Catalogue() {
		for name, data := range realDigestFiles(t) {
			orig := parseReal(t, name, data)
			mod := v.Edit(string(data), orig)
			want := v.Want(shape(orig))
			got, err := parser(t).ParseFile(name, bytes.NewReader(mod))
			if err != nil {
				t.Errorf("%s %s: %v", v.Name, name, err)
				continue
			}
			if shape(got) != want {
				t.Errorf("%s %s:\n%s\nwant\n%s", v.Name, name, shape(got), want)
			}
			if !v.Unwraps {
				checkVariant(t, v.Name, name, mod, got)
				continue
			}
			lines, _ := archive.TextLines(name, bytes.NewReader(data))
			for i, original := range archivetest.Editions(lines, orig) {
				r := archivetest.Compare(original, orig.Editions[i], digest.RenderText(got.Editions[i].Edition()))
				for _, m := range r.Missing {
					t.Errorf("%s %s %s: not reproduced: %s", v.Name, name, digest.DateLine(orig.Editions[i].Date), m)
				}
			}
		}
	}
}
