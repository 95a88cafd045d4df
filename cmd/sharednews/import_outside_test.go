package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// The outside check of import writes the real editions not line by line
// as archivetest.Catalogue rewrites their text, but as the containers a
// council's comms officer kept them in over years: pasted from Outlook,
// saved as mail, exported from Word or Google Docs, copied from Slack,
// kept in Markdown. Each form is written from the original file's lines
// by code of its own here, so that a mistake the reader and the
// catalogue share does not hide.

// outsideLink is the address the nth story of a file (in the order of
// the file, from 1) is given in the forms that carry links.
func outsideLink(file string, n int) string {
	return fmt.Sprintf("https://example.org/%s/story-%d", strings.TrimSuffix(file, ".txt"), n)
}

// readMoreAtEnd is the marker that ends a story's summary in the
// original files.
var readMoreAtEnd = regexp.MustCompile(`\s*Read more >>>\s*$`)

// outsideLine is one line of an original file, with what the writers of
// the forms need to know about it.
type outsideLine struct {
	text     string
	date     bool   // an edition's date line
	heading  bool   // a section's heading
	headline bool   // a story's headline
	link     string // the story's address, on a line that ends a summary
}

// outsideLines reads an original file's lines and marks them from its
// parse: which lines are headings and headlines, and which end a story.
func outsideLines(file, text string, f archive.File) []outsideLine {
	headings, headlines, dates := map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, e := range f.Editions {
		dates[e.Line] = true
		for _, st := range e.Lead {
			headlines[st.Line] = true
		}
		for _, s := range e.Sections {
			headings[s.Line] = true
			for _, st := range s.Stories {
				headlines[st.Line] = true
			}
		}
	}
	var out []outsideLine
	n := 0
	for i, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		ol := outsideLine{text: l, date: dates[i+1], heading: headings[i+1], headline: headlines[i+1]}
		if readMoreAtEnd.MatchString(l) {
			n++
			ol.link = outsideLink(file, n)
			ol.text = readMoreAtEnd.ReplaceAllString(l, "")
		}
		out = append(out, ol)
	}
	return out
}

// paragraphs groups lines into runs of lines that are not blank.
func paragraphs(ls []outsideLine) [][]outsideLine {
	var ps [][]outsideLine
	var p []outsideLine
	for _, l := range ls {
		if strings.TrimSpace(l.text) == "" {
			if p != nil {
				ps = append(ps, p)
				p = nil
			}
			continue
		}
		p = append(p, l)
	}
	if p != nil {
		ps = append(ps, p)
	}
	return ps
}

// outlookEntities writes text as Outlook's HTML does: its marks as named
// entities and a run of spaces with &nbsp;.
func outlookEntities(s string) string {
	s = strings.NewReplacer("’", "&rsquo;", "‘", "&lsquo;", "“", "&ldquo;", "”", "&rdquo;", "£", "&pound;", "…", "&#8230;", "é", "&eacute;", "–", "&#8211;").
		Replace(html.EscapeString(s))
	return strings.ReplaceAll(s, "  ", "&nbsp; ")
}

