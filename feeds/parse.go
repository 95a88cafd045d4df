package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// ParseError says why a response is not a feed that can be read, in a
// sentence for /shared feeds and `sharednews ingest`.
type ParseError struct {
	Reason string
	Err    error // the parser's own error, if any
}

func (e *ParseError) Error() string { return e.Reason }

// Unwrap returns the parser's error.
func (e *ParseError) Unwrap() error { return e.Err }

// parseFeed reads an RSS, Atom or JSON feed. contentType is the response's
// Content-Type header ("" if none) and feedURL where it came from, for
// finding a feed link in an HTML page served instead of the feed.
//
// Before parsing it makes the bytes UTF-8 where the feed does not declare
// an encoding that the XML parser will convert itself: UTF-16 by its byte
// order mark, otherwise the header's charset, otherwise bytes that are not
// UTF-8 are read as Windows-1252 (the common undeclared Latin-1 case).
func parseFeed(body []byte, contentType string, feedURL *url.URL) (feed *gofeed.Feed, err error) {
	defer func() {
		// The parser reads whatever a server sends; a bug it trips over
		// must fail this feed, not the bot.
		if r := recover(); r != nil {
			feed, err = nil, &ParseError{Reason: fmt.Sprintf("the feed parser failed on this feed (%v)", r)}
		}
	}()
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &ParseError{Reason: "not a feed: the server sent an empty response"}
	}
	body = toUTF8(body, contentType)
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, explainParseError(err, body, contentType, feedURL)
	}
	if feed.FeedType == "json" && !strings.HasPrefix(feed.FeedVersion, "https://jsonfeed.org/version/") {
		// gofeed takes any JSON object for a feed; an API's error message
		// ({"error": "rate limited"}) is not one.
		return nil, &ParseError{Reason: fmt.Sprintf("not a feed: the server sent JSON without a JSON Feed version (it starts %q)", start(body))}
	}
	return feed, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// xmlEncoding matches the encoding in an XML declaration.
var xmlEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 returns body as UTF-8, or unchanged when its XML declaration names
// a non-UTF-8 encoding the XML parser converts itself.
func toUTF8(body []byte, contentType string) []byte {
	if bytes.HasPrefix(body, []byte{0xFE, 0xFF}) || bytes.HasPrefix(body, []byte{0xFF, 0xFE}) {
		out, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(body)
		if err == nil {
			// The declaration still says UTF-16, which is no longer true.
			return declareUTF8(out)
		}
	}
	if utf8.Valid(body) {
		return body
	}
	head := body[:min(len(body), 512)]
	if m := xmlEncoding.FindSubmatch(head); m != nil && !isUTF8Label(string(m[1])) {
		return body
	}
	if label := headerCharset(contentType); label != "" && !isUTF8Label(label) {
		if enc, _ := charset.Lookup(label); enc != nil {
			if out, err := enc.NewDecoder().Bytes(body); err == nil {
				return out
			}
		}
	}
	return repairUTF8(body)
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(label)
	return l == "utf-8" || l == "utf8"
}

// declareUTF8 rewrites the encoding of an XML declaration to UTF-8.
func declareUTF8(b []byte) []byte {
	b = bytes.TrimPrefix(b, utf8BOM)
	m := xmlEncoding.FindSubmatchIndex(b[:min(len(b), 512)])
	if m == nil {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:m[2]]...)
	out = append(out, "UTF-8"...)
	return append(out, b[m[3]:]...)
}

// headerCharset returns the charset parameter of a Content-Type header.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

// repairUTF8 returns b with every byte that is not part of a valid UTF-8
// sequence read as Windows-1252. A feed in undeclared Latin-1 comes out
// right, and so does a UTF-8 feed with one Latin-1 title pasted in.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[i]))
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}

// explainParseError turns what the parser said into a reason a person can
// act on.
func explainParseError(err error, body []byte, contentType string, feedURL *url.URL) error {
	var (
		xmlErr  *xml.SyntaxError
		jsonErr *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		if looksLikeHTML(body, contentType) {
			reason := "not a feed: the server sent an HTML page"
			if link := feedLinkIn(body, feedURL); link != "" {
				reason += fmt.Sprintf(" (the page links to a feed at %s)", link)
			}
			return &ParseError{Reason: reason, Err: err}
		}
		return &ParseError{Reason: fmt.Sprintf("not a feed: the content is neither RSS, Atom nor JSON Feed (it starts %q)", start(body)), Err: err}
	case errors.As(err, &xmlErr):
		if strings.Contains(xmlErr.Msg, "unexpected EOF") {
			return &ParseError{Reason: fmt.Sprintf("truncated XML at line %d: the feed ends before its closing tags", xmlErr.Line), Err: err}
		}
		return &ParseError{Reason: fmt.Sprintf("invalid XML at line %d: %s", xmlErr.Line, xmlErr.Msg), Err: err}
	case errors.As(err, &jsonErr):
		line := 1 + bytes.Count(body[:min(int(jsonErr.Offset), len(body))], []byte("\n"))
		if len(bytes.TrimSpace(body[min(int(jsonErr.Offset), len(body)):])) == 0 {
			return &ParseError{Reason: fmt.Sprintf("truncated JSON at line %d: the feed ends in the middle", line), Err: err}
		}
		return &ParseError{Reason: fmt.Sprintf("invalid JSON at line %d: %s", line, jsonErr.Error()), Err: err}
	case errors.As(err, &typeErr):
		return &ParseError{Reason: fmt.Sprintf("not a JSON Feed: %q holds a %s where a %s belongs", typeErr.Field, typeErr.Value, typeErr.Type), Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return &ParseError{Reason: "truncated feed: it ends in the middle", Err: err}
	}
	return &ParseError{Reason: "could not read the feed: " + err.Error(), Err: err}
}

// looksLikeHTML reports whether a response is a web page.
func looksLikeHTML(body []byte, contentType string) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	head := strings.ToLower(string(body[:min(len(body), 1024)]))
	return strings.Contains(head, "<!doctype html") || strings.Contains(head, "<html")
}

// feedLinkIn finds the first feed an HTML page advertises with
// <link rel="alternate" type="application/rss+xml" href="…">.
func feedLinkIn(body []byte, pageURL *url.URL) string {
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if a := atom.Lookup(name); a == atom.Body {
				return ""
			} else if a != atom.Link || !hasAttr {
				continue
			}
			var rel, typ, href string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "rel":
					rel = strings.ToLower(string(v))
				case "type":
					typ = strings.ToLower(string(v))
				case "href":
					href = strings.TrimSpace(string(v))
				}
				if !more {
					break
				}
			}
			if !strings.Contains(rel, "alternate") || href == "" {
				continue
			}
			switch typ {
			case "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json":
			default:
				continue
			}
			if pageURL == nil {
				return href
			}
			if u, err := pageURL.Parse(href); err == nil {
				return u.String()
			}
		}
	}
}

// start returns the first few characters of body for an error message.
func start(body []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(body[:min(len(body), 64)]), "?"))
	if r := []rune(s); len(r) > 24 {
		s = string(r[:24]) + "…"
	}
	return s
}
