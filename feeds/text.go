package feeds

import (
	"regexp"
	"strings"
	"unicode"
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
	s = windows1252Controls(validUTF8(s))
	s = strings.ReplaceAll(s, string(paragraphBreak), "") // see paragraphBreak; s itself when it has none
	if hasMarkup(s) {
		s = stripHTML(s)
		// Some feeds escape their HTML twice (or more); further passes
		// remove the tags and entities that a pass decoded into text.
		for range 2 {
			// Most text has no markup left: skip the expression then.
			if !hasMarkup(s) || !leftoverMarkup.MatchString(s) {
				break
			}
			s = stripHTML(s)
		}
	}
	return digest.FoldText(s)
}

// validUTF8 is strings.ToValidUTF8(s, "\uFFFD"): s itself when it is valid
// UTF-8, as feed text almost always is, checked eight bytes at a time
// (ToValidUTF8 reads it a rune at a time to find that out).
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// hasMarkup reports whether s has a '<' or a '&', which any tag or entity
// starts with: two vectorised byte searches (strings.ContainsAny reads
// s a byte at a time), over the headline and summary of every entry.
func hasMarkup(s string) bool {
	return strings.IndexByte(s, '<') >= 0 || strings.IndexByte(s, '&') >= 0
}

// literalText turns text a feed declares plain (an Atom title of type
// "text") into one line: nothing in it is markup, so a "<main>" in it is
// kept as written; white space is folded and invisible characters dropped.
// Entity references left in it ("AT&amp;T", "&#8217;", "&lt;main&gt;")
// are decoded, up to twice: they are what a feed that escapes its text
// twice leaves, not words anyone wrote.
func literalText(s string) string {
	s = validUTF8(s)
	for range 2 {
		if !strings.Contains(s, "&") || !entityReference.MatchString(s) {
			break
		}
		s = entityReference.ReplaceAllStringFunc(s, html.UnescapeString)
	}
	return digest.FoldLiteralText(windows1252Controls(s))
}

// entityReference matches an HTML entity or character reference with its
// closing ";": without it, "&notice" would be read as "¬ice".
var entityReference = regexp.MustCompile(`&([a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);`)

