package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
	maxStray      = 10_000 // "<"s in text that cannot start a tag, escaped
)

// xmlOutline is what checkXML learnt about a feed's XML.
type xmlOutline struct {
	// body is the document for gofeed: cut after the first MaxEntries
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
	// tooManyStray is set when the text has more than maxStray "<"s that
	// cannot start a tag, left unescaped for gofeed to refuse.
	tooManyStray bool
	// cutShort is set when the document ended in the middle (a dropped
	// connection, feeds.max_bytes, a file cut short) after at least one
	// complete entry: body is then the document up to the end of its last
	// complete entry, with the elements still open there closed, and
	// lines how many lines the document had where it ended.
	cutShort bool
	lines    int
}

// atomEntry is what gofeed does not keep of an Atom entry.
type atomEntry struct {
	// title is plainKind when the title is text (type="text" or no
	// type), to be shown literally ("<main>" is five characters, not a
	// tag), xhtmlKind when it is XHTML, htmlKind otherwise.
	title textKind
	// summary and content are xhtmlKind when of type "xhtml", htmlKind
	// otherwise.
	summary, content textKind
	// created is Atom 0.3's <created>, which gofeed skips.
	created string
	// link is the text of the entry's first alternate <link> that has
	// no href, written as in RSS (<link>https://…</link>): gofeed reads
	// links from href alone.
	link string
}

// Reasons to stop reading before the end of a document.
var (
	// errEndsEarly says the document ended inside an element or a tag;
	// gofeed explains where.
	errEndsEarly = errors.New("the document ends early")
	// errUnreadable says the scanner met what the XML decoder gofeed uses
	// refuses; gofeed explains what and where.
	errUnreadable = errors.New("not well-formed XML")
	// errStopCounting stops counting the entries beyond those read.
	errStopCounting = errors.New("stop counting entries")
	// errTooManyStray says the text has more than maxStray "<"s that
	// cannot start a tag; gofeed explains the first.
	errTooManyStray = errors.New("too many unescaped '<'")
)

// checkXML reads body, an XML feed in UTF-8, as a stream and returns its
// outline, or a *ParseError naming the limit the feed is over. It stops
// where the root element ends: what follows is not the feed's. A document
// it cannot read to the end is returned as it is, outlined as far as it
// could be read, for gofeed to report the error where it is.
//
// It scans the bytes itself rather than through encoding/xml's tokenizer,
// which copies every name and text and took a third of gofeed's own time:
// it only has to see what encoding/xml (non-strict, as gofeed uses it) sees
// as elements, up to the first thing encoding/xml would refuse, where the
// scan stops and gofeed reports the error.
func checkXML(body []byte) (xmlOutline, error) {
	out := xmlOutline{body: body}
	sc := xmlScan{b: body}
	err := sc.run(&out)
	var pe *ParseError
	if len(sc.stray) > 0 && !errors.As(err, &pe) && !errors.Is(err, errTooManyStray) {
		return checkXML(escapeStray(body, sc.stray))
	}
	if len(sc.longDates) > 0 && !errors.As(err, &pe) {
		return checkXML(withoutLongDates(body, sc.longDates))
	}
	switch {
	case errors.Is(err, errEndsEarly) && sc.cut > 0, errors.Is(err, errUnreadable) && sc.cut > 0, errors.Is(err, errStopCounting):
		// Beyond the entries read: the cut document is whole.
	case errors.Is(err, errEndsEarly):
		if fixed, ok := restoreLastTag(body, sc.stack); ok {
			return checkXML(fixed)
		}
		if sc.complete > 0 {
			// The entries that arrived whole are read, as other feed
			// readers read them; the caller says the feed was cut short.
			out.body = closeOpen(body[:sc.lastEntryEnd], sc.entryOpen)
			out.entries, out.atom = sc.complete, out.atom[:min(len(out.atom), sc.complete)]
			out.cutShort, out.lines = true, 1+bytes.Count(body, []byte("\n"))
		}
		return out, nil
	case errors.Is(err, errTooManyStray):
		out.tooManyStray = true
		return out, nil
	case errors.Is(err, errUnreadable):
		return out, nil
	case err != nil:
		return xmlOutline{}, err
	}
	if sc.rootEnd > 0 && sc.cut == 0 && len(bytes.TrimSpace(body[sc.rootEnd:])) > 0 {
		// What follows the root element is not part of the feed: a
		// script or a warning the server printed after it, which the
		// XML decoder would refuse or take for the root.
		out.body = body[:sc.rootEnd]
	}
	if sc.cut > 0 && err == nil && sc.listsOldestFirst() {
		return newestOnly(body, &sc, out.entries)
	}
	if sc.cut > 0 {
		out.body = closeOpen(body[:sc.cut], sc.cutOpen)
	}
	return out, nil
}

