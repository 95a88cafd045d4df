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

	"github.com/mmcdole/gofeed"
	atomfeed "github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
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

// parsedFeed is a feed as gofeed reads it, with what gofeed does not keep.
type parsedFeed struct {
	*gofeed.Feed
	// extras has, for each of Items, what gofeed does not keep of it.
	extras []itemExtras
	// notRead counts the entries not read, past the MaxEntries read;
	// notItems the JSON items that are not items.
	notRead, notItems int
	// cutShort says why the document ended in the middle, when it did
	// after some complete entries: Items are those, read as the feed.
	cutShort *ParseError
}

// itemExtras is what gofeed does not keep of an entry.
type itemExtras struct {
	// How the title, the description and the content are written:
	// HTML unless the feed says otherwise.
	title, description, content textKind
	created                     string // Atom 0.3's <created>
	publisher                   string // the publisher the entry names (<source>)
	// permalinkGUID is set for an RSS item whose <guid> does not say it
	// is no permalink (isPermaLink="false"): a GUID written as a path
	// relative to the feed is then the item's page (relativePermalink).
	permalinkGUID bool
}

// textKind is how a feed writes a piece of an entry's text.
type textKind uint8

const (
	// htmlKind is HTML, as RSS and Atom type="html" carry it.
	htmlKind textKind = iota
	// plainKind is plain text, not HTML: Atom type="text" titles, and
	// JSON Feed's titles, summaries and content_text.
	plainKind
	// xhtmlKind is XHTML (Atom type="xhtml"): markup read once, whose
	// escaped text stays text.
	xhtmlKind
)

// parseFeed reads an RSS, Atom or JSON feed, at most its first MaxEntries
// entries. contentType is the response's Content-Type header ("" if none)
// and feedURL where it came from, for finding a feed link in an HTML page
// served instead of the feed.
//
// The bytes are made UTF-8 first (toUTF8). XML is then read as a stream
// (checkXML) before gofeed builds its tree, so that a feed too deep or too
// big for the memory it would take fails alone with a reason; the format
// comes from the root element wherever it starts, after any comments,
// white space or DOCTYPE.
func parseFeed(body []byte, contentType string, feedURL *url.URL) (pf *parsedFeed, err error) {
	defer func() {
		// The parser reads whatever a server sends; a bug it trips over
		// must fail this feed, not the bot.
		if r := recover(); r != nil {
			pf, err = nil, &ParseError{Reason: fmt.Sprintf("the feed parser failed on this feed (%v)", r)}
		}
	}()
	sent := body
	body = toUTF8(body, contentType)
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, &ParseError{Reason: "not a feed: the server sent an empty response"}
	}
	if trimmed[0] == '{' {
		return parseJSONFeed(trimmed)
	}
	if trimmed[0] != '<' {
		return nil, notAFeed(body, contentType, feedURL, "")
	}
	pf, err = parseXMLFeed(body, contentType, feedURL)
	if err == nil {
		return pf, nil
	}
	// A feed the server printed something before is read from its
	// declaration, in the encoding that declaration names; only a feed
	// that fails otherwise is read so.
	if cut := afterServerNoise(sent); cut != nil {
		if again, cutErr := parseXMLFeed(toUTF8(cut, contentType), contentType, feedURL); cutErr == nil {
			return again, nil
		}
	}
	return nil, err
}

