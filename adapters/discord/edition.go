package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/digest"
)

// EditionPayloads renders an edition as the messages that post it, laid
// out as the edition is (digest.Outline): a header embed (date line, title,
// intro), then an embed per section, its heading, its text and its
// stories, a section too long for one continuing in the next, then the
// footer. The embeds fill as many messages as Discord's limits need (ten
// embeds and 6,000 characters a message), in order, a story split between
// embeds or messages only when it is longer than one. No payload parses
// mentions.
//
// A draft is paged as the edition will be posted, so that its preview
// shows each message as it will go out: its banner is the first message's
// content, not counted in the embeds' 6,000 characters, and its first
// embed is measured with the number the edition will carry ("· Edition
// 42", e.Number when the caller knows it), which the draft does not show.
func EditionPayloads(e digest.Edition) []Payload {
	c := e.Outline().Chat(chatMarkup)
	embeds, joined := textEmbeds(clip(md(c.Title), maxEmbedTitle), "", c.Intro, nil, digest.BrandColour)
	embeds[0].Author = author(c.Subtitle)
	content, shown := "", embeds[0].Author
	if c.Draft {
		content = "**" + digest.DraftBanner + "**"
		published := e
		published.State = digest.EditionPublished
		embeds[0].Author = author(published.Outline().Subtitle())
	}
	for _, sec := range c.Sections {
		// Titled by its heading (none for the lead stories; "(continued)"
		// after it on the later embeds), in the sector's colour.
		heading, later := md(sec.Heading), ""
		if heading != "" {
			later = clip(heading, maxEmbedTitle-length(digest.Continued)) + digest.Continued
		}
		boxes, boxJoined := chatMarkup.SectionBoxes(sec)
		colour := digest.SectorColour(sec.Sector)
		secEmbeds, secJoined := textEmbeds(clip(heading, maxEmbedTitle), later, boxes, boxJoined, colour)
		embeds, joined = append(embeds, secEmbeds...), append(joined, secJoined...)
	}
	footer, _ := textEmbeds("", "", c.Footer, nil, digest.BrandColour)
	payloads := packEmbeds(content, append(embeds, footer...), joined)
	embeds[0].Author = shown
	for i := range payloads {
		payloads[i] = seal(payloads[i])
	}
	return payloads
}

// chatMarkup is how Discord writes an edition in embed descriptions
// (digest.ChatMarkup): markdown, a long text split between words with no
// escape left without its character, and a part that starts a line with
// what would make it a heading, quote or list escaped.
var chatMarkup = digest.ChatMarkup{
	Escape: md, Bold: [2]string{"**", "**"}, Italic: [2]string{"*", "*"},
	Link: func(rawURL, text string) string { return mdLink(text, rawURL) },
	Max:  maxEmbedDescription, Back: dropEscape, Continue: escapeLineStart,
}

// RenderEditionJSON is EditionPayloads as indented JSON, an array of the
// Create Message bodies in the order they are posted: what
// `sharednews preview --format discord` prints.
func RenderEditionJSON(e digest.Edition) ([]byte, error) {
	return digest.ChatJSON("Discord", EditionPayloads(e))
}

// author is the first embed's author, the edition's subtitle (date line
// and number), which Discord shows above its title, as the newsletter
// starts; nil when it has none.
func author(subtitle string) *discordgo.MessageEmbedAuthor {
	if subtitle != "" {
		// An author's name is plain text: no markdown to escape.
		return &discordgo.MessageEmbedAuthor{Name: clip(plain(subtitle), maxEmbedAuthor)}
	}
	return nil
}

// textEmbeds lays out boxes (digest.ChatMarkup.Boxes) in embeds of one
// colour, a box a description, the first titled title and the later ones
// later. A title without boxes is an embed alone. joined (nil for none)
// marks the embeds that continue a story from the embed before them.
func textEmbeds(title, later string, boxes []string, joined []bool, colour int) ([]*discordgo.MessageEmbed, []bool) {
	if len(boxes) == 0 && title != "" {
		boxes = []string{""}
	}
	embeds := make([]*discordgo.MessageEmbed, len(boxes))
	for i, desc := range boxes {
		embeds[i] = &discordgo.MessageEmbed{Title: title, Description: desc, Color: colour}
		title = later
	}
	return embeds, append(joined, make([]bool, len(boxes)-len(joined))...)
}

// escapeLineStart escapes what would format s as it starts a line: a
// heading, a quote or a list item ("#", ">", "-", "+", "1.").
func escapeLineStart(s string) string {
	if s != "" && strings.IndexByte(lineStartSpecial, s[0]) >= 0 {
		return `\` + s
	}
	if m := orderedListItem.FindStringIndex(s); m != nil && m[0] == 0 {
		return s[:m[1]-1] + `\.` + s[m[1]:]
	}
	return s
}
