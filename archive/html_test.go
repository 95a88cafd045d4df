package archive_test

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// paragraphs are a file's paragraphs, each its lines, trimmed.
func paragraphs(b []byte) [][]string {
	var out [][]string
	for _, p := range strings.Split(string(b), "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, strings.TrimSpace(l))
			}
		}
		if len(lines) > 0 {
			out = append(out, lines)
		}
	}
	return out
}

// htmlPages are the real digests as mail programs and mailing services
// write them in HTML, by name: Outlook's "Save as web page" (a paragraph
// for each line, "&nbsp;" after full stops and in the empty paragraphs
// between, styled spans), a mail's HTML with "<br>" for every line end
// and "<font>", and a mailing service's page (layout tables, hidden
// preview text, headlines as linked "<h3>", the story's "Read more"
// linked to the same page). n numbers the stories' links.
func htmlPages() map[string]func(b []byte) []byte {
	esc := html.EscapeString
	return map[string]func([]byte) []byte{
		"outlook": func(b []byte) []byte {
			var s strings.Builder
			s.WriteString("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\n<title>News</title>\n<style>\n<!-- p.MsoNormal {margin:0cm;} -->\n</style>\n</head>\n<body lang=EN-GB>\n<div class=WordSection1>\n")
			for _, p := range paragraphs(b) {
				for _, l := range p {
					s.WriteString("<p class=MsoNormal><span style='font-size:11.0pt;font-family:\"Calibri\",sans-serif'>" + strings.ReplaceAll(esc(l), ". ", ".&nbsp; ") + "<o:p></o:p></span></p>\n")
				}
				s.WriteString("<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n")
			}
			return []byte(s.String() + "</div>\n</body>\n</html>\n")
		},
		"br": func(b []byte) []byte {
			return []byte("<html><body><div style=\"font-family: Arial\"><font face=Arial size=2>\n" + strings.ReplaceAll(esc(string(b)), "\n", "<br>\n") + "</font></div></body></html>")
		},
		"mailing": func(b []byte) []byte {
			var s strings.Builder
			s.WriteString("<!doctype html>\n<html><head><meta charset=\"UTF-8\"><title>News Summary</title></head><body>" +
				"<span class=\"mcnPreviewText\" style=\"display:none; font-size:0px;\">A busy week</span>" +
				"<center><table border=0 width=100%><tr><td align=center valign=top><table><tr><td class=mcnTextContent>\n")
			n := 0
			ps := paragraphs(b)
			for i, p := range ps {
				if len(p) == 1 && i+1 < len(ps) && len(ps[i+1]) == 1 && strings.HasSuffix(ps[i+1][0], "Read more >>>") {
					n++
					fmt.Fprintf(&s, "<h3><a href=\"https://example.org/s/%d\" target=\"_blank\">%s</a></h3>\n", n, esc(p[0]))
					continue
				}
				if len(p) == 2 && strings.HasSuffix(p[1], "Read more >>>") { // headline and summary in one paragraph
					n++
					fmt.Fprintf(&s, "<h3><a href=\"https://example.org/s/%d\" target=\"_blank\">%s</a></h3>\n", n, esc(p[0]))
					p = p[1:]
				}
				s.WriteString("<p style=\"margin:10px 0\">")
				for j, l := range p {
					if j > 0 {
						s.WriteString("<br>\n")
					}
					if before, ok := strings.CutSuffix(l, "Read more >>>"); ok {
						fmt.Fprintf(&s, "%s<a href=\"https://example.org/s/%d\">Read more &gt;&gt;&gt;</a>", esc(before), n)
						continue
					}
					s.WriteString(esc(l))
				}
				s.WriteString("</p>\n")
			}
			return []byte(s.String() + "</td></tr></table></td></tr></table></center></body></html>")
		},
	}
}