// windows1252Controls replaces the C1 control characters (U+0080 to
// U+009F) with the Windows-1252 characters of the same byte values:
// curly quotes, dashes, the euro sign. No text means a C1 control; they
// reach feeds from Windows-1252 text labelled ISO-8859-1 and converted as
// such, and from numeric references such as "&#146;". The five byte values
// Windows-1252 leaves undefined become U+FFFD, which is then dropped.
func windows1252Controls(s string) string {
	// UTF-8 writes each of them as 0xC2 and a second byte: text without
	// that byte (all ASCII, most text) has none, and needs no decoding.
	if strings.IndexByte(s, 0xC2) < 0 || !strings.ContainsFunc(s, isC1) {
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

// stripHTML returns the text of an HTML fragment, its paragraphs joined
// as sentences (joinParagraphs).
func stripHTML(s string) string {
	text, ok := stripSimpleHTML(s)
	if !ok {
		text = stripHTMLTokens(s)
	}
	return joinParagraphs(text)
}

// paragraphBreak is what stripSimpleHTML and stripHTMLTokens write where a
// paragraph (or heading, list item, table cell…) ends or starts, for
// joinParagraphs to resolve: a NUL, which plainText removes from the text
// beforehand, so that every NUL the strippers return is one of theirs.
const paragraphBreak = '\x00'

// joinParagraphs turns the paragraph breaks of stripped text into spaces,
// and into a full stop and a space where a paragraph ends without
// punctuation and the next begins a sentence. Feeds put a standfirst
// without a full stop above the story ("<p>Report paints bleak picture of
// journalist safety</p><p>Attacks against the press…"), which on one line
// would read as one sentence.
func joinParagraphs(s string) string {
	i := strings.IndexByte(s, paragraphBreak)
	if i < 0 {
		return s
	}
	var b strings.Builder // whose String is not a copy
	b.Grow(len(s) + 8)
	for i >= 0 {
		// The break and the white space around it.
		start, end := i, i+1
		for start > 0 && isHTMLSpace(s[start-1]) {
			start--
		}
		for end < len(s) && (isHTMLSpace(s[end]) || s[end] == paragraphBreak) {
			end++
		}
		b.WriteString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsUpper(after) && endsWithoutPunctuation(s[:start]) {
			b.WriteByte('.')
		}
		b.WriteByte(' ')
		s = s[end:]
		i = strings.IndexByte(s, paragraphBreak)
	}
	b.WriteString(s)
	return b.String()
}

// endsWithoutPunctuation reports whether a paragraph ends without
// punctuation: in a letter or a digit, or in closing quotation marks or
// brackets after one ("…says ‘no’").
func endsWithoutPunctuation(text string) bool {
	text = strings.TrimRight(text, "’”'\")]")
	r, _ := utf8.DecodeLastRuneInString(text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stripHTMLTokens is stripHTML through the HTML tokenizer, which reads
// any HTML (and allocates a 4 KB buffer for it).
func stripHTMLTokens(s string) string {
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
				b.WriteByte(separator(a))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hiddenElement(a) && skip > 0 {
				skip--
			}
			if !inlineElement(a) {
				b.WriteByte(separator(a))
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); !inlineElement(a) {
				b.WriteByte(separator(a))
			}
		}
	}
}

// stripSimpleHTML is stripHTMLTokens for the HTML feeds mostly carry: text
// and entities, and start and end tags with plain names and well-formed
// attributes, of elements whose content is text. ok is false, and
// stripHTMLTokens must read s, when anything else is in it: comments,
// declarations, CDATA, hidden elements or those whose content the
// tokenizer reads as raw text, tags written loosely. FuzzStripHTML checks
// that whatever it reads, it reads as the tokenizer does.
func stripSimpleHTML(s string) (text string, ok bool) {
	var b strings.Builder // whose String is not a copy
	b.Grow(len(s))
	from := 0 // start of the text not yet written
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 == len(s) {
			break // a "<" at the end is text
		}
		var (
			name string
			end  int
		)
		switch c := s[i+1]; {
		case isASCIILetter(c):
			name, end, ok = scanStartTag(s, i+1)
		case c == '/' && i+2 < len(s) && isASCIILetter(s[i+2]):
			name, end, ok = scanEndTag(s, i+2)
		case c == '/' || c == '!' || c == '?':
			return "", false
		default:
			i++ // a "<" that starts no tag is text
			continue
		}
		if !ok {
			return "", false
		}
		a := atom.Lookup([]byte(strings.ToLower(name)))
		if a == 0 || hiddenElement(a) || rawTextElement(a) {
			return "", false
		}
		writeHTMLText(&b, s[from:i])
		if !inlineElement(a) {
			b.WriteByte(separator(a))
		}
		i, from = end, end
	}
	writeHTMLText(&b, s[from:])
	return b.String(), true
}

// writeHTMLText writes text between tags as the tokenizer returns it:
// line breaks normalised, then entities decoded.
func writeHTMLText(b *strings.Builder, text string) {
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	}
	b.WriteString(html.UnescapeString(text))
}

// scanStartTag reads a start tag whose name starts at s[i], up to and
// including its ">": the name, letters and digits, and attributes each a
// plain name with, after "=", a quoted value or an unquoted one that ends
// at white space or ">". end is just after the ">"; ok is false for
// anything else.
func scanStartTag(s string, i int) (name string, end int, ok bool) {
	j := i
	for j < len(s) && isASCIIAlnum(s[j]) {
		j++
	}
	name = s[i:j]
	for {
		k := skipHTMLSpace(s, j)
		if k == len(s) {
			return "", 0, false
		}
		switch {
		case s[k] == '>':
			return name, k + 1, true
		case s[k] == '/':
			if k+1 < len(s) && s[k+1] == '>' {
				return name, k + 2, true
			}
			return "", 0, false
		case k == j:
			return "", 0, false // no space before an attribute
		}
		// An attribute.
		j = k
		for j < len(s) && (isASCIIAlnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == ':') {
			j++
		}
		if j == k || !isASCIILetter(s[k]) {
			return "", 0, false
		}
		if k = skipHTMLSpace(s, j); k == len(s) || s[k] != '=' {
			continue // no value
		}
		k = skipHTMLSpace(s, k+1)
		if k == len(s) {
			return "", 0, false
		}
		switch q := s[k]; q {
		case '"', '\'':
			e := strings.IndexByte(s[k+1:], q)
			if e < 0 {
				return "", 0, false
			}
			j = k + 1 + e + 1
		default:
			j = k
			for j < len(s) && !isHTMLSpace(s[j]) && !strings.ContainsRune("\"'=<>`/", rune(s[j])) {
				j++
			}
			if j == k || j == len(s) || !isHTMLSpace(s[j]) && s[j] != '>' {
				return "", 0, false
			}
		}
	}
}

