package archive_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/archive/archivetest"
	"github.com/sharednews/sharednews/digest"
)

// shape is what a reader counts in a file: per edition, its date, and per
// section its sector and headlines; the lead's headlines.
func shape(f archive.File) string { return archivetest.FileShape(f) }

// parseReal parses a real digest, which must read without refusals.
func parseReal(t *testing.T, name string, data []byte) archive.File {
	t.Helper()
	f, err := parser(t).ParseFile(name, bytes.NewReader(data))
	if err != nil || len(f.Refused) > 0 {
		t.Fatalf("%s: %v %v", name, err, f.Refused)
	}
	return f
}

// realDigestFiles are the real digests by file name.
func realDigestFiles(t *testing.T) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "digests", "*.txt"))
	if len(files) == 0 {
		t.Skip("no real digests beside the repository")
	}
	out := map[string][]byte{}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

// TestEncodingVariantsOfRealDigests reads the real digests saved the ways
// old files are: other line ends, byte-order marks, UTF-16 (with a
// byte-order mark or without), Windows-1252, quoted-printable (saved from
// a mail as sent), mojibake (UTF-8 read as Windows-1252, saved as UTF-8), tabs, trailing and no-break spaces, zero-width
// characters. Each must read as the original does, and
// render as text back to it.
func TestEncodingVariantsOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	utf16 := func(order unicode.Endianness, bom unicode.BOMPolicy) func([]byte) []byte {
		return func(b []byte) []byte {
			out, err := unicode.UTF16(order, bom).NewEncoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	re := func(old, new string) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(old), []byte(new)) }
	}
	variants := map[string]func([]byte) []byte{
		"crlf":  re("\n", "\r\n"),
		"cr":    re("\n", "\r"),
		"bom":   func(b []byte) []byte { return append([]byte("\uFEFF"), b...) },
		"u16le": utf16(unicode.LittleEndian, unicode.UseBOM),
		"u16be": utf16(unicode.BigEndian, unicode.UseBOM),
		// Saved without a byte-order mark.
		"u16le-no-bom": utf16(unicode.LittleEndian, unicode.IgnoreBOM),
		"u16be-no-bom": utf16(unicode.BigEndian, unicode.IgnoreBOM),
		"cp1252": func(b []byte) []byte {
			out, err := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(b, []byte("™"), []byte("(TM)")))
			if err != nil {
				t.Fatal(err)
			}
			return out
		},
		// Saved from a mail in its transfer encoding: "=E2=80=99" for
		// "’", "=3D" for "=", long lines broken with "=" at their end.
		"quoted-printable": func(b []byte) []byte { return []byte(toQP(t, b)) },
		// UTF-8 read as Windows-1252 by one program and saved as UTF-8
		// by the next: "â€™" for "’", "Â£" for "£".
		"mojibake": func(b []byte) []byte {
			out, err := charmap.Windows1252.NewDecoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		},
		"tabs-trailing": func(b []byte) []byte {
			lines := strings.Split(string(b), "\n")
			for i := range lines {
				if i%2 == 0 {
					lines[i] = "\t" + lines[i] + "  \t"
				} else {
					lines[i] = strings.ReplaceAll(lines[i], " ", "\u00a0") + "\u200b"
				}
			}
			return []byte(strings.Join(lines, "\n"))
		},
	}
	for vname, v := range variants {
		for name, data := range files {
			checkVariant(t, vname, name, v(data), parseReal(t, name, data))
		}
	}
}