// TestHTMLPagesOfRealDigests reads the real digests kept as HTML pages
// (htmlPages), and as the HTML part alone of a mail, or a mail's HTML part
// first and its text after. Before, each was refused ("this is an HTML
// page, not plain text"), and a mail with HTML alone as having no text.
// Each must read as the original does, render back to the text the page
// shows, and keep none of its markup; a mailing's linked headline gives
// its story its link.
func TestHTMLPagesOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	forms := htmlPages()
	forms["mail"] = func(b []byte) []byte {
		return []byte(mailHeader + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + toQP(t, forms["outlook"](b)))
	}
	forms["mail, html first"] = func(b []byte) []byte {
		return []byte(mailHeader + "Content-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
			string(forms["mailing"](b)) + "\r\n--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + string(b) + "\r\n--b2--\r\n")
	}
	forms["windows-1252"] = func(b []byte) []byte {
		return toCP1252(t, bytes.Replace(forms["outlook"](b), []byte("charset=utf-8"), []byte("charset=windows-1252"), 1))
	}
	for form, page := range forms {
		for name, data := range files {
			want := parseReal(t, name, data)
			if form == "windows-1252" {
				want = parseReal(t, name, bytes.ReplaceAll(data, []byte("™"), []byte("(TM)")))
			}
			checkVariant(t, form, name, page(data), want)
			got, err := parser(t).ParseFile(name, bytes.NewReader(page(data)))
			if err != nil {
				continue // checkVariant said so
			}
			n := 0
			for _, e := range got.Editions {
				text := digest.RenderText(e.Edition())
				for _, markup := range []string{"<", "&nbsp;", "&gt;", "mcnPreviewText", "A busy week", "MsoNormal"} {
					if strings.Contains(text, markup) {
						t.Errorf("%s %s keeps %q: %s", form, name, markup, clipAround(text, markup))
					}
				}
				if form != "mailing" {
					continue
				}
				for _, s := range e.Sections {
					for _, st := range s.Stories {
						n++
						if want := fmt.Sprintf("https://example.org/s/%d", n); st.Link != want {
							t.Errorf("%s %s: %q has link %q, want %q", form, name, st.Headline, st.Link, want)
						}
					}
				}
			}
		}
	}
}

// TestHTMLHiddenElementsEnd: what hides text hides it only until it ends,
// however the page writes it: a hidden element with no end tag ("<hr
// style=display:none>", "<input hidden>"), one left open and ended by its
// cell's end, a head with no end tag before the body. Before, the rest of
// such a page was hidden, and the edition refused as empty or lost.
func TestHTMLHiddenElementsEnd(t *testing.T) {
	data := realDigestFiles(t)["2014-07-10-newsletter.txt"]
	body := strings.ReplaceAll(html.EscapeString(string(data)), "\n", "<br>\n")
	for name, page := range map[string]string{
		"hidden rule":       "<html><body><hr style=\"display:none\"><div>" + body + "</div></body></html>",
		"hidden input":      "<html><body><input type=hidden hidden><div>" + body + "</div></body></html>",
		"unclosed in cell":  "<html><body><table><tr><td><span style=\"display:none\">preview</td><td>" + body + "</td></tr></table></body></html>",
		"head without end":  "<html><head><title>News</title><meta charset=utf-8>\n<body>" + body + "</body></html>",
		"hidden void first": "<html><body><img src=x.png style=\"display:none\"><col hidden>" + body + "</body></html>",
	} {
		checkVariant(t, name, "2014-07-10-newsletter.txt", []byte(page), parseReal(t, "2014-07-10-newsletter.txt", data))
	}
}

