package discord

import (
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestEditionIsLaidOutInTheNewslettersOrder renders each real edition of
// the newsletter (shared/testdata/digests) and reads its messages top to
// bottom as Discord shows an embed (author, title, description): the date
// line, the title, the intro, each section's heading in the edition's
// order with its stories (commentary, headline, summary, the text after
// it), and the footer last, as the product lays an edition out in every
// format.
func TestEditionIsLaidOutInTheNewslettersOrder(t *testing.T) {
	for _, e := range adaptertest.RealEditions(t) {
		var read []string // every text in the order Discord shows it
		for _, p := range EditionPayloads(e) {
			read = append(read, p.Content)
			for _, em := range p.Embeds {
				if em.Author != nil {
					read = append(read, em.Author.Name)
				}
				read = append(read, em.Title, em.Description)
			}
		}
		at := 0
		for _, w := range adaptertest.ReadingOrder(e.Outline()) {
			i := adaptertest.IndexFrom(read, at, md(w))
			if i < 0 {
				t.Errorf("%s: %.60q is missing or out of order", e.Outline().DateLine(), w)
				break
			}
			at = i
		}
	}
}
