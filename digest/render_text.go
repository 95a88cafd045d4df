package digest

import (
	"slices"
	"strings"
)

// Conventions of the plain-text newsletter, kept from the original emails
// (see shared/testdata/digests).
const (
	// SectionRule is the line of twelve asterisks above every sector
	// heading.
	SectionRule = "************"
	// ReadMore ends every summary, followed by the story's link.
	ReadMore = "Read more >>>"
	// SourceLabel starts the line under a summary naming its publisher,
	// in the newsletter and in Slack's and Discord's editions.
	SourceLabel = "Source: "
)

// RenderText renders e as plain text laid out like the original newsletter
// emails: the date line, the title, the intro, the lead story, then each
// section under a line of asterisks (unless an imported edition had none
// there) with its text and, per story, the
// editor's commentary, the headline, the summary ending "Read more >>>"
// (and the story's link, when it has one), the source and any text the
// editor placed after it; the footer last. A draft starts with a line
// saying so. Nothing is wrapped.
func RenderText(e Edition) string {
	o := e.Outline()
	var blocks []string
	if o.Draft {
		blocks = append(blocks, DraftBanner)
	}
	if d := o.DateLine(); d != "" {
		blocks = append(blocks, d)
	}
	if o.Title != "" {
		blocks = append(blocks, notARule(o.Title))
	}
	// No "Edition N" line: the plain-text newsletter never had one, and
	// an imported edition must read back as it was written. Chat replies
	// name the number outside the edition's text.
	blocks = append(blocks, textParagraphs(o.Intro)...)
	if o.Empty {
		blocks = append(blocks, EmptyNotice)
	}
	for _, st := range o.Lead {
		blocks = append(blocks, textStory(st)...)
	}
	for _, sec := range o.Sections {
		if sec.Blank() {
			continue
		}
		if sec.Unruled {
			blocks = append(blocks, notARule(sec.Heading))
		} else {
			blocks = append(blocks, SectionRule+"\n"+notARule(sec.Heading))
		}
		blocks = append(blocks, textParagraphs(sec.Text)...)
		for _, st := range sec.Stories {
			blocks = append(blocks, textStory(st)...)
		}
	}
	blocks = append(blocks, textParagraphs(o.Footer)...)
	return strings.Join(blocks, "\n\n") + "\n"
}

// textStory is a story as paragraphs: the commentary, the headline, the
// summary ending "Read more >>>" with the source under it, and the
// afterword. The plain-text newsletter ended every summary so, linked or
// not; the link follows the marker when the story has one (a story
// imported from a plain-text edition has none).
func textStory(st StoryOutline) []string {
	blocks := textParagraphs(st.Commentary)
	if st.Headline != "" {
		blocks = append(blocks, notARule(st.Headline))
	}
	more := ReadMore
	if st.URL != "" {
		more += " " + escapeURL(st.URL, "<>")
	}
	// The marker goes on the summary's last line before any line is
	// checked for looking like a rule: with it, no line does.
	summary := make([]string, len(st.Summary))
	for i, p := range st.Summary {
		lines := slices.Clone(p)
		if i == len(st.Summary)-1 {
			lines[len(lines)-1] += " " + more
		}
		summary[i] = textParagraph(lines)
	}
	if len(summary) == 0 && st.URL != "" {
		summary = []string{more}
	}
	if st.Source != "" {
		if n := len(summary); n > 0 {
			summary[n-1] += "\n" + SourceLabel + st.Source
		} else {
			summary = []string{SourceLabel + st.Source}
		}
	}
	blocks = append(blocks, summary...)
	return append(blocks, textParagraphs(st.Afterword)...)
}

// textParagraphs returns each paragraph as one block of text (see
// textParagraph).
func textParagraphs(paras []Paragraph) []string { return blocks(paras, textParagraph) }

// textParagraph is a paragraph's lines as one block. A line of asterisks
// is spaced out so that only the renderer draws SectionRule, and a reader
// (or program) can trust it to start a sector.
func textParagraph(lines Paragraph) string { return lines.JoinLines(notARule) }

// notARule returns line, unless it is a row of one of the characters a
// plain-text newsletter rules sections with (asterisks, dashes,
// underscores, equals signs, tildes), which a reader or an importer would
// take for a section rule: then they are spaced out, "* * *".
func notARule(line string) string {
	t := strings.TrimSpace(line)
	if len(t) < 3 || strings.Trim(t, t[:1]) != "" || !strings.Contains("*-_=~", t[:1]) {
		return line
	}
	return strings.Join(strings.Split(t, ""), " ")
}