// checkVariant parses data, a variant of a real digest, and checks that it
// reads as want, the original, did (editions, dates, sections, sectors and
// headlines), refuses nothing, and renders as text back to the variant.
func checkVariant(t *testing.T, vname, name string, data []byte, want archive.File) {
	got, err := parser(t).ParseFile(name, bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s %s: %v", vname, name, err)
		return
	}
	if shape(got) != shape(want) {
		t.Errorf("%s %s:\n%s\nwant\n%s", vname, name, shape(got), shape(want))
	}
	for _, r := range got.Refused {
		t.Errorf("%s %s: refused %v", vname, name, r)
	}
	lines, _ := archive.TextLines(name, bytes.NewReader(data))
	for i, original := range archivetest.Editions(lines, got) {
		e := got.Editions[i]
		r := archivetest.Compare(original, e, digest.RenderText(e.Edition()))
		for _, m := range r.Missing {
			t.Errorf("%s %s %s: not reproduced: %s", vname, name, digest.DateLine(e.Date), m)
		}
	}
}

// TestHeadingStylesOfRealDigests writes the section headings of the real
// digests as other editions and editors write them: in capitals or lower
// case, with a colon, numbered, in Markdown (bold, "##", underlined with
// "=" or "-"). Each heading must still start its section, under the same
// sector, and the edition render back to the original.
func TestHeadingStylesOfRealDigests(t *testing.T) {
	files := realDigestFiles(t)
	hv := map[string]func(h string) []string{
		"upper":    func(h string) []string { return []string{strings.ToUpper(h)} },
		"lower":    func(h string) []string { return []string{strings.ToLower(h)} },
		"colon":    func(h string) []string { return []string{h + ":"} },
		"numbered": func(h string) []string { return []string{"2. " + h} },
		"numparen": func(h string) []string { return []string{"2) " + h} },
		"under=":   func(h string) []string { return []string{h, strings.Repeat("=", len(h))} },
		"under-":   func(h string) []string { return []string{h, strings.Repeat("-", len(h))} },
		"bold":     func(h string) []string { return []string{"**" + h + "**"} },
		"md":       func(h string) []string { return []string{"## " + h} },
	}
	for vname, v := range hv {
		for name, data := range files {
			want := parseReal(t, name, data)
			heads := map[int]bool{}
			for _, e := range want.Editions {
				for _, s := range e.Sections {
					heads[s.Line] = true
				}
			}
			var out []string
			for i, l := range strings.Split(string(data), "\n") {
				if heads[i+1] {
					out = append(out, v(strings.TrimSpace(l))...)
					continue
				}
				out = append(out, l)
			}
			checkVariant(t, vname, name, []byte(strings.Join(out, "\n")), want)
		}
	}
}

// TestLinkStylesOfRealDigests gives every story of the real digests a
// link, written as back catalogues write them: after "Read more >>>", in
// angle brackets, on the line under it, two of them, or broken over lines
// in angle brackets. The story's link is the first; no link is lost from
// the edition.
func TestLinkStylesOfRealDigests(t *testing.T) {
	for vname, v := range map[string]func(n int) string{
		"after":   func(n int) string { return fmt.Sprintf(" https://example.org/a/%d", n) },
		"angle":   func(n int) string { return fmt.Sprintf(" <https://example.org/a/%d>", n) },
		"below":   func(n int) string { return fmt.Sprintf("\nhttps://example.org/a/%d", n) },
		"two":     func(n int) string { return fmt.Sprintf(" https://example.org/a/%d https://example.org/b/%d", n, n) },
		"two-odd": func(n int) string { return fmt.Sprintf(" <https://example.org/a/%d> (https://example.org/b/%d)", n, n) },
		// Broken over lines by a mail client, in angle brackets.
		"wrapped":       func(n int) string { return fmt.Sprintf(" <https://example.org/\na/%d>", n) },
		"below-wrapped": func(n int) string { return fmt.Sprintf("\n<https://example.org/a\n/%d>", n) },
	} {
		for name, data := range realDigestFiles(t) {
			mod, n := afterEachReadMore(data, v)
			checkVariant(t, vname, name, mod, parseReal(t, name, data))
			got, err := parser(t).ParseFile(name, bytes.NewReader(mod))
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			seen := 0
			for _, e := range got.Editions {
				text.WriteString(digest.RenderText(e.Edition()))
				for _, s := range e.Sections {
					for _, st := range s.Stories {
						seen++
						if want := fmt.Sprintf("https://example.org/a/%d", seen); st.Link != want {
							t.Errorf("%s %s: %q has link %q, want %q", vname, name, st.Headline, st.Link, want)
						}
					}
				}
			}
			for k := 1; k <= n; k++ {
				for _, kind := range []string{"a", "b"} {
					link := fmt.Sprintf("https://example.org/%s/%d", kind, k)
					if strings.Contains(v(k), link) && !strings.Contains(text.String(), link+"\n") {
						t.Errorf("%s %s: %s lost from the edition", vname, name, link)
					}
				}
			}
		}
	}
}

