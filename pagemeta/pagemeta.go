// Package pagemeta reads the title, description and site name of a web page
// that a member submitted, so a story can be filled in without typing.
//
// Submitted links are hostile input. Fetch refuses anything that is not
// http or https, never connects to loopback, private, link-local, multicast
// or otherwise special addresses (judged on the address actually dialled,
// after DNS and after every redirect), bounds time, redirects and bytes,
// and explains every refusal in one sentence a chat user can read
// (FetchError.Reason). Extract is the pure part: it turns bytes into clean,
// length-capped text whatever the charset claims.
package pagemeta

import (
	"net/http"
	"net/url"
	"strings"
)

// Meta is what a page says about itself, cleaned for display: entities
// decoded, tags stripped, whitespace folded, control characters removed,
// valid UTF-8, and capped in length. Any field may be empty.
type Meta struct {
	// Title is the headline: og:title, else twitter:title, else <title>,
	// else the text of the first <h1> that has any. At most MaxTitleRunes
	// runes.
	Title string
	// Description is the summary: og:description, else
	// twitter:description, else <meta name="description">. At most
	// MaxDescriptionRunes runes.
	Description string
	// SiteName is the publisher: og:site_name, else
	// <meta name="application-name">. At most MaxSiteNameRunes runes.
	SiteName string
	// Canonical is the page's own claim of its URL (og:url, else
	// <link rel="canonical">), absolute and http or https. It is what the
	// page says, not something verified: do not trust it further than that.
	Canonical string
}

// Length caps, in runes, including the "…" added when a value is cut.
const (
	MaxTitleRunes       = 300
	MaxDescriptionRunes = 1000
	MaxSiteNameRunes    = 100
	// maxCanonicalBytes matches the longest link a story may have.
	maxCanonicalBytes = 2048
)

// Extract reads the metadata of an HTML page from its body, the value of its
// Content-Type header (may be empty) and its URL (may be nil; used to
// resolve a relative canonical link). It does no I/O.
//
// A body that is not HTML (by its declared type, or because it sniffs as
// binary) gives a *FetchError wrapping ErrNotHTML. Anything else, however
// broken, gives a Meta and no error; a page without a title gives an empty
// Meta. The charset comes from a byte order mark, then the Content-Type
// header, then <meta charset> or http-equiv anywhere in the head, then
// sniffing; bytes that are not valid in a page that claims or looks like
// UTF-8 are read as windows-1252 rather than turned into U+FFFD.
func Extract(body []byte, contentType string, pageURL *url.URL) (Meta, error) {
	m, _, err := extract(body, contentType, pageURL)
	return m, err
}

// checkHTML refuses bodies that are not web pages: a declared type other
// than HTML, or bytes that sniff as a binary format whatever the header
// says (servers label anything text/html).
func checkHTML(body []byte, contentType string) error {
	if mt, bad := declaredNotHTML(contentType); bad {
		return notHTMLError(mt)
	}
	if isUTF16(contentType) {
		// UTF-16 text is full of NUL bytes and would sniff as binary.
		return nil
	}
	if sniffed, binary := sniffBinary(body); binary {
		return notHTMLError(sniffed)
	}
	return nil
}

// declaredNotHTML reports whether a Content-Type value on its own is enough
// to refuse a body, and the media type to name in the refusal. No type, or
// a placeholder type, lets the bytes decide.
func declaredNotHTML(contentType string) (string, bool) {
	switch mt := mediaType(contentType); mt {
	case "text/html", "application/xhtml+xml",
		"", "unknown/unknown", "application/unknown", "*/*":
		return mt, false
	default:
		return mt, true
	}
}

// sniffBinary runs the WHATWG sniffing algorithm over the start of body and
// reports whether it found something other than text. A generic
// "application/octet-stream" answer only counts when the bytes really look
// binary, because one stray control byte near the top of a badly made page
// is enough to get that answer.
func sniffBinary(body []byte) (string, bool) {
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	st := mediaType(http.DetectContentType(head))
	if strings.HasPrefix(st, "text/") {
		return st, false
	}
	if st != "application/octet-stream" {
		return st, true
	}
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return st, true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b:
			controls++
		}
	}
	return st, controls*16 > len(head)
}

// isUTF16 reports whether a Content-Type header declares UTF-16.
func isUTF16(contentType string) bool {
	_, name := lookupCharset(headerCharset(contentType))
	return strings.HasPrefix(name, "utf-16")
}
