package slack

import (
	"os"
	"strings"
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// TestEditionIsLaidOutInTheNewslettersOrder renders each real edition of
// the newsletter (shared/testdata/digests) and reads its messages top to
// bottom: the date line, the title, the intro, each section's heading in
// the edition's order with its stories (commentary, headline, summary,
// the text after it), and the footer last, as the product lays an edition
// out in every format.
func TestEditionIsLaidOutInTheNewslettersOrder(t *testing.T) {
	sectors := digest.Sectors(config.Default().DigestSectors())
	for _, name := range []string{"2014-05-newsletter.txt", "2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"} {
		f, err := os.Open("../../../shared/testdata/digests/" + name)
		if err != nil {
			t.Fatal(err)
		}
		eds, err := archive.Parser{Sectors: sectors}.Parse(name, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, pe := range eds {
			e := pe.Edition()
			e.Number, e.State = 1, digest.EditionPublished
			var read []string // every text in the order Slack shows it
			for _, m := range editionMessages(e) {
				for _, b := range m.Blocks {
					read = append(read, blockTexts(b)...)
				}
			}
			o := e.Outline()
			want := []string{o.DateLine(), o.Title}
			want = append(want, firstLines(o.Intro)...)
			for _, st := range o.Lead {
				want = append(want, storyMarks(st)...)
			}
			for _, sec := range o.Sections {
				want = append(want, sec.Heading)
				want = append(want, firstLines(sec.Text)...)
				for _, st := range sec.Stories {
					want = append(want, storyMarks(st)...)
				}
			}
			want = append(want, firstLines(o.Footer)...)
			at := 0
			for _, w := range want {
				i := indexFrom(read, at, w) // a header is plain text
				if j := indexFrom(read, at, escape(w)); i < 0 || j >= 0 && j < i {
					i = j // mrkdwn is escaped
				}
				if i < 0 {
					t.Errorf("%s, %s: %.60q is missing or out of order (after %.60q)", name, o.DateLine(), w, read[max(at-1, 0)])
					break
				}
				at = i
			}
		}
	}
}

// storyMarks are a story's parts, in the order the newsletter shows them.
func storyMarks(st digest.StoryOutline) []string {
	out := firstLines(st.Commentary)
	out = append(out, st.Headline)
	out = append(out, firstLines(st.Summary)...)
	return append(out, firstLines(st.Afterword)...)
}

// firstLines is the first line of each paragraph.
func firstLines(paras []digest.Paragraph) []string {
	var out []string
	for _, p := range paras {
		out = append(out, p[0])
	}
	return out
}

// indexFrom is the first of texts from i on that holds s, or -1.
func indexFrom(texts []string, i int, s string) int {
	for ; i < len(texts); i++ {
		if strings.Contains(texts[i], s) {
			return i
		}
	}
	return -1
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