// TestFiveThousandEditionsInOneFile reads a back catalogue of 5,000 weekly
// editions saved as one file, each a real edition under its own date: a
// century of a weekly newsletter, the most one file is expected to hold.
// Every edition must be read, none refused.
func TestFiveThousandEditionsInOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 MB file")
	}
	files := realDigestFiles(t)
	var editions []string // the real editions' text after their date line
	for _, name := range []string{"2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt"} {
		_, rest, _ := strings.Cut(string(files[name]), "\n")
		editions = append(editions, rest)
	}
	const n = 5000
	var b strings.Builder
	day := time.Date(1925, time.January, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		b.WriteString(digest.DateLine(day.AddDate(0, 0, 7*i)) + "\n" + editions[i%len(editions)] + "\n\n")
	}
	t.Logf("%d editions, %.1f MB", n, float64(b.Len())/1e6)
	f, err := parser(t).ParseFile("century.txt", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Editions) != n || len(f.Refused) > 0 {
		t.Fatalf("%d editions read, %d refused; want %d", len(f.Editions), len(f.Refused), n)
	}
	for i, e := range f.Editions {
		if want := day.AddDate(0, 0, 7*i); !e.Date.Equal(want) {
			t.Fatalf("edition %d dated %s, want %s", i+1, e.Date, want)
		}
	}
}

// TestConcatenatedFilesOfTwoEncodings reads real digests joined into one
// file, one saved as UTF-8 and one as Windows-1252 (as `cat` joins an old
// export and a new one): each line is read in its own encoding, and none
// comes back garbled.
func TestConcatenatedFilesOfTwoEncodings(t *testing.T) {
	files := realDigestFiles(t)
	utf8Part := files["2014-05-newsletter.txt"]
	latin, err := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(files["2014-11-20-newsletter.txt"], []byte("™"), []byte("(TM)")))
	if err != nil {
		t.Fatal(err)
	}
	joined := append(append(append([]byte{}, utf8Part...), "\n\n"...), latin...)
	want := parseReal(t, "joined.txt", append(append(append([]byte{}, utf8Part...), "\n\n"...),
		bytes.ReplaceAll(files["2014-11-20-newsletter.txt"], []byte("™"), []byte("(TM)"))...))
	checkVariant(t, "utf-8 then windows-1252", "joined.txt", joined, want)
	got, err := parser(t).ParseFile("joined.txt", bytes.NewReader(joined))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got.Editions {
		text := digest.RenderText(e.Edition())
		if strings.Contains(text, "â€") || strings.Contains(text, "Â") {
			t.Errorf("%s garbled: %s", digest.DateLine(e.Date), clipAround(text, "â€"))
		}
	}
}

func clipAround(s, sub string) string {
	at := max(strings.Index(s, sub), 0)
	return s[max(at-40, 0):min(at+40, len(s))]
}