// TestHTMLNavigationIsNoText: a page saved from a site (the web archive's
// own edition page, a mailing service's archive) has navigation and the
// site's own header and footer around the edition: the site's links
// before it and "← Edition 4" after it, which were read as text, the last
// kept as the edition's footer. A <nav> is read as nothing, as a reader
// reads past it, and a page with a <main> is read for its main content.
func TestHTMLNavigationIsNoText(t *testing.T) {
	data := realDigestFiles(t)["2014-07-10-newsletter.txt"]
	body := strings.ReplaceAll(html.EscapeString(string(data)), "\n", "<br>\n")
	nav := `<nav aria-label="Site"><a href="https://news.example.org/">Shared News</a> <a href="https://news.example.org/editions">Editions</a></nav>`
	pager := `<nav class="pager" aria-label="Other editions"><a href="https://news.example.org/editions/3">← Edition 3</a> <a href="https://news.example.org/editions/5">Edition 5 →</a></nav>`
	for name, page := range map[string]string{
		"nav around": "<html><body>" + nav + "<main><div>" + body + "</div>" + pager + "</main></body></html>",
		"site around main": "<html><body><a href=#content>Skip to main content</a><header>Shared News</header>" + nav +
			"<main id=content><div>" + body + "</div></main><footer>Shared News: a weekly digest <a href=\"https://news.example.org/feed.atom\">Feed</a></footer></body></html>",
		"nav inside": "<html><body><div>" + nav + body + pager + "</div></body></html>",
	} {
		want := parseReal(t, "2014-07-10-newsletter.txt", data)
		checkVariant(t, name, "2014-07-10-newsletter.txt", []byte(page), want)
		got, err := parser(t).ParseFile("2014-07-10-newsletter.html", strings.NewReader(page))
		if err != nil || len(got.Editions) != 1 {
			t.Fatalf("%s: %v, %d editions", name, err, len(got.Editions))
		}
		if e := got.Editions[0]; e.Footer != want.Editions[0].Footer || e.Intro != want.Editions[0].Intro {
			t.Errorf("%s: footer %q and intro %q, want %q and %q", name, e.Footer, e.Intro, want.Editions[0].Footer, want.Editions[0].Intro)
		}
		for _, w := range append(got.Warnings, got.Editions[0].Warnings...) {
			if strings.Contains(w.Msg, "Edition 3") || strings.Contains(w.Msg, "Shared News") || strings.Contains(w.Msg, "Skip to") {
				t.Errorf("%s: the navigation is read as text: %s", name, w.Msg)
			}
		}
	}
}

// TestHTMLPagesInTheCharsetTheyDeclare reads the real digests saved as web
// pages in the charset the page declares, as Word's "Save as web page",
// Outlook and old CMSs write them: ISO-8859-15 (its "€" where
// Windows-1252 has "¤") in a <meta charset>, Mac Roman in an http-equiv
// Content-Type, ISO-8859-1 with the characters it lacks as character
// references, a declaration after a long <style> or in the body (a
// mail's HTML pasted as a fragment), UTF-16 with its
// byte-order mark. Before, every page that was not UTF-8 was read as
// Windows-1252 whatever it said ("¤5m", "Õ" for "’").
func TestHTMLPagesInTheCharsetTheyDeclare(t *testing.T) {
	files := realDigestFiles(t)
	outlook := htmlPages()["outlook"]
	euro := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("£"), []byte("€")) }
	declare := func(b []byte, meta string) []byte {
		return bytes.Replace(outlook(b), []byte("<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"), []byte(meta), 1)
	}
	encode := func(e encoding.Encoding, b []byte) []byte {
		out, err := encoding.HTMLEscapeUnsupported(e.NewEncoder()).Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name string
		text func([]byte) []byte // the edition as the page says it
		page func([]byte) []byte
	}{
		{"iso-8859-15", euro, func(b []byte) []byte {
			return encode(charmap.ISO8859_15, declare(b, `<meta charset="ISO-8859-15">`))
		}},
		{"macintosh", nil, func(b []byte) []byte {
			return encode(charmap.Macintosh, declare(b, `<meta http-equiv="Content-Type" content="text/html; charset=macintosh">`))
		}},
		{"iso-8859-1 with references", nil, func(b []byte) []byte {
			return encode(charmap.ISO8859_1, declare(b, `<meta http-equiv="content-type" content="text/html;charset=iso-8859-1">`))
		}},
		{"declared after a long style", euro, func(b []byte) []byte {
			style := "<style>\n" + strings.Repeat("p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt;}\n", 30) + "</style>\n"
			return encode(charmap.ISO8859_15, declare(b, style+`<meta charset=iso-8859-15>`))
		}},
		{"declared in the body", euro, func(b []byte) []byte {
			page := bytes.Replace(declare(b, ""), []byte("<div class=WordSection1>"), []byte("<div class=WordSection1><meta http-equiv=Content-Type content=\"text/html; charset=iso-8859-15\">"), 1)
			return encode(charmap.ISO8859_15, page)
		}},
		{"utf-16 with its byte-order mark", nil, func(b []byte) []byte {
			return encode(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), declare(b, `<meta charset="utf-16">`))
		}},
	} {
		for name, data := range files {
			text := data
			if c.text != nil {
				text = c.text(data)
			}
			checkVariant(t, c.name, name, c.page(text), parseReal(t, name, text))
			// The page in its charset reads as the same page in UTF-8.
			inUTF8, err := parser(t).ParseFile(name, bytes.NewReader(outlook(text)))
			if err != nil {
				t.Fatal(err)
			}
			checkSameText(t, c.name, name, c.page(text), inUTF8)
		}
	}
}

