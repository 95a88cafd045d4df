package slack

import (
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestEditionIsLaidOutInTheNewslettersOrder renders each real edition of
// the newsletter (shared/testdata/digests) and reads its messages top to
// bottom: the date line, the title, the intro, each section's heading in
// the edition's order with its stories (commentary, headline, summary,
// the text after it), and the footer last, as the product lays an edition
// out in every format.
func TestEditionIsLaidOutInTheNewslettersOrder(t *testing.T) {
	for _, e := range adaptertest.RealEditions(t) {
		var read []string // every text in the order Slack shows it
		for _, m := range editionMessages(e) {
			for _, b := range m.Blocks {
				read = append(read, blockTexts(b)...)
			}
		}
		at := 0
		for _, w := range adaptertest.ReadingOrder(e.Outline()) {
			i := adaptertest.IndexFrom(read, at, w) // a header is plain text
			if j := adaptertest.IndexFrom(read, at, escape(w)); i < 0 || j >= 0 && j < i {
				i = j // mrkdwn is escaped
			}
			if i < 0 {
				t.Errorf("%s: %.60q is missing or out of order (after %.60q)", e.Outline().DateLine(), w, read[max(at-1, 0)])
				break
			}
			at = i
		}
	}
}

// blockTexts are the texts a block shows, in order.
func blockTexts(b slackgo.Block) []string {
	var out []string
	switch b := b.(type) {
	case *slackgo.SectionBlock:
		out = append(out, b.Text.Text)
	case *slackgo.HeaderBlock:
		out = append(out, b.Text.Text)
	case *slackgo.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slackgo.TextBlockObject); ok {
				out = append(out, t.Text)
			}
		}
	}
	return out
}
