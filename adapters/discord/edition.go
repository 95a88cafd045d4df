package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/digest"
)

// continuedSuffix ends the title of a section's second and later embeds.
const continuedSuffix = " (continued)"

// EditionPayloads renders an edition as the messages that post it, laid
// out as the edition is: a header embed (date line, title, intro), the lead
// story, one embed per section (its heading and any text of its own) with
// its stories as linked headlines under the editor's commentary, above
// their summary ending in a "Read more >>>" link, their source and the
// editor's text after them, and the footer. A section too long for one
// embed continues in the next, and the embeds fill as many messages as
// Discord's limits need (ten embeds and 6,000 characters a message), in
// order. A story is never split between embeds or messages, except one
// longer than an embed (or a message), which continues in the next ones.
// Every payload parses no mentions.
//
// A draft is paged as the edition will be posted, so that its preview
// shows each message as it will go out: its banner is the first
// message's content, which Discord does not count in its embeds' 6,000
// characters, and its first embed is measured with the number the
// edition will carry ("· Edition 42", e.Number when the caller knows
// it), which the draft does not show yet.
func EditionPayloads(e digest.Edition) []Payload {
	o := e.Outline()
	embeds, joined := headerEmbeds(o)
	content, shown := "", embeds[0].Author
	if o.Draft {
		content = "**" + digest.DraftBanner + "**"
		published := e
		published.State = digest.EditionPublished
		embeds[0].Author = author(published.Outline())
	}
	sections := o.Sections
	if len(o.Lead) > 0 {
		// The lead stories are a section without a heading, in no sector.
		sections = append([]digest.SectionOutline{{Stories: o.Lead}}, sections...)
	}
	for _, sec := range sections {
		secEmbeds, secJoined := sectionEmbeds(sec)
		embeds, joined = append(embeds, secEmbeds...), append(joined, secJoined...)
	}
	footer, _ := textEmbeds("", "", paragraphBlocks(paragraphsMD(o.Footer)), brandColour)
	payloads := packEmbeds(content, append(embeds, footer...), joined)
	embeds[0].Author = shown
	for i := range payloads {
		payloads[i] = seal(payloads[i])
	}
	return payloads
}

// descriptions lays out blocks (each a story, or a paragraph of a
// section's text, in one or more pieces) in embed descriptions, in order:
// blocks of one piece share descriptions, as many as fit; a story in several
// pieces, longer than one embed, has a description of its own for each
// piece, each after the first joined to the one before it (see packEmbeds).
func descriptions(blocks [][]string) (descs []string, joined []bool) {
	var whole []string
	flush := func() {
		for _, d := range digest.JoinWithin(whole, "\n\n", maxEmbedDescription) {
			descs, joined = append(descs, d), append(joined, false)
		}
		whole = nil
	}
	for _, pieces := range blocks {
		if len(pieces) == 1 {
			whole = append(whole, pieces[0])
			continue
		}
		flush()
		for i, p := range pieces {
			descs, joined = append(descs, p), append(joined, i > 0)
		}
	}
	flush()
	return descs, joined
}

// RenderEditionJSON is EditionPayloads as indented JSON, an array of the
// Create Message bodies in the order they are posted: what
// `sharednews preview --format discord` prints.
func RenderEditionJSON(e digest.Edition) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<" and "&" as they are: this is for people to read
	enc.SetIndent("", "  ")
	if err := enc.Encode(EditionPayloads(e)); err != nil {
		return nil, fmt.Errorf("render edition %d for Discord: %w", e.Number, err)
	}
	return buf.Bytes(), nil
}

// headerEmbeds carry the date line (and the number) as the first embed's
// author, which Discord shows above its title, as the newsletter starts;
// the title; the intro and, for an edition without stories, a notice
// saying so. A long intro continues in further embeds without a title.
// A draft's banner is not among them (EditionPayloads).
func headerEmbeds(o digest.Outline) ([]*discordgo.MessageEmbed, []bool) {
	blocks := paragraphsMD(o.Intro)
	if o.Empty {
		blocks = append(blocks, "*"+digest.EmptyNotice+"*")
	}
	embeds, joined := textEmbeds(clip(md(o.ChatTitle()), maxEmbedTitle), "", paragraphBlocks(blocks), brandColour)
	embeds[0].Author = author(o)
	return embeds, joined
}

// author is the first embed's author, the edition's subtitle; nil when it
// has none.
func author(o digest.Outline) *discordgo.MessageEmbedAuthor {
	if facts := o.Subtitle(); facts != "" {
		// An author's name is plain text: no markdown to escape.
		return &discordgo.MessageEmbedAuthor{Name: clip(plain(facts), maxEmbedAuthor)}
	}
	return nil
}