// newestOnly outlines a feed of more than MaxEntries entries that lists
// them oldest first (read whole by sc, entries of them) as the document
// of its last MaxEntries entries: what comes before its first entry (the
// channel's title and link), then the last MaxEntries entries to the end.
// Taking the first, as for a feed that lists its newest first, would keep
// an archive's oldest stories and never its new ones. The entries left
// out are counted as not read.
func newestOnly(body []byte, sc *xmlScan, entries int) (xmlOutline, error) {
	from := sc.starts[entries%MaxEntries] // the start of entry entries-MaxEntries
	doc := make([]byte, 0, sc.firstStart+len(body)-from)
	doc = append(append(doc, body[:sc.firstStart]...), body[from:]...)
	out, err := checkXML(doc)
	if err != nil {
		return xmlOutline{}, err
	}
	out.entries = entries
	return out, nil
}

// closeOpen returns a copy of doc with end tags for the open elements
// (outermost first) after it.
func closeOpen(doc []byte, open [][]byte) []byte {
	out := make([]byte, 0, len(doc)+len(open)*16)
	out = append(out, doc...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(append(append(out, "</"...), open[i]...), '>')
	}
	return out
}

// xmlScan is the state of one checkXML.
type xmlScan struct {
	b          []byte
	pos        int
	stack      [][]byte // qualified names of the open elements (slices of b)
	elements   int
	attributes int
	// cut is the offset of the first entry beyond MaxEntries, 0 while
	// there is none; cutOpen are the elements open there.
	cut     int
	cutOpen [][]byte
	// inCreated is set inside an Atom 0.3 <created>, whose text is kept;
	// inLink inside an entry's <link> written as text.
	inCreated, inLink bool
	// rootEnd is the offset just after the root element's end, where the
	// scan stops, 0 until then.
	rootEnd int
	// stray are the offsets of the "<"s in text that cannot start a tag.
	stray []int
	// entryDepth is the depth of the entry open now, 0 outside entries.
	// complete counts the entries closed so far; lastEntryEnd is the
	// offset just after the last of them, and entryOpen the elements
	// still open there.
	entryDepth   int
	complete     int
	lastEntryEnd int
	entryOpen    [][]byte
	// starts holds the offsets where the last MaxEntries entries start,
	// entry k at k%MaxEntries, and firstStart where the first does.
	// entryDate is the open entry's first date, inDate set inside it;
	// firstDate and lastDate are the first and last dated entries' dates. With
	// them, a feed of more entries than are read that lists them oldest
	// first is read from its newest (newestOnly).
	starts     []int
	firstStart int
	inDate     bool
	entryDate  []byte
	firstDate  string
	lastDate   []byte
	// dateDepth is the depth of the date element open now (any of the
	// feed's or its entries' dates, isDateElement or lastBuildDate), 0
	// outside one, and dateFrom the offset where its content starts.
	// longDates are the contents, from and to offsets, of those whose
	// text is longer than any date (maxDateText), in the entries read.
	dateDepth int
	dateFrom  int
	longDates [][2]int
}

// closed notes, after an end tag, whether it closed the open entry.
func (sc *xmlScan) closed() {
	if sc.entryDepth > 0 && len(sc.stack) < sc.entryDepth {
		sc.entryDepth = 0
		sc.complete++
		sc.lastEntryEnd = sc.pos
		sc.entryOpen = append(sc.entryOpen[:0], sc.stack...)
		if len(sc.entryDate) > 0 {
			if sc.firstDate == "" {
				sc.firstDate = string(sc.entryDate)
			}
			sc.lastDate = append(sc.lastDate[:0], sc.entryDate...)
		}
	}
}