// wrapSource breaks HTML source at spaces near 76 columns, as Outlook
// and Word write it: the breaks are spaces to a browser.
func wrapSource(s string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Split(s, " ") {
		if i > 0 {
			if col+1+len(w) > 76 {
				b.WriteString("\n")
				col = 0
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// outlookHTML is the file pasted from Outlook into an HTML file: each
// paragraph a <p class=MsoNormal>, its lines joined by soft line breaks
// (<br>), empty paragraphs between them, "Read more >>>" a link.
func outlookHTML(ls []outsideLine) string {
	var b strings.Builder
	b.WriteString("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">\n" +
		"<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:\"Calibri\",sans-serif;} --></style>\n</head>\n<body lang=EN-GB link=\"#0563C1\">\n<div class=WordSection1>\n")
	for _, p := range paragraphs(ls) {
		var parts []string
		for _, l := range p {
			s := outlookEntities(l.text)
			if l.link != "" {
				s += ` <a href="` + l.link + `">Read more &gt;&gt;&gt;</a>`
			}
			parts = append(parts, s)
		}
		b.WriteString(wrapSource("<p class=MsoNormal>"+strings.Join(parts, "<br>\n")+"<o:p></o:p></p>") + "\n")
		b.WriteString("<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n")
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return b.String()
}

// wordHTML is the file exported from Word as "Web Page, Filtered" in
// Windows-1252: headings as Heading 2, paragraphs in spans, the source
// broken inside tags as Word breaks it.
func wordHTML(ls []outsideLine) []byte {
	var b strings.Builder
	b.WriteString("<html>\r\n\r\n<head>\r\n<meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\r\n" +
		"<meta name=Generator content=\"Microsoft Word 15 (filtered)\">\r\n<style>\r\n<!--\r\n /* Style Definitions */\r\n p.MsoNormal, li.MsoNormal\r\n\t{margin-top:0cm;\r\n\tmargin-bottom:8.0pt;}\r\n-->\r\n</style>\r\n\r\n</head>\r\n\r\n" +
		"<body lang=EN-GB link=\"#0563C1\" vlink=\"#954F72\" style='word-wrap:break-word'>\r\n\r\n<div class=WordSection1>\r\n\r\n")
	for _, p := range paragraphs(ls) {
		for _, l := range p {
			s := html.EscapeString(l.text)
			s = strings.ReplaceAll(s, "&#39;", "'")
			s = strings.ReplaceAll(s, "  ", "&nbsp; ")
			if l.link != "" {
				s += " <a href=\"" + l.link + "\">Read more &gt;&gt;&gt;</a>"
			}
			switch {
			case l.heading:
				b.WriteString(wrapSource("<h2><span lang=EN-GB>"+s+"</span></h2>") + "\r\n\r\n")
			case l.headline:
				b.WriteString(wrapSource("<p class=MsoNormal><b><span lang=EN-GB>"+s+"</span></b></p>") + "\r\n\r\n")
			default:
				b.WriteString(wrapSource("<p class=MsoNormal><span lang=EN-GB>"+s+"</span></p>") + "\r\n\r\n")
			}
		}
	}
	b.WriteString("</div>\r\n\r\n</body>\r\n\r\n</html>\r\n")
	out, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(b.String(), "\r\n", "\n")))
	if err != nil {
		panic(err) // every character of the real files has a byte in Windows-1252
	}
	return bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
}

// googleDocHTML is the file a Google Doc exports as HTML: one line, class
// names for styles, empty paragraphs for blank lines, and every link
// through Google's redirect (https://www.google.com/url?q=…).
func googleDocHTML(ls []outsideLine) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><style type="text/css">.c0{color:#000000;font-size:11pt}.c1{padding-top:0pt;line-height:1.15}.c3{color:#1155cc;text-decoration:underline}</style></head><body class="c5 doc-content">`)
	for i, l := range ls {
		s := html.EscapeString(l.text)
		switch {
		case strings.TrimSpace(l.text) == "":
			b.WriteString(`<p class="c1 c2"><span class="c0"></span></p>`)
		case l.heading:
			fmt.Fprintf(&b, `<h2 class="c4" id="h.%d"><span class="c6">%s</span></h2>`, i, s)
		default:
			fmt.Fprintf(&b, `<p class="c1"><span class="c0">%s</span>`, s)
			if l.link != "" {
				fmt.Fprintf(&b, `<span class="c0">&nbsp;</span><span class="c3"><a class="c7" href="https://www.google.com/url?q=%s&amp;sa=D&amp;source=editors&amp;ust=1700000000000000&amp;usg=AOvVaw%d">Read more &gt;&gt;&gt;</a></span>`, l.link, i)
			}
			b.WriteString(`</p>`)
		}
	}
	b.WriteString(`</body></html>`)
	return b.String()
}

// slackText is the editions as copied out of Slack's messages in their
// wire format: headlines in bold, links as <address|text>, and &, < and
// > escaped as Slack escapes them.
func slackText(ls []outsideLine) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	var out []string
	for _, l := range ls {
		s := esc(l.text)
		if l.headline {
			s = "*" + strings.TrimSpace(s) + "*"
		}
		if l.link != "" {
			s += " <" + l.link + "|Read more &gt;&gt;&gt;>"
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// markdownReferences is the editions kept in Markdown with
// reference-style links: "[Read more >>>][n]", the addresses listed at
// the foot of each edition, above its footer.
func markdownReferences(ls []outsideLine) string {
	var out, refs []string
	for _, l := range ls {
		if strings.HasPrefix(l.text, "Receive this Shared") && len(refs) > 0 {
			out = append(out, refs...)
			out = append(out, "")
			refs = nil
		}
		switch {
		case l.heading:
			out = append(out, "## "+l.text)
		case l.link != "":
			n := len(refs) + 1
			out = append(out, l.text+" [Read more >>>]["+strconv.Itoa(n)+"]")
			refs = append(refs, "["+strconv.Itoa(n)+"]: "+l.link)
		default:
			out = append(out, l.text)
		}
	}
	if len(refs) > 0 {
		out = append(out, "")
		out = append(out, refs...)
	}
	return strings.Join(out, "\n")
}

// plainWithLinks is the original text with each story's address after
// "Read more >>>".
func plainWithLinks(ls []outsideLine) string {
	var out []string
	for _, l := range ls {
		if l.link != "" {
			out = append(out, l.text+" Read more >>> "+l.link)
			continue
		}
		out = append(out, l.text)
	}
	return strings.Join(out, "\n")
}

// titleFirst is the lines with each edition's title above its date line,
// as a template that put the title first saved them.
func titleFirst(ls []outsideLine) []outsideLine {
	out := slices.Clone(ls)
	for i, l := range out {
		if !l.date {
			continue
		}
		for k := i + 1; k < len(out); k++ {
			if strings.TrimSpace(out[k].text) != "" {
				out[i].text, out[k].text = out[k].text, out[i].text
				break
			}
		}
	}
	return out
}

// otherWords is the text with each story's marker worded as other
// editors worded it, in turn, each with the story's address.
func otherWords(ls []outsideLine) string {
	var out []string
	n := 0
	for _, l := range ls {
		if l.link == "" {
			out = append(out, l.text)
			continue
		}
		n++
		switch n % 4 {
		case 0:
			out = append(out, l.text+" Full story >>> "+l.link)
		case 1:
			out = append(out, l.text+" Read the full story: "+l.link)
		case 2:
			out = append(out, l.text+" More: "+l.link)
		default:
			out = append(out, l.text+" Read more >>> ( "+l.link+" )")
		}
	}
	return strings.Join(out, "\n")
}

// outlookPlain is the text Outlook sends beside the HTML of a mail: each
// link written after its words in angle brackets, with no space.
func outlookPlain(ls []outsideLine) string {
	var out []string
	for _, l := range ls {
		if l.link != "" {
			out = append(out, l.text+" Read more >>><"+l.link+">")
			continue
		}
		out = append(out, l.text)
	}
	return strings.Join(out, "\n")
}

func mailHead(subject string) string {
	return "From: Comms Officer <comms@example.org>\r\nTo: news@example.org\r\nSubject: " + subject +
		"\r\nDate: Thu, 10 Jul 2014 09:12:00 +0100\r\nMIME-Version: 1.0\r\n"
}

// quotedPrintableMail is a .eml of one plain text part in
// quoted-printable, its long lines broken by soft line breaks.
func quotedPrintableMail(text string) string {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	if _, err := w.Write([]byte(strings.ReplaceAll(text, "\n", "\r\n"))); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return mailHead("News Summary") + "Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + b.String() + "\r\n"
}

// alternativeMail is a .eml as Outlook saves a sent mail: a
// multipart/alternative of the plain text and the HTML, each in base64.
func alternativeMail(plain, page string) string {
	b64 := func(s string) string {
		enc := base64.StdEncoding.EncodeToString([]byte(s))
		var lines []string
		for len(enc) > 76 {
			lines, enc = append(lines, enc[:76]), enc[76:]
		}
		return strings.Join(append(lines, enc), "\r\n")
	}
	const boundary = "_000_DB6PR0301MB2216ABCD_"
	return mailHead("FW: News Summary") + "Content-Type: multipart/alternative;\r\n\tboundary=\"" + boundary + "\"\r\n\r\n" +
		"--" + boundary + "\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(plain) + "\r\n\r\n" +
		"--" + boundary + "\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(page) + "\r\n\r\n" +
		"--" + boundary + "--\r\n"
}

// fold72 cuts every line at 72 characters, in words or not, as `fold
// -w72` does.
func fold72(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		r := []rune(l)
		for len(r) > 72 {
			out, r = append(out, string(r[:72])), r[72:]
		}
		out = append(out, string(r))
	}
	return strings.Join(out, "\n")
}

// outsideForm is one way a comms officer kept the editions.
type outsideForm struct {
	name  string
	ext   string
	write func(text string, ls []outsideLine) []byte
	// linked is set when the form carries each story's address.
	linked bool
	// known says why the form is not expected to read as the original
	// (a shortfall known and left); its figures are reported, not held.
	known string
}

func outsideForms() []outsideForm {
	str := func(f func([]outsideLine) string) func(string, []outsideLine) []byte {
		return func(_ string, ls []outsideLine) []byte { return []byte(f(ls)) }
	}
	return []outsideForm{
		{name: "pasted from Outlook", ext: ".html", linked: true, write: str(outlookHTML)},
		{name: "exported from Word", ext: ".htm", linked: true, write: func(_ string, ls []outsideLine) []byte { return wordHTML(ls) }},
		{name: "exported from a Google Doc", ext: ".html", linked: true, write: str(googleDocHTML)},
		{name: "saved as .eml in quoted-printable", ext: ".eml", linked: true, write: func(_ string, ls []outsideLine) []byte {
			return []byte(quotedPrintableMail(plainWithLinks(ls)))
		}},
		{name: "saved as .eml of base64 text and HTML", ext: ".eml", linked: true, write: func(_ string, ls []outsideLine) []byte {
			return []byte(alternativeMail(outlookPlain(ls), outlookHTML(ls)))
		}},
		{name: "copied from Slack", ext: ".txt", linked: true, write: str(slackText)},
		{name: "Markdown with reference links", ext: ".md", linked: true, write: str(markdownReferences)},
		{name: "CRLF, a BOM and Windows-1252", ext: ".txt", linked: true, write: func(_ string, ls []outsideLine) []byte {
			b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(plainWithLinks(ls), "\n", "\r\n")))
			if err != nil {
				panic(err)
			}
			// A BOM before Windows-1252 bytes is what a text editor that
			// re-saved the file as "UTF-8 with BOM" and back leaves; the
			// BOM is the UTF-8 one, the rest single bytes.
			return append([]byte("\uFEFF"), b...)
		}},
		{name: "the marker worded otherwise", ext: ".txt", linked: true, write: str(otherWords)},
		{name: "the title above the date line", ext: ".txt", linked: true, write: func(_ string, ls []outsideLine) []byte {
			return []byte(plainWithLinks(titleFirst(ls)))
		}},
		// fold cuts words in two and a headline longer than 72
		// characters over two lines: the reader joins them again.
		{name: "folded at 72 with fold -w72", ext: ".txt", write: func(text string, _ []outsideLine) []byte { return []byte(fold72(text)) }},
	}
}

// outsideStory is what a reader checks of a story: its place and fields.
type outsideStory struct {
	sector, headline, summary, link string
}

// outsideEdition is what a reader checks of an edition.
type outsideEdition struct {
	date, intro string
	stories     []outsideStory // lead first, then sections in order
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// truthOf is the original file's editions as the reader checks them,
// with the addresses the linked forms give each story.
func truthOf(file string, f archive.File, linked bool) []outsideEdition {
	var all []*archive.ParsedStory
	for i := range f.Editions {
		e := &f.Editions[i]
		for k := range e.Lead {
			all = append(all, &e.Lead[k])
		}
		for s := range e.Sections {
			for k := range e.Sections[s].Stories {
				all = append(all, &e.Sections[s].Stories[k])
			}
		}
	}
	links := map[*archive.ParsedStory]string{}
	sorted := slices.Clone(all)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Line < sorted[j].Line })
	for n, st := range sorted {
		if linked {
			links[st] = outsideLink(file, n+1)
		}
	}
	var out []outsideEdition
	for i := range f.Editions {
		e := &f.Editions[i]
		oe := outsideEdition{date: e.Date.Format("2006-01-02"), intro: squash(e.Intro)}
		add := func(slug string, st *archive.ParsedStory) {
			oe.stories = append(oe.stories, outsideStory{slug, squash(st.Headline), squash(st.Summary), links[st]})
		}
		for k := range e.Lead {
			add(e.Lead[k].Sector.Slug, &e.Lead[k])
		}
		for _, s := range e.Sections {
			for k := range s.Stories {
				add(s.Sector.Slug, &s.Stories[k])
			}
		}
		out = append(out, oe)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].date < out[j].date })
	return out
}