// checkSameText fails when an edition read from data does not render to
// the text of the one wanted, character for character.
func checkSameText(t *testing.T, vname, name string, data []byte, want archive.File) {
	t.Helper()
	got, err := parser(t).ParseFile(name, bytes.NewReader(data))
	if err != nil || len(got.Editions) != len(want.Editions) {
		return // checkVariant says so
	}
	for i, e := range got.Editions {
		g, w := digest.RenderText(e.Edition()), digest.RenderText(want.Editions[i].Edition())
		if g == w {
			continue
		}
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		for k := range min(len(gl), len(wl)) {
			if gl[k] != wl[k] {
				t.Errorf("%s %s %s: line %d of its text is %q, want %q", vname, name, digest.DateLine(e.Date), k+1, clipped(gl[k]), clipped(wl[k]))
				break
			}
		}
	}
}

// TestHTMLPageCharsetWarnings: how a page that is not UTF-8 was read is
// said at the first line that is not, naming the line of the declaration
// it followed or could not.
func TestHTMLPageCharsetWarnings(t *testing.T) {
	data := realDigestFiles(t)["2014-07-10-newsletter.txt"]
	body := strings.ReplaceAll(html.EscapeString(string(data)), "\n", "<br>\n")
	firstQuote := strings.Count(body[:strings.Index(body, "’")], "\n") + 4 // the line of the first "’" in the page below
	for _, c := range []struct{ meta, want string }{
		{`<meta charset="iso-8859-15">`, "read it as iso-8859-15, the charset it declares on line 2"},
		{`<meta charset="x-klingon">`, `the charset it declares on line 2, "x-klingon", is not one it can be read in; read it as Windows-1252`},
		{`<meta charset="iso-2022-kr">`, `the charset it declares on line 2, "iso-2022-kr", is not one it can be read in; read it as Windows-1252`},
		{`<meta charset="utf-8">`, "the page says on line 2 it is utf-8, but this line is not"},
		{`<meta charset="UTF-16">`, "the page says on line 2 it is UTF-16, but this line is not"},
		{``, "declares no charset; read it as Windows-1252"},
	} {
		page := toCP1252(t, []byte("<html><head>\n"+c.meta+"\n</head><body>\n"+body+"</body></html>"))
		got, err := parser(t).ParseFile("2014-07-10.html", bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, w := range got.Warnings {
			found = found || w.Line == firstQuote && strings.Contains(w.Msg, c.want)
		}
		if !found {
			t.Errorf("%s: no warning at line %d saying %q in %v", c.meta, firstQuote, c.want, got.Warnings)
		}
	}
}

// TestHTMLRulesOfRealDigests reads the real digests as pages whose rows of
// asterisks are drawn as the horizontal rules a page draws: Word's and
// Outlook's "<hr size=2 width="100%" align=center>", a mail's "<hr>" among
// its "<br>" lines, a mailing's "<hr />" in its text cell. Before, an
// "<hr>" was read as nothing: the sections it ruled were read as unruled
// and rendered without the rule above their heading. Each page must read
// as the same page with the asterisks written out.
func TestHTMLRulesOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	pages := htmlPages()
	asterisks := regexp.MustCompile(`(<p[^>]*>(<span[^>]*>)?)?\*{12}(<o:p></o:p></span></p>|<br>)?`)
	for form, hr := range map[string]string{"outlook": `<hr size=2 width="100%" align=center>`, "br": "<hr>", "mailing": "<hr />"} {
		for name, data := range files {
			written := pages[form](data)
			ruled := asterisks.ReplaceAll(written, []byte(hr))
			if bytes.Contains(ruled, []byte("*****")) || bytes.Equal(ruled, written) {
				t.Fatalf("%s %s: the rows of asterisks are not all rules:\n%s", form, name, ruled)
			}
			want, err := parser(t).ParseFile(name, bytes.NewReader(written))
			if err != nil {
				t.Fatal(err)
			}
			checkVariant(t, form+" <hr>", name, ruled, want)
			checkSameText(t, form+" <hr>", name, ruled, want)
		}
	}
}