// closedDate notes, after an end tag that starts at offset at, whether
// it closed the date element open, and whether that date's content is
// longer than any date.
func (sc *xmlScan) closedDate(at int) {
	if sc.dateDepth == 0 || len(sc.stack) >= sc.dateDepth {
		return
	}
	if content := sc.b[sc.dateFrom:at]; len(content) > maxDateText && len(bytes.TrimSpace(content)) > maxDateText {
		sc.longDates = append(sc.longDates, [2]int{sc.dateFrom, at})
	}
	sc.dateDepth = 0
}

// withoutLongDates returns a copy of body with the content of each date
// element at the offsets in dates (in order, from and to) replaced by
// tooLongDate. gofeed reads every date it finds while it parses, at a
// cost of about a hundred times the date's length (maxDateText), and
// only a document without them can keep it from doing so.
func withoutLongDates(body []byte, dates [][2]int) []byte {
	out := make([]byte, 0, len(body))
	from := 0
	for _, d := range dates {
		out = append(append(out, body[from:d[0]]...), tooLongDate...)
		from = d[1]
	}
	return append(out, body[from:]...)
}

// listsOldestFirst reports whether the feed's last dated entry is dated
// after its first: a feed listing its entries oldest first (an archive, a
// podcast's whole history), whose newest are at its end.
func (sc *xmlScan) listsOldestFirst() bool {
	return datedOldestFirst(sc.firstDate, string(sc.lastDate))
}

// datedOldestFirst reports whether a feed whose first dated entry is dated
// first and whose last is dated last lists its entries oldest first: the
// rule for XML feeds and JSON Feeds alike (newestOnly, jsonItems).
func datedOldestFirst(first, last string) bool {
	a, ok := parseDate(first)
	if !ok {
		return false
	}
	b, ok := parseDate(last)
	return ok && b.After(a)
}

// isDateElement reports whether an entry's child element of this local
// name (lower-cased) is one of its dates: RSS's pubDate, dc:date, Atom's
// published and updated, dcterms' and Atom 0.3's issued, modified and
// created.
func isDateElement(local string) bool {
	switch local {
	case "pubdate", "date", "published", "updated", "issued", "modified", "created":
		return true
	}
	return false
}

// tag is a start tag as the scanner reads it.
type tag struct {
	name       []byte // qualified
	attributes int
	typ        []byte // the value of its type attribute, if any
	rel        []byte // the value of its rel attribute, if any
	href       bool   // whether it has an href attribute
	selfClosed bool
}