// TestSectionsWithoutRulesAndRenamedOfRealDigests writes the sections of
// the real digests without their rows of asterisks, and under the names
// sectors had in other years ("Fire and Police" for Blue Light Services).
// Each heading must still start its section under the same sector, rather
// than its stories running on in the section above.
func TestSectionsWithoutRulesAndRenamedOfRealDigests(t *testing.T) {
	renamed := map[string]string{
		"local-government": "Councils and Local Authorities",
		"health":           "NHS and Social Care",
		"education":        "Universities and Colleges",
		"blue-light":       "Fire and Police",
		"private-sector":   "Private Sector",
		"leadership":       "Collaborative leaders",
		"highway-code":     "Highway Code notes",
	}
	for _, vname := range []string{"no rules", "renamed", "no rules, renamed"} {
		for name, data := range realDigestFiles(t) {
			want := parseReal(t, name, data)
			heads := map[int]string{}
			for _, e := range want.Editions {
				for _, s := range e.Sections {
					heads[s.Line] = s.Sector.Slug
				}
			}
			var out []string
			for i, l := range strings.Split(string(data), "\n") {
				if strings.Contains(vname, "no rules") && strings.TrimSpace(l) == "************" {
					continue
				}
				if slug, ok := heads[i+1]; ok && strings.Contains(vname, "renamed") {
					l = renamed[slug]
				}
				out = append(out, l)
			}
			checkVariant(t, vname, name, []byte(strings.Join(out, "\n")), want)
		}
	}
}

// TestEditionWithoutDateOrTitleIsRefusedAlone drops the date line and
// title of the middle edition of a real file. That edition cannot be
// dated: it must be refused on its own, with its line, and not run on into
// the edition above it under that edition's date.
func TestEditionWithoutDateOrTitleIsRefusedAlone(t *testing.T) {
	data := realDigestFiles(t)["2014-05-newsletter.txt"]
	want := parseReal(t, "2014-05-newsletter.txt", data)
	if len(want.Editions) != 3 {
		t.Fatalf("%d editions in the original", len(want.Editions))
	}
	var lines []string
	for i, l := range strings.Split(string(data), "\n") {
		if no := i + 1; no == want.Editions[1].Line || strings.HasPrefix(l, "News Summary") && no > want.Editions[1].Line && no < want.Editions[2].Line {
			l = "" // the date line and the title
		}
		lines = append(lines, l)
	}
	got, err := parser(t).ParseFile("undated.txt", strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	want.Editions = append(want.Editions[:1:1], want.Editions[2])
	if shape(got) != shape(want) {
		t.Errorf("read\n%s\nwant\n%s", shape(got), shape(want))
	}
	if len(got.Refused) != 1 || !strings.Contains(got.Refused[0].Error(), "undated.txt:38: an edition with no date line starts here, after the footer on line 30") {
		t.Errorf("refused %v", got.Refused)
	}
}

// TestRealDigestsJoinedByCat joins the real digests as `cat` does: they
// end without a line end, so each file's last line and the next file's
// date line become one line ("…our website.Thursday 20 November 2014").
// Every edition must read as in its own file, dated by its date line, its
// footer whole.
func TestRealDigestsJoinedByCat(t *testing.T) {
	files := realDigestFiles(t)
	names := []string{"2014-07-10-newsletter.txt", "2014-11-20-newsletter.txt", "2014-05-newsletter.txt"}
	var joined []byte
	var want archive.File
	for _, name := range names {
		joined = append(joined, files[name]...)
		want.Editions = append(want.Editions, parseReal(t, name, files[name]).Editions...)
	}
	got, err := parser(t).ParseFile("all.txt", bytes.NewReader(joined))
	if err != nil {
		t.Fatal(err)
	}
	if shape(got) != shape(want) || len(got.Refused) > 0 {
		t.Fatalf("read\n%s\nwant\n%s\nrefused %v", shape(got), shape(want), got.Refused)
	}
	for i, e := range got.Editions {
		if e.Footer != want.Editions[i].Footer || e.Title != want.Editions[i].Title {
			t.Errorf("%s: footer %q title %q\nwant %q title %q", digest.DateLine(e.Date), e.Footer, e.Title, want.Editions[i].Footer, want.Editions[i].Title)
		}
	}
}

// afterEachReadMore writes written(n) after the "Read more >>>" ending the
// nth story of data, and says how many there were.
func afterEachReadMore(data []byte, written func(n int) string) ([]byte, int) {
	lines := strings.Split(string(data), "\n")
	n := 0
	for i, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), "Read more >>>") {
			n++
			lines[i] = strings.TrimSpace(l) + written(n)
		}
	}
	return []byte(strings.Join(lines, "\n")), n
}

