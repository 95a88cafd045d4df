package feeds

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/digest"
)

// plainText turns feed text, which may be HTML (escaped once or twice),
// into one line of plain text: tags removed (the contents of scripts,
// styles and other non-text elements with them), entities decoded, block
// elements separated by a space, whitespace folded, and control, invisible
// and direction-changing characters dropped.
func plainText(s string) string {
	s = windows1252Controls(strings.ToValidUTF8(s, "\uFFFD"))
	if strings.ContainsAny(s, "<&") {
		s = stripHTML(s)
		// Some feeds escape their HTML twice (or more); further passes
		// remove the tags and entities that a pass decoded into text.
		for range 2 {
			// Most text has no markup left: skip the expression then.
			if !strings.ContainsAny(s, "<&") || !leftoverMarkup.MatchString(s) {
				break
			}
			s = stripHTML(s)
		}
	}
	return digest.FoldText(s)
}

// literalText turns text a feed declares plain (an Atom title of type
// "text") into one line: nothing in it is markup, so a "<main>" in it is
// kept as written; white space is folded and invisible characters dropped.
func literalText(s string) string {
	return digest.FoldLiteralText(windows1252Controls(strings.ToValidUTF8(s, "\uFFFD")))
}

// windows1252Controls replaces the C1 control characters (U+0080 to
// U+009F) with the Windows-1252 characters of the same byte values:
// curly quotes, dashes, the euro sign. No text means a C1 control; they
// reach feeds from Windows-1252 text labelled ISO-8859-1 and converted as
// such, and from numeric references such as "&#146;". The five byte values
// Windows-1252 leaves undefined become U+FFFD, which is then dropped.
func windows1252Controls(s string) string {
	if !strings.ContainsFunc(s, isC1) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isC1(r) {
			r = charmap.Windows1252.DecodeByte(byte(r))
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9F }

// leftoverMarkup matches text that still reads as an HTML tag or entity.
var leftoverMarkup = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|&([a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);`)

// stripHTML returns the text of an HTML fragment.
func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside elements whose content is not text
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hiddenElement(a) {
				skip++
			}
			if !inlineElement(a) {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hiddenElement(a) && skip > 0 {
				skip--
			}
			if !inlineElement(a) {
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inlineElement(atom.Lookup(name)) {
				b.WriteByte(' ')
			}
		}
	}
}

// hiddenElement reports whether an element's content is never shown as text.
func hiddenElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object,
		atom.Svg, atom.Math, atom.Head, atom.Title, atom.Select, atom.Textarea:
		return true
	}
	return false
}

// inlineElement reports whether an element runs inside a line of text, so
// that its tags do not separate words ("good <em>is</em>" is "good is",
// "x<sup>2</sup>" is "x2").
func inlineElement(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Dfn,
		atom.Em, atom.Font, atom.I, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp, atom.Small,
		atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Wbr:
		return true
	}
	return false
}

// readMore matches the link text many feeds end a summary with.
var readMore = regexp.MustCompile(`(?i)\s*(\[?(continue reading|read more|read the full (story|article))\s*(\.\.\.|…|»|>+)?\]?|\[(…|\.\.\.)\])\s*$`)

// trimReadMore removes a trailing "Continue reading..." or "Read more »".
func trimReadMore(s string) string {
	// The expression is anchored at the end and matches at most a few
	// dozen bytes, so only the tail is searched, not the whole summary.
	cut := max(0, len(s)-64)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	// Every form it matches has "read" or a "[" in it; most summaries
	// have neither at their end, and need no expression.
	tail := s[cut:]
	if !strings.Contains(tail, "[") && !strings.Contains(strings.ToLower(tail), "read") {
		return s
	}
	if loc := readMore.FindStringIndex(tail); loc != nil {
		return strings.TrimSpace(s[:cut+loc[0]])
	}
	return s
}