// TestHTMLDataTablesOfRealDigests reads the real digests as pages with a
// table of figures in their first story, as Word writes one (a cell's
// text in its own <p>, bold headings), as a mailing service writes one
// inside its layout tables (<thead>, <th>), and among a mail's "<br>"
// lines. Before, each cell was read as a paragraph of its own, a column
// of words under the story. A data table (two rows or more of two cells
// or more, no table inside it) is read a row to a line, its cells
// separated by " | ", as the same edition written so in text reads; the
// layout tables around it read as before.
func TestHTMLDataTablesOfRealDigests(t *testing.T) {
	rows := [][]string{{"Council", "Saving", "Year"}, {"Cheltenham", "£5m", "2015"}, {"Cotswolds", "£2.4m", ""}, {"Forest of Dean", "£1m", "2016"}}
	var lines []string
	for _, r := range rows {
		lines = append(lines, strings.TrimSpace(strings.Join(r, " | ")))
	}
	build := func(open, close string, cell func(r, c int, s string) string, head bool) string {
		var b strings.Builder
		b.WriteString(open)
		for r, row := range rows {
			if head && r == 1 {
				b.WriteString("</thead><tbody>\n")
			}
			b.WriteString(" <tr>\n")
			for c, s := range row {
				b.WriteString("  " + cell(r, c, html.EscapeString(s)) + "\n")
			}
			b.WriteString(" </tr>\n")
		}
		if head {
			b.WriteString("</tbody>")
		}
		return b.String() + close
	}
	forms := map[string]string{
		"outlook": build("<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>\n", "</table>\n",
			func(r, c int, s string) string {
				if r == 0 {
					s = "<b>" + s + "</b>"
				}
				return "<td width=200 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>\n  <p class=MsoNormal><span style='font-size:11.0pt'>" + s + "<o:p></o:p></span></p>\n  </td>"
			}, false),
		"mailing": build("<table class=\"figures\" width=\"100%\"><thead>\n", "</table>\n",
			func(r, c int, s string) string {
				if r == 0 {
					return "<th align=left>" + s + "</th>"
				}
				return "<td>" + s + "</td>"
			}, true),
		"br": build("<table>", "</table>", func(r, c int, s string) string { return "<td>" + s + "</td>" }, false),
	}
	pages := htmlPages()
	for form, tableHTML := range forms {
		for name, data := range realDigestFiles(t) {
			page := pages[form](data)
			at := bytes.Index(page, []byte("Read more &gt;&gt;&gt;"))
			at += bytes.IndexByte(page[at:], '\n') + 1
			page = append(page[:at:at], append([]byte(tableHTML), page[at:]...)...)
			text := bytes.Replace(data, []byte("Read more >>>\n"), []byte("Read more >>>\n\n"+strings.Join(lines, "\n")+"\n"), 1)
			checkVariant(t, form+" table", name, page, parseReal(t, name, text))
			if form == "br" {
				checkSameText(t, form+" table", name, page, parseReal(t, name, text))
			}
			got, err := parser(t).ParseFile(name, bytes.NewReader(page))
			if err != nil {
				continue // checkVariant said so
			}
			var rendered string
			for _, e := range got.Editions {
				rendered += digest.RenderText(e.Edition())
			}
			if !strings.Contains(rendered, "\n"+strings.Join(lines, "\n")+"\n") {
				t.Errorf("%s %s: the table is not read a row to a line:\n%s", form, name, clipAround(rendered, "Cheltenham"))
			}
		}
	}
}