// TestLinkSpellingsOfRealDigests writes the links of the real digests'
// stories as hand-typed newsletters do: without "http://", in square
// brackets, straight after the arrow (bare, or in angle brackets or
// brackets, as Outlook writes a link as text: before, such a story was no
// story, its summary the editor's text), with a full stop after it. Each
// must stay a story with its link.
func TestLinkSpellingsOfRealDigests(t *testing.T) {
	for vname, v := range map[string]struct {
		written func(n int) string
		link    string
	}{
		"www":       {func(n int) string { return fmt.Sprintf(" www.example.org/a/%d", n) }, "http://www.example.org/a/%d"},
		"square":    {func(n int) string { return fmt.Sprintf(" [https://example.org/a/%d]", n) }, "https://example.org/a/%d"},
		"glued":     {func(n int) string { return fmt.Sprintf("https://example.org/a/%d", n) }, "https://example.org/a/%d"},
		"full stop": {func(n int) string { return fmt.Sprintf(" https://example.org/a/%d.", n) }, "https://example.org/a/%d"},
		// Outlook's plain text of an HTML mail writes a link's address
		// glued to its text, in angle brackets ("Read more >>><https://…>").
		"glued in angle brackets": {func(n int) string { return fmt.Sprintf("<https://example.org/a/%d>", n) }, "https://example.org/a/%d"},
		"glued in brackets":       {func(n int) string { return fmt.Sprintf("(https://example.org/a/%d)", n) }, "https://example.org/a/%d"},
	} {
		for name, data := range realDigestFiles(t) {
			mod, _ := afterEachReadMore(data, v.written)
			checkVariant(t, vname, name, mod, parseReal(t, name, data))
			got, err := parser(t).ParseFile(name, bytes.NewReader(mod))
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, e := range got.Editions {
				for _, s := range e.Sections {
					for _, st := range s.Stories {
						seen++
						if want := fmt.Sprintf(v.link, seen); st.Link != want {
							t.Errorf("%s %s: %q has link %q, want %q", vname, name, st.Headline, st.Link, want)
						}
					}
				}
			}
		}
	}
}

// TestRunOnReadMoreOfRealDigests reads the real digests as text pasted
// from a mail often comes: the space between a summary's last mark and
// "Read more >>>" lost ("…in June.Read more >>>"). Each must read as the
// original does, and render as text back to it.
func TestRunOnReadMoreOfRealDigests(t *testing.T) {
	for name, data := range realDigestFiles(t) {
		mod := bytes.ReplaceAll(data, []byte(". Read more"), []byte(".Read more"))
		if bytes.Equal(mod, data) {
			t.Fatalf("%s: no summary ends in \". Read more\"", name)
		}
		checkVariant(t, "run-on", name, mod, parseReal(t, name, data))
	}
}

// TestRealDigestsWithoutBlankLines reads the real digests with every blank
// line taken out, as text copied from a mail or web page often comes: each
// line is then a paragraph. The editions of a file must stay apart, each
// heading start its section, each story keep its own headline and summary,
// and the footer stay the footer.
//
// Some such files keep the blank line under each title (the title was
// pasted apart from the text): the rest of the edition is read the same.
func TestRealDigestsWithoutBlankLines(t *testing.T) {
	for _, underTitle := range []bool{false, true} {
		for name, data := range realDigestFiles(t) {
			checkWithoutBlankLines(t, name, data, underTitle)
		}
	}
}

