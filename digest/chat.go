package digest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
)

// An edition as chat shows it is laid out here once, for every platform:
// which parts come in which order, what is in italics, bold or linked, and
// how a paragraph or a story too long for one of the platform's text boxes
// (a Slack section, a Discord embed's description) continues in the next.
// A platform says only how it writes that (ChatMarkup) and puts the boxes
// in its own containers: Slack's blocks, Discord's embeds.

// ChatMarkup is how a chat platform writes an edition's text.
type ChatMarkup struct {
	// Escape makes text from feeds, members and the editor safe in the
	// platform's markup, keeping its line breaks.
	Escape func(string) string
	// Bold and Italic are the marks around bold and italic words; Italic
	// is put around each line, as neither platform carries emphasis over
	// a line break.
	Bold, Italic [2]string
	// Link links escaped text to rawURL, or is the text alone when rawURL
	// cannot be linked.
	Link func(rawURL, text string) string
	// Max is the most one text box holds, in UTF-16 code units.
	Max int
	// Room is the most a part of a line longer than Max holds (LineSplit);
	// 0 is SplitRoom.
	Room int
	// Back steps back from a cut inside the platform's markup (an entity,
	// an escape) to before it.
	Back func(cut string) string
	// Continue is a part of a paragraph that now starts a line of its own
	// (nil: as it is), for a platform whose markup reads something there
	// that it does not elsewhere (a Markdown heading, quote or list); room
	// is kept for one more character in each part.
	Continue func(string) string
}

// SplitRoom is the most a part of a long line holds on a platform whose
// ChatMarkup names no Room: small enough that the parts fill its boxes
// (a Slack section, a Discord embed's description) nearly to Max, and an
// embed is not left holding a headline alone.
const SplitRoom = 256

// ChatEdition is an edition as chat shows it, in reading order, its
// text in boxes of at most ChatMarkup.Max (see ChatMarkup.Boxes).
type ChatEdition struct {
	Draft    bool   // DraftBanner comes first: the edition may still change
	Subtitle string // Outline.Subtitle, raw; "" for none
	Title    string // Outline.ChatTitle, raw
	// Intro is the intro's paragraphs, and EmptyNotice in italics for an
	// edition without stories.
	Intro []string
	// Sections are the lead stories, as a section without a heading,
	// then every section in the edition's order.
	Sections []ChatSection
	Footer   []string // the footer's paragraphs
}

// ChatSection is a section as chat shows it: its heading (raw, on one
// line; "" for the lead stories), its sector's slug, the paragraphs of its
// own text in boxes, and each of its stories in as many boxes as it needs
// (one wherever it fits one). Slack gives each story sections of its own,
// which fill its messages closely; Discord's embeds hold the text and
// stories together where they fit (ChatMarkup.SectionBoxes).
type ChatSection struct {
	Heading, Sector string
	Text            []string
	Stories         [][]string
}

// Continued ends the heading of a section's part in a later message or
// box than its first.
const Continued = " (continued)"

// Chat lays the edition out for a chat platform that writes m.
func (o Outline) Chat(m ChatMarkup) ChatEdition {
	intro := m.Paragraphs(o.Intro)
	if o.Empty {
		intro = append(intro, m.Italic[0]+m.Escape(EmptyNotice)+m.Italic[1])
	}
	c := ChatEdition{Draft: o.Draft, Subtitle: o.Subtitle(), Title: o.ChatTitle()}
	c.Intro, _ = m.Boxes(whole(intro))
	c.Footer, _ = m.Boxes(whole(m.Paragraphs(o.Footer)))
	sections := o.Sections
	if len(o.Lead) > 0 {
		// The lead stories are a section without a heading, in no sector.
		sections = append([]SectionOutline{{Stories: o.Lead}}, sections...)
	}
	for _, sec := range sections {
		cs := ChatSection{Heading: sec.Heading, Sector: sec.Sector}
		cs.Text, _ = m.Boxes(whole(m.Paragraphs(sec.Text)))
		for _, st := range sec.Stories {
			cs.Stories = append(cs.Stories, m.Story(st))
		}
		c.Sections = append(c.Sections, cs)
	}
	return c
}

// whole is pieces as blocks of one piece each.
func whole(pieces []string) [][]string {
	out := make([][]string, len(pieces))
	for i, p := range pieces {
		out[i] = []string{p}
	}
	return out
}

// SectionBoxes is the section's text and stories in boxes (Boxes): its
// text and the stories of one box each share boxes, as many as fit.
func (m ChatMarkup) SectionBoxes(s ChatSection) (boxes []string, joined []bool) {
	return m.Boxes(append(whole(s.Text), s.Stories...))
}

