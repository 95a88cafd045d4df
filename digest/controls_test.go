package digest

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestStripControls(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, café, 日本", "plain text, café, 日本"},
		{"two\nlines\tand a tab", "two\nlines\tand a tab"},
		{"Head\x1b[31mline\x07", "Headline"},
		{"\x1b[1;31;40mbold red\x1b[0m", "bold red"},
		{"clear\x1b[2J\x1b[Hscreen", "clearscreen"},
		{"\x1b[?25lhidden cursor", "hidden cursor"},
		{"title\x1b]0;pwned\x07 after", "title after"},
		{"link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ here", "link click here"},
		{"unterminated \x1b]0;rest of line\nnext line", "unterminated \nnext line"},
		{"osc cut by csi \x1b]0;x\x1b[31mred", "osc cut by csi red"},
		{"charset \x1b(Bback", "charset back"},
		{"save \x1b7restore\x1b8", "save restore"},
		{"8-bit \u009b31mcsi \u009d0;t\u0007osc", "8-bit csi osc"},
		{"raw \x9b31m byte", "raw \uFFFD31m byte"},
		{"bell\x07 nul\x00 del\x7f bs\x08", "bell nul del bs"},
		{"over\rwrite", "over\nwrite"},
		{"dos\r\nline", "dos\nline"},
		{"rtl \u202eevil\u202c", "rtl evil"},
		{"lone esc at end\x1b", "lone esc at end"},
		{"esc then é\x1bé", "esc then éé"},
		// After a character other than ASCII, where printable decodes
		// rather than compares bytes.
		{"£5m saving\x1b[31m red", "£5m saving red"},
		{"café\r\nnext", "café\nnext"},
		{"“quoted”\x07 bell", "“quoted” bell"},
		{"ellipsis… then \u202eevil", "ellipsis… then evil"},
		{"é then a bad byte \xff", "é then a bad byte \uFFFD"},
		{"é then a replacement \uFFFD", "é then a replacement \uFFFD"},
	} {
		if got := StripControls(tc.in); got != tc.want {
			t.Errorf("StripControls(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripControlsKeepsCleanTextAsIs(t *testing.T) {
	s := "A clean headline — with “quotes”\nand a second line"
	if got := StripControls(s); got != s {
		t.Errorf("changed clean text: %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { StripControls(s) }); n != 0 {
		t.Errorf("%v allocations for clean text, want 0", n)
	}
}

func TestStoryWithoutControls(t *testing.T) {
	s := Story{URL: "https://a.example/x", Headline: "H\x1b[31m", Summary: "S\x07", Source: "\x1b]0;t\x07Src",
		Commentary: "C\x1b[5m", SubmitNote: "N\x00", RejectReason: "R\x1b", Submitter: Person{Name: "ana\x1b[2J"}}
	got := s.WithoutControls()
	for _, v := range []string{got.Headline, got.Summary, got.Source, got.Commentary, got.SubmitNote, got.RejectReason, got.Submitter.Name} {
		if strings.ContainsFunc(v, isTerminalControl) || strings.Contains(v, "[") {
			t.Errorf("%q still carries a control sequence", v)
		}
	}
	if got.Headline != "H" || got.Source != "Src" || got.Submitter.Name != "ana" {
		t.Errorf("got %+v", got)
	}
}

// isTerminalControl reports whether r is a control character other than
// newline and tab.
func isTerminalControl(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) }

func FuzzStripControls(f *testing.F) {
	for _, s := range []string{"Head\x1b[31mline\x07", "\x1b]8;;https://x\x1b\\a\x1b]8;;\x1b\\", "\u009b2J\r\n", "\xff\x9b", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := StripControls(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return isTerminalControl(r) || isBidiControl(r) }) {
			t.Fatalf("StripControls(%q) = %q keeps a control character", s, got)
		}
		if again := StripControls(got); again != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, again)
		}
		if len(got) > 3*len(s) { // only an invalid byte grows, into U+FFFD
			t.Fatalf("output grew: %q → %q", s, got)
		}
	})
}

// BenchmarkStripControlsNewsCopy times the check every field of every feed
// entry goes through as it is stored: clean news copy, mostly ASCII with a
// few other characters early on.
func BenchmarkStripControlsNewsCopy(b *testing.B) {
	s := "The council’s £2m plan… Officers expect savings of £120,000 a year and better services for residents across the area. A report goes to cabinet next month, and the consultation runs until the end of January."
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if StripControls(s) != s {
			b.Fatal("changed clean text")
		}
	}
}

// TestPrintableWordAtATime compares printable, which looks at eight bytes
// at a time, with the byte-at-a-time definition on random text of the
// characters that matter in every place of a word.
func TestPrintableWordAtATime(t *testing.T) {
	bytewise := func(s string) bool {
		for _, r := range s {
			if r == '\n' || r == '\t' {
				continue
			}
			if r == utf8.RuneError || unicode.IsControl(r) || isBidiControl(r) {
				return false
			}
		}
		return true
	}
	pieces := []string{"a", "Z", " ", "~", "\x7f", "\x00", "\x1f", "\n", "\t", "\r", "£", "\u202e", "\u0085", "\xff", "\xc3", "’", "\x1b"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var b strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			if r.IntN(4) == 0 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			} else {
				b.WriteByte('a' + byte(r.IntN(26)))
			}
		}
		if s := b.String(); printable(s) != bytewise(s) {
			t.Fatalf("printable(%q) = %v", s, printable(s))
		}
	}
}
