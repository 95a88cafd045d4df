package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Limits on the XML of one feed. gofeed builds a tree of the whole
// document, and a hostile or broken feed within feeds.max_bytes can make
// that tree hundreds of times its size (a 5 MB feed of nested or
// namespaced elements took over 600 MB). checkXML reads the document as a
// stream first, which holds only the open elements, and refuses one over a
// limit, so that what gofeed builds stays small. Real feeds are far
// inside them: a 1.6 MB podcast feed of 730 items has 11,000 elements,
// nested 4 deep.
const (
	maxDepth      = 100    // elements open at once
	maxElements   = 50_000 // in the part of the feed that is read
	maxAttributes = 50_000 // likewise
)

// xmlOutline is what checkXML learnt about a feed's XML.
type xmlOutline struct {
	// body is the document for gofeed: cut after the first maxEntries
	// entries (with the elements still open closed), or with a missing
	// final ">" restored; the document as given otherwise.
	body []byte
	// root is the local name of the root element, lower-cased ("rss",
	// "rdf", "feed").
	root string
	// entries counts the entries in the whole document.
	entries int
	// atom holds, for each Atom entry read in order, what gofeed does not
	// keep.
	atom []atomEntry
}

// atomEntry is what gofeed does not keep of an Atom entry.
type atomEntry struct {
	// textTitle says the title is text (type="text" or no type), to be
	// shown literally ("<main>" is five characters, not a tag), not HTML.
	textTitle bool
	// created is Atom 0.3's <created>, which gofeed skips.
	created string
}

// Reasons to stop reading before the end of a document.
var (
	// errEndsEarly says the document ended inside an element; gofeed
	// explains where.
	errEndsEarly = errors.New("the document ends early")
	// errStopCounting stops counting the entries beyond those read.
	errStopCounting = errors.New("stop counting entries")
)

// checkXML reads body, an XML feed in UTF-8, as a stream of tokens and
// returns its outline, or a *ParseError naming the limit the feed is over.
// A document it cannot read to the end is returned as it is, outlined as
// far as it could be read, for gofeed to report the error where it is.
func checkXML(body []byte) (xmlOutline, error) {
	out := xmlOutline{body: body}
	sc := xmlScan{d: xml.NewDecoder(bytes.NewReader(body))}
	sc.d.Strict = false
	// body is UTF-8 and says so; a declaration declareUTF8 could not
	// rewrite must not stop the reading.
	sc.d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	err := sc.run(&out)
	switch {
	case errors.Is(err, errEndsEarly) && sc.cut > 0, errors.Is(err, errStopCounting):
		// Beyond the entries read: the cut document is whole.
	case errors.Is(err, errEndsEarly):
		if fixed, ok := restoreLastTag(body, sc.stack); ok {
			return checkXML(fixed)
		}
		return out, nil
	case err != nil:
		return xmlOutline{}, err
	}
	if sc.cut > 0 {
		cut := make([]byte, 0, int(sc.cut)+len(sc.cutOpen)*16)
		cut = append(cut, body[:sc.cut]...)
		for i := len(sc.cutOpen) - 1; i >= 0; i-- {
			cut = append(cut, "</"+sc.cutOpen[i]+">"...)
		}
		out.body = cut
	}
	return out, nil
}

// xmlScan is the state of one checkXML.
type xmlScan struct {
	d          *xml.Decoder
	stack      []string // qualified names of the open elements
	elements   int
	attributes int
	// cut is the offset of the first entry beyond maxEntries, 0 while
	// there is none; cutOpen are the elements open there.
	cut     int64
	cutOpen []string
	// created collects the text of an Atom 0.3 <created>.
	inCreated bool
}

func (sc *xmlScan) run(out *xmlOutline) error {
	for {
		offset := sc.d.InputOffset()
		tok, err := sc.d.RawToken()
		if err == io.EOF {
			if len(sc.stack) > 0 {
				return errEndsEarly
			}
			return nil
		}
		var syntax *xml.SyntaxError
		if errors.As(err, &syntax) && strings.Contains(syntax.Msg, "unexpected EOF") {
			return errEndsEarly
		}
		if err != nil {
			return nil // gofeed will say what is wrong, and where
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := sc.start(out, t, offset); err != nil {
				return err
			}
		case xml.EndElement:
			if !sc.end(t) {
				return nil // an end tag that closes nothing: gofeed says so
			}
		case xml.CharData:
			if sc.inCreated && len(out.atom) > 0 {
				e := &out.atom[len(out.atom)-1]
				if len(e.created) < 64 {
					e.created += string(t)
				}
			}
		}
	}
}

