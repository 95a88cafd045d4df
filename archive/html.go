package archive

import (
	"bytes"
	"fmt"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/digest"
)

// Editions kept as the HTML a mail program or a mailing service wrote
// (Mailchimp's and Substack's pages, Outlook's "Save as web page", a
// mail's text/html part) are read as the text a reader saw: each block
// (a paragraph, a heading, a table's cell, a list's item) a paragraph of
// its own, "<br>" a line end, "<hr>" the text's rule, white space as a
// browser collapses it, and nothing of the head, scripts, styles,
// comments or hidden preview text.

// htmlBlocks are the elements a browser lays out as blocks: each starts
// and ends a paragraph of the text.
var htmlBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Blockquote: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Center: true, atom.Hr: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Pre: true, atom.Body: true, atom.Html: true,
	atom.Form: true, atom.Aside: true, atom.Figure: true,
	atom.Figcaption: true, atom.Address: true, atom.Caption: true,
}

// htmlVoid are the elements that have no end tag, nor content.
var htmlVoid = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// htmlHidden are the elements whose text a reader never sees, or reads
// past: a <nav> is a site's links around the edition (its own pages,
// "← Edition 4"), not the edition's text.
var htmlHidden = map[atom.Atom]bool{
	atom.Head: true, atom.Title: true, atom.Script: true, atom.Style: true,
	atom.Noscript: true, atom.Template: true, atom.Iframe: true, atom.Object: true,
	atom.Nav: true,
}