func (sc *xmlScan) run(out *xmlOutline) error {
	b := sc.b
	for {
		i := bytes.IndexByte(b[sc.pos:], '<')
		if i < 0 {
			if len(sc.stack) > 0 {
				return errEndsEarly
			}
			return nil
		}
		sc.text(out, b[sc.pos:sc.pos+i])
		at := sc.pos + i
		rest := b[at:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := sc.skipPast(at+4, "-->"); err != nil {
				return err
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(b[at+9:], []byte("]]>"))
			if end < 0 {
				return errEndsEarly
			}
			sc.text(out, b[at+9:at+9+end])
			sc.pos = at + 9 + end + 3
		case bytes.HasPrefix(rest, []byte("<!-")), bytes.HasPrefix(rest, []byte("<![")):
			if len(rest) < 9 {
				return errEndsEarly
			}
			return errUnreadable
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := sc.skipDirective(at + 2); err != nil {
				return err
			}
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := sc.skipPast(at+2, "?>"); err != nil {
				return err
			}
		case bytes.HasPrefix(rest, []byte("</")):
			name, err := sc.endTag(at + 2)
			if err != nil {
				return err
			}
			if !sc.end(name) {
				return errUnreadable // an end tag that closes nothing
			}
			sc.closedDate(at)
			sc.closed()
			if len(sc.stack) == 0 {
				sc.rootEnd = sc.pos
				return nil
			}
		case !startsName(rest[1:]):
			if len(rest) == 1 {
				return errEndsEarly
			}
			// A "<" that cannot start a tag ("rates < 2%", "<3") is
			// text the feed forgot to escape: it is escaped, where
			// the decoder would refuse the whole feed. So many that
			// the feed is not one that forgot a few are refused, as
			// the decoder refuses them, rather than making the
			// document four times longer.
			if sc.cut == 0 { // beyond the entries read, nothing is
				if len(sc.stray) == maxStray {
					return errTooManyStray
				}
				sc.stray = append(sc.stray, at)
			}
			sc.pos = at + 1
		default:
			t, err := sc.startTag(at + 1)
			if err != nil {
				return err
			}
			if err := sc.start(out, t, at); err != nil {
				return err
			}
			if t.selfClosed {
				sc.end(localName(t.name))
				sc.closed()
				if len(sc.stack) == 0 {
					sc.rootEnd = sc.pos
					return nil
				}
			}
		}
	}
}

// text handles character data: the text of an Atom 0.3 <created>, and
// of an Atom link written as text, is kept.
func (sc *xmlScan) text(out *xmlOutline, text []byte) {
	if sc.inDate && len(sc.entryDate) < 64 {
		sc.entryDate = append(sc.entryDate, text[:min(len(text), 64)]...)
	}
	if (!sc.inCreated && !sc.inLink) || len(out.atom) == 0 || len(text) == 0 {
		return
	}
	e := &out.atom[len(out.atom)-1]
	switch {
	case sc.inCreated && len(e.created) < 64:
		e.created += string(text[:min(len(text), 64)])
	case sc.inLink && len(e.link) < maxLinkText:
		e.link += string(text[:min(len(text), maxLinkText)])
	}
}

// maxLinkText is how much of a link written as text is kept: more than
// any link a browser takes.
const maxLinkText = 8 << 10

// skipPast moves past the next end (of a comment or processing
// instruction) from i on.
func (sc *xmlScan) skipPast(i int, end string) error {
	j := bytes.Index(sc.b[i:], []byte(end))
	if j < 0 {
		return errEndsEarly
	}
	sc.pos = i + j + len(end)
	return nil
}

// skipDirective moves past a directive such as a DOCTYPE, from i (after
// "<!"), as encoding/xml reads one: to the ">" that balances its "<"s,
// outside quotes and comments. The byte after "<!" is the directive's
// whatever it is: encoding/xml takes it before it looks for quotes and
// brackets, so in `<!">` the quote opens nothing and the ">" ends it.
func (sc *xmlScan) skipDirective(i int) error {
	b := sc.b
	if i >= len(b) {
		return errEndsEarly
	}
	depth := 0
	var quote byte
	for i++; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<' && bytes.HasPrefix(b[i:], []byte("<!--")):
			j := bytes.Index(b[i+4:], []byte("-->"))
			if j < 0 {
				return errEndsEarly
			}
			i += 4 + j + 2
		case c == '<':
			depth++
		case c == '>':
			if depth == 0 {
				sc.pos = i + 1
				return nil
			}
			depth--
		}
	}
	return errEndsEarly
}

// endTag reads an end tag's name from i (after "</") up to its ">".
func (sc *xmlScan) endTag(i int) ([]byte, error) {
	b := sc.b
	name, i := readName(b, i)
	if len(name) == 0 {
		if i >= len(b) {
			return nil, errEndsEarly
		}
		return nil, errUnreadable
	}
	i = skipSpace(b, i)
	if i >= len(b) {
		return nil, errEndsEarly
	}
	if b[i] != '>' {
		return nil, errUnreadable
	}
	sc.pos = i + 1
	return localName(name), nil
}

