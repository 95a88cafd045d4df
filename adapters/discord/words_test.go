package discord

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestRepliesSayTheOutlinesWords: every kind of reply says on Discord the
// words of its outline (see the console's test of the same name). Their
// order is not compared: a message's content stands above its embeds, so
// a list's closing sentence comes before its stories.
func TestRepliesSayTheOutlinesWords(t *testing.T) {
	for name, r := range adaptertest.Replies() {
		adaptertest.SameWords(t, name, r, shownText(renderReply(r)), false)
	}
}

var (
	timestamps = regexp.MustCompile(`<t:\d+:\w>`)
	mdLinks    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// shownText is the text of payloads as Discord shows it: links as their
// text, without timestamps (each reader's client writes those) or escapes.
func shownText(ps []Payload) string {
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString(p.Content + "\n")
		for _, e := range p.Embeds {
			sb.WriteString(e.Title + "\n" + e.Description + "\n")
			for _, f := range e.Fields {
				sb.WriteString(f.Name + "\n" + f.Value + "\n")
			}
			if e.Footer != nil {
				sb.WriteString(e.Footer.Text + "\n")
			}
		}
	}
	s := mdLinks.ReplaceAllString(timestamps.ReplaceAllString(sb.String(), " "), "$1")
	return strings.ReplaceAll(s, `\`, "")
}

// TestCardsSayTheOutlinesWords: every kind of review card says on Discord
// the words of its outline, its controls aside. Their order is not
// compared: an embed's footer, which holds the story's facts, stands
// below its fields.
func TestCardsSayTheOutlinesWords(t *testing.T) {
	for name, card := range adaptertest.Cards() {
		p := cardPayload(card, testSectors(), time.UTC)
		adaptertest.SameOutlineWords(t, name, card.Outline(time.UTC), shownText([]Payload{p}), false)
	}
}
