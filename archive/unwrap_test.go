package archive

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// wrapText folds every line of text longer than width at the last space
// that keeps it within width characters (or, with inBytes, bytes, as
// fold -s does), as a mail client saves a plain-text newsletter.
func wrapText(text string, width int, inBytes bool) string {
	size := utf8.RuneCountInString
	if inBytes {
		size = func(s string) int { return len(s) }
	}
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, " \r")
		cur := ""
		for _, w := range strings.Fields(l) {
			switch {
			case cur == "":
				cur = w
			case size(cur)+1+size(w) <= width:
				cur += " " + w
			default:
				b.WriteString(cur + "\n")
				cur = w
			}
		}
		b.WriteString(cur + "\n")
	}
	return b.String()
}

// TestHardWrappedEditionsReadAsWritten: the real editions folded at the
// widths mail clients use (in characters, or in bytes as fold(1) does)
// read as the same editions as the files that write a paragraph a line,
// with one warning saying the lines were joined; the real files get no
// such warning.
func TestHardWrappedEditionsReadAsWritten(t *testing.T) {
	p := Parser{Sectors: shippedSectors(t)}
	for _, real := range realFiles(t, p) {
		path, raw, want := real.path, real.raw, real.parsed
		for _, w := range want.Warnings {
			if strings.Contains(w.Msg, "folded") {
				t.Errorf("%s, as written: %v", filepath.Base(path), w)
			}
		}
		for _, width := range []int{66, 72, 76, 80} {
			for _, inBytes := range []bool{false, true} {
				got, err := p.ParseFile(path, strings.NewReader(wrapText(string(raw), width, inBytes)))
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Base(path) + " folded at " + map[bool]string{false: "characters ", true: "bytes "}[inBytes]
				if len(got.Editions) != len(want.Editions) {
					t.Fatalf("%s%d: %d editions, want %d (refused %v)", name, width, len(got.Editions), len(want.Editions), got.Refused)
				}
				folded := false
				for _, w := range got.Warnings {
					folded = folded || strings.Contains(w.Msg, "folded")
				}
				if !folded {
					t.Errorf("%s%d: no warning that the lines were joined", name, width)
				}
				for i, e := range got.Editions {
					we := want.Editions[i]
					if g, w := outline(e), outline(we); g != w {
						t.Errorf("%s%d, edition of %s:\n got %s\nwant %s", name, width, we.Date.Format("2 Jan 2006"), g, w)
					}
				}
			}
		}
	}
}

// TestFoldedLinkBrokenAtAHyphen joins a story's link that a fold broke
// after one of its hyphens back into one link: joined with a space, as the
// words of a paragraph are, it was no link, so the story lost its link and
// kept a broken address as text under it.
func TestFoldedLinkBrokenAtAHyphen(t *testing.T) {
	link := "https://www.example.org/news/2016/02/districts-agree-to-share-a-whole-senior-management-team"
	text := strings.Join([]string{"Thursday 25 February 2016", "",
		"News Summary from 24th February 2016", "",
		"This edition was saved from a mail client that folds its lines at seventy-two characters, so every long paragraph in it is broken over several lines.", "",
		"************", "Local Government", "",
		"Districts agree to share a senior management team", "",
		"Two district councils in the east of the county have agreed to share a whole senior management team from the spring. Read more >>>",
		"https://www.example.org/news/2016/02/districts-agree-to-share-a-whole-",
		"senior-management-team", "",
		"Receive this Shared Service News Summary into your inbox every week. Just register on our website.", ""}, "\n")
	f, err := testParser(t).ParseFile("news.txt", strings.NewReader(wrapText(text, 72, false)))
	if err != nil || len(f.Refused) > 0 || len(f.Editions) != 1 || len(f.Editions[0].Sections) != 1 {
		t.Fatalf("%v %+v", err, f)
	}
	e := f.Editions[0]
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Msg, "folded at") {
		t.Fatalf("not read as folded: %v", f.Warnings)
	}
	st := e.Sections[0].Stories
	if len(st) != 1 || st[0].Link != link || st[0].Afterword != "" {
		t.Errorf("outline\n%s\nwant one story linked to %s, nothing after it", outline(e), link)
	}
}