// startTag reads a start tag from i (after "<"): its name, its attributes
// (quoted values; in non-strict XML also unquoted ones and names without
// a value) and whether it closes itself.
func (sc *xmlScan) startTag(i int) (tag, error) {
	b := sc.b
	var t tag
	t.name, i = readName(b, i)
	if len(t.name) == 0 {
		if i >= len(b) {
			return tag{}, errEndsEarly
		}
		return tag{}, errUnreadable
	}
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return tag{}, errEndsEarly
		}
		switch b[i] {
		case '>':
			sc.pos = i + 1
			return t, nil
		case '/':
			if i+1 >= len(b) {
				return tag{}, errEndsEarly
			}
			if b[i+1] != '>' {
				return tag{}, errUnreadable
			}
			t.selfClosed = true
			sc.pos = i + 2
			return t, nil
		}
		var attr []byte
		if attr, i = readName(b, i); len(attr) == 0 {
			if i >= len(b) {
				return tag{}, errEndsEarly
			}
			return tag{}, errUnreadable
		}
		t.attributes++
		i = skipSpace(b, i)
		if i >= len(b) {
			return tag{}, errEndsEarly
		}
		if b[i] != '=' {
			continue // a name without a value
		}
		i = skipSpace(b, i+1)
		if i >= len(b) {
			return tag{}, errEndsEarly
		}
		var value []byte
		switch q := b[i]; q {
		case '"', '\'':
			j := bytes.IndexByte(b[i+1:], q)
			if j < 0 {
				return tag{}, errEndsEarly
			}
			value = b[i+1 : i+1+j]
			if bytes.IndexByte(value, '<') >= 0 {
				return tag{}, errUnreadable
			}
			i += 1 + j + 1
		default:
			start := i
			for i < len(b) && isUnquotedValueByte(b[i]) {
				i++
			}
			value = b[start:i]
		}
		switch local := localName(attr); {
		case bytes.EqualFold(local, []byte("type")):
			t.typ = value
		case bytes.EqualFold(local, []byte("rel")):
			t.rel = value
		case bytes.EqualFold(local, []byte("href")):
			t.href = true
		}
	}
}

func (sc *xmlScan) start(out *xmlOutline, t tag, offset int) error {
	depth := len(sc.stack) + 1
	if depth > maxDepth {
		if sc.cut > 0 {
			return errStopCounting // past the entries read: not read, no harm
		}
		return &ParseError{Reason: fmt.Sprintf("the feed nests elements more than %d deep, the newswire's limit; it was not read", maxDepth)}
	}
	local := strings.ToLower(string(localName(t.name)))
	if depth == 1 {
		out.root = local
	}
	entry := sc.isEntry(out.root, local, depth)
	inEntry := depth == 3 && sc.parentIs("entry")
	if entry {
		sc.entryDepth = depth
		sc.entryDate = sc.entryDate[:0]
		out.entries++
		if out.entries == MaxEntries+1 {
			sc.cut, sc.cutOpen = offset, append([][]byte(nil), sc.stack...)
		}
		if len(sc.starts) < MaxEntries {
			sc.starts = append(sc.starts, offset)
		} else {
			sc.starts[(out.entries-1)%MaxEntries] = offset
		}
		if out.entries == 1 {
			sc.firstStart = offset
		}
	} else if sc.entryDepth > 0 && depth == sc.entryDepth+1 && len(sc.entryDate) == 0 && isDateElement(local) {
		sc.inDate = !t.selfClosed
	}
	if sc.dateDepth == 0 && !t.selfClosed && sc.cut == 0 && (isDateElement(local) || local == "lastbuilddate") {
		sc.dateDepth, sc.dateFrom = depth, sc.pos
	}
	sc.stack = append(sc.stack, t.name)
	if sc.cut > 0 {
		return nil // beyond the entries read: only counted
	}
	sc.elements++
	sc.attributes += t.attributes
	if sc.elements > maxElements {
		return &ParseError{Reason: fmt.Sprintf("the feed has more than %d elements in its first %d entries, the newswire's limit; it was not read", maxElements, MaxEntries)}
	}
	if sc.attributes > maxAttributes {
		return &ParseError{Reason: fmt.Sprintf("the feed has more than %d attributes in its first %d entries, the newswire's limit; it was not read", maxAttributes, MaxEntries)}
	}
	if out.root != "feed" {
		return nil
	}
	switch {
	case entry:
		out.atom = append(out.atom, atomEntry{title: plainKind})
	case inEntry && len(out.atom) > 0:
		e := &out.atom[len(out.atom)-1]
		switch local {
		case "title":
			e.title = atomTextKind(string(t.typ))
		case "summary":
			e.summary = atomMarkupKind(string(t.typ))
		case "content":
			e.content = atomMarkupKind(string(t.typ))
		case "created":
			sc.inCreated = !t.selfClosed
		case "link":
			rel := strings.ToLower(strings.TrimSpace(string(t.rel)))
			sc.inLink = !t.selfClosed && !t.href && e.link == "" && (rel == "" || rel == "alternate")
		}
	}
	return nil
}

