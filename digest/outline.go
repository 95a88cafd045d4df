package digest

import (
	"strings"
	"time"
)

// Outline is an edition as every renderer walks it (plain text, Markdown,
// HTML, the web archive, Slack, Discord, the console): its parts in the
// order they are read, each cleaned and split into paragraphs, with the
// decisions about what text belongs where already made. A renderer only
// marks the parts up and fits them to its medium (a platform's limits, a
// page's layout).
type Outline struct {
	Draft    bool      // show DraftBanner first: the edition may still change
	Title    string    // the title on one line; "" when it has none
	Date     time.Time // zero when the edition has no date
	dateLine string    // Edition.DateLine
	Label    string    // "Edition 42" once published; "" before
	Intro    []Paragraph
	Empty    bool // the draft has no stories: EmptyNotice follows the intro
	Lead     []StoryOutline
	Sections []SectionOutline // every section, in the edition's order
	Footer   []Paragraph
}

// Paragraph is the lines of one paragraph, as the editor broke them,
// without trailing space.
type Paragraph []string

// Text is the paragraph with its lines joined by line breaks.
func (p Paragraph) Text() string { return strings.Join(p, "\n") }

// JoinLines is the paragraph with each line passed through f (a format's
// escaping), joined by line breaks.
func (p Paragraph) JoinLines(f func(string) string) string {
	lines := make([]string, len(p))
	for i, line := range p {
		lines[i] = f(line)
	}
	return strings.Join(lines, "\n")
}

// blocks returns each paragraph as one block of a format's text, written
// by f.
func blocks(paras []Paragraph, f func(Paragraph) string) []string {
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = f(p)
	}
	return out
}

// SectionOutline is one section: what it is called, the editor's text
// under its heading, and its stories in running order.
type SectionOutline struct {
	Heading string // SectionHeading
	Sector  string // the sector's slug, for formats that colour sections
	Text    []Paragraph
	Stories []StoryOutline
	Unruled bool // Section.Unruled
	// blank is a section with no story, no text and no heading of its
	// own, which the newsletter formats leave out.
	blank bool
}

// Blank reports whether the section has nothing of its own to show: no
// story, no text, and only its sector's name for a heading.
func (s SectionOutline) Blank() bool { return s.blank }

// StoryOutline is one story as an edition shows it: the editor's
// commentary above it, its headline linking to it, the summary ending in
// "Read more >>>" when it has a link, its source, and any text the editor
// placed after it.
type StoryOutline struct {
	Commentary []Paragraph
	Headline   string // on one line; "" when it has none
	// Name is what chat calls the story: its headline, or its URL (or an
	// imported story's key) while it has none.
	Name      string
	URL       string // the story's link: "" unless an absolute http or https URL; not yet escaped for a format
	Summary   []Paragraph
	Source    string // the publisher on one line; "" when unknown
	Afterword []Paragraph
}

// SummaryParagraph is one paragraph of a summary as the newsletter prints
// it: its lines and, on the last, the link "Read more >>>" points to.
type SummaryParagraph struct {
	Lines Paragraph
	More  string // the link of "Read more >>>" ending the paragraph; "" for none
}

// LinkedSummary is the summary with "Read more >>>" ending its last
// paragraph when the story has a link; a linked story without a summary
// is that link alone.
func (s StoryOutline) LinkedSummary() []SummaryParagraph {
	out := make([]SummaryParagraph, len(s.Summary), len(s.Summary)+1)
	for i, p := range s.Summary {
		out[i].Lines = p
	}
	if s.URL != "" {
		if len(out) == 0 {
			out = append(out, SummaryParagraph{})
		}
		out[len(out)-1].More = s.URL
	}
	return out
}

// Outline lays e out as its renderers show it.
func (e Edition) Outline() Outline {
	o := Outline{
		Draft:    IsDraft(e),
		Title:    OneLine(e.Title),
		Date:     e.Date,
		dateLine: OneLine(e.DateLine),
		Label:    editionLabel(e),
		Intro:    paragraphs(e.Intro),
		// A published edition with no stories (one imported from the
		// back catalogue: a week of news only) reads as it was written.
		Empty:  IsDraft(e) && e.StoryCount() == 0,
		Footer: paragraphs(e.FooterText()),
	}
	for _, st := range e.Lead {
		o.Lead = append(o.Lead, st.Outline())
	}
	for _, sec := range e.Sections {
		so := SectionOutline{Heading: sectionHeading(sec), Sector: sec.Sector.Slug, Text: paragraphs(sec.Text), Unruled: sec.Unruled,
			blank: emptySection(sec)}
		for _, st := range sec.Stories {
			so.Stories = append(so.Stories, st.Outline())
		}
		o.Sections = append(o.Sections, so)
	}
	return o
}

// Outline is the story as an edition, a review card or a list shows it.
func (s Story) Outline() StoryOutline {
	name, link := s.Name()
	return StoryOutline{
		Commentary: paragraphs(s.Commentary),
		Headline:   OneLine(s.Headline),
		Name:       name,
		URL:        link,
		Summary:    paragraphs(s.Summary),
		Source:     OneLine(s.Source),
		Afterword:  paragraphs(s.Afterword),
	}
}

// Name is what chat calls the story and where that links (see
// StoryOutline's Name and URL), without laying out the rest of it, for a
// list of many stories.
func (s Story) Name() (name, link string) {
	name = OneLine(s.Headline)
	if name == "" {
		name = OneLine(s.URL)
	}
	return name, linkURL(s.URL)
}

// ChatTitle is the title chat shows at the top of an edition: the title,
// or, for an imported edition that had none, its label ("Edition 42"). It
// never names the newsletter, whose name is the operator's (bot.name).
func (o Outline) ChatTitle() string {
	switch {
	case o.Title != "":
		return o.Title
	case o.Label != "":
		return o.Label
	}
	return "Edition"
}

// Subtitle is what chat shows above an edition's title: its date line
// and, once published, its number, "Thursday 20 November 2014 · Edition
// 42"; "" when it has neither.
func (o Outline) Subtitle() string {
	var facts []string
	if d := o.DateLine(); d != "" {
		facts = append(facts, d)
	}
	if o.Label != "" {
		facts = append(facts, o.Label)
	}
	return strings.Join(facts, " · ")
}

// DateLine is the edition's date as its first line shows it: as an
// imported edition wrote it, else as DateLine writes it; "" when it has no
// date.
func (o Outline) DateLine() string {
	switch {
	case o.dateLine != "":
		return o.dateLine
	case o.Date.IsZero():
		return ""
	}
	return DateLine(o.Date)
}

// DateISO is the date as HTML's <time datetime> wants it, 2014-11-20.
func (o Outline) DateISO() string {
	if o.Date.IsZero() {
		return ""
	}
	return o.Date.Format(time.DateOnly)
}