func checkWithoutBlankLines(t *testing.T, name string, data []byte, underTitle bool) {
	vname := "no blank lines"
	if underTitle {
		vname = "no blank lines but under the title"
	}
	{
		var kept []string
		for _, l := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")) != "" {
				kept = append(kept, l)
				if underTitle && strings.HasPrefix(l, "News Summary of") {
					kept = append(kept, "")
				}
			}
		}
		want := parseReal(t, name, data)
		mod := []byte(strings.Join(kept, "\n"))
		checkVariant(t, vname, name, mod, want)
		got, err := parser(t).ParseFile(name, bytes.NewReader(mod))
		if err != nil || len(got.Editions) != len(want.Editions) {
			return // checkVariant said so
		}
		// Where the original's paragraphs had lines of their own ("Break
		// on Through…" over its summary, with no "Read more >>>", in the
		// intro), the file without blank lines cannot tell: each line is a
		// paragraph. The text is the same, line by line.
		lines := func(s string) string { return strings.ReplaceAll(s, "\n\n", "\n") }
		for i, e := range got.Editions {
			if w := want.Editions[i]; e.Footer != w.Footer || e.Title != w.Title || lines(e.Intro) != lines(w.Intro) {
				t.Errorf("%s %s %s: footer %q title %q intro %q\nwant footer %q title %q intro %q",
					vname, name, digest.DateLine(e.Date), e.Footer, e.Title, clipped(e.Intro), w.Footer, w.Title, clipped(w.Intro))
			}
		}
	}
}

