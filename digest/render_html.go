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
// inline, for mail clients and browsers. html/template escapes all text;
// headlines link only to http and https URLs.
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
	Sections    []htmlSection
	Footer      [][]string
}

type htmlSection struct {
	Heading string
	Stories []htmlStory
}

type htmlStory struct {
	Commentary [][]string
	Headline   string
	URL        string // "" unless http or https
	Summary    [][]string
	Source     string
}

func newHTMLEdition(e Edition) htmlEdition {
	h := htmlEdition{
		Draft:       isDraft(e),
		DraftBanner: draftBanner,
		Title:       OneLine(e.Title),
		Label:       editionLabel(e),
		Intro:       paragraphs(e.Intro),
		Empty:       e.StoryCount() == 0,
		EmptyNotice: emptyNotice,
		Footer:      paragraphs(e.Footer),
	}
	if !e.Date.IsZero() {
		h.DateLine = DateLine(e.Date)
		h.DateISO = e.Date.Format(time.DateOnly)
	}
	for _, sec := range e.Sections {
		if len(sec.Stories) == 0 {
			continue
		}
		hs := htmlSection{Heading: sectionHeading(sec)}
		for _, st := range sec.Stories {
			hs.Stories = append(hs.Stories, htmlStory{
				Commentary: paragraphs(st.Commentary),
				Headline:   OneLine(st.Headline),
				URL:        linkURL(st.URL),
				Summary:    paragraphs(st.Summary),
				Source:     OneLine(st.Source),
			})
		}
		h.Sections = append(h.Sections, hs)
	}
	return h
}
