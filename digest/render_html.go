package digest

import (
	"embed"
	"fmt"
	"html/template"
	"strings"
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

// htmlEdition is what the template shows: the edition's outline and the
// fixed words, so the template holds layout and no decisions.
type htmlEdition struct {
	Outline
	DraftBanner string
	EmptyNotice string
}

func newHTMLEdition(e Edition) htmlEdition {
	return htmlEdition{Outline: e.Outline(), DraftBanner: DraftBanner, EmptyNotice: EmptyNotice}
}