// parseXMLFeed reads an RSS, RDF or Atom feed in UTF-8.
func parseXMLFeed(body []byte, contentType string, feedURL *url.URL) (pf *parsedFeed, err error) {
	outline, err := checkXML(body)
	if err != nil {
		return nil, err
	}
	if outline.tooManyStray {
		// gofeed refuses the first "<" it cannot read as a tag; the
		// reason says why the others that were escaped are not.
		defer func() {
			var pe *ParseError
			if errors.As(err, &pe) {
				pe.Reason += fmt.Sprintf(" (the feed has more than %d '<' in its text that should be written &lt;, the newswire's limit; it was not read)", maxStray)
			}
		}()
	}
	pf = &parsedFeed{notRead: max(0, outline.entries-MaxEntries)}
	if outline.cutShort {
		pf.cutShort = &ParseError{Reason: fmt.Sprintf("truncated XML at line %d: the feed ends before its closing tags", outline.lines)}
	}
	doc := fileBasesAsFolders(outline.body)
	switch outline.root {
	case "rss", "rdf":
		rf, err := (&rss.Parser{}).Parse(bytes.NewReader(doc))
		if err != nil {
			return nil, explainParseError(err, body)
		}
		if pf.Feed, err = (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf); err != nil {
			return nil, explainParseError(err, body)
		}
		pf.extras = make([]itemExtras, len(pf.Items))
		for i, it := range rf.Items {
			if i >= len(pf.extras) {
				break
			}
			if it.Source != nil {
				pf.extras[i].publisher = it.Source.Title
			}
			// gofeed writes "true" where the attribute is left out, as
			// RSS 2.0 says it means.
			pf.extras[i].permalinkGUID = it.GUID != nil && !strings.EqualFold(strings.TrimSpace(it.GUID.IsPermalink), "false")
		}
	case "feed":
		af, err := (&atomfeed.Parser{}).Parse(bytes.NewReader(doc))
		if err != nil {
			return nil, explainParseError(err, body)
		}
		if pf.Feed, err = (&gofeed.DefaultAtomTranslator{}).Translate(af); err != nil {
			return nil, explainParseError(err, body)
		}
		pf.extras = make([]itemExtras, len(pf.Items))
		// The outline saw the same entries in the same order, unless
		// gofeed read the document differently.
		same := len(outline.atom) == len(af.Entries)
		for i, e := range af.Entries {
			if i >= len(pf.extras) {
				break
			}
			if e.Source != nil {
				pf.extras[i].publisher = e.Source.Title
			}
			alternate := webPageLink(e)
			if alternate != "" {
				pf.Items[i].Link = alternate
			}
			if same {
				a := outline.atom[i]
				pf.extras[i].title, pf.extras[i].description, pf.extras[i].content = a.title, a.summary, a.content
				pf.extras[i].created = a.created
				if a.link != "" && alternate == "" {
					pf.Items[i].Link = strings.TrimSpace(html.UnescapeString(a.link))
				}
			}
			if pf.Items[i].Link == "" && e.Content != nil {
				// An entry may give its content by reference alone
				// (<content src="…"/>), and then needs no alternate
				// link (RFC 4287, 4.1.1): where its content is, is its
				// link, before the entry's own Atom document (rel="self").
				pf.Items[i].Link = strings.TrimSpace(e.Content.Src)
			}
			if pf.Items[i].Link == "" {
				pf.Items[i].Link = relatedPage(e)
			}
		}
	default:
		return nil, notAFeed(body, contentType, feedURL, outline.root)
	}
	if outline.entries > 0 && len(pf.Items) == 0 {
		return noEntryRead(body, contentType, feedURL, outline)
	}
	return pf, nil
}

// webPageLink returns the href of an Atom entry's alternate link that is
// a web page: the first alternate link of an HTML type or of none, else
// the first alternate link of another type; "" when it has no alternate
// link with an href. gofeed takes the first alternate link whatever its
// type, and an entry that offers its story as a PDF, or its comments as a
// feed, before the web page would link the story there.
func webPageLink(e *atomfeed.Entry) string {
	other := ""
	for _, l := range e.Links {
		href := strings.TrimSpace(l.Href)
		if href == "" || !isAlternate(l.Rel) {
			continue
		}
		switch textType(l.Type) {
		case "", "text/html", "application/xhtml+xml":
			return href
		}
		if other == "" {
			other = href
		}
	}
	return other
}

