package email

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Mail clients keep little of a stylesheet: Gmail drops <style> in some
// views and Outlook's Word engine reads only inline styles on a handful of
// elements. So the edition's HTML (the fragment the web page shows,
// digest.RenderHTMLBody) is given its styles inline, element by element,
// in plain properties with pixel sizes and web-safe fonts, and its HTML5
// elements become the <div> and <span> every client knows. Each paragraph
// and heading keeps the dir="auto" digest gives it (an attribute, which
// mail clients keep), so a story in Hebrew or Arabic reads from the right.

// styleRule styles elements by tag and class, optionally only inside an
// element of class within. Later rules add to (and override) earlier ones.
type styleRule struct {
	tag    string // "" for any
	class  string // "" for any
	within string // a class of an ancestor, "" for anywhere
	style  string
}

const (
	serif = `Georgia, 'Times New Roman', Times, serif`
	sans  = `Arial, Helvetica, sans-serif`
)

const storyHeadline = "margin: 16px 0 4px; font-family: " + serif + "; font-size: 17px; line-height: 23px; font-weight: bold; color: #1b1b1b;"

var editionStyles = []styleRule{
	{tag: "p", style: "margin: 0 0 12px; font-family: " + serif + "; font-size: 16px; line-height: 24px; color: #1b1b1b;"},
	{tag: "a", style: "color: #0a4fa8; text-decoration: underline;"},
	{tag: "h1", style: "margin: 8px 0 16px; font-family: " + serif + "; font-size: 24px; line-height: 30px; font-weight: bold; color: #1b1b1b;"},
	{tag: "h2", within: "section", style: "margin: 28px 0 8px; padding-top: 8px; border-top: 2px solid #d6d6d2; font-family: " + serif +
		"; font-size: 20px; line-height: 26px; font-weight: bold; color: #7a1f1f;"},
	{tag: "h3", style: storyHeadline},
	// A lead story's headline (before the first section) is an h2, so as
	// to skip no heading level under the title; it looks like any other.
	{tag: "h2", within: "lead", style: storyHeadline},
	{class: "dateline", style: "margin: 0; font-family: " + sans + "; font-size: 14px; line-height: 20px; color: #4a4a4a;"},
	{class: "number", style: "font-family: " + sans + "; font-size: 14px; line-height: 20px; color: #4a4a4a;"},
	{class: "source", style: "margin: 4px 0 12px; font-family: " + sans + "; font-size: 14px; line-height: 20px; color: #4a4a4a;"},
	{class: "commentary", style: "margin: 12px 0 4px; padding-left: 12px; border-left: 3px solid #d6d6d2; font-style: italic;"},
	{tag: "p", within: "story", style: "margin: 4px 0;"},
	{class: "source", within: "story", style: "margin: 4px 0 12px;"},
	{class: "edition-footer", style: "margin-top: 28px; padding-top: 8px; border-top: 1px solid #d6d6d2;"},
	{tag: "p", within: "edition-footer", style: "font-size: 14px; line-height: 20px; color: #4a4a4a;"},
	{class: "draft", style: "padding: 8px 12px; border: 2px solid #b00020; color: #b00020; font-family: " + sans + "; font-weight: bold;"},
}

// renamed are the HTML5 elements of the edition mail clients may not
// know, and what they become.
var renamed = map[atom.Atom]struct {
	to    atom.Atom
	class string // added, so the rules can still tell them apart
}{
	atom.Section: {atom.Div, "section"},
	atom.Footer:  {atom.Div, "edition-footer"},
	atom.Time:    {atom.Span, ""},
	atom.Article: {atom.Div, ""},
}

// inlineStyles returns fragment with every element's style inline.
func inlineStyles(fragment template.HTML) (template.HTML, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(string(fragment)), body)
	if err != nil {
		return "", fmt.Errorf("inline styles: %w", err)
	}
	var out bytes.Buffer
	for _, n := range nodes {
		styleTree(n, nil)
		if err := html.Render(&out, n); err != nil {
			return "", fmt.Errorf("inline styles: %w", err)
		}
	}
	// The fragment came from html/template, which escaped every value in
	// it; parsing and rendering keeps it escaped.
	return template.HTML(out.String()), nil
}

// styleTree styles n and its descendants; within are the classes of n's
// ancestors.
func styleTree(n *html.Node, within []string) {
	if n.Type == html.ElementNode {
		if r, ok := renamed[n.DataAtom]; ok {
			n.DataAtom, n.Data = r.to, r.to.String()
			if r.class != "" {
				setAttr(n, "class", strings.TrimSpace(attr(n, "class")+" "+r.class))
			}
			removeAttr(n, "datetime")
		}
		classes := strings.Fields(attr(n, "class"))
		var style []string
		for _, r := range editionStyles {
			if (r.tag == "" || r.tag == n.Data) && (r.class == "" || has(classes, r.class)) && (r.within == "" || has(within, r.within)) {
				style = append(style, r.style)
			}
		}
		if len(style) > 0 {
			setAttr(n, "style", strings.Join(style, " "))
		}
		within = append(within[:len(within):len(within)], classes...)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		styleTree(c, within)
	}
}

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}
