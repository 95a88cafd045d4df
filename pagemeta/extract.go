package pagemeta

import (
	"bytes"
	"io"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/sharednews/sharednews/digest"
)

// extract is Extract, also reporting whether the tokenizer got past the
// <head>: Fetch uses that to decide whether a body cut at MaxBytes still
// holds everything the page says about itself.
func extract(body []byte, contentType string, pageURL *url.URL) (Meta, bool, error) {
	if err := checkHTML(body, contentType); err != nil {
		return Meta{}, false, err
	}
	raw := scanDecoded(body, contentType)
	return raw.meta(pageURL), raw.headDone, nil
}

// Byte order marks, which override every declared charset.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
)

// scanDecoded picks the page's encoding and scans it. The order follows the
// WHATWG rules (byte order mark, then the Content-Type header, then a
// <meta> declaration, then sniffing) with three corrections for charsets
// that lie, since a wrong guess would put mojibake into a headline:
//
//   - UTF-8 (declared or sniffed) is read leniently, byte by byte
//     (digest.RepairUTF8), so Latin-1 bytes in a "UTF-8" page come out right;
//     and if the header says UTF-8, the bytes are not, and the page's own
//     <meta> names another charset, the <meta> is believed.
//   - A single-byte label (usually a server default of ISO-8859-1) on a body
//     that is valid UTF-8 with non-ASCII in it is ignored: Latin-1 text is
//     almost never valid UTF-8 by accident.
//   - A UTF-16 label on a body without a single NUL byte is ignored.
//
// Unlike the WHATWG prescan, <meta> declarations are honoured anywhere in
// the head, not only in the first 1024 bytes, because large inline styles
// and scripts often push them further down.
func scanDecoded(body []byte, contentType string) rawMeta {
	switch {
	case bytes.HasPrefix(body, []byte(bomUTF8)):
		return scan(bytes.NewReader(body[len(bomUTF8):]))
	case bytes.HasPrefix(body, []byte(bomUTF16LE)):
		return scan(decode(body[len(bomUTF16LE):], unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)))
	case bytes.HasPrefix(body, []byte(bomUTF16BE)):
		return scan(decode(body[len(bomUTF16BE):], unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)))
	}

	hdr, hdrName := lookupCharset(headerCharset(contentType))
	if strings.HasPrefix(hdrName, "utf-16") {
		if bytes.IndexByte(body[:min(len(body), 1024)], 0) >= 0 {
			return scan(decode(body, hdr))
		}
		hdr, hdrName = nil, ""
	}

	// The HTML syntax, entities and every meta declaration are ASCII, so a
	// first pass over the raw bytes finds them in any ASCII-compatible
	// encoding; it is also the final answer for UTF-8 pages.
	first := scan(bytes.NewReader(body))
	meta, metaName := lookupCharset(first.metaCharset)
	if strings.HasPrefix(metaName, "utf-16") {
		// A declaration readable as ASCII cannot be UTF-16 (WHATWG).
		meta, metaName = encoding.Nop, "utf-8"
	}

	declared, name := hdr, hdrName
	if declared == nil {
		declared, name = meta, metaName
	}
	switch {
	case declared == nil || name == "utf-8":
		if hdrName == "utf-8" && meta != nil && metaName != "utf-8" && !validUTF8(body) {
			return scan(decode(body, meta))
		}
		return first
	case isSingleByte(declared) && looksUTF8(body):
		return first
	default:
		return scan(decode(body, declared))
	}
}

// decode returns body converted to UTF-8 from e.
func decode(body []byte, e encoding.Encoding) io.Reader {
	return transform.NewReader(bytes.NewReader(body), e.NewDecoder())
}

// lookupCharset resolves a charset label the way browsers do. It returns
// nil for unknown labels and for the "replacement" encoding, which decodes
// a whole page to a single U+FFFD and so is worse than guessing.
func lookupCharset(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(e)
	if err != nil || name == "replacement" {
		return nil, ""
	}
	return e, name
}