// scanEndTag reads an end tag whose name starts at s[i]: the name, letters
// and digits, then nothing but white space before ">".
func scanEndTag(s string, i int) (name string, end int, ok bool) {
	j := i
	for j < len(s) && isASCIIAlnum(s[j]) {
		j++
	}
	k := skipHTMLSpace(s, j)
	if k == len(s) || s[k] != '>' {
		return "", 0, false
	}
	return s[i:j], k + 1, true
}

func skipHTMLSpace(s string, i int) int {
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	return i
}

// isHTMLSpace reports whether c is white space to the HTML tokenizer.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

// rawTextElement reports whether the tokenizer reads an element's content
// as raw text (or RCDATA) rather than as markup.
func rawTextElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp, atom.Iframe, atom.Noembed,
		atom.Noframes, atom.Noscript, atom.Plaintext:
		return true
	}
	return false
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

// separator is what the tags of an element that is not inline write
// between the words around them: a paragraph break for the elements that
// hold paragraphs, headings, list items and table cells, a space for the
// others (a line break, an image).
func separator(a atom.Atom) byte {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Figcaption, atom.Figure, atom.Table,
		atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Section, atom.Article, atom.Aside, atom.Header,
		atom.Footer, atom.Main, atom.Nav, atom.Address, atom.Details, atom.Summary:
		return paragraphBreak
	}
	return ' '
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

// summaryText is the plain text of an entry's description or content as
// a summary: without the "Continue reading" link many feeds end it with or
// the line WordPress adds to every entry ("The post … appeared first on
// …"), which says nothing about the story, and without lists of links
// (withoutLinkLists) unless they are all it says.
func summaryText(html string) string { return summaryWith(html, plainText) }

// summaryWith is summaryText with toText making the text of markup.
func summaryWith(html string, toText func(string) string) string {
	kept := withoutLinkLists(html)
	text := trimReadMore(trimPostAppeared(toText(kept)))
	if text == "" && kept != html {
		text = trimReadMore(trimPostAppeared(toText(html)))
	}
	return text
}

// textOf is the text of s, written as kind says, as one line: plainText
// for HTML, literalText for plain text, xhtmlText for XHTML.
func textOf(s string, kind textKind) string {
	switch kind {
	case plainKind:
		return literalText(s)
	case xhtmlKind:
		return xhtmlText(s)
	}
	return plainText(s)
}

// summaryOf is summaryText for s written as kind says: for plain text
// (JSON Feed's summary and content_text) the same without reading markup,
// and for XHTML (Atom type="xhtml") the same reading the markup once: a
// "<main>" in such text is what it says.
func summaryOf(s string, kind textKind) string {
	switch kind {
	case plainKind:
		return trimReadMore(trimPostAppeared(literalText(s)))
	case xhtmlKind:
		return summaryWith(s, xhtmlText)
	}
	return summaryText(s)
}

// xhtmlText is plainText for XHTML, which is markup written as XML and
// read once: the tags go and the references are decoded, and what they
// decode to ("<main>") is text.
func xhtmlText(s string) string {
	s = strings.ReplaceAll(validUTF8(s), string(paragraphBreak), "")
	return digest.FoldLiteralText(windows1252Controls(stripHTML(s)))
}

// trimPostAppeared removes the closing "The post HEADLINE appeared first on
// SITE." that WordPress (through Yoast SEO and similar plugins) appends to
// each entry of its feeds; summaryText then trims what ends the text
// before it.
func trimPostAppeared(s string) string {
	const appeared, post = " appeared first on ", "The post "
	// The site's name and a full stop end the text: a name, not a clause,
	// of 120 bytes at most, so the phrase is looked for in the text's
	// tail alone (a summary of a few hundred bytes is otherwise searched
	// from its end to its start).
	const maxSite = 120
	tail := max(0, len(s)-maxSite-len(appeared))
	i := strings.LastIndex(s[tail:], appeared)
	if i < 0 {
		return s
	}
	i += tail
	site := s[i+len(appeared):]
	if len(site) > maxSite || !strings.HasSuffix(site, ".") || strings.ContainsAny(site, ";\n") ||
		strings.Contains(site, ". ") || strings.Contains(site, "? ") || strings.Contains(site, "! ") {
		return s
	}
	// WordPress's "The post " is the first that starts a word within a
	// headline's length (well under 300 bytes) before; the headline may
	// have one of its own ("The post office network shrinks").
	from := max(0, i-300)
	for from < i {
		k := strings.Index(s[from:i], post)
		if k < 0 {
			return s
		}
		j := from + k
		if j == 0 || s[j-1] == ' ' || s[j-1] == '\n' {
			return strings.TrimSpace(s[:j])
		}
		from = j + 1
	}
	return s
}