// TestHTMLLayoutTablesReadAsBlocks guards the layout tables a data table
// is told from: Outlook's and Mailchimp's tables of one cell a row, and a
// grid of two cells a row (a spacer and the text) whose text is in tables
// of its own. Their cells are read as blocks, as before data tables were
// read a row to a line.
func TestHTMLLayoutTablesReadAsBlocks(t *testing.T) {
	for name, data := range realDigestFiles(t) {
		var oneCell, grid strings.Builder
		for _, p := range strings.Split(string(data), "\n\n") {
			cell := strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n")
			oneCell.WriteString("<tr><td class=\"mcnTextContent\">" + cell + "</td></tr>\n")
			grid.WriteString("<tr><td width=20>&nbsp;</td><td><table><tr><td>" + cell + "</td></tr></table></td></tr>\n")
		}
		for form, page := range map[string]string{
			"one cell a row": "<html><body><table width=600>\n" + oneCell.String() + "</table></body></html>",
			"grid of tables": "<html><body><table width=600>\n" + grid.String() + "</table></body></html>",
		} {
			checkVariant(t, form, name, []byte(page), parseReal(t, name, data))
			checkSameText(t, form, name, []byte(page), parseReal(t, name, data))
		}
	}
}

// mailingLayout is a real digest as a mailing service lays a story out
// (Mailchimp's "image + caption" and "two columns" blocks): tables of
// role="presentation" with a row a story, its image in a cell beside the
// headline and summary (image, then a spacer of "&nbsp;", then the text), or
// the headline in a cell of its own beside the summary; every other
// paragraph a row of one cell. Before, each such table of two rows or
// more was read as data, a row to a line: "Headline | Summary…".
func mailingLayout(b []byte, textColumns bool) []byte {
	esc := html.EscapeString
	var s strings.Builder
	s.WriteString("<!doctype html>\n<html><head><meta charset=\"UTF-8\"><title>News Summary</title></head><body>\n" +
		"<table role=\"presentation\" border=\"0\" cellpadding=\"0\" cellspacing=\"0\" width=\"100%\"><tr><td align=\"center\">\n")
	stories := false // a table of stories is open
	closeStories := func() {
		if stories {
			s.WriteString("</table>\n")
			stories = false
		}
	}
	ps := paragraphs(b)
	n := 0
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		headline, summary := "", ""
		switch {
		case len(p) == 1 && i+1 < len(ps) && len(ps[i+1]) == 1 && strings.HasSuffix(ps[i+1][0], "Read more >>>"):
			headline, summary = p[0], ps[i+1][0]
			i++
		case len(p) == 2 && strings.HasSuffix(p[1], "Read more >>>"):
			headline, summary = p[0], p[1]
		}
		if headline == "" {
			closeStories()
			s.WriteString("<table role=\"presentation\" width=\"600\"><tr><td class=\"mcnTextContent\" style=\"padding:9px 18px\">" +
				strings.Join(strings.Split(esc(strings.Join(p, "\n")), "\n"), "<br>\n") + "</td></tr></table>\n")
			continue
		}
		if !stories {
			s.WriteString("<table role=\"presentation\" class=\"mcnCaptionBlock\" width=\"600\">\n")
			stories = true
		}
		n++
		text := strings.TrimSuffix(summary, "Read more >>>")
		link := fmt.Sprintf("https://example.org/s/%d", n)
		if textColumns {
			fmt.Fprintf(&s, "<tr><td valign=\"top\" width=\"200\"><h3 class=\"mcnTextContent\"><a href=\"%s\">%s</a></h3></td>"+
				"<td valign=\"top\" width=\"380\"><p>%s<a href=\"%s\">Read more &gt;&gt;&gt;</a></p></td></tr>\n", link, esc(headline), esc(text), link)
			continue
		}
		fmt.Fprintf(&s, "<tr><td valign=\"top\" width=\"164\"><img src=\"https://example.org/i/%d.jpg\" width=\"164\" alt=\"\"></td>"+
			"<td width=\"18\">&nbsp;</td><td valign=\"top\" class=\"mcnTextContent\"><h3><a href=\"%s\">%s</a></h3>\n<p>%s<a href=\"%s\">Read more &gt;&gt;&gt;</a></p></td></tr>\n",
			n, link, esc(headline), esc(text), link)
	}
	closeStories()
	return []byte(s.String() + "</td></tr></table></body></html>")
}