// end closes the elements up to and including the innermost one called
// local, as the XML decoder gofeed uses does when tags are mismatched. It
// reports false when no open element has that name.
func (sc *xmlScan) end(local []byte) bool {
	sc.inCreated, sc.inLink, sc.inDate = false, false, false
	for i := len(sc.stack) - 1; i >= 0; i-- {
		if bytes.Equal(localName(sc.stack[i]), local) {
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
	return len(sc.stack) > 0 && strings.EqualFold(string(localName(sc.stack[len(sc.stack)-1])), local)
}

// readName reads an XML name from i: everything up to white space or a
// character that ends a name in a tag. encoding/xml accepts fewer
// characters, and refuses the document where this takes more.
func readName(b []byte, i int) ([]byte, int) {
	start := i
	for i < len(b) && !isNameEnd(b[i]) {
		i++
	}
	return b[start:i], i
}

func isNameEnd(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '>', '/', '=', '<', '"', '\'':
		return true
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// isUnquotedValueByte reports whether encoding/xml, non-strict, takes c as
// part of an unquoted attribute value.
func isUnquotedValueByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '-'
}

func localName(qualified []byte) []byte {
	return qualified[bytes.LastIndexByte(qualified, ':')+1:]
}

// atomTextKind is how an Atom text construct's type says it is written:
// plainKind for "text", none, or a text/* media type (Atom 0.3's types
// are media types) other than text/html, which is HTML (Atom 0.3's
// type="text/html" mode="escaped", and Atom 1.0 feeds that write the media
// type for "html"); xhtmlKind for "xhtml" or Atom 0.3's
// application/xhtml+xml; htmlKind otherwise.
func atomTextKind(typ string) textKind {
	switch typ = textType(typ); {
	case typ == "" || typ == "text" || strings.HasPrefix(typ, "text/") && typ != "text/html":
		return plainKind
	case typ == "xhtml" || typ == "application/xhtml+xml":
		return xhtmlKind
	}
	return htmlKind
}

// atomMarkupKind is atomTextKind for an entry's summary and content, which
// are read as HTML unless they are XHTML.
func atomMarkupKind(typ string) textKind {
	if k := atomTextKind(typ); k == xhtmlKind {
		return k
	}
	return htmlKind
}

// textType is an Atom text construct's type attribute in lower case,
// without the parameters a media type may carry ("text/html;
// charset=utf-8" is "text/html").
func textType(typ string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if mt, _, err := mime.ParseMediaType(typ); err == nil {
		typ = mt
	}
	return typ
}

// startsName reports whether b starts with what can begin a tag after
// "<": a name's first character (a letter, "_" or ":", as encoding/xml
// reads names), or "/", "!" or "?". Nothing at all might be the start of
// a tag that was cut off.
func startsName(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	c := b[0]
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':' || c == '/' || c == '!' || c == '?'
	}
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

// escapeStray returns body with the "<" at each of the offsets written
// "&lt;".
func escapeStray(body []byte, offsets []int) []byte {
	out := make([]byte, 0, len(body)+3*len(offsets))
	from := 0
	for _, at := range offsets {
		out = append(append(out, body[from:at]...), "&lt;"...)
		from = at + 1
	}
	return append(out, body[from:]...)
}

// lastEndTag matches an end tag missing its ">" at the very end of a
// document.
var lastEndTag = regexp.MustCompile(`</([^\s<>/]*)\s*$`)

// restoreLastTag completes a document that ends inside the end tag of its
// root element ("</rss" or "</rs"), with only the root still open: the
// last bytes were lost, nothing else.
func restoreLastTag(body []byte, open [][]byte) ([]byte, bool) {
	if len(open) != 1 {
		return nil, false
	}
	tail := body[max(0, len(body)-256):]
	m := lastEndTag.FindSubmatchIndex(tail)
	if m == nil || !bytes.HasPrefix(open[0], tail[m[2]:m[3]]) {
		return nil, false
	}
	start := len(body) - len(tail) + m[0]
	fixed := append(append([]byte(nil), body[:start]...), "</"...)
	return append(append(fixed, open[0]...), '>'), true
}