// TestFoldedEditionsWithLinksLongerThanTheFold reads the real digests with
// a link after each "Read more >>>" and one in the commentary above the
// first story, folded as mail clients fold (at a space; a link longer
// than the width stands alone on a longer line, as no client breaks
// one). Before, the fold's width was taken from the longest line, the
// link's: 72 columns read as 104, so no line was joined (or, at 100
// columns or more, the file was taken for unwrapped) and every headline
// was the last line of its folded summary. Each must read as the file
// before folding does: the same sections and headlines, each story its
// link, summary and commentary.
func TestFoldedEditionsWithLinksLongerThanTheFold(t *testing.T) {
	p := Parser{Sectors: shippedSectors(t)}
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no digests in %s: %v", realDigests, err)
	}
	const link = "https://www.localgov.co.uk/news/2014/07/council-mergers-poor-services-letting-people-down/%d?utm_source=newsletter"
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(raw), "\n")
		n, commented := 0, false
		for i, l := range lines {
			if strings.HasSuffix(strings.TrimSpace(l), "Read more >>>") {
				n++
				lines[i] = strings.TrimSpace(l) + " " + fmt.Sprintf(link, n)
			}
			if !commented && strings.HasSuffix(strings.TrimSpace(l), "…") {
				commented = true
				lines[i] += " See " + fmt.Sprintf(link, 0) + " for the background."
			}
		}
		linked := strings.Join(lines, "\n")
		want, err := p.ParseFile(path, strings.NewReader(linked))
		if err != nil || len(want.Refused) > 0 {
			t.Fatalf("%s: %v %v", path, err, want.Refused)
		}
		for _, width := range []int{72, 76} {
			name := fmt.Sprintf("%s folded at %d", filepath.Base(path), width)
			got, err := p.ParseFile(path, strings.NewReader(wrapText(linked, width, false)))
			if err != nil || len(got.Editions) != len(want.Editions) {
				t.Fatalf("%s: %v, %d editions, want %d", name, err, len(got.Editions), len(want.Editions))
			}
			for i, e := range got.Editions {
				we := want.Editions[i]
				if g, w := outline(e), outline(we); g != w {
					t.Errorf("%s, edition of %s:\n got %s\nwant %s", name, we.Date.Format("2 Jan 2006"), g, w)
					continue
				}
				gs, ws := e.Edition().Stories(), we.Edition().Stories()
				for j := range ws {
					if gs[j].URL != ws[j].URL || gs[j].Summary != ws[j].Summary || gs[j].Commentary != ws[j].Commentary {
						t.Errorf("%s: %q is %q, %q, commentary %q\nwant %q, %q, commentary %q", name, ws[j].Headline,
							gs[j].URL, gs[j].Summary, gs[j].Commentary, ws[j].URL, ws[j].Summary, ws[j].Commentary)
					}
				}
			}
		}
	}
}

// foldText cuts every line of text longer than width characters at
// width, in a word or not, as `fold -w` does without -s. With trim, the
// spaces the cuts left at the lines' ends are then trimmed away, as an
// editor that strips trailing and leading white space saves the file.
func foldText(text string, width int, trim bool) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		r := []rune(l)
		for len(r) > width {
			out, r = append(out, string(r[:width])), r[width:]
		}
		out = append(out, string(r))
	}
	if trim {
		for i, l := range out {
			out[i] = strings.TrimSpace(l)
		}
	}
	return strings.Join(out, "\n")
}

// TestFoldCutEditionsKeepTheirWords: the real editions cut at 72
// characters whatever the words (fold -w72) read as the files that write
// a paragraph a line, word for word. Before, each line was joined to the
// next with a space, so a word the fold cut in two stayed two ("coun
// cil") in nearly every summary. When the spaces at the cuts were trimmed
// away after the fold, the evidence of where a word was cut is gone for
// some lines; there no two words are ever glued into one that the
// original does not have ("thecouncil"), though a rare word may stay cut.
func TestFoldCutEditionsKeepTheirWords(t *testing.T) {
	p := Parser{Sectors: shippedSectors(t)}
	for _, real := range realFiles(t, p) {
		path, raw, want := real.path, real.raw, real.parsed
		vocabulary := map[string]bool{}
		for _, e := range want.Editions {
			for _, w := range testWords(outline(e)) {
				vocabulary[w] = true
			}
		}
		for _, trim := range []bool{false, true} {
			pieces := 0 // pieces of words left cut
			name := fmt.Sprintf("%s cut at 72 (spaces trimmed: %v)", filepath.Base(path), trim)
			got, err := p.ParseFile(path, strings.NewReader(foldText(string(raw), 72, trim)))
			if err != nil || len(got.Editions) != len(want.Editions) {
				t.Fatalf("%s: %v, %d editions, want %d", name, err, len(got.Editions), len(want.Editions))
			}
			for i, e := range got.Editions {
				g, w := outline(e), outline(want.Editions[i])
				if !trim && g != w {
					t.Errorf("%s, edition %d:\n got %s\nwant %s", name, i+1, g, w)
				}
				for _, word := range testWords(g) {
					if vocabulary[word] {
						continue
					}
					pieces++
					if !partOfAWord(word, vocabulary) {
						t.Errorf("%s, edition %d: %q, a word the original does not have", name, i+1, word)
					}
				}
			}
			t.Logf("%s: %d pieces of words left cut", name, pieces)
		}
	}
}

// testWords is the words of s in lower case, cut at every character that
// is not a letter or a digit.
func testWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// partOfAWord reports whether word is a piece of one of vocabulary's: a
// word a fold cut and the reader left cut, not two glued together.
func partOfAWord(word string, vocabulary map[string]bool) bool {
	for w := range vocabulary {
		if strings.Contains(w, word) {
			return true
		}
	}
	return false
}

// realFile is one of the real digests, its bytes and what p reads in
// them.
type realFile struct {
	path   string
	raw    []byte
	parsed File
}

// realFiles reads and parses the real digests with p.
func realFiles(t *testing.T, p Parser) []realFile {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(realDigests, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no digests in %s: %v", realDigests, err)
	}
	var out []realFile
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := p.ParseFile(path, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, realFile{path, raw, parsed})
	}
	return out
}