// TestHTMLMailingLayoutTablesReadAsBlocks reads the real digests laid out
// as a mailing service does (mailingLayout): its tables of two columns are
// layout, whose cells are read as blocks in order, and each edition reads
// as the original does, with no " | " and a headline to each story.
func TestHTMLMailingLayoutTablesReadAsBlocks(t *testing.T) {
	for name, data := range realDigestFiles(t) {
		for form, textColumns := range map[string]bool{"image beside text": false, "headline beside summary": true} {
			page := mailingLayout(data, textColumns)
			if !bytes.Contains(page, []byte("</td><td")) {
				t.Fatalf("%s %s: no story laid out in two columns", form, name)
			}
			checkVariant(t, form, name, page, parseReal(t, name, data))
			got, err := parser(t).ParseFile(name, bytes.NewReader(page))
			if err != nil {
				continue // checkVariant said so
			}
			for _, e := range got.Editions {
				if text := digest.RenderText(e.Edition()); strings.Contains(text, " | ") {
					t.Errorf("%s %s: a layout table read as data: %s", form, name, clipAround(text, " | "))
				}
			}
		}
	}
}

// TestHTMLHiddenCellTextIsNoCellText: responsive mailings hide a copy of
// a row's text for phones ("display:none; mso-hide:all"), in a cell of
// its own or in a span in a cell, and mailing services a preview
// (preheader) so. A reader sees one cell a row, a layout table; but the
// survey counted the hidden text as a cell's, and read the table of the
// date line and title, rows of two cells of short text, as data: a row
// to a line of one paragraph. Hidden text is no cell's text, as it is no
// block's.
func TestHTMLHiddenCellTextIsNoCellText(t *testing.T) {
	for name, data := range realDigestFiles(t) {
		paras := strings.Split(string(data), "\n\n")
		cell := func(p string) string { return strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") }
		header := paras[:2] // the date line and the title
		if !strings.HasPrefix(header[1], "News Summary") {
			t.Fatalf("%s starts otherwise: %q", name, header)
		}
		var body strings.Builder
		for _, p := range paras[2:] {
			body.WriteString("<tr><td class=\"mcnTextContent\">" + cell(p) + "</td></tr>\n")
		}
		var hiddenCell, hiddenSpan strings.Builder
		for i, l := range header {
			copy := "A busy week: three stories"
			if i > 0 {
				copy = html.EscapeString(l)
			}
			hiddenCell.WriteString("<tr><td class=\"mobile\" style=\"display:none; max-height:0; overflow:hidden; mso-hide:all\">" + copy +
				"</td><td class=\"mcnTextContent\">" + cell(l) + "</td></tr>\n")
			hiddenSpan.WriteString("<tr><td><span class=\"preheader\" style=\"display:none;mso-hide:all\">" + copy + "</td><td class=\"mcnTextContent\">" + cell(l) + "</td></tr>\n")
		}
		for form, header := range map[string]string{"hidden cell": hiddenCell.String(), "hidden span in cell": hiddenSpan.String()} {
			page := "<html><body><table width=600>\n" + header + "</table>\n<table width=600>\n" + body.String() + "</table></body></html>"
			checkVariant(t, form, name, []byte(page), parseReal(t, name, data))
			checkSameText(t, form, name, []byte(page), parseReal(t, name, data))
		}
	}
}

// TestHTMLPageSavedFromTheWaybackMachine reads the real digests as a
// blog's page kept by the Wayback Machine: its toolbar, the site's
// navigation and sidebar around the edition, and every link rewritten to
// the archive's copy ("https://web.archive.org/web/20140715093000/http://…",
// "…/20140715093000id_/https://…"). Before, each story was stored linked
// to the archive's copy, not to the page the edition linked to, so the
// same story imported from a mail was another story. Each must read as
// the original does, each story linked to its own page, with a warning
// at the first link that says so.
func TestHTMLPageSavedFromTheWaybackMachine(t *testing.T) {
	const original = "http://www.example.org/s/%d"
	for name, data := range realDigestFiles(t) {
		var s strings.Builder
		s.WriteString("<!DOCTYPE html>\n<html><head><title>News Summary | Shared Service Architecture</title></head><body>\n" +
			"<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<div id=\"wm-ipp-base\" style=\"display:none\"></div>\n<!-- END WAYBACK TOOLBAR INSERT -->\n" +
			"<ul class=\"nav\"><li><a href=\"/web/20140715093000/http://www.sharedservicearchitecture.co.uk/about\">About</a></li></ul>\n<div class=\"post\">\n")
		n := 0
		for _, p := range paragraphs(data) {
			s.WriteString("<p>")
			for j, l := range p {
				if j > 0 {
					s.WriteString("<br />\n")
				}
				if before, ok := strings.CutSuffix(l, "Read more >>>"); ok {
					n++
					capture := "20140715093000"
					if n%2 == 0 {
						capture += "id_"
					}
					fmt.Fprintf(&s, "%s<a href=\"https://web.archive.org/web/%s/"+original+"\">Read more &gt;&gt;&gt;</a>", html.EscapeString(before), capture, n)
					continue
				}
				s.WriteString(html.EscapeString(l))
			}
			s.WriteString("</p>\n")
		}
		s.WriteString("</div>\n</body></html>\n")
		page := []byte(s.String())
		checkVariant(t, "wayback", name, page, parseReal(t, name, data))
		got, err := parser(t).ParseFile(name, bytes.NewReader(page))
		if err != nil {
			continue // checkVariant said so
		}
		seen := 0
		for _, e := range got.Editions {
			for _, st := range e.Edition().Stories() {
				seen++
				if want := fmt.Sprintf(original, seen); st.URL != want {
					t.Errorf("%s: %q stored with %q, want %q", name, st.Headline, st.URL, want)
				}
			}
		}
		first := bytes.Count(page[:bytes.Index(page, []byte("https://web.archive.org/"))], []byte("\n")) + 1
		if !slices.ContainsFunc(got.Warnings, func(w archive.Warning) bool { return w.Line == first && strings.Contains(w.Msg, "Wayback Machine") }) {
			t.Errorf("%s: no warning at line %d that the links were the Wayback Machine's: %v", name, first, got.Warnings)
		}
	}
}