// outsideTally counts what a form kept of the truth.
type outsideTally struct {
	editions, wantEditions int
	inPlace, stories       int
	dates, intros          int
	problems               []string
}

// compareOutside compares the stored editions with the truth, edition by
// edition in date order and story by story in place.
func compareOutside(got, want []outsideEdition) outsideTally {
	t := outsideTally{editions: len(got), wantEditions: len(want)}
	for i, w := range want {
		t.stories += len(w.stories)
		if i >= len(got) {
			t.problems = append(t.problems, fmt.Sprintf("edition of %s missing", w.date))
			continue
		}
		g := got[i]
		if g.date == w.date {
			t.dates++
		} else {
			t.problems = append(t.problems, fmt.Sprintf("edition %d dated %s, want %s", i+1, g.date, w.date))
		}
		if g.intro == w.intro {
			t.intros++
		} else {
			t.problems = append(t.problems, fmt.Sprintf("%s: intro %q, want %q", w.date, clipped(g.intro), clipped(w.intro)))
		}
		for k, ws := range w.stories {
			if k >= len(g.stories) {
				t.problems = append(t.problems, fmt.Sprintf("%s story %d %q missing", w.date, k+1, clipped(ws.headline)))
				continue
			}
			gs := g.stories[k]
			if gs == ws {
				t.inPlace++
				continue
			}
			t.problems = append(t.problems, fmt.Sprintf("%s story %d: got %+v, want %+v", w.date, k+1, clippedStory(gs), clippedStory(ws)))
		}
		if len(g.stories) > len(w.stories) {
			t.problems = append(t.problems, fmt.Sprintf("%s: %d stories, want %d", w.date, len(g.stories), len(w.stories)))
		}
	}
	return t
}

