package archive

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// builder turns an edition's tokens, their roles marked, into its intro and
// sections.
type builder struct {
	parser   Parser
	names    sectorNames
	edition  *ParsedEdition
	paras    [][]string     // text read since the last heading or story
	inPara   bool           // the last token was text, so a line without a blank before continues its paragraph
	section  *ParsedSection // the open section; nil in the intro
	sections []ParsedSection
}

func (b *builder) build(toks []tok) {
	for _, t := range toks {
		if t.role == roleText {
			if t.paraStart || !b.inPara {
				b.paras = append(b.paras, nil)
			}
			b.paras[len(b.paras)-1] = append(b.paras[len(b.paras)-1], t.text)
			b.inPara = true
			continue
		}
		b.inPara = false
		switch t.role {
		case roleHeading:
			b.closeSection()
			b.openSection(t)
		case roleHeadline:
			if b.section == nil {
				b.edition.Intro = joinParagraphs(b.edition.Intro, b.take())
				fb := b.parser.fallback()
				b.section = &ParsedSection{Line: t.no, Sector: fb}
				b.warn(t.no, "story before any section heading; filed under %s (%s)", fb.Name, fb.Slug)
			}
			b.section.Stories = append(b.section.Stories, ParsedStory{Line: t.no, Headline: t.text, Commentary: b.take()})
			if n := utf8.RuneCountInString(t.text); n > maxHeadlineRunes {
				b.warn(t.no, "headline is %d characters long; check that the line above the summary is the headline", n)
			}
		case roleSummary:
			b.section.Stories[len(b.section.Stories)-1].Summary = t.summary
		}
	}
	b.closeSection()
	b.edition.Sections = b.sections
}

// take returns the text read since the last heading or story, and forgets it.
func (b *builder) take() string {
	out := make([]string, len(b.paras))
	for i, p := range b.paras {
		out[i] = strings.Join(p, "\n")
	}
	b.paras = nil
	return strings.Join(out, "\n\n")
}

func (b *builder) warn(no int, format string, args ...any) {
	b.edition.Warnings = append(b.edition.Warnings, Warning{Line: no, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) openSection(t tok) {
	sec := ParsedSection{Line: t.no, Heading: t.text}
	if t.ruled {
		sec.Sector = b.resolve(t)
	} else {
		sec.Sector, _ = b.names.lookup(t.text)
	}
	b.section = &sec
}

// resolve finds the configured sector a heading under a rule means.
func (b *builder) resolve(t tok) digest.Sector {
	if sec, ok := b.names.lookup(t.text); ok {
		return sec // what Resolve would say, without its cost
	}
	sec, err := b.parser.Sectors.Resolve(t.text)
	if err == nil {
		return sec
	}
	var unknown *digest.UnknownSectorError
	if errors.As(err, &unknown) && unknown.Suggestion != "" {
		if sec, ok := b.parser.Sectors.Lookup(unknown.Suggestion); ok {
			b.warn(t.no, "section heading %q is not a configured sector; read as the closest one, %s (%s)", clip(t.text), sec.Name, sec.Slug)
			return sec
		}
	}
	why := ""
	var ambiguous *digest.AmbiguousSectorError
	if errors.As(err, &ambiguous) {
		why = " (it could be " + strings.Join(ambiguous.Candidates, " or ") + ")"
	}
	fb := b.parser.fallback()
	b.warn(t.no, "section heading %q is not a configured sector%s; filed under %s (%s)", clip(t.text), why, fb.Name, fb.Slug)
	return fb
}

// closeSection ends the open section: text after its last story is that
// story's afterword. Text before the first section is the intro. A section
// without stories is not a section: its heading and text join the previous
// story's afterword, or the intro when there is none, so nothing is lost.
func (b *builder) closeSection() {
	text := b.take()
	sec := b.section
	b.section = nil
	switch {
	case sec == nil:
		b.edition.Intro = joinParagraphs(b.edition.Intro, text)
	case len(sec.Stories) > 0:
		sec.Stories[len(sec.Stories)-1].Afterword = text
		b.sections = append(b.sections, *sec)
	default:
		kept := joinParagraphs(sec.Heading, text)
		if n := len(b.sections); n > 0 {
			last := &b.sections[n-1].Stories[len(b.sections[n-1].Stories)-1]
			last.Afterword = joinParagraphs(last.Afterword, kept)
			b.warn(sec.Line, "section %q has no stories; its text is kept after the story %q", clip(sec.Heading), clip(last.Headline))
		} else {
			b.edition.Intro = joinParagraphs(b.edition.Intro, kept)
			b.warn(sec.Line, "section %q has no stories; its text is kept in the intro", clip(sec.Heading))
		}
	}
}

// joinParagraphs joins the non-empty texts with blank lines between them.
func joinParagraphs(texts ...string) string {
	var kept []string
	for _, t := range texts {
		if t != "" {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, "\n\n")
}
