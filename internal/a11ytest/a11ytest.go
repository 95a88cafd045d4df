// Package a11ytest holds what the tests of our HTML (the edition's
// rendering in digest, the web archive's pages, the mail) read of it as
// assistive technology does: an element's text and attributes, the
// outline its headings make, and WCAG 2's contrast between two colours.
// Each of those tests once carried its own copy.
package a11ytest

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Attr is the value of n's attribute key, "" when it has none.
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Text is all the text inside n, as a screen reader reads it out.
func Text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// Heading is one heading of a page's outline.
type Heading struct {
	Level int // 1 for an <h1> … 6 for an <h6>
	Node  *html.Node
}

// Headings lists every heading under root in document order: the outline
// a screen reader moves through.
func Headings(root *html.Node) []Heading {
	var hs []Heading
	for n := range root.Descendants() {
		if n.Type == html.ElementNode {
			if level := headingLevel(n.DataAtom); level > 0 {
				hs = append(hs, Heading{Level: level, Node: n})
			}
		}
	}
	return hs
}

// SkippedLevels names each heading that skips a level (an <h3> straight
// after the <h1>), which reads as if the heading between were missing and
// the W3C checker refuses ("skipping 1 heading level").
func SkippedLevels(hs []Heading) []string {
	var problems []string
	last := 0
	for _, h := range hs {
		if h.Level > last+1 {
			problems = append(problems, fmt.Sprintf("<h%d> %q follows <h%d>, skipping a level", h.Level, Text(h.Node), last))
		}
		last = h.Level
	}
	return problems
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// ContrastRatio is WCAG 2's contrast ratio of two #rrggbb colours; a
// colour not written so gives a ratio of at most 1, which fails any check.
func ContrastRatio(a, b string) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func relativeLuminance(hex string) float64 {
	if len(hex) != 7 || hex[0] != '#' {
		return -1
	}
	var rgb [3]float64
	for i := range rgb {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return -1
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}