func clipped(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// TestConcatenatedFilesWithUTF16 reads real digests joined as `cat` joins
// files saved by different programs, one of them UTF-16 with its byte-order
// mark (Notepad's "Unicode"), before or after one in UTF-8 or
// Windows-1252. Before, UTF-8 then UTF-16 was refused whole as binary, and
// UTF-16 then UTF-8 lost the second file's editions, read as UTF-16 into
// Chinese characters kept as text after the first file's footer. Each
// part must be read in its own encoding, every edition as in its own file.
func TestConcatenatedFilesWithUTF16(t *testing.T) {
	files := realDigestFiles(t)
	first, second := files["2014-07-10-newsletter.txt"], files["2014-05-newsletter.txt"]
	u16 := func(order unicode.Endianness) func([]byte) []byte {
		return func(b []byte) []byte {
			out, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	cp1252 := func(b []byte) []byte {
		out, err := charmap.Windows1252.NewEncoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	same := func(b []byte) []byte { return b }
	want := parseReal(t, "joined.txt", append(append(append([]byte{}, first...), "\n"...), second...))
	for _, tc := range []struct {
		name       string
		one, other func([]byte) []byte
	}{
		{"utf-8 then utf-16le", same, u16(unicode.LittleEndian)},
		{"utf-16le then utf-8", u16(unicode.LittleEndian), same},
		{"windows-1252 then utf-16be", cp1252, u16(unicode.BigEndian)},
		{"utf-16be then windows-1252", u16(unicode.BigEndian), cp1252},
		{"utf-16le then utf-16be", u16(unicode.LittleEndian), u16(unicode.BigEndian)},
	} {
		joined := append(tc.one(append(append([]byte{}, first...), "\n"...)), tc.other(second)...)
		checkVariant(t, tc.name, "joined.txt", joined, want)
		got, err := parser(t).ParseFile("joined.txt", bytes.NewReader(joined))
		if err != nil {
			continue // checkVariant said so
		}
		for _, e := range got.Editions {
			if text := digest.RenderText(e.Edition()); strings.ContainsFunc(text, func(r rune) bool { return r >= 0x3000 }) || strings.Contains(text, "â€") {
				t.Errorf("%s: %s garbled: %q", tc.name, digest.DateLine(e.Date), clipAround(text, "Receive"))
			}
		}
	}
}

// TestNumberedHeadlinesOfRealDigests numbers the stories of the real
// digests as an editor numbering a list does ("1. ", "2) ", "(3) "). Before,
// each headline was stored with its number ("4. Fire deaths fall by 5% in
// past year"), and search, chat and the web archive showed it so. Each
// must read as the original, headlines without their numbers, and render
// back to it.
func TestNumberedHeadlinesOfRealDigests(t *testing.T) {
	for _, form := range []string{"%d. ", "%d) ", "(%d) "} {
		for name, data := range realDigestFiles(t) {
			want := parseReal(t, name, data)
			headlines := map[int]bool{}
			for _, e := range want.Editions {
				for _, s := range e.Sections {
					for _, st := range s.Stories {
						headlines[st.Line] = true
					}
				}
			}
			lines := strings.Split(string(data), "\n")
			n := 0
			for i := range lines {
				if headlines[i+1] {
					n++
					lines[i] = fmt.Sprintf(form, n) + lines[i]
				}
			}
			checkVariant(t, "numbered "+form, name, []byte(strings.Join(lines, "\n")), want)
		}
	}
}

// TestLinkedHeadlinesOfRealDigests reads the real digests as mail
// programs write an HTML edition as text, its linked headlines with their
// address after them: glued in angle brackets (Outlook's "Save as" text,
// "Headline<https://…>"), after a space (Gmail's, "Headline <https://…>"),
// with "Read more >>>" linked to the same page or to none. Before, the
// address was kept in the headline, shown so in search, chat and the web
// archive, and a story whose "Read more" had no link had none. The
// headline must read as the original's, the story linked to its page;
// a headline linked elsewhere than its "Read more" keeps that link in
// the edition, as the editor's text under the story.
func TestLinkedHeadlinesOfRealDigests(t *testing.T) {
	for vname, v := range map[string]struct{ headline, more, link string }{
		"outlook":       {"%s<https://example.org/a/%d>", " Read more >>><https://example.org/a/%d>", "https://example.org/a/%d"},
		"gmail":         {"%s <https://example.org/a/%d>", " Read more >>> <https://example.org/a/%d>", "https://example.org/a/%d"},
		"headline only": {"%s <https://example.org/a/%d>", " Read more >>>", "https://example.org/a/%d"},
		"elsewhere":     {"%s <https://example.org/h/%d>", " Read more >>> https://example.org/a/%d", "https://example.org/a/%d"},
	} {
		for name, data := range realDigestFiles(t) {
			lines := strings.Split(string(data), "\n")
			n := 0
			for i, l := range lines {
				before, ok := strings.CutSuffix(strings.TrimSpace(l), " Read more >>>")
				if !ok {
					continue
				}
				n++
				if strings.Contains(v.more, "%d") {
					lines[i] = before + fmt.Sprintf(v.more, n)
				}
				for j := i - 1; j >= 0; j-- {
					if h := strings.TrimSpace(lines[j]); h != "" {
						lines[j] = fmt.Sprintf(v.headline, h, n)
						break
					}
				}
			}
			mod := []byte(strings.Join(lines, "\n"))
			checkVariant(t, vname, name, mod, parseReal(t, name, data))
			got, err := parser(t).ParseFile(name, bytes.NewReader(mod))
			if err != nil {
				continue // checkVariant said so
			}
			var text strings.Builder
			seen := 0
			for _, e := range got.Editions {
				text.WriteString(digest.RenderText(e.Edition()))
				for _, st := range e.Edition().Stories() {
					seen++
					if want := fmt.Sprintf(v.link, seen); st.URL != want {
						t.Errorf("%s %s: %q has link %q, want %q", vname, name, st.Headline, st.URL, want)
					}
				}
			}
			if vname == "elsewhere" {
				for k := 1; k <= n; k++ {
					if link := fmt.Sprintf("https://example.org/h/%d", k); !strings.Contains(text.String(), link) {
						t.Errorf("%s %s: %s lost from the edition", vname, name, link)
					}
				}
			}
		}
	}
}