// unspaced is editions with every space taken out of their text, so that
// a word a fold cut in two matches the whole word.
func unspaced(eds []outsideEdition) []outsideEdition {
	drop := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	var out []outsideEdition
	for _, e := range eds {
		u := outsideEdition{date: e.date, intro: drop(e.intro)}
		for _, st := range e.stories {
			u.stories = append(u.stories, outsideStory{st.sector, drop(st.headline), drop(st.summary), st.link})
		}
		out = append(out, u)
	}
	return out
}

func clipped(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func clippedStory(s outsideStory) outsideStory {
	return outsideStory{s.sector, clipped(s.headline), clipped(s.summary), s.link}
}

// storedOutside reads every edition of the database as the reader checks
// them, oldest first.
func storedOutside(t *testing.T, db string, sectors digest.Sectors) []outsideEdition {
	t.Helper()
	st := openImported(t, db)
	var out []outsideEdition
	for number := 1; ; number++ {
		rec, err := st.Edition(context.Background(), number)
		if err != nil {
			break
		}
		oe := outsideEdition{date: rec.Edition.Date.Format("2006-01-02"), intro: squash(rec.Edition.Intro)}
		lead, sections := digest.Arrange(sectors, rec.Layout, rec.Stories)
		add := func(slug string, s digest.Story) {
			link := s.URL
			if strings.HasPrefix(link, "urn:") {
				link = ""
			}
			oe.stories = append(oe.stories, outsideStory{slug, squash(s.Headline), squash(s.Summary), link})
		}
		for _, s := range lead {
			add(s.Sector, s)
		}
		for _, sec := range sections {
			for _, s := range sec.Stories {
				add(sec.Sector.Slug, s)
			}
		}
		out = append(out, oe)
	}
	st.Close()
	return out
}

// TestBackCatalogueAsKeptOutsideThroughImport imports the real editions
// as a comms officer kept them (outsideForms), each form into a database
// of its own with `sharednews import`, and compares what is stored with
// the original: every edition's date and intro, and every story's
// sector, headline, summary and address, in its place. It then imports
// the same files again, which must change nothing. It prints, per form,
// the stories in their place:
//
//	go test ./cmd/sharednews -run BackCatalogueAsKeptOutside -v
func TestBackCatalogueAsKeptOutsideThroughImport(t *testing.T) {
	originals := map[string]string{}
	for _, path := range realDigestFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		originals[filepath.Base(path)] = string(data)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range originals {
			if !yield(n) {
				return
			}
		}
	})
	inPlace, stories := 0, 0
	for _, form := range outsideForms() {
		t.Run(form.name, func(t *testing.T) {
			cfg, db := writeConfig(t, "")
			parser := parserOf(t, cfg)
			dir := t.TempDir()
			var files []string
			var want []outsideEdition
			for _, name := range names {
				orig, err := parser.ParseFile(name, strings.NewReader(originals[name]))
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, strings.TrimSuffix(name, ".txt")+form.ext)
				if err := os.WriteFile(path, form.write(originals[name], outsideLines(name, originals[name], orig)), 0o600); err != nil {
					t.Fatal(err)
				}
				files = append(files, path)
				want = append(want, truthOf(name, orig, form.linked)...)
			}
			sort.SliceStable(want, func(i, j int) bool { return want[i].date < want[j].date })
			out, stderr, err := importCLI(t, cfg, files...)
			if err != nil && form.known == "" {
				t.Fatalf("import: %v\n%s\n%s", err, out, stderr)
			}
			got := storedOutside(t, db, parser.Sectors)
			tally := compareOutside(got, want)
			inPlace, stories = inPlace+tally.inPlace, stories+tally.stories
			t.Logf("%d of %d editions dated, %d intros, %d of %d stories in their place", tally.dates, tally.wantEditions, tally.intros, tally.inPlace, tally.stories)
			if form.known != "" {
				t.Logf("known and left (%s): %d differences, the first: %v", form.known, len(tally.problems), tally.problems[:min(3, len(tally.problems))])
				// What is known is the words cut in two: read without
				// its spaces, every story must still be in its place.
				if whole := compareOutside(unspaced(got), unspaced(want)); whole.inPlace != whole.stories || whole.dates != whole.wantEditions {
					t.Errorf("%d of %d stories in their place, %d editions dated, even read without spaces: %v", whole.inPlace, whole.stories, whole.dates, whole.problems)
				}
				return
			}
			for _, p := range tally.problems {
				t.Error(p)
			}
			if t.Failed() {
				t.Logf("import said:\n%s\n%s", out, stderr)
				return
			}
			// The same files again: nothing changes.
			out, stderr, err = importCLI(t, cfg, files...)
			if err != nil {
				t.Fatalf("second import: %v\n%s\n%s", err, out, stderr)
			}
			if want := fmt.Sprintf("total: 0 editions imported (0 stories), %d already imported", len(got)); !strings.Contains(out, want) {
				t.Errorf("second import, want %q:\n%s", want, out)
			}
			if again := storedOutside(t, db, parser.Sectors); !slices.EqualFunc(again, got, func(a, b outsideEdition) bool {
				return a.date == b.date && a.intro == b.intro && slices.Equal(a.stories, b.stories)
			}) {
				t.Errorf("a second import changed the editions:\n%+v\nwas\n%+v", again, got)
			}
		})
	}
	t.Logf("%d of %d stories in their place across %d forms", inPlace, stories, len(outsideForms()))
}
