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
// out as the edition is: a header embed (title, date, intro), the lead
// story, one embed per section (its heading and any text of its own) with
// its stories as linked headlines under the editor's commentary, above
// their summary ending in a "Read more >>>" link, their source and the
// editor's text after them, and the footer. A section too long for one
// embed continues in the next, and the embeds fill as many messages as
// Discord's limits need (ten embeds and 6,000 characters a message), in
// order. A story is never split between embeds or messages. Every payload
// parses no mentions.
func EditionPayloads(e digest.Edition) []Payload {
	o := e.Outline()
	embeds := headerEmbeds(o)
	var lead []string
	for _, st := range o.Lead {
		lead = append(lead, storyBlock(st, maxEmbedDescription))
	}
	for _, desc := range digest.JoinWithin(lead, "\n\n", maxEmbedDescription) {
		embeds = append(embeds, &discordgo.MessageEmbed{Description: desc, Color: brandColour})
	}
	for _, sec := range o.Sections {
		embeds = append(embeds, sectionEmbeds(sec)...)
	}
	embeds = append(embeds, textEmbeds("", paragraphsMD(o.Footer), brandColour)...)
	payloads := packEmbeds("", embeds)
	for i := range payloads {
		payloads[i] = seal(payloads[i])
	}
	return payloads
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

// headerEmbeds carry the title, the date line (or the draft banner), the
// intro and, for an edition without stories, a notice saying so. A long
// intro continues in further embeds without a title.
func headerEmbeds(o digest.Outline) []*discordgo.MessageEmbed {
	var blocks []string
	if o.Draft {
		blocks = append(blocks, "**"+digest.DraftBanner+"**")
	}
	if facts := o.Subtitle(); facts != "" {
		blocks = append(blocks, facts)
	}
	blocks = append(blocks, paragraphsMD(o.Intro)...)
	if o.Empty {
		blocks = append(blocks, "*"+digest.EmptyNotice+"*")
	}
	return textEmbeds(clip(md(o.ChatTitle()), maxEmbedTitle), blocks, brandColour)
}

// textEmbeds lays out paragraphs of markdown in as many embeds as they need,
// the first with the title. Paragraphs are kept whole where they fit and
// split at spaces where one alone is longer than an embed's description.
func textEmbeds(title string, blocks []string, colour int) []*discordgo.MessageEmbed {
	if len(blocks) == 0 && title == "" {
		return nil
	}
	var out []*discordgo.MessageEmbed
	for i, desc := range digest.JoinWithin(splitLongBlocks(blocks, maxEmbedDescription), "\n\n", maxEmbedDescription) {
		e := &discordgo.MessageEmbed{Description: desc, Color: colour}
		if i == 0 {
			e.Title = title
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		out = append(out, &discordgo.MessageEmbed{Title: title, Color: colour})
	}
	return out
}

// sectionEmbeds lays out one section: its heading as the title, in the
// sector's colour, its own text and its stories, continued in further
// embeds as needed.
func sectionEmbeds(sec digest.SectionOutline) []*discordgo.MessageEmbed {
	heading := md(sec.Heading)
	blocks := splitLongBlocks(paragraphsMD(sec.Text), maxEmbedDescription)
	if len(blocks) == 0 && len(sec.Stories) == 0 {
		return []*discordgo.MessageEmbed{{Title: clip(heading, maxEmbedTitle), Color: sectorColour(sec.Sector)}}
	}
	for _, st := range sec.Stories {
		blocks = append(blocks, storyBlock(st, maxEmbedDescription))
	}
	var out []*discordgo.MessageEmbed
	for i, desc := range digest.JoinWithin(blocks, "\n\n", maxEmbedDescription) {
		title := clip(heading, maxEmbedTitle)
		if i > 0 {
			title = clip(heading, maxEmbedTitle-length(continuedSuffix)) + continuedSuffix
		}
		out = append(out, &discordgo.MessageEmbed{Title: title, Description: desc, Color: sectorColour(sec.Sector)})
	}
	return out
}

// storyBlock is one story as the newsletter lays it out: the editor's
// commentary in italics, the headline in bold linking to the story, the
// summary ending in a "Read more >>>" link, the source, and the editor's
// text after it in italics. It never exceeds max characters: a story too
// long for one embed loses the end of its summary, then of its commentary
// and afterword, rather than being split. A link too long to be given
// twice links only "Read more >>>" (so the texts keep something of
// themselves), one too long even for that is not linked, and the end of
// the headline goes last.
func storyBlock(st digest.StoryOutline, max int) string {
	linked := ""
	for _, headlineLinked := range []bool{true, false} {
		block, fits, kept := fitStoryBlock(st, max, headlineLinked, true)
		if fits && kept {
			return block
		}
		if fits && linked == "" {
			linked = block // texts too long for any links: keep them all
		}
	}
	if linked != "" {
		return linked
	}
	block, _, _ := fitStoryBlock(st, max, false, false)
	return block
}

// fitStoryBlock lays out a story as storyBlock does, with its headline and
// its "Read more >>>" linked or not, shortening its texts to fit max. It
// reports whether the block fits, and whether something is left of every
// text the story has. Without links, it also shortens the headline and
// the source, and always fits.
func fitStoryBlock(st digest.StoryOutline, max int, headlineLinked, moreLinked bool) (block string, fits, kept bool) {
	headline := md(st.Name)
	summary := strings.Join(paragraphsMD(st.Summary), "\n")
	source := ""
	if st.Source != "" {
		source = "Source: " + md(st.Source)
	}
	comment := strings.Join(paragraphsMD(st.Commentary), "\n")
	after := strings.Join(paragraphsMD(st.Afterword), "\n")
	assemble := func() string {
		var parts []string
		if comment != "" {
			parts = append(parts, italicLines(comment))
		}
		if headlineLinked {
			parts = append(parts, "**"+mdLink(headline, st.URL)+"**")
		} else {
			parts = append(parts, "**"+headline+"**")
		}
		more := ""
		if moreLinked && st.URL != "" {
			more = mdLink(md(digest.ReadMore), st.URL)
		}
		switch {
		case summary != "" && more != "":
			parts = append(parts, summary+" "+more)
		case summary != "":
			parts = append(parts, summary)
		case more != "":
			parts = append(parts, more)
		}
		if source != "" {
			parts = append(parts, source)
		}
		if after != "" {
			parts = append(parts, italicLines(after))
		}
		return strings.Join(parts, "\n")
	}
	block = assemble()
	shrink := func(part *string) bool {
		if over := length(block) - max; over > 0 && *part != "" {
			*part = clip(*part, length(*part)-over)
			block = assemble()
			return *part != ""
		}
		return true
	}
	kept = shrink(&summary)
	kept = shrink(&comment) && kept
	kept = shrink(&after) && kept
	if moreLinked {
		return block, length(block) <= max, kept
	}
	shrink(&headline)
	shrink(&source)
	return clip(block, max), true, kept
}

// italicLines sets every line of escaped markdown in italics.
func italicLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "*" + l + "*"
		}
	}
	return strings.Join(lines, "\n")
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

// splitLongBlocks splits any block longer than max into pieces within max,
// at spaces or line breaks where it can. It is for free text such as the
// intro, never for stories.
func splitLongBlocks(blocks []string, max int) []string {
	var out []string
	for _, b := range blocks {
		out = append(out, digest.SplitUTF16(b, max, func(cut string) string {
			if i := strings.LastIndexAny(cut, " \n"); i > len(cut)/2 {
				cut = cut[:i]
			}
			return dropEscape(cut) // kept with the character it escapes
		}, true)...)
	}
	return out
}
