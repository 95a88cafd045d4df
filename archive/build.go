package archive

import (
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// builder turns an edition's tokens, their roles marked, into its intro,
// lead and sections, keeping every piece of the editor's text where it was.
type builder struct {
	parser  Parser
	edition *ParsedEdition
	stories []storyToks
	paras   [][]string     // text read since the last heading or story
	inPara  bool           // the last token was text, so a line without a blank before continues its paragraph
	section *ParsedSection // the open section; nil before the first heading
	seen    map[string]int // normalised headline → line, for duplicates
}

func (b *builder) build(toks []tok, stories []storyToks) {
	b.stories = stories
	b.seen = map[string]int{}
	for i, t := range toks {
		switch t.role {
		case roleText:
			if t.paraStart || !b.inPara {
				b.paras = append(b.paras, nil)
			}
			b.paras[len(b.paras)-1] = append(b.paras[len(b.paras)-1], t.text)
			b.inPara = true
			continue
		case roleHeading:
			b.flush()
			b.section = &ParsedSection{Line: t.no, Heading: t.text, Sector: t.sector, Unruled: i == 0 || toks[i-1].role != roleRule}
			b.edition.Sections = append(b.edition.Sections, *b.section)
			b.section = &b.edition.Sections[len(b.edition.Sections)-1]
		case roleHeadline:
			b.story(toks, t)
		}
		b.inPara = false
	}
	b.flush()
	for _, s := range b.edition.Sections {
		if len(s.Stories) == 0 {
			b.warn(s.Line, "section %q has no stories; its text is kept under its heading", clip(s.Heading))
		}
	}
}

// story adds the story whose headline is t, with the text read since the
// last story as its commentary, or as the intro before the first story.
func (b *builder) story(toks []tok, t tok) {
	st := b.stories[t.story-1]
	headline, link := HeadlineLink(t.text)
	ps := ParsedStory{Line: t.no, Headline: HeadlineText(headline), Link: st.link, Source: st.source}
	switch {
	case link == "" || link == st.link:
	case st.link == "":
		ps.Link = link
	default:
		// Linked elsewhere than its "Read more": a story has one link,
		// and the other is not lost, but kept as the editor's text
		// under the story, as a second link after the marker is.
		st.moreLinks = strings.TrimSpace("<" + link + "> " + st.moreLinks)
		b.warn(t.no, "the headline %q links to %s, its %q to %s: the story's link is the second, the first is kept as text under it",
			clip(ps.Headline), link, digest.ReadMore, st.link)
	}
	var summary []string
	for _, i := range st.summary {
		summary = append(summary, toks[i].summary)
	}
	ps.Summary = strings.Join(summary, "\n")
	key := digest.HeadlineWords(ps.Headline)
	if at, dup := b.seen[key]; dup {
		b.warn(t.no, "the story %q is in this edition twice (also on line %d); both are kept", clip(ps.Headline), at)
	} else {
		b.seen[key] = t.no
	}
	if b.section == nil {
		if len(b.edition.Lead) == 0 {
			b.edition.Intro = b.take()
		}
		ps.Commentary = b.take()
		ps.Sector = b.leadSector(ps)
		b.edition.Lead = append(b.edition.Lead, ps)
		b.moreLinks(st)
		return
	}
	ps.Commentary = b.take()
	ps.Sector = b.section.Sector
	b.section.Stories = append(b.section.Stories, ps)
	b.moreLinks(st)
}

// moreLinks keeps a story's links after its first as the text that
// follows it, where the file has them.
func (b *builder) moreLinks(st storyToks) {
	if st.moreLinks != "" {
		b.paras = append(b.paras, []string{st.moreLinks})
	}
}

// leadSector files a story that stands before the first section: by the
// sector model, or under the fallback sector.
func (b *builder) leadSector(ps ParsedStory) digest.Sector {
	sec, how := b.parser.fallback(), "it is filed under"
	if suggest := b.parser.Suggest; suggest != nil {
		if slug, _ := suggest(ps.Headline + "\n" + ps.Summary); slug != "" {
			if s, ok := b.parser.Sectors.Lookup(slug); ok {
				sec, how = s, "the sector model files it under"
			}
		}
	}
	b.warn(ps.Line, "the story %q comes before the first section heading: it is the edition's lead; %s %s (%s)",
		clip(ps.Headline), how, sec.Name, sec.Slug)
	return sec
}

// flush places the text read since the last story or heading, at a heading
// or the end of the edition: after the last story above it, under the
// heading of a section without stories, or in the intro.
func (b *builder) flush() {
	text := b.take()
	if text == "" {
		return
	}
	switch {
	case b.section != nil && len(b.section.Stories) > 0:
		last := &b.section.Stories[len(b.section.Stories)-1]
		last.Afterword = digest.JoinParagraphs(last.Afterword, text)
	case b.section != nil:
		b.section.Text = digest.JoinParagraphs(b.section.Text, text)
	case len(b.edition.Lead) > 0:
		last := &b.edition.Lead[len(b.edition.Lead)-1]
		last.Afterword = digest.JoinParagraphs(last.Afterword, text)
	default:
		b.edition.Intro = digest.JoinParagraphs(b.edition.Intro, text)
	}
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
