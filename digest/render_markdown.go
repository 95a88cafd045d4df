package digest

import "strings"

// markdownURLSpecial are the characters that end or confuse a Markdown link
// destination.
const markdownURLSpecial = "()<>\\"

// RenderMarkdown renders e as CommonMark (which Discord and most Markdown
// viewers read): the title as a "#" heading, sections as "##" headings,
// headlines as "###" headings (linked when the story has a link), the
// editor's commentary and afterwords in italics, the summary ending in a
// "Read more >>>" link, then "— Source"; the lead story after the intro,
// the footer after a rule. All text from the edition is escaped, so a
// headline from a feed cannot add links or formatting of its own.
func RenderMarkdown(e Edition) string {
	var blocks []string
	if IsDraft(e) {
		blocks = append(blocks, "**"+escapeMarkdown(DraftBanner)+"**")
	}
	if !e.Date.IsZero() {
		blocks = append(blocks, DateLine(e.Date))
	}
	if t := OneLine(e.Title); t != "" {
		blocks = append(blocks, "# "+escapeMarkdown(t))
	}
	if l := editionLabel(e); l != "" {
		blocks = append(blocks, l)
	}
	blocks = append(blocks, markdownParagraphs(e.Intro, "")...)
	if e.StoryCount() == 0 {
		blocks = append(blocks, escapeMarkdown(EmptyNotice))
	}
	for _, st := range e.Lead {
		blocks = append(blocks, markdownStory(st)...)
	}
	for _, sec := range e.Sections {
		if emptySection(sec) {
			continue
		}
		blocks = append(blocks, "## "+escapeMarkdown(sectionHeading(sec)))
		blocks = append(blocks, markdownParagraphs(sec.Text, "")...)
		for _, st := range sec.Stories {
			blocks = append(blocks, markdownStory(st)...)
		}
	}
	if footer := markdownParagraphs(e.Footer, ""); len(footer) > 0 {
		blocks = append(blocks, "---")
		blocks = append(blocks, footer...)
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// markdownStory is a story's commentary, headline (a heading, linked when
// it has an http(s) URL), summary ending in a "Read more >>>" link, source
// and afterword, each a paragraph of its own so that every Markdown reader
// breaks the lines in the same places.
func markdownStory(st Story) []string {
	blocks := markdownParagraphs(st.Commentary, "*")
	headline := escapeMarkdown(OneLine(st.Headline))
	u := linkURL(st.URL)
	link := ""
	if u != "" {
		link = escapeURL(u, markdownURLSpecial)
	}
	switch {
	case headline != "" && link != "":
		blocks = append(blocks, "### ["+headline+"]("+link+")")
	case headline != "":
		blocks = append(blocks, "### "+headline)
	}
	summary := markdownParagraphs(st.Summary, "")
	if link != "" {
		more := "[" + escapeMarkdown(ReadMore) + "](" + link + ")"
		if n := len(summary); n > 0 {
			summary[n-1] += " " + more
		} else {
			summary = []string{more}
		}
	}
	blocks = append(blocks, summary...)
	if src := OneLine(st.Source); src != "" {
		blocks = append(blocks, "— "+escapeMarkdown(src))
	}
	return append(blocks, markdownParagraphs(st.Afterword, "*")...)
}

// markdownParagraphs escapes each paragraph of s, wrapping it in the
// emphasis marker em ("*" for italics) if one is given.
func markdownParagraphs(s, em string) []string {
	paras := paragraphs(s)
	out := make([]string, len(paras))
	for i, p := range paras {
		lines := make([]string, len(p))
		for j, line := range p {
			lines[j] = escapeMarkdown(line)
		}
		out[i] = em + strings.Join(lines, "\n") + em
	}
	return out
}

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