// readMore matches the link text many feeds end a summary with.
var readMore = regexp.MustCompile(`(?i)\s*(\[?(continue reading|read more|read the full (story|article))\s*(\.\.\.|…|»|→|>+)?\]?|\[(…|\.\.\.)\])\s*$`)

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
	if !strings.Contains(tail, "[") && !containsReadASCII(tail) {
		return s
	}
	start, ok := readMoreStart(tail)
	if !ok {
		loc := readMore.FindStringIndex(tail)
		if loc == nil {
			return s
		}
		start = loc[0]
	}
	if start < 0 {
		return s
	}
	return strings.TrimSpace(s[:cut+start])
}

// containsReadASCII reports whether s has "read" in it in any case, as
// strings.Contains(strings.ToLower(s), "read") does (no other character
// lowers to those letters) without making a lower-case copy of s.
func containsReadASCII(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'r' && s[i+1]|0x20 == 'e' && s[i+2]|0x20 == 'a' && s[i+3]|0x20 == 'd' {
			return true
		}
	}
	return false
}

// Suffixes readMore allows after its phrase, and its phrases.
var (
	readMoreEnds    = []string{"...", "…", "»", "→"}
	readMorePhrases = []string{"continue reading", "read more", "read the full story", "read the full article"}
)

// readMoreStart is readMore's match in tail, found without the regular
// expression: where the match starts, -1 for none. ok is false when tail
// holds characters other than ASCII, "…", "»" and "→", which the expression
// matches case-insensitively in ways this does not follow (a long s for
// an s); the expression must look then.
func readMoreStart(tail string) (start int, ok bool) {
	for i := 0; i < len(tail); i++ {
		if tail[i] >= utf8.RuneSelf {
			rest := tail[i:]
			switch {
			case strings.HasPrefix(rest, "…"):
				i += len("…") - 1
			case strings.HasPrefix(rest, "»"):
				i += len("»") - 1
			case strings.HasPrefix(rest, "→"):
				i += len("→") - 1
			default:
				return 0, false
			}
		}
	}
	start = -1
	end := trimRegexpSpaceRight(tail, len(tail))
	// [… ] or [...]
	for _, e := range []string{"[…]", "[...]"} {
		if strings.HasSuffix(tail[:end], e) {
			start = leftmost(start, trimRegexpSpaceLeft(tail, end-len(e)))
		}
	}
	// [? phrase \s* (... | … | » | >+)? ]?
	x := end
	if x > 0 && tail[x-1] == ']' {
		x--
	}
	// Room for x and every suffix on the stack: this runs for every
	// summary that ends in a link.
	var room [8]int
	ends := append(room[:0], x) // with no suffix
	for _, e := range readMoreEnds {
		if strings.HasSuffix(tail[:x], e) {
			ends = append(ends, x-len(e))
		}
	}
	if y := strings.TrimRight(tail[:x], ">"); len(y) < x {
		ends = append(ends, len(y))
	}
	for _, y := range ends {
		y = trimRegexpSpaceRight(tail, y)
		for _, p := range readMorePhrases {
			if y < len(p) || !strings.EqualFold(tail[y-len(p):y], p) {
				continue
			}
			at := y - len(p)
			if at > 0 && tail[at-1] == '[' {
				at--
			}
			start = leftmost(start, trimRegexpSpaceLeft(tail, at))
		}
	}
	return start, true
}

// leftmost is the earlier of two match starts, -1 standing for none.
func leftmost(a, b int) int {
	if a < 0 || b < a {
		return b
	}
	return a
}

// trimRegexpSpaceRight moves end back over the white space \s matches.
func trimRegexpSpaceRight(s string, end int) int {
	for end > 0 && isRegexpSpace(s[end-1]) {
		end--
	}
	return end
}

// trimRegexpSpaceLeft moves start back over the white space \s matches.
func trimRegexpSpaceLeft(s string, start int) int {
	for start > 0 && isRegexpSpace(s[start-1]) {
		start--
	}
	return start
}

// isRegexpSpace reports whether \s in a Go regular expression matches c.
func isRegexpSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