// htmlText returns the text of an HTML page or fragment. Each paragraph
// starts on the line of the file its block starts on when the text above
// it leaves room (blank lines fill the rest), so that a warning's line is
// near the HTML it is about. A link is kept after its text: on the line
// under a paragraph that is one link (a headline linked to its story),
// after a "Read more" (the story's link, unless it is the headline's
// again), in angle brackets after any other text; a link whose text is
// the link itself is that text.
func htmlText(data []byte) (text string, waybackAt int) {
	h := &htmlReader{}
	h.mainOnly, h.dataTables = surveyPage(data)
	z := html.NewTokenizer(bytes.NewReader(data))
	src := 1 // the file's line the token starts on
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		at := src
		src += bytes.Count(raw, []byte("\n"))
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if !h.hidden.any() && h.inContent() {
				h.text(tok.Data, at, h.pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			h.start(tok, at, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			h.end(tok)
		}
	}
	h.flush()
	if h.story != nil {
		h.endStory()
	}
	h.settle()
	return strings.Join(h.lines, "\n"), h.waybackAt
}

// surveyPage reads what htmlText must know of a page before it reads it:
// whether it has a <main> element (hasMain: the page's own content,
// around which a site puts its header, links and footer: the web
// archive's edition page, a mailing service's archived issue), and which
// of its tables, in the order they start, are data tables (dataTable).
// The others lay a page out (Mailchimp's and Outlook's tables of one cell
// a row, tables in tables, a story's image beside its text) and are read
// as blocks. Tables are matched to their ends as htmlReader matches them:
// each "</table>" ends the last one open.
func surveyPage(data []byte) (hasMain bool, dataTables []bool) {
	var open []*surveyTable
	end := func() {
		t := open[len(open)-1]
		open = open[:len(open)-1]
		t.endRow()
		dataTables[t.index] = t.isData()
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	// Text a reader does not see is no cell's (a mailing's preview, a
	// phone's copy of a row), as htmlText reads none of it.
	var hidden hiddenElements
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			if len(open) > 0 && !hidden.any() {
				open[len(open)-1].cell.Write(z.Text())
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.EndTagToken {
			continue
		}
		tok := z.Token()
		a := tok.DataAtom
		unseen := false // a start of an element a reader does not see
		if tt == html.StartTagToken {
			unseen = hidden.start(tok, false)
		} else {
			hidden.end(a)
		}
		// Tables, rows and cells count hidden or not, as htmlReader
		// counts tables; a hidden <main> or heading is none.
		switch {
		case tt == html.EndTagToken:
			if a == atom.Table && len(open) > 0 {
				end()
			}
		case a == atom.Main:
			hasMain = hasMain || !unseen
		case a == atom.Table:
			if len(open) > 0 {
				open[len(open)-1].nested = true
			}
			// An ARIA role says outright what most mailing services'
			// tables are: layout.
			role := attr(tok, "role")
			t := &surveyTable{index: len(dataTables), presentation: role == "presentation" || role == "none"}
			open = append(open, t)
			dataTables = append(dataTables, false)
		case len(open) == 0:
		case a == atom.Tr:
			open[len(open)-1].endRow()
		case a == atom.Td || a == atom.Th:
			t := open[len(open)-1]
			t.endCell()
			t.cell.Reset() // white space between the cells
			t.inCell = true
			t.headed = t.headed || a == atom.Th
		case !unseen && (a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6):
			open[len(open)-1].heading = true
		}
	}
	for len(open) > 0 {
		end()
	}
	return hasMain, dataTables
}

// maxDataCellRunes is the longest text a cell of a data table holds
// without a <th> over it: a figure, a name, a short phrase. A longer one
// is a paragraph, which a table holds to lay it out.
const maxDataCellRunes = 120

// surveyTable is what surveyPage counts of one table.
type surveyTable struct {
	index int
	// filledRows counts the rows with two cells or more that have text
	// (an image's cell, or a spacer of "&nbsp;", has none); filled is the
	// row being read's.
	filledRows, filled int
	cell               bytes.Buffer // the text of the cell being read
	inCell             bool
	// nested is set when a table is inside it, headed when a <th> heads
	// its columns, heading when a heading (<h1>…<h6>) is in a cell, prose
	// when a cell holds a paragraph (maxDataCellRunes), presentation when
	// the page says it lays the page out (role="presentation").
	nested, headed, heading, prose, presentation bool
}

func (t *surveyTable) endCell() {
	if !t.inCell {
		return
	}
	text := strings.TrimSpace(strings.Join(strings.FieldsFunc(t.cell.String(), isCellSpace), " "))
	t.cell.Reset()
	t.inCell = false
	if text == "" {
		return
	}
	t.filled++
	if utf8.RuneCountInString(text) > maxDataCellRunes {
		t.prose = true
	}
}

func (t *surveyTable) endRow() {
	t.endCell()
	if t.filled >= 2 {
		t.filledRows++
	}
	t.filled = 0
}

// isData reports whether the table holds data, read a row to a line: two
// rows or more of two cells with text or more, no table inside, and no
// heading or paragraph in a cell unless a <th> heads its columns.
func (t *surveyTable) isData() bool {
	return !t.presentation && !t.nested && t.filledRows >= 2 && (t.headed || !t.heading && !t.prose)
}

// isCellSpace is white space in a cell, a no-break space too: a spacer
// cell of "&nbsp;" has no text.
func isCellSpace(r rune) bool { return isHTMLSpace(r) || r == '\u00a0' }

// inContent reports whether the reader is in the page's content: inside
// its <main> when it has one (mainOnly), anywhere otherwise.
func (h *htmlReader) inContent() bool { return !h.mainOnly || h.inMain > 0 }

// htmlReader is htmlText's state.
type htmlReader struct {
	// mainOnly is set for a page with a <main>, whose text alone is read;
	// inMain is the depth inside it.
	mainOnly bool
	inMain   int
	// dataTables says which of the page's tables are data tables
	// (surveyPage), tablesSeen how many have started, and tables which of
	// those open are. A data table is read as one paragraph, a row to a
	// line, its cells separated by " | "; rows is how many of the open
	// one's rows have started, and cells how many of its row's cells.
	dataTables  []bool
	tablesSeen  int
	tables      []bool
	rows, cells int

	lines  []string        // the text so far
	para   strings.Builder // the paragraph being read
	paraAt int             // the file's line it starts on
	pre    int             // depth inside <pre>
	hidden hiddenElements
	// href and anchorAt are the open link's target and where its text
	// starts in para.
	href     string
	anchorAt int
	// pending is the link of the last paragraph that was one link (a
	// linked headline), not yet written, and pendingAt the line of lines
	// that paragraph ends on: a story's "Read more" with no link of its
	// own below it takes it; otherwise it is written after the
	// paragraph's text (settle).
	pending   string
	pendingAt int
	// blockLink is the link the paragraph starts with, and blockLinkEnd
	// where its text ends in para.
	blockLink    string
	blockLinkEnd int
	// block is the class of the block the paragraph being read is in;
	// story what htmlStory knows of the story element it is in, if any.
	block string
	story *htmlStory
	// waybackAt is the line of the first link that was the Wayback
	// Machine's copy of a page (waybackOriginal), 0 for none.
	waybackAt int
}

// waybackOriginal returns the page that href, a link the Wayback Machine
// rewrote when it kept a page ("https://web.archive.org/web/20140715093000/http://…",
// a capture's time, perhaps with a mode such as "id_", then the page's own
// address), is the archive's copy of, and whether it is one. A page saved
// from the archive has every link so rewritten; the edition linked to the
// page itself, which is what a story imported from it is stored under,
// as it is when imported from a mail.
func waybackOriginal(href string) (string, bool) {
	rest, ok := cutPrefixFold(strings.TrimSpace(href), "https://web.archive.org/web/")
	if !ok {
		rest, ok = cutPrefixFold(strings.TrimSpace(href), "http://web.archive.org/web/")
	}
	capture, page, found := strings.Cut(rest, "/")
	if !ok || !found || capture == "" || !digest.AllDigits(strings.TrimRightFunc(capture, func(r rune) bool { return r == '_' || r >= 'a' && r <= 'z' })) {
		return "", false
	}
	if _, ok := cutPrefixFold(page, "http://"); !ok {
		if _, ok := cutPrefixFold(page, "https://"); !ok {
			return "", false
		}
	}
	return page, bareLink(page) != ""
}

// htmlStory is a story as this newsletter's own pages mark it (an element
// of class "story": preview --format html, the web archive), whose
// "Read more >>>" they write only when the story has a link: where it
// has none, the story's last paragraph of summary is given the marker
// back, so that it is read as the story it is.
type htmlStory struct {
	tag    atom.Atom
	nested int  // elements of its tag open inside it
	last   int  // the line of lines its last paragraph of summary ends on; -1 for none
	marked bool // a paragraph of it has the marker
}

func (h *htmlReader) text(s string, at int, pre bool) {
	if !pre {
		lead := s != "" && isHTMLSpace(rune(s[0]))
		trail := s != "" && isHTMLSpace(rune(s[len(s)-1]))
		words := strings.Join(strings.FieldsFunc(s, isHTMLSpace), " ")
		if words == "" {
			h.space()
			return
		}
		if lead {
			h.space()
		}
		s = words
		if trail {
			s += " "
		}
	}
	if strings.TrimSpace(h.para.String()) == "" {
		h.paraAt = at
	}
	h.para.WriteString(s)
}

// space writes a space in the paragraph, unless it is empty or ends in
// one, or in a line end: a browser shows one space for all.
func (h *htmlReader) space() {
	if s := h.para.String(); s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\n") {
		h.para.WriteByte(' ')
	}
}

// isHTMLSpace is HTML's white space, which a browser collapses; a
// no-break space is text.
func isHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

func (h *htmlReader) start(tok html.Token, at int, selfClosing bool) {
	a := tok.DataAtom
	if a == atom.Table {
		// Counted, hidden or not, as surveyPage counts them.
		h.tables = append(h.tables, h.tablesSeen < len(h.dataTables) && h.dataTables[h.tablesSeen])
		h.tablesSeen++
	}
	if h.hidden.start(tok, selfClosing) {
		return
	}
	if a == atom.Main && h.mainOnly && !selfClosing {
		h.flush()
		h.inMain++
		return
	}
	if !h.inContent() || h.inDataTable() && h.dataTableStart(a, at) {
		return
	}
	switch {
	case a == atom.Br:
		h.para.WriteByte('\n')
	case a == atom.A:
		h.href, h.anchorAt = attr(tok, "href"), h.para.Len()
		if page, ok := waybackOriginal(h.href); ok {
			h.href = page
			if h.waybackAt == 0 {
				h.waybackAt = at
			}
		}
	case a == atom.Hr:
		// A horizontal rule is the text's row of asterisks (isRule), a
		// paragraph of its own: over a heading it rules off its section,
		// after a story it ends it, over the footer it is the footer's.
		h.flush()
		h.paraAt, h.block = at, ""
		h.para.WriteString(digest.SectionRule)
		h.flush()
	case htmlBlocks[a]:
		h.flush()
		h.paraAt = at
		h.block = attr(tok, "class")
		if a == atom.Pre {
			h.pre++
		}
		switch {
		case h.story != nil && a == h.story.tag:
			h.story.nested++
		case h.story == nil && hasClass(tok, "story"):
			h.story = &htmlStory{tag: a, last: -1}
		}
	}
}

// inDataTable reports whether the innermost table open is a data table.
func (h *htmlReader) inDataTable() bool { return len(h.tables) > 0 && h.tables[len(h.tables)-1] }

// dataTableStart reads the start of element a in a data table (a row
// starts a line, a cell after the first a " | "; a block in a cell, or a
// line break, is a space), and reports whether it did; a link and the
// rest are read as anywhere else.
func (h *htmlReader) dataTableStart(a atom.Atom, at int) bool {
	switch {
	case a == atom.Table:
		h.flush()
		h.paraAt, h.block, h.rows = at, "", 0
	case a == atom.Tr:
		if h.rows == 0 {
			h.flush() // a caption above, if any
			h.paraAt = at
		} else {
			h.para.WriteByte('\n')
		}
		h.rows++
		h.cells = 0
	case a == atom.Td || a == atom.Th:
		if h.cells > 0 {
			h.space()
			h.para.WriteString("| ")
		}
		h.cells++
	case a == atom.Caption:
		return false
	case htmlBlocks[a] || a == atom.Br:
		h.space()
	default:
		return false
	}
	return true
}

// endStory gives the story that ends the marker it lacks (htmlStory).
func (h *htmlReader) endStory() {
	st := h.story
	h.story = nil
	if !st.marked && st.last >= 0 {
		h.lines[st.last] += " Read more >>>"
	}
}

func hasClass(tok html.Token, class string) bool {
	return slices.Contains(strings.Fields(attr(tok, "class")), class)
}

func (h *htmlReader) end(tok html.Token) {
	a := tok.DataAtom
	data := h.inDataTable()
	if a == atom.Table && len(h.tables) > 0 {
		h.tables = h.tables[:len(h.tables)-1] // hidden or not, as surveyPage ends them
	}
	if h.hidden.any() {
		h.hidden.end(a)
		if h.hidden.any() || !htmlBlocks[a] {
			return
		}
	}
	if a == atom.Main && h.mainOnly && h.inMain > 0 {
		h.flush()
		h.inMain--
		return
	}
	if !h.inContent() || data && a != atom.Table && a != atom.Caption && htmlBlocks[a] {
		return // a data table's row or cell, or a block in a cell, goes on
	}
	switch {
	case a == atom.A:
		h.closeLink()
	case htmlBlocks[a]:
		if a == atom.Pre && h.pre > 0 {
			h.pre--
		}
		h.flush()
		if st := h.story; st != nil && a == st.tag {
			if st.nested > 0 {
				st.nested--
			} else {
				h.endStory()
			}
		}
	}
}

// closeLink writes the open link's target after its text, as htmlText
// says.
func (h *htmlReader) closeLink() {
	href := strings.TrimSpace(h.href)
	h.href = ""
	if bareLink(href) == "" || !strings.Contains(href, "://") {
		return // mailto:, a place on the page, a script
	}
	all := h.para.String()
	label := strings.TrimSpace(all[min(h.anchorAt, len(all)):])
	switch {
	case label == "" || strings.TrimRight(label, "/") == strings.TrimRight(href, "/"):
		return
	case strings.TrimSpace(all[:min(h.anchorAt, len(all))]) == "":
		// The paragraph so far is this link: a linked headline, whose
		// link goes under it when no text follows (flush).
		h.blockLink, h.blockLinkEnd = href, h.para.Len()
		return
	}
	if _, _, more := readMore(label); more {
		h.para.WriteString(" " + href)
		return
	}
	h.para.WriteString(" <" + href + ">")
}

// flush ends the paragraph being read.
func (h *htmlReader) flush() {
	text := h.para.String()
	h.para.Reset()
	linked := ""
	if link, end := h.blockLink, h.blockLinkEnd; link != "" {
		h.blockLink = ""
		if strings.TrimSpace(text[end:]) == "" {
			linked = link
		} else {
			text = text[:end] + " <" + link + ">" + text[end:]
		}
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" || len(lines) > 0 {
			lines = append(lines, l)
		}
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return
	}
	for i, l := range lines {
		if h.pending == "" {
			break
		}
		if _, links, more := readMoreLinks(l); more {
			switch {
			case len(links) == 0:
				lines[i] = l + " " + h.pending
				h.pending = ""
			case links[0] == h.pending:
				h.pending = "" // the headline's link is the story's
			}
		}
	}
	// A story's source goes right under its summary, as the text has it
	// ("Source: BBC News"); any other paragraph after a blank line.
	source := h.story != nil && h.block == "source" && h.story.last == len(h.lines)-1
	if n := len(h.lines); n > 0 && h.lines[n-1] != "" && !source {
		h.lines = append(h.lines, "")
	}
	for len(h.lines) < h.paraAt-1 && !source {
		h.lines = append(h.lines, "")
	}
	h.lines = append(h.lines, lines...)
	if st := h.story; st != nil && h.block == "" && linked == "" {
		// A paragraph of summary (a source, or the headline with its
		// link, is of a class of its own, or one link).
		st.last = len(h.lines) - 1
		for _, l := range lines {
			_, _, more := readMore(l)
			st.marked = st.marked || more
		}
	}
	if linked != "" {
		h.settle()
		h.pending, h.pendingAt = linked, len(h.lines)-1
	}
}

