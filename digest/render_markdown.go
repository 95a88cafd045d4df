package digest

import "strings"

// markdownURLSpecial are the characters that end or confuse a Markdown link
// destination.
const markdownURLSpecial = "()<>\\"

// RenderMarkdown renders e as CommonMark (which Discord and most Markdown
// viewers read): the title as a "#" heading, sections as "##" headings,
// headlines as "###" headings (linked when the story has a link; the
// lead story's "##", as HTML's h2, not a level below the title skipped), the
// editor's commentary and afterwords in italics, the summary ending in a
// "Read more >>>" link, then "— Source"; the lead story after the intro,
// the footer after a rule. All text from the edition is escaped, so a
// headline from a feed cannot add links or formatting of its own.
func RenderMarkdown(e Edition) string {
	o := e.Outline()
	var blocks []string
	if o.Draft {
		blocks = append(blocks, "**"+escapeMarkdown(DraftBanner)+"**")
	}
	if d := o.DateLine(); d != "" {
		blocks = append(blocks, d)
	}
	if o.Title != "" {
		blocks = append(blocks, "# "+escapeMarkdown(o.Title))
	}
	if o.Label != "" {
		blocks = append(blocks, o.Label)
	}
	blocks = append(blocks, markdownParagraphs(o.Intro, "")...)
	if o.Empty {
		blocks = append(blocks, escapeMarkdown(EmptyNotice))
	}
	for _, st := range o.Lead {
		blocks = append(blocks, markdownStory(st, "##")...)
	}
	for _, sec := range o.Sections {
		if sec.Blank() {
			continue
		}
		blocks = append(blocks, "## "+escapeMarkdown(sec.Heading))
		blocks = append(blocks, markdownParagraphs(sec.Text, "")...)
		for _, st := range sec.Stories {
			blocks = append(blocks, markdownStory(st, "###")...)
		}
	}
	if footer := markdownParagraphs(o.Footer, ""); len(footer) > 0 {
		blocks = append(blocks, "---")
		blocks = append(blocks, footer...)
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// markdownStory is a story's commentary, headline (a heading of level,
// "##" or "###", linked when it has an http(s) URL), summary ending in a "Read more >>>" link, source
// and afterword, each a paragraph of its own so that every Markdown reader
// breaks the lines in the same places.
func markdownStory(st StoryOutline, level string) []string {
	blocks := markdownParagraphs(st.Commentary, "*")
	headline := escapeMarkdown(st.Headline)
	link := ""
	if st.URL != "" {
		link = escapeURL(st.URL, markdownURLSpecial)
	}
	switch {
	case headline != "" && link != "":
		blocks = append(blocks, level+" ["+headline+"]("+link+")")
	case headline != "":
		blocks = append(blocks, level+" "+headline)
	}
	for _, p := range st.LinkedSummary() {
		text := markdownParagraph(p.Lines)
		if p.More != "" {
			if text != "" {
				text += " "
			}
			text += "[" + escapeMarkdown(ReadMore) + "](" + link + ")"
		}
		blocks = append(blocks, text)
	}
	if st.Source != "" {
		blocks = append(blocks, "— "+escapeMarkdown(st.Source))
	}
	return append(blocks, markdownParagraphs(st.Afterword, "*")...)
}

// markdownParagraphs escapes each paragraph, wrapping it in the emphasis
// marker em ("*" for italics) if one is given.
func markdownParagraphs(paras []Paragraph, em string) []string {
	return blocks(paras, func(p Paragraph) string { return em + markdownParagraph(p) + em })
}

// markdownParagraph escapes each line of a paragraph and ends every line
// but the last in a hard line break: the editor broke the lines there (a
// headline over its text, a job advert's lines), and a bare newline is a
// soft break, which CommonMark readers show as a space. Two spaces, not a
// backslash, because Discord shows the backslash and breaks the line at
// the newline anyway.
func markdownParagraph(p Paragraph) string {
	return strings.ReplaceAll(p.JoinLines(escapeMarkdown), "\n", markdownHardBreak)
}

// markdownHardBreak ends a line inside a paragraph (CommonMark 6.7).
const markdownHardBreak = "  \n"

// escapeMarkdown backslash-escapes every character of one line of text that
// CommonMark or Discord could read as markup: emphasis, code, links,
// autolinks and HTML, strike-through and spoilers everywhere; headings,
// lists, quotes and rules where they would start a line. Leading spaces
// are dropped because four of them make a code block.
func escapeMarkdown(line string) string {
	line = strings.TrimSpace(line)
	var b strings.Builder
	b.Grow(len(line) + 8)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '#', '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." and "1)" start ordered lists.
			if i > 0 && isAllDigits(line[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
