package digest

import (
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

//go:embed templates/edition.html.tmpl
var templateFS embed.FS

// editionTemplate is parsed once, when the program starts, and only ever
// executed afterwards, which html/template allows from many goroutines.
var editionTemplate = template.Must(template.New("edition.html.tmpl").
	Funcs(template.FuncMap{"linked": linkedLine}).ParseFS(templateFS, "templates/edition.html.tmpl"))

// linkedLine is one line of text for the HTML edition — the editor's
// intro, commentary and footer, a summary — escaped, with each web address
// in it (http or https) a link to itself, as a mail client or chat app
// shows one: the footer's "follow it with the Atom feed at https://…" and
// an intro's "the job advert is at https://…" are links a reader can
// follow on the web archive's pages too. The punctuation around an address
// in a sentence stays outside the link (TypedLink).
func linkedLine(line string) template.HTML {
	if !strings.Contains(line, "://") {
		return template.HTML(template.HTMLEscapeString(line))
	}
	var b strings.Builder
	for {
		loc := webAddress.FindStringIndex(line)
		if loc == nil {
			b.WriteString(template.HTMLEscapeString(line))
			return template.HTML(b.String())
		}
		// The address starts with its scheme, which TypedLink keeps: what
		// it leaves off is at the end.
		link := TypedLink(line[loc[0]:loc[1]])
		b.WriteString(template.HTMLEscapeString(line[:loc[0]]))
		if u, err := url.Parse(link); err == nil && u.Host != "" {
			fmt.Fprintf(&b, `<a href="%s">%s</a>`, template.HTMLEscapeString(link), template.HTMLEscapeString(link))
		} else {
			b.WriteString(template.HTMLEscapeString(link))
		}
		line = line[loc[0]+len(link):]
	}
}

// webAddress is an http or https address in text, up to the space, quote
// or angle bracket after it.
var webAddress = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)

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

// htmlEdition is an edition's outline as the template shows it: flat
// structs of fields, so the template holds layout and no decisions, and
// html/template finds every field directly (a promoted field of an
// embedded struct, or a method, costs it a reflective search and
// allocations for every story).
type htmlEdition struct {
	Draft       bool
	DraftBanner string
	DateLine    string
	DateISO     string // the date as <time datetime> wants it: 2014-11-20
	Title       string
	Label       string
	Intro       []Paragraph
	Empty       bool
	EmptyNotice string
	Lead        []htmlStory
	Sections    []htmlSection // only the sections with something to show
	Footer      []Paragraph
}

type htmlSection struct {
	Heading string
	Text    []Paragraph
	Stories []htmlStory
}

type htmlStory struct {
	Commentary []Paragraph
	Headline   string
	URL        string
	Summary    []SummaryParagraph // ending in "Read more >>>" when linked
	Source     string
	Afterword  []Paragraph
}

func newHTMLEdition(e Edition) htmlEdition {
	o := e.Outline()
	h := htmlEdition{Draft: o.Draft, DraftBanner: DraftBanner, DateLine: o.DateLine(), DateISO: o.DateISO(),
		Title: o.Title, Label: o.Label, Intro: o.Intro, Empty: o.Empty, EmptyNotice: EmptyNotice,
		Lead: htmlStories(o.Lead), Footer: o.Footer}
	for _, sec := range o.Sections {
		if !sec.Blank() {
			h.Sections = append(h.Sections, htmlSection{Heading: sec.Heading, Text: sec.Text, Stories: htmlStories(sec.Stories)})
		}
	}
	return h
}

func htmlStories(stories []StoryOutline) []htmlStory {
	out := make([]htmlStory, len(stories))
	for i, st := range stories {
		out[i] = htmlStory{Commentary: st.Commentary, Headline: st.Headline, URL: st.URL, Summary: st.LinkedSummary(),
			Source: st.Source, Afterword: st.Afterword}
	}
	return out
}