// settle writes the pending link after its paragraph's text, in angle
// brackets, when no story took it.
func (h *htmlReader) settle() {
	if h.pending != "" {
		h.lines[h.pendingAt] += " <" + h.pending + ">"
		h.pending = ""
	}
}

// hiddenElements are the open elements of a page a reader does not see
// (htmlHidden, hiddenByStyle), the one that hides them first: htmlText
// reads no text of them, and surveyPage counts none as a cell's.
type hiddenElements []atom.Atom

func (h hiddenElements) any() bool { return len(h) > 0 }

// start reads the start of an element, and reports whether it is hidden,
// or in one that is.
func (h *hiddenElements) start(tok html.Token, selfClosing bool) bool {
	a := tok.DataAtom
	if a == atom.Body {
		*h = nil // the head ends here, closed or not
	}
	if !h.any() && !htmlHidden[a] && !hiddenByStyle(tok) {
		return false
	}
	if !selfClosing && !htmlVoid[a] {
		*h = append(*h, a)
	}
	return true
}

// end reads the end of element a: of the element that hid the text, or
// of one it was left open in ("<td><span style=display:none>…</td>").
func (h *hiddenElements) end(a atom.Atom) {
	if !h.any() {
		return
	}
	if at := slices.Index(*h, a); at >= 0 {
		*h = (*h)[:at]
	} else if root := (*h)[0]; htmlBlocks[a] && !htmlBlocks[root] && !htmlHidden[root] {
		*h = nil // a hidden span can hold no block: it ends with the block it is in
	}
}

