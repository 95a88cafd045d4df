package discord

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
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

// TestCardControlsAreTheOutlines: Discord draws a waiting card's controls
// from its outline: its buttons in their order in one row, each custom_id
// the bot's action with the story's ID, its words the outline's and its
// style the outline's (the primary decision green, as on Slack), then the
// sector select in a row of its own with the outline's placeholder. A
// decided card has no controls.
func TestCardControlsAreTheOutlines(t *testing.T) {
	card := adaptertest.Cards()["waiting"]
	p := cardPayload(card, testSectors(), time.UTC)
	var drawn []string
	for _, row := range p.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			switch c := c.(type) {
			case discordgo.Button:
				drawn = append(drawn, fmt.Sprintf("button %s %q %d", c.CustomID, c.Label, c.Style))
			case typed[stringSelect]:
				drawn = append(drawn, fmt.Sprintf("select %s %q", c.fields.CustomID, c.fields.Placeholder))
			}
		}
		drawn = append(drawn, "|")
	}
	styles := map[bot.ControlStyle]discordgo.ButtonStyle{bot.Primary: discordgo.SuccessButton,
		bot.Danger: discordgo.DangerButton, bot.Secondary: discordgo.SecondaryButton}
	var want, sel []string
	for _, c := range card.Outline(time.UTC).Controls {
		id := fmt.Sprintf("sharednews:%s:%d", c.Action, card.Story.ID)
		if c.Style == bot.SectorChoice {
			sel = append(sel, fmt.Sprintf("select %s %q", id, c.Label), "|")
			continue
		}
		want = append(want, fmt.Sprintf("button %s %q %d", id, c.Label, styles[c.Style]))
	}
	want = append(append(want, "|"), sel...)
	if !slices.Equal(drawn, want) {
		t.Errorf("the card's controls are\n%q\nwant\n%q", drawn, want)
	}
	if p := cardPayload(adaptertest.Cards()["approved"], testSectors(), time.UTC); len(p.Components) != 0 {
		t.Errorf("a decided card has controls: %+v", p.Components)
	}
}

// TestSearchMoreLinksTheWebArchive: a search that matched more than it
// lists says so, with the web archive's search as a Markdown link.
func TestSearchMoreLinksTheWebArchive(t *testing.T) {
	var raw strings.Builder
	for _, p := range renderReply(adaptertest.Replies()["search"]) {
		raw.WriteString(p.Content + "\n")
		for _, e := range p.Embeds {
			raw.WriteString(e.Description + "\n")
		}
	}
	want := "More stories match: add words to narrow the search, or page through the published ones in [the web archive](https://news.example.org/search?q=police+zebra)."
	if !strings.Contains(raw.String(), want) {
		t.Errorf("lacks %q:\n%s", want, raw.String())
	}
}
