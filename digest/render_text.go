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
// emails: the date line, the title, the intro, the lead story, then each
// section under a line of asterisks with its text and, per story, the
// editor's commentary, the headline, the summary ending "Read more >>>"
// (and the story's link, when it has one), the source and any text the
// editor placed after it; the footer last. A draft starts with a line
// saying so. Nothing is wrapped.
func RenderText(e Edition) string {
	var blocks []string
	if IsDraft(e) {
		blocks = append(blocks, DraftBanner)
	}
	if !e.Date.IsZero() {
		blocks = append(blocks, DateLine(e.Date))
	}
	if t := OneLine(e.Title); t != "" {
		blocks = append(blocks, notARule(t))
	}
	// No "Edition N" line: the plain-text newsletter never had one, and
	// an imported edition must read back as it was written. Chat replies
	// name the number outside the edition's text.
	blocks = append(blocks, textParagraphs(e.Intro)...)
	if e.StoryCount() == 0 {
		blocks = append(blocks, EmptyNotice)
	}
	for _, st := range e.Lead {
		blocks = append(blocks, textStory(st)...)
	}
	for _, sec := range e.Sections {
		if emptySection(sec) {
			continue
		}
		blocks = append(blocks, SectionRule+"\n"+notARule(sectionHeading(sec)))
		blocks = append(blocks, textParagraphs(sec.Text)...)
		for _, st := range sec.Stories {
			blocks = append(blocks, textStory(st)...)
		}
	}
	blocks = append(blocks, textParagraphs(e.Footer)...)
	return strings.Join(blocks, "\n\n") + "\n"
}

// textStory is a story as paragraphs: the commentary, the headline, the
// summary ending "Read more >>>" with the source under it, and the
// afterword. The plain-text newsletter ended every summary so; the link
// follows the marker when the story has one (a story imported from a
// plain-text edition has none).
func textStory(st Story) []string {
	blocks := textParagraphs(st.Commentary)
	if h := OneLine(st.Headline); h != "" {
		blocks = append(blocks, notARule(h))
	}
	// The marker goes on the summary's last line before any line is
	// checked for looking like a rule: with it, no line does.
	paras := paragraphs(st.Summary)
	more := ReadMore
	if u := linkURL(st.URL); u != "" {
		more += " " + escapeURL(u, "<>")
	}
	if n := len(paras); n > 0 {
		last := paras[n-1]
		last[len(last)-1] += " " + more
	} else if linkURL(st.URL) != "" {
		paras = [][]string{{more}}
	}
	summary := make([]string, len(paras))
	for i, p := range paras {
		for j, line := range p {
			p[j] = notARule(line)
		}
		summary[i] = strings.Join(p, "\n")
	}
	if src := OneLine(st.Source); src != "" {
		if n := len(summary); n > 0 {
			summary[n-1] += "\n" + "Source: " + src
		} else {
			summary = []string{"Source: " + src}
		}
	}
	blocks = append(blocks, summary...)
	return append(blocks, textParagraphs(st.Afterword)...)
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