// hiddenByStyle reports whether an element is hidden from its reader: a
// mailing's preview text ("display:none"), or the hidden attribute.
func hiddenByStyle(tok html.Token) bool {
	if hasClass(tok, "number") {
		return true // this newsletter's "Edition 4", which the store gives afresh
	}
	style := strings.ToLower(strings.ReplaceAll(attr(tok, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	for _, a := range tok.Attr {
		if a.Key == "hidden" {
			return true
		}
	}
	return false
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// readHTML reads data, an HTML page, as its text (htmlText), with a
// warning that says so. A page that is not UTF-8 is read in the charset
// it declares (pageCharset), as a browser reads it: Word's and Outlook's
// "Save as web page" and old sites declare windows-1252, iso-8859-1,
// iso-8859-15 or macintosh. A page that declares none, one not known, or
// UTF-8 though it is not, is read as Windows-1252, as browsers read a page
// in English. Either way the lines that are UTF-8 are kept as they are
// (decodeLinesAs), and a warning at the first line that is not says how
// the page was read. A UTF-16 page was decoded by decodePart, at its
// byte-order mark, before it is known to be HTML: it is UTF-8 here.
func readHTML(data []byte, warnings []Warning) ([]byte, []Warning) {
	if !utf8.Valid(data) {
		at := bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n")) + 1
		label, metaAt := pageCharset(data)
		enc, name := charset.Lookup(label)
		var msg string
		switch {
		case label == "":
			enc, msg = charmap.Windows1252, "the page is not UTF-8 and declares no charset; read it as Windows-1252 (check the accents and quotes on this line)"
		case enc == nil || name == "replacement":
			// "replacement" is the WHATWG's name for charsets a browser
			// refuses to read (ISO-2022-KR, HZ): it would give "�" alone.
			enc, msg = charmap.Windows1252, fmt.Sprintf("the page is not UTF-8 and the charset it declares on line %d, %q, is not one it can be read in; read it as Windows-1252 (check the accents and quotes on this line)", metaAt, label)
		case name == "utf-8" || strings.HasPrefix(name, "utf-16"):
			// A page in UTF-16 was decoded at its byte-order mark: one
			// that says so here is 8-bit text, as a browser reads it.
			enc, msg = charmap.Windows1252, fmt.Sprintf("the page says on line %d it is %s, but this line is not; the lines that are not UTF-8 were read as Windows-1252 (check their accents and quotes)", metaAt, label)
		default:
			msg = fmt.Sprintf("the page is not UTF-8; read it as %s, the charset it declares on line %d (check the accents and quotes on this line)", name, metaAt)
		}
		if decoded, _, err := decodeLinesAs(data, enc); err == nil {
			warnings = append(warnings, Warning{Line: at, Msg: msg})
			data = decoded
		}
	}
	warnings = append(warnings, Warning{Line: 1, Msg: "the file is an HTML page; read as the text it shows, a paragraph for each block, each link after its text"})
	text, waybackAt := htmlText(data)
	if waybackAt > 0 {
		warnings = append(warnings, Warning{Line: waybackAt, Msg: "the page was saved from the Wayback Machine, which points its links at its own copies of the pages (https://web.archive.org/web/…); " +
			"each is read as the page it copied, the link the edition had"})
	}
	return []byte(text), warnings
}

// pageCharset returns the charset an HTML page declares (its first <meta
// charset>, or <meta http-equiv="Content-Type"> with a charset in its
// content), as written, and the line it is on; "" for none. A browser
// takes a declaration after the page's first 1024 bytes too, and one in
// its body (it parses the page again when it meets one), as Word's pages
// and old sites write it after long styles or scripts, and a mail's HTML
// pasted as a fragment in a <div>: the whole page is read, not
// charset.DetermineEncoding's first 1024 bytes.
func pageCharset(data []byte) (label string, line int) {
	z := html.NewTokenizer(bytes.NewReader(data))
	at := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return "", 0
		}
		raw := z.Raw()
		tagAt := at
		at += bytes.Count(raw, []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.DataAtom == atom.Meta {
			if cs := strings.TrimSpace(attr(tok, "charset")); cs != "" {
				return cs, tagAt
			}
			if strings.EqualFold(strings.TrimSpace(attr(tok, "http-equiv")), "content-type") {
				if _, params, err := mime.ParseMediaType(attr(tok, "content")); err == nil && params["charset"] != "" {
					return params["charset"], tagAt
				}
			}
		}
	}
}