func (sc *xmlScan) start(out *xmlOutline, t xml.StartElement, offset int64) error {
	depth := len(sc.stack) + 1
	if depth > maxDepth {
		if sc.cut > 0 {
			return errStopCounting // past the entries read: not read, no harm
		}
		return &ParseError{Reason: fmt.Sprintf("the feed nests elements more than %d deep, the newswire's limit; it was not read", maxDepth)}
	}
	local := strings.ToLower(t.Name.Local)
	if depth == 1 {
		out.root = local
	}
	entry := sc.isEntry(out.root, local, depth)
	inEntry := depth == 3 && sc.parentIs("entry")
	if entry {
		out.entries++
		if out.entries == maxEntries+1 {
			sc.cut, sc.cutOpen = offset, append([]string(nil), sc.stack...)
		}
	}
	sc.stack = append(sc.stack, qualified(t.Name))
	if sc.cut > 0 {
		return nil // beyond the entries read: only counted
	}
	sc.elements++
	sc.attributes += len(t.Attr)
	if sc.elements > maxElements {
		return &ParseError{Reason: fmt.Sprintf("the feed has more than %d elements in its first %d entries, the newswire's limit; it was not read", maxElements, maxEntries)}
	}
	if sc.attributes > maxAttributes {
		return &ParseError{Reason: fmt.Sprintf("the feed has more than %d attributes in its first %d entries, the newswire's limit; it was not read", maxAttributes, maxEntries)}
	}
	if out.root != "feed" {
		return nil
	}
	switch {
	case entry:
		out.atom = append(out.atom, atomEntry{textTitle: true})
	case inEntry && len(out.atom) > 0:
		e := &out.atom[len(out.atom)-1]
		switch local {
		case "title":
			e.textTitle = isTextType(attr(t, "type"))
		case "created":
			sc.inCreated = true
		}
	}
	return nil
}

// end closes the elements up to and including the one t closes, as the
// XML decoder gofeed uses does when tags are mismatched. It reports false
// when no open element has t's name.
func (sc *xmlScan) end(t xml.EndElement) bool {
	sc.inCreated = false
	for i := len(sc.stack) - 1; i >= 0; i-- {
		if localName(sc.stack[i]) == t.Name.Local {
			sc.stack = sc.stack[:i]
			return true
		}
	}
	return false
}

// isEntry reports whether an element of this name at this depth is one of
// the feed's entries, as gofeed reads them: Atom's <entry> in <feed>, RSS's
// <item> in <channel>, and RSS 1.0's and 0.9's <item> in the root.
func (sc *xmlScan) isEntry(root, local string, depth int) bool {
	switch {
	case root == "feed":
		return depth == 2 && local == "entry"
	case root == "rss" || root == "rdf":
		return local == "item" && (depth == 2 || depth == 3 && sc.parentIs("channel"))
	}
	return false
}

// parentIs reports whether the innermost open element is called local.
func (sc *xmlScan) parentIs(local string) bool {
	return len(sc.stack) > 0 && strings.EqualFold(localName(sc.stack[len(sc.stack)-1]), local)
}

// qualified is a name as written in the document ("dc:date").
func qualified(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func localName(qualified string) string {
	return qualified[strings.LastIndexByte(qualified, ':')+1:]
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// isTextType reports whether an Atom text construct's type is plain text
// ("text", a text/* media type, or none), as gofeed reads it.
func isTextType(typ string) bool {
	typ = strings.ToLower(strings.TrimSpace(typ))
	return typ == "" || typ == "text" || strings.HasPrefix(typ, "text/")
}

// lastEndTag matches an end tag missing its ">" at the very end of a
// document.
var lastEndTag = regexp.MustCompile(`</([^\s<>/]*)\s*$`)

// restoreLastTag completes a document that ends inside the end tag of its
// root element ("</rss" or "</rs"), with only the root still open: the
// last bytes were lost, nothing else.
func restoreLastTag(body []byte, open []string) ([]byte, bool) {
	if len(open) != 1 {
		return nil, false
	}
	tail := body[max(0, len(body)-256):]
	m := lastEndTag.FindSubmatchIndex(tail)
	if m == nil || !strings.HasPrefix(open[0], string(tail[m[2]:m[3]])) {
		return nil, false
	}
	start := len(body) - len(tail) + m[0]
	fixed := append(append([]byte(nil), body[:start]...), "</"+open[0]+">"...)
	return fixed, true
}