// textEmbeds lays out blocks in as many embeds of one colour as they need
// (see descriptions), the first titled title and the later ones later. A
// title without blocks is an embed alone. joined marks the embeds that
// continue a story from the embed before them.
func textEmbeds(title, later string, blocks [][]string, colour int) ([]*discordgo.MessageEmbed, []bool) {
	descs, joined := descriptions(blocks)
	if len(descs) == 0 && title != "" {
		descs, joined = []string{""}, []bool{false}
	}
	var embeds []*discordgo.MessageEmbed
	for i, desc := range descs {
		e := &discordgo.MessageEmbed{Title: title, Description: desc, Color: colour}
		if i > 0 {
			e.Title = later
		}
		embeds = append(embeds, e)
	}
	return embeds, joined
}

// sectionEmbeds lays out one section: its heading as the title (none for
// the lead stories; "(continued)" after it on the later embeds), in the
// sector's colour, its own text and its stories.
func sectionEmbeds(sec digest.SectionOutline) (embeds []*discordgo.MessageEmbed, joined []bool) {
	heading, later := md(sec.Heading), ""
	if heading != "" {
		later = clip(heading, maxEmbedTitle-length(continuedSuffix)) + continuedSuffix
	}
	blocks := paragraphBlocks(paragraphsMD(sec.Text))
	for _, st := range sec.Stories {
		blocks = append(blocks, storyBlocks(st, maxEmbedDescription))
	}
	return textEmbeds(clip(heading, maxEmbedTitle), later, blocks, sectorColour(sec.Sector))
}

// storyBlocks is one story as the newsletter lays it out: the editor's
// commentary in italics, the headline in bold linking to the story, the
// summary ending in a "Read more >>>" link, the source, and the editor's
// text after it in italics. It is one block of at most max characters
// wherever the story fits one: a link too long to be given twice links only
// "Read more >>>", so that the texts are shown whole. A story longer than
// max (an imported story's text has no limit) continues in further blocks,
// split between its lines and, a line longer than a block, between words
// (digest.LineSplit): every word of it is shown, in every format.
func storyBlocks(st digest.StoryOutline, max int) []string {
	return digest.LineSplit{
		Max: max, Room: splitRoom,
		Split: func(text string, max int) []string { return splitLongBlocks([]string{text}, max) },
	}.Blocks(storyLines(st))
}

// splitRoom is the most a part of a long line holds: small enough that
// the parts fill blocks nearly to max, and an embed is not left holding
// a headline alone.
const splitRoom = 256

// storyLines lays out a story's lines, with its headline linked to the
// story (its unlinked text kept beside it) and "Read more >>>" linked
// wherever the story has a link.
func storyLines(st digest.StoryOutline) []digest.Line {
	var lines []digest.Line
	italic := func(paras []digest.Paragraph) {
		for _, p := range paras {
			for _, l := range strings.Split(md(p.Text()), "\n") {
				if l != "" {
					lines = append(lines, digest.Line{Open: "*", Text: l, Close: "*"})
				}
			}
		}
	}
	italic(st.Commentary)
	headline := digest.Line{Open: "**", Text: md(st.Name), Close: "**"}
	if linked := mdLink(headline.Text, st.URL); linked != headline.Text {
		headline.Text, headline.Unlinked = linked, headline.Text
	}
	lines = append(lines, headline)
	for _, p := range st.LinkedSummary() {
		summary := strings.Split(md(p.Lines.Text()), "\n")
		for i, l := range summary {
			line := digest.Line{Text: l}
			if i == len(summary)-1 && p.More != "" {
				line.Label = md(digest.ReadMore)
				line.Link = mdLink(line.Label, p.More)
			}
			lines = append(lines, line)
		}
	}
	if st.Source != "" {
		lines = append(lines, digest.Line{Text: digest.SourceLabel + md(st.Source)})
	}
	italic(st.Afterword)
	return lines
}

// paragraphsMD is paragraphs of text from feeds, members or the editor,
// each made safe markdown.
func paragraphsMD(paras []digest.Paragraph) []string {
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = md(p.Text())
	}
	return out
}

// paragraphBlocks are paragraphs of markdown as blocks of one piece each
// (see descriptions), split at spaces where one is longer than an embed's
// description.
func paragraphBlocks(paras []string) [][]string {
	var out [][]string
	for _, p := range splitLongBlocks(paras, maxEmbedDescription) {
		out = append(out, []string{p})
	}
	return out
}

// splitLongBlocks splits any block of escaped markdown longer than max into
// pieces within max, at spaces or line breaks where it can: free text such
// as the intro, and a story's lines. A piece starts a line of its own, so a
// character that would make it a heading, quote or list there (md escapes
// them only where the text started a line) is escaped; room is kept for
// that backslash.
func splitLongBlocks(blocks []string, max int) []string {
	var out []string
	for _, b := range blocks {
		// An escape is kept with the character it escapes.
		for i, piece := range digest.SplitWords(b, max-1, dropEscape) {
			if i > 0 {
				piece = escapeLineStart(piece)
			}
			out = append(out, piece)
		}
	}
	return out
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