// headerCharset returns the charset parameter of a Content-Type value, or "".
func headerCharset(contentType string) string {
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	return charsetFromContent(contentType)
}

// charsetFromContent finds "charset=X" in the content attribute of
// <meta http-equiv="Content-Type">, or in a Content-Type header too broken
// for mime.ParseMediaType, following the WHATWG extraction algorithm.
func charsetFromContent(s string) string {
	lower := strings.ToLower(s)
	for {
		i := strings.Index(lower, "charset")
		if i < 0 {
			return ""
		}
		lower = strings.TrimLeft(lower[i+len("charset"):], " \t\n\f\r")
		if !strings.HasPrefix(lower, "=") {
			continue
		}
		lower = strings.TrimLeft(lower[1:], " \t\n\f\r")
		if lower == "" {
			return ""
		}
		if q := lower[0]; q == '"' || q == '\'' {
			v, _, ok := strings.Cut(lower[1:], string(q))
			if !ok {
				return ""
			}
			return v
		}
		if end := strings.IndexAny(lower, "; \t\n\f\r"); end >= 0 {
			return lower[:end]
		}
		return lower
	}
}

// isSingleByte reports whether e is a single-byte legacy encoding.
func isSingleByte(e encoding.Encoding) bool {
	_, ok := e.(*charmap.Charmap)
	return ok
}

// validUTF8 reports whether b is UTF-8, forgiving one sequence cut short at
// the end (bodies are cut at MaxBytes).
func validUTF8(b []byte) bool {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if c := b[len(b)-i]; c < utf8.RuneSelf {
			break
		} else if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				b = b[:len(b)-i]
			}
			break
		}
	}
	return utf8.Valid(b)
}