// Boxes lays out blocks (each a paragraph or a story, in one or more
// pieces within Max) in boxes, in order: blocks of one piece share boxes,
// as many as fit, a blank line between them; a block in several pieces (a
// story longer than a box) has a box for each piece, each after the first
// joined to the one before it.
func (m ChatMarkup) Boxes(blocks [][]string) (boxes []string, joined []bool) {
	var one []string
	flush := func() {
		for _, b := range JoinWithin(one, "\n\n", m.Max) {
			boxes, joined = append(boxes, b), append(joined, false)
		}
		one = nil
	}
	for _, pieces := range blocks {
		if len(pieces) == 1 {
			one = append(one, pieces[0])
			continue
		}
		flush()
		for i, p := range pieces {
			boxes, joined = append(boxes, p), append(joined, i > 0)
		}
	}
	flush()
	return boxes, joined
}

// Paragraphs is each paragraph escaped and, where it is longer than a
// box, split between words (SplitWords) into as many boxes as it needs.
func (m ChatMarkup) Paragraphs(paras []Paragraph) []string {
	var out []string
	for _, p := range paras {
		out = append(out, m.Split(m.Escape(p.Text()))...)
	}
	return out
}

// Split splits escaped text longer than a box between words (SplitWords)
// into as many boxes as it needs.
func (m ChatMarkup) Split(text string) []string {
	return m.continued(SplitWords(text, m.Max-m.reserve(), m.Back))
}

// reserve is the room kept in each part of a split text for Continue.
func (m ChatMarkup) reserve() int {
	if m.Continue == nil {
		return 0
	}
	return 1
}

// continued passes every part after the first through Continue.
func (m ChatMarkup) continued(parts []string) []string {
	for i := 1; i < len(parts) && m.Continue != nil; i++ {
		parts[i] = m.Continue(parts[i])
	}
	return parts
}

// Story is one story as the newsletter lays it out: the editor's
// commentary in italics, the headline in bold linking to the story, the
// summary ending in a "Read more >>>" link, the source, and the editor's
// text after it in italics. It is one box wherever the story fits one (its
// headline unlinked when only that makes it fit: "Read more >>>" still
// links); a longer story (an imported story's text has no limit)
// continues in further boxes, split between its lines and, a line longer
// than a box, between words (LineSplit): every word of it is shown. A
// word of up to half a box (a tracking link pasted into the text, which
// chat links only whole) stays whole in a part of its own; only a longer
// one is cut.
func (m ChatMarkup) Story(st StoryOutline) []string {
	split := func(text string, max int) []string {
		parts := PackWords("", text, max-m.reserve(), m.Max/2, func(s string) string { return s }, m.Back)
		if len(parts) > 1 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		return m.continued(parts)
	}
	return LineSplit{Max: m.Max, Room: cmp.Or(m.Room, SplitRoom), Split: split}.Blocks(m.StoryLines(st))
}

// StoryLines are a story's lines as Story lays them out, its headline
// linked (its unlinked text kept beside it) and "Read more >>>" linked
// wherever the story has a link.
func (m ChatMarkup) StoryLines(st StoryOutline) []Line {
	var lines []Line
	italic := func(paras []Paragraph) {
		for _, p := range paras {
			for _, l := range strings.Split(m.Escape(p.Text()), "\n") {
				if l != "" {
					lines = append(lines, Line{Open: m.Italic[0], Text: l, Close: m.Italic[1]})
				}
			}
		}
	}
	italic(st.Commentary)
	headline := Line{Open: m.Bold[0], Text: m.Escape(st.Name), Close: m.Bold[1]}
	if linked := m.Link(st.URL, headline.Text); linked != headline.Text {
		headline.Text, headline.Unlinked = linked, headline.Text
	}
	lines = append(lines, headline)
	for _, p := range st.LinkedSummary() {
		summary := strings.Split(m.Escape(p.Lines.Text()), "\n")
		for i, l := range summary {
			line := Line{Text: l}
			if i == len(summary)-1 && p.More != "" {
				line.Label = m.Escape(ReadMore)
				line.Link = m.Link(p.More, line.Label)
			}
			lines = append(lines, line)
		}
	}
	if st.Source != "" {
		lines = append(lines, Line{Text: SourceLabel + m.Escape(st.Source)})
	}
	italic(st.Afterword)
	return lines
}

// ChatJSON is msgs, the messages a chat platform posts an edition in (its
// request bodies, in order), as indented JSON for people to read, as
// `sharednews preview --format slack|discord` prints them: "<", ">" and
// "&" as they are, since the JSON is not HTML (Slack's <url|label> links
// stay readable, and paste into its Block Kit Builder).
func ChatJSON(platform string, msgs any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(msgs); err != nil {
		return nil, fmt.Errorf("an edition's %s messages as JSON: %w", platform, err)
	}
	return buf.Bytes(), nil
}
