package digest

import "strings"

// Conventions of the plain-text newsletter, kept from the original emails
// (see shared/testdata/digests).
const (
	// SectionRule is the line of twelve asterisks above every sector
	// heading.
	SectionRule = "************"
	// ReadMore ends every summary, followed by the story's link.
	ReadMore = "Read more >>>"
)

// RenderText renders e as plain text laid out like the original newsletter
// emails: the date line, the title, the intro, then each sector under a
// line of asterisks with, per story, the editor's commentary, the
// headline, the summary ending "Read more >>> URL" and the source; the
// footer last. A draft starts with a line saying so. Nothing is wrapped.
func RenderText(e Edition) string {
	var blocks []string
	if isDraft(e) {
		blocks = append(blocks, draftBanner)
	}
	if !e.Date.IsZero() {
		blocks = append(blocks, DateLine(e.Date))
	}
	if t := OneLine(e.Title); t != "" {
		blocks = append(blocks, notARule(t))
	}
	if l := editionLabel(e); l != "" {
		blocks = append(blocks, l)
	}
	blocks = append(blocks, textParagraphs(e.Intro)...)
	if e.StoryCount() == 0 {
		blocks = append(blocks, emptyNotice)
	}
	for _, sec := range e.Sections {
		if len(sec.Stories) == 0 {
			continue
		}
		blocks = append(blocks, SectionRule+"\n"+notARule(sectionHeading(sec)))
		for _, st := range sec.Stories {
			blocks = append(blocks, textParagraphs(st.Commentary)...)
			blocks = append(blocks, textStory(st))
		}
	}
	blocks = append(blocks, textParagraphs(e.Footer)...)
	return strings.Join(blocks, "\n\n") + "\n"
}

// textStory is a story's headline, summary and source as one block.
func textStory(st Story) string {
	var lines []string
	if h := OneLine(st.Headline); h != "" {
		lines = append(lines, notARule(h))
	}
	summary := strings.Join(textParagraphs(st.Summary), "\n\n")
	if u := linkURL(st.URL); u != "" {
		u = escapeURL(u, "<>")
		if summary != "" {
			summary += " "
		}
		summary += ReadMore + " " + u
	}
	if summary != "" {
		lines = append(lines, summary)
	}
	if src := OneLine(st.Source); src != "" {
		lines = append(lines, "Source: "+src)
	}
	return strings.Join(lines, "\n")
}

// textParagraphs returns the paragraphs of s, each as one block of text.
// A line of asterisks is spaced out so that only the renderer draws
// SectionRule, and a reader (or program) can trust it to start a sector.
func textParagraphs(s string) []string {
	paras := paragraphs(s)
	out := make([]string, len(paras))
	for i, p := range paras {
		for j, line := range p {
			p[j] = notARule(line)
		}
		out[i] = strings.Join(p, "\n")
	}
	return out
}

// notARule returns line, unless it is a line of asterisks that would pass
// for SectionRule: then the asterisks are spaced out, "* * *".
func notARule(line string) string {
	t := strings.TrimSpace(line)
	if t == "" || strings.Trim(t, "*") != "" {
		return line
	}
	return strings.Join(strings.Split(t, ""), " ")
}