// looksUTF8 reports whether b is valid UTF-8 with at least one non-ASCII
// character, i.e. positive evidence of UTF-8 rather than plain ASCII.
func looksUTF8(b []byte) bool {
	return bytes.IndexFunc(b, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 && validUTF8(b)
}

// metaTag is a <meta> whose content is kept: an index into rawMeta.metas
// and metaTagNames.
type metaTag int

const (
	ogTitle metaTag = iota
	ogDescription
	ogSiteName
	ogURL
	twitterTitle
	twitterDescription
	metaDescription
	applicationName
	metaTagCount
)

// metaTagNames are the name= or property= values (lower case) of the
// metaTags, in their order.
var metaTagNames = [metaTagCount]string{
	"og:title", "og:description", "og:site_name", "og:url",
	"twitter:title", "twitter:description", "description", "application-name",
}

// rawMeta holds the first non-blank value of each source, as found in the
// page (entities decoded once, bytes not yet repaired), capped at rawLimit.
type rawMeta struct {
	metas                  [metaTagCount]string
	title, canonical, base string
	// heading is the text of the page's first <h1> that has any: the
	// headline of a page with no title of its own (CMS pages and press
	// releases often have none), as a reader sees it at the top.
	heading     string
	metaCharset string
	// headDone is true once the tokenizer reached </head>, <body> or body
	// content, i.e. everything the head could say has been seen.
	headDone bool
	// headClosed is true once the page itself closed its head (</head>,
	// <body>, </body> or </html>). An element that only ends the head by
	// the parsing rules, such as a tracking <img> or a stray <div> put in
	// the head, is often followed by the page's OpenGraph tags, which
	// every OpenGraph reader still takes.
	headClosed bool
}

// headElement reports whether a start tag may appear before the body
// without starting it; any other start tag means the head is over.
func headElement(name string) bool {
	switch name {
	case "html", "head", "title", "meta", "link", "base", "script", "style",
		"noscript", "template":
		return true
	}
	return false
}

// scan tokenizes an HTML document and collects its metadata. It stops once
// the page has closed its head and a title has been found; when no title
// has been found it keeps going, because some pages put <title> (or their
// meta tags) in the body. <title> inside <svg> or <math> is an image tooltip and is skipped.
func scan(r io.Reader) rawMeta {
	var m rawMeta
	z := html.NewTokenizer(r)
	foreign := 0 // depth of <svg>/<math>
	var h1 headingText
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF, or a decoding error that nothing can be done about:
			// either way what was collected is the answer.
			h1.end(&m)
			return m
		case html.TextToken:
			if foreign == 0 {
				h1.text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			h1.startTag(&m, string(name), tt == html.SelfClosingTagToken)
			switch string(name) {
			case "meta":
				if hasAttr {
					m.readMeta(z)
				}
			case "link":
				if hasAttr {
					m.readLink(z)
				}
			case "base":
				if hasAttr && m.base == "" {
					m.base = attr(z, "href")
				}
			case "title":
				// The tokenizer reads <title> content as RCDATA whether or
				// not the tag claims to be self-closing, as browsers do.
				if foreign == 0 && m.title == "" {
					if z.Next() == html.TextToken {
						setFirst(&m.title, z.Text())
					}
				}
			case "svg", "math":
				if tt == html.StartTagToken {
					foreign++
				}
				m.headDone = true
			case "body":
				m.headDone, m.headClosed = true, true
			default:
				if !headElement(string(name)) {
					m.headDone = true
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			h1.endTag(&m, string(name))
			switch string(name) {
			case "head", "html", "body":
				m.headDone, m.headClosed = true, true
			case "svg", "math":
				if foreign > 0 {
					foreign--
				}
			}
		}
		if m.headClosed && m.hasTitle() {
			return m
		}
	}
}

// headingText collects the text of the page's first <h1> that has any,
// as the browser shows it: words in inline elements run on, other elements
// (<br>, <div>) separate them, and scripts, styles and what a <noscript>
// holds are no part of it. An <h1> ends at its end tag, at the next
// heading of any level (an <h1> left open), or at the end of the page.
type headingText struct {
	open bool
	// skip is the raw-text element (<script>, <style>) the heading is in.
	skip string
	buf  []byte
}

func (h *headingText) startTag(m *rawMeta, name string, selfClosing bool) {
	switch {
	case isHeading(name):
		h.end(m)
		if name == "h1" && m.heading == "" && !selfClosing {
			h.open = true
		}
	case !h.open || h.skip != "":
	case name == "script" || name == "style" || name == "noscript" || name == "template" || name == "textarea":
		if !selfClosing {
			h.skip = name
		}
	case !inlineTag(name):
		h.buf = append(h.buf, ' ')
	}
}

func (h *headingText) endTag(m *rawMeta, name string) {
	switch {
	case !h.open:
	case h.skip != "":
		if name == h.skip {
			h.skip = ""
		}
	case isHeading(name) || name == "body" || name == "html":
		h.end(m)
	case !inlineTag(name):
		h.buf = append(h.buf, ' ')
	}
}

func (h *headingText) text(t []byte) {
	if h.open && h.skip == "" && len(h.buf) < rawLimit {
		h.buf = append(h.buf, t...)
	}
}

// end closes the heading being read, keeping it when it has any text; an
// <h1> with none (a logo's image) leaves the next one to be read.
func (h *headingText) end(m *rawMeta) {
	if h.open {
		setFirst(&m.heading, h.buf)
	}
	*h = headingText{buf: h.buf[:0]}
}

// isHeading reports whether name is a heading element, h1 to h6.
func isHeading(name string) bool {
	return len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'
}

// hasTitle reports whether any title source has been found, which is when
// scanning past the head stops being worthwhile.
func (m *rawMeta) hasTitle() bool {
	return m.metas[ogTitle] != "" || m.metas[twitterTitle] != "" || m.title != ""
}

// setFirst stores v in *dst unless *dst already holds a value or v is blank.
func setFirst(dst *string, v []byte) {
	if *dst == "" && len(bytes.TrimSpace(v)) > 0 {
		*dst = capRaw(v)
	}
}

// attr returns the value of the named attribute of the current tag, read
// once: the tokenizer hands each attribute out only once.
func attr(z *html.Tokenizer, want string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == want {
			return capRaw(v)
		}
		if !more {
			return ""
		}
	}
}

// readMeta handles <meta>: OpenGraph and Twitter cards use property= or
// name= (sites mix them up, and some set both), plain metadata uses name=.
func (m *rawMeta) readMeta(z *html.Tokenizer) {
	var name, property, httpEquiv, charset string
	var content []byte
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "name":
			name = strings.ToLower(strings.TrimSpace(string(v)))
		case "property":
			property = strings.ToLower(strings.TrimSpace(string(v)))
		case "http-equiv":
			httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
		case "charset":
			charset = capRaw(v)
		case "content":
			content = bytes.Clone(v)
		}
	}
	if !m.headDone && m.metaCharset == "" {
		if charset != "" {
			m.metaCharset = charset
		} else if httpEquiv == "content-type" {
			m.metaCharset = charsetFromContent(capRaw(content))
		}
	}
	if content == nil {
		return
	}
	for _, key := range [...]string{property, name} {
		if tag := slices.Index(metaTagNames[:], key); tag >= 0 {
			setFirst(&m.metas[tag], content)
		}
	}
}

