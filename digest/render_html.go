package digest

import (
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"
)

//go:embed templates/edition.html.tmpl
var templateFS embed.FS

// editionTemplate is parsed once, when the program starts, and only ever
// executed afterwards, which html/template allows from many goroutines.
var editionTemplate = template.Must(template.ParseFS(templateFS, "templates/edition.html.tmpl"))

// RenderHTML renders e as a small, complete HTML document with its styles
// inline, for mail clients and browsers, laid out as RenderText is.
// html/template escapes all text; headlines and "Read more >>>" link only
// to http and https URLs.
func RenderHTML(e Edition) (string, error) {
	var b strings.Builder
	if err := editionTemplate.Execute(&b, newHTMLEdition(e)); err != nil {
		return "", fmt.Errorf("render edition %d as HTML: %w", e.Number, err)
	}
	return b.String(), nil
}

// RenderHTMLBody renders e as RenderHTML does, but only the edition itself
// (a <div class="edition">) without the document around it or its inline
// styles, for pages that place it in their own layout (the web archive).
// Its classes are RenderHTML's: dateline, number, commentary, story, source.
func RenderHTMLBody(e Edition) (template.HTML, error) {
	var b strings.Builder
	if err := editionTemplate.ExecuteTemplate(&b, "edition", newHTMLEdition(e)); err != nil {
		return "", fmt.Errorf("render edition %d as an HTML fragment: %w", e.Number, err)
	}
	// html/template escaped every value that went into it.
	return template.HTML(b.String()), nil
}

// htmlEdition is an Edition cleaned and split into what the template shows,
// so the template holds layout and no decisions.
type htmlEdition struct {
	Draft       bool
	DraftBanner string
	DateLine    string
	DateISO     string // the date as <time datetime> wants it: 2014-11-20
	Title       string
	Label       string
	Intro       [][]string
	Empty       bool
	EmptyNotice string
	Lead        []htmlStory
	Sections    []htmlSection
	Footer      [][]string
}

type htmlSection struct {
	Heading string
	Text    [][]string
	Stories []htmlStory
}

type htmlStory struct {
	Commentary [][]string
	Headline   string
	URL        string // "" unless http or https
	Summary    []htmlParagraph
	Source     string
	Afterword  [][]string
}

// htmlParagraph is a paragraph's lines, and the link its "Read more >>>"
// points to ("" for none).
type htmlParagraph struct {
	Lines []string
	More  string
}

// newHTMLStory splits st into what the story template shows; the last
// paragraph of the summary ends in "Read more >>>" when st has a link.
func newHTMLStory(st Story) htmlStory {
	h := htmlStory{
		Commentary: paragraphs(st.Commentary),
		Headline:   OneLine(st.Headline),
		URL:        linkURL(st.URL),
		Source:     OneLine(st.Source),
		Afterword:  paragraphs(st.Afterword),
	}
	for _, p := range paragraphs(st.Summary) {
		h.Summary = append(h.Summary, htmlParagraph{Lines: p})
	}
	if h.URL != "" {
		if n := len(h.Summary); n > 0 {
			h.Summary[n-1].More = h.URL
		} else {
			h.Summary = []htmlParagraph{{More: h.URL}}
		}
	}
	return h
}

func newHTMLEdition(e Edition) htmlEdition {
	h := htmlEdition{
		Draft:       IsDraft(e),
		DraftBanner: DraftBanner,
		Title:       OneLine(e.Title),
		Label:       editionLabel(e),
		Intro:       paragraphs(e.Intro),
		Empty:       e.StoryCount() == 0,
		EmptyNotice: EmptyNotice,
		Footer:      paragraphs(e.Footer),
	}
	if !e.Date.IsZero() {
		h.DateLine = DateLine(e.Date)
		h.DateISO = e.Date.Format(time.DateOnly)
	}
	for _, st := range e.Lead {
		h.Lead = append(h.Lead, newHTMLStory(st))
	}
	for _, sec := range e.Sections {
		if emptySection(sec) {
			continue
		}
		hs := htmlSection{Heading: sectionHeading(sec), Text: paragraphs(sec.Text)}
		for _, st := range sec.Stories {
			hs.Stories = append(hs.Stories, newHTMLStory(st))
		}
		h.Sections = append(h.Sections, hs)
	}
	return h
}
