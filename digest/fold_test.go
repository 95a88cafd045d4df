package digest

import (
	"math/rand/v2"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/internal/randtext"
)

func TestFoldText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Plain   text\n\twith  spaces ", "Plain text with spaces"},
		{"right\u202Eto left", "rightto left"},
		{"zero\u200Bwidth soft\u00ADhyphen", "zerowidth softhyphen"},
		{"mail <support@example.com>", "mail support@example.com>"},
		{"a < b", "a < b"},
		{"emoji 👩\u200D💻 joiner kept", "emoji 👩\u200D💻 joiner kept"},
		{"bad \xff byte", "bad byte"},
	} {
		if got := FoldText(tc.in); got != tc.want {
			t.Errorf("FoldText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldLiteralText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Use <main>\tfor   content ", "Use <main> for content"},
		{"a <b> c\u202E", "a <b> c"},
	} {
		if got := FoldLiteralText(tc.in); got != tc.want {
			t.Errorf("FoldLiteralText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// foldRunes is foldText as it was written first, rune by rune: what the
// byte-wise loop must agree with.
func foldRunes(s string, dropTagStarts bool) string {
	s = StripControls(s)
	out := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = len(out) > 0
			continue
		}
		if Unprintable(r) {
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		} else if dropTagStarts && StartsTag(r) {
			for len(out) > 0 && out[len(out)-1] == '<' {
				out = out[:len(out)-1]
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return string(out)
}

func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"  Plain   text\n\twith  spaces ", "right\u202Eto left", "mail <support@example.com>", "<<a", "é <b>\u00a0x\u0085y",
		"bad \xff byte \xc3", "tab\ttab\r\ncr", "emoji 👩\u200D💻", "\x1b[31mred\x1b[0m", "\u2028line\u2029"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, drop := range []bool{true, false} {
			if got, want := foldText(s, drop), foldRunes(s, drop); got != want {
				t.Fatalf("foldText(%q, %v) = %q, want %q", s, drop, got, want)
			}
		}
	})
}

// TestFoldRandomText runs FuzzFoldText's comparison on random text of
// the characters fold treats apart ('<' before and after tag starts,
// white space of every kind, controls, C1 sequences, invalid bytes,
// characters outside ASCII), so that every run of go test checks it.
func TestFoldRandomText(t *testing.T) {
	pieces := []string{"a", "Z", "/", "!", "?", "<", "<", " ", "\t", "\n", "\r", "\v", "\f", "\x00", "\x7f", "\x1b", "\x1b[31m", "\u0085", "\u009b2J",
		"\u00a0", "\u2028", "é", "’", "\u202e", "\u200b", "\xff", "\xc3", ">", "1", "."}
	r := rand.New(rand.NewPCG(11, 12))
	for range 300000 {
		s := randtext.Of(r, pieces, 16)
		for _, drop := range []bool{true, false} {
			if got, want := foldText(s, drop), foldRunes(s, drop); got != want {
				t.Fatalf("foldText(%q, %v) = %q, want %q", s, drop, got, want)
			}
		}
	}
}
