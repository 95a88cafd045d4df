package discord

import (
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// renderReply turns a bot reply into the messages that answer it: plain
// content for a sentence, the edition's embeds, and for the rest the
// reply's outline in embeds (the bot names the command word in it).
func renderReply(r bot.Reply) []Payload {
	var out []Payload
	switch b := r.Body.(type) {
	case bot.Message:
		out = messagePayloads(b)
	case bot.EditionView:
		out = EditionPayloads(b.Edition)
		if b.Note != "" && len(out) > 0 {
			// Above the edition's first embeds (and a draft's banner):
			// content is not counted in the embeds' limits, so they are
			// split as they will be posted.
			out[0].Content = clip(strings.TrimSpace(b.Note+"\n"+out[0].Content), maxContent)
		}
	default:
		out = outlinePayloads(r.Outline(nil))
	}
	for i := range out {
		out[i] = seal(out[i])
	}
	return out
}

// messagePayloads is a sentence from the bot as plain content, marked by
// its tone, with a mistyped command's usage line under it. The bot's own
// words keep their markup (`draft`); what it quotes (a headline, a reason)
// and names (bot.name) are escaped (md), so that their `*`, `_`, `||` or
// `<#…>` cannot format or link the sentence.
//
// Past Discord's 2,000 characters it continues in further messages, split
// between lines (a longer line is cut): a delivery report names every
// channel that missed an edition, a line each, then what to do, all of
// which the editors need.
func messagePayloads(m bot.Message) []Payload {
	sentence := markdown()
	sentence.Words = func(s string) string {
		return neutralize(unmask(strings.ReplaceAll(digest.StripControls(s), "\t", " ")))
	}
	text := m.Tone.Mark() + strings.TrimSpace(sentence.Line(m.Line()))
	if u := m.UsageLine(); u != "" {
		text += "\n" + neutralize(unmask(u))
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = clip(l, maxContent)
	}
	var out []Payload
	for _, part := range digest.JoinWithin(lines, "\n", maxContent) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, Payload{Content: part})
		}
	}
	return out
}

// outlinePayloads shows a reply's outline: stories as an embed each
// (storyEmbed, its lines under the title) under content of the title and
// the sentences; the rest (rows, and fields: a feed's health, status) as
// the lines of an embed's description, as Slack's sections show them
// (bot.Markup.Entries), not as embed fields, which Discord draws in
// columns of varying width that a long value breaks. The embed's title is
// clipped, or Discord refuses the whole message: help's and status's hold
// bot.name, of any length.
func outlinePayloads(o bot.Outline) []Payload {
	title := md(o.Title)
	if o.Shape == bot.Cards {
		lines := append([]string{"**" + title + "**"}, markdown().Lines(o.Before)...)
		var embeds []*discordgo.MessageEmbed
		for _, g := range o.Groups {
			for _, e := range g.Entries {
				embed := storyEmbed(e)
				embed.Description = clip(strings.Join(markdown().Lines(e.Lines), "\n"), maxEmbedDescription)
				embeds = append(embeds, embed)
			}
		}
		return packEmbeds(clip(strings.Join(append(lines, markdown().Lines(o.After)...), "\n"), maxContent), embeds, nil)
	}
	blocks := markdown().Lines(o.Before)
	for _, g := range o.Groups {
		if g.Heading != "" {
			blocks = append(blocks, "\n**"+md(g.Heading)+"**")
		}
		blocks = append(blocks, markdown().Entries(o.Shape, g.Entries)...)
	}
	// The sentences after the entries (help's note on how the bot
	// answers) stand apart from them, as Slack's context line does.
	if after := markdown().Lines(o.After); len(after) > 0 {
		blocks = append(blocks, append([]string{"\n" + after[0]}, after[1:]...)...)
	}
	var rows [][]string
	for _, b := range digest.JoinWithin(blocks, "\n", maxEmbedDescription) {
		for _, part := range chatMarkup.Split(b) {
			rows = append(rows, []string{part})
		}
	}
	descs, _ := chatMarkup.Boxes(rows)
	embeds, _ := textEmbeds(clip(title, maxEmbedTitle), "", descs, nil, digest.BrandColour)
	return packEmbeds("", embeds, nil)
}

// markdown is Discord's markup: strong words in bold, code in backticks,
// links as [text](url), and a moment as a Discord timestamp, which each
// reader's client shows in their own time zone and language.
func markdown() bot.Markup {
	return bot.Markup{Escape: md, EscapeCode: plain, Strong: [2]string{"**", "**"}, Code: "`",
		Link: func(url, text string) string { return mdLink(md(text), url) },
		When: func(t time.Time, _ string) string { return fmt.Sprintf("<t:%d:F>", t.Unix()) }}
}

// storyEmbed is a story's entry of an outline as an embed titled with its
// name (its headline, or its link while it has none), linking to the
// story, in its sector's colour, its facts (bot.Entry.FactLine) in the
// footer; the caller adds what shows under the title.
func storyEmbed(story bot.Entry) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{Title: clip(md(story.Name), maxEmbedTitle), URL: embedURL(story.URL), Color: digest.SectorColour(story.Sector),
		Footer: &discordgo.MessageEmbedFooter{Text: clip(story.FactLine(), maxEmbedFooter)}}
}