// relatedPage returns, for an Atom entry that has no alternate link,
// the web page it links to otherwise: the first rel="related" link of an
// HTML type or of none (a link blog's entry is about that page), else the
// first rel="enclosure" link of an HTML type (a page the entry encloses,
// which a browser opens as the story); "" when it has neither. gofeed
// keeps neither kind as a link, and the entry was linked to its ID, its
// own Atom document (rel="self") or an enclosed MP3 or PDF before the
// page. An enclosure of another type stays the last resort (mediaLinks):
// a podcast's episode that has nothing but its audio is linked to it
// rather than left out, but a file to download is no page to read while
// the entry names one.
func relatedPage(e *atomfeed.Entry) string {
	enclosed := ""
	for _, l := range e.Links {
		href := strings.TrimSpace(l.Href)
		if href == "" {
			continue
		}
		switch typ, rel := textType(l.Type), strings.ToLower(strings.TrimSpace(l.Rel)); {
		case rel == "related" && (typ == "" || typ == "text/html" || typ == "application/xhtml+xml"):
			return href
		case rel == "enclosure" && enclosed == "" && (typ == "text/html" || typ == "application/xhtml+xml"):
			enclosed = href
		}
	}
	return enclosed
}

// isAlternate reports whether an Atom link's rel is "alternate": written
// so (gofeed writes it where a link has none), in any case, or as the IRI
// of the IANA registry that RFC 4287 (4.2.7.2) makes equivalent.
func isAlternate(rel string) bool {
	rel = strings.TrimSpace(rel)
	return rel == "" || strings.EqualFold(rel, "alternate") ||
		strings.EqualFold(rel, "http://www.iana.org/assignments/relation/alternate")
}

// maxServerNoise is how far into a document a feed's XML declaration is
// looked for behind server noise.
const maxServerNoise = 8 << 10

// afterServerNoise returns the document from its XML declaration when
// something other than white space stands before it within the first
// maxServerNoise bytes, and that is neither a feed's start nor a web page's;
// nil otherwise. A declaration may only open a document, so what stands
// before it is noise the server printed first (PHP's "<br /><b>Warning</b>:
// Cannot modify header information…" above a WordPress feed).
func afterServerNoise(body []byte) []byte {
	head := body[:min(len(body), maxServerNoise)]
	at := -1
	if loc := declarationStart.FindIndex(head); loc != nil {
		at = loc[0]
	}
	if at <= 0 || len(bytes.TrimLeft(head[:at], " \t\r\n\xef\xbb\xbf")) == 0 {
		return nil
	}
	noise := bytes.ToLower(head[:at])
	for _, start := range []string{"<rss", "<feed", ":feed", "<rdf", ":rdf", "<html", "<!doctype", "<head", "<body"} {
		if bytes.Contains(noise, []byte(start)) {
			return nil
		}
	}
	return body[at:]
}

// declarationStart finds an XML declaration: "<?xml" and white space,
// not a "<?xml-stylesheet" instruction.
var declarationStart = regexp.MustCompile(`<\?xml\s`)

// notAFeed explains why a document that is not RSS, Atom or JSON is not
// read; root is its XML root element's name, "" if it has none.
func notAFeed(body []byte, contentType string, feedURL *url.URL, root string) error {
	if looksLikeHTML(body, contentType) || root == "html" {
		reason := "not a feed: the server sent an HTML page"
		if link := feedLinkIn(body, feedURL); link != "" {
			reason += fmt.Sprintf(" (the page links to a feed at %s)", link)
		}
		return &ParseError{Reason: reason}
	}
	if root != "" {
		return &ParseError{Reason: fmt.Sprintf("not a feed: the XML is neither RSS nor Atom (its root element is <%s>)", root)}
	}
	return &ParseError{Reason: fmt.Sprintf("not a feed: the content is neither RSS, Atom nor JSON Feed (it starts %q)", start(body))}
}

// maxJSONDepth is how deep encoding/json nests arrays and objects before it
// refuses the document (its scanner's maxNestingDepth, unexported).
const maxJSONDepth = 10000

// explainParseError turns what the parser said into a reason a person can
// act on.
func explainParseError(err error, body []byte) error {
	var (
		xmlErr  *xml.SyntaxError
		jsonErr *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
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
		if strings.HasSuffix(jsonErr.Error(), "exceeded max depth") {
			// encoding/json's own limit, in words of its own that name
			// a character rather than the fault.
			return &ParseError{Reason: fmt.Sprintf("invalid JSON at line %d: it nests values more than %d deep, which no feed needs; it was not read", line, maxJSONDepth), Err: err}
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