// readLink handles <link rel="canonical" href="...">; rel is a
// space-separated, case-insensitive list.
func (m *rawMeta) readLink(z *html.Tokenizer) {
	var rel, href string
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "rel":
			rel = strings.ToLower(capRaw(v))
		case "href":
			href = capRaw(v)
		}
	}
	for _, token := range strings.Fields(rel) {
		if token == "canonical" {
			setFirst(&m.canonical, []byte(href))
			return
		}
	}
}

// meta cleans the collected values and picks, for each field, the first
// source that still has text after cleaning.
func (m *rawMeta) meta(pageURL *url.URL) Meta {
	return Meta{
		Title:       firstClean(MaxTitleRunes, m.metas[ogTitle], m.metas[twitterTitle], m.title, m.heading),
		Description: firstClean(MaxDescriptionRunes, m.metas[ogDescription], m.metas[twitterDescription], m.metas[metaDescription]),
		SiteName:    firstClean(MaxSiteNameRunes, m.metas[ogSiteName], m.metas[applicationName]),
		Canonical:   firstURL(pageURL, m.base, m.metas[ogURL], m.canonical),
	}
}

// firstClean returns the first value that is not empty once cleaned.
func firstClean(max int, values ...string) string {
	for _, v := range values {
		if c := clean(v, max); c != "" {
			return c
		}
	}
	return ""
}

// firstURL resolves the first usable canonical link against <base href>
// (when that is itself http or https) and the page URL. Only absolute
// http and https results are kept, without user name or password.
func firstURL(pageURL *url.URL, base string, values ...string) string {
	baseURL := pageURL
	if b := parseLink(base); b != nil {
		if pageURL != nil {
			b = pageURL.ResolveReference(b)
		}
		if b.Host != "" && (b.Scheme == "http" || b.Scheme == "https") {
			baseURL = b
		}
	}
	for _, v := range values {
		u := parseLink(v)
		if u == nil {
			continue
		}
		if baseURL != nil {
			u = baseURL.ResolveReference(u)
		}
		if u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
			continue
		}
		u.User = nil
		if s := u.String(); len(s) <= maxCanonicalBytes && utf8.ValidString(s) {
			return s
		}
	}
	return ""
}

// parseLink parses a link from an attribute, or returns nil.
func parseLink(s string) *url.URL {
	s = strings.TrimSpace(digest.RepairUTF8(s))
	if s == "" || len(s) > maxCanonicalBytes {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}
