package digest

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/internal/randtext"
)

func TestFoldWords(t *testing.T) {
	for in, want := range map[string]string{
		"  COUNCILS’ agree: to share a “chief executive”! ": "councils agree to share a chief executive",
		"Council's plan":          "councils plan",
		"Waits in A&E grow":       "waits in a&e grow",
		"Fire & Rescue":           "fire & rescue",
		"Joint-working":           "joint working",
		"Müller übernimmt Bürger": "müller übernimmt bürger",
		"":                        "",
		"—":                       "",
	} {
		if got := FoldWords(in); got != want {
			t.Errorf("FoldWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadlineKeys(t *testing.T) {
	known := Publishers{}
	known.Add("Hastings and St Leonards Observer", "The Guardian", "BBC News - UK Politics")
	for _, tc := range []struct {
		headline string
		want     []string
	}{
		{"Councils agree to share a chief executive", []string{"councils agree to share a chief executive"}},
		{"Councils agree to share a chief executive - Hastings and St Leonards Observer",
			[]string{"councils agree to share a chief executive hastings and st leonards observer", "councils agree to share a chief executive"}},
		{"Councils agree to share a chief executive | Guardian",
			[]string{"councils agree to share a chief executive guardian", "councils agree to share a chief executive"}},
		// A part of a known name ("BBC News - UK Politics") is a name too.
		{"Councils agree to share a chief executive – BBC News",
			[]string{"councils agree to share a chief executive bbc news", "councils agree to share a chief executive"}},
		// Not a publisher's name: part of the headline, which says which story it is.
		{"Local elections 2024 - Results For Leeds", []string{"local elections 2024 results for leeds"}},
		{"Local elections 2024 - Results For York", []string{"local elections 2024 results for york"}},
		{"Councils agree to share a chief executive | The Paper", []string{"councils agree to share a chief executive the paper"}},
		{"Council tax - what you need to know", []string{"council tax what you need to know"}},
		// Too short to tell stories apart, with or without the suffix.
		{"Budgets", nil},
		{"Council news", nil},
		{"Budget news - The Guardian", []string{"budget news the guardian"}},
		{"https://example.invalid/news/councils-merge", nil},
		{"", nil},
	} {
		if got := HeadlineKeys(tc.headline, known.Has); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("HeadlineKeys(%q) = %q, want %q", tc.headline, got, tc.want)
		}
	}
	if got := HeadlineKeys("Councils agree to share a chief executive | The Guardian", nil); len(got) != 1 {
		t.Errorf("with no publishers: %q", got)
	}
}

func TestSplitPublisher(t *testing.T) {
	for _, tc := range []struct{ in, rest, name string }{
		{"A - B - C", "A - B", "C"},
		{"Headline | Site", "Headline", "Site"},
		{"Headline · Site", "Headline", "Site"},
		{"No separator-here", "", ""},
		{" - Site", "", ""},
		{"Headline - ", "", ""},
		// The last separator, whichever it is.
		{"A - B | C", "A - B", "C"},
		{"A | B - C", "A | B", "C"},
		{"A – B - C", "A – B", "C"},
		{"A - B – C", "A - B", "C"},
		{"A — B · C", "A — B", "C"},
		{"A · B — C", "A · B", "C"},
		{"Cost-of-living – help | Local News", "Cost-of-living – help", "Local News"},
		{"A -B", "", ""},
		{"A- B", "", ""},
		{"A |", "", ""},
		{"-", "", ""},
		{"", "", ""},
	} {
		rest, name, ok := SplitPublisher(tc.in)
		if rest != tc.rest || name != tc.name || ok != (tc.name != "") {
			t.Errorf("SplitPublisher(%q) = %q, %q, %v", tc.in, rest, name, ok)
		}
	}
}

// TestHeadlineWords: case, spacing, quotes and punctuation do not change a
// headline's words; an apostrophe separates them, as imported keys have
// always had it.
func TestHeadlineWords(t *testing.T) {
	for in, want := range map[string]string{
		"Council’s  “New” Plan!": "council s new plan",
		"council's new plan":     "council s new plan",
		"A&E waits rise 20%":     "a e waits rise 20",
		"…":                      "",
	} {
		if got := HeadlineWords(in); got != want {
			t.Errorf("HeadlineWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSplitPublisher checks the one-pass search for the last separator
// against its definition: the separator whose last occurrence starts
// furthest along.
func FuzzSplitPublisher(f *testing.F) {
	for _, s := range []string{"A - B | C", "A · B — C", "x – y", " | ", "a  -  b", "—", "a - b -", "é · ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cut, sep := -1, ""
		for _, p := range publisherSeparators {
			if i := strings.LastIndex(s, p); i > cut {
				cut, sep = i, p
			}
		}
		if gotCut, gotSep := lastSeparator(s); gotCut != cut || gotSep != sep {
			t.Fatalf("lastSeparator(%q) = %d, %q; want %d, %q", s, gotCut, gotSep, cut, sep)
		}
	})
}

// TestFoldWordsASCIIAsRunes compares FoldWords, which reads ASCII by a
// table, with its rules applied rune by rune to every character, on
// random text of every ASCII character and some others.
func TestFoldWordsASCIIAsRunes(t *testing.T) {
	byRunes := func(s string) string {
		var b strings.Builder
		space := false
		for _, r := range s {
			switch {
			case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ':
				continue
			case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '&':
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(unicode.ToLower(r))
			default:
				space = true
			}
		}
		return b.String()
	}
	others := []string{"’", "‘", "´", "ʼ", "é", "É", "\u0301", "١", "\xff", "\u00a0", "–", "Ω"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var b strings.Builder
		for n := r.IntN(30); n > 0; n-- {
			if r.IntN(5) == 0 {
				b.WriteString(others[r.IntN(len(others))])
			} else {
				b.WriteByte(byte(r.IntN(utf8.RuneSelf)))
			}
		}
		if s := b.String(); FoldWords(s) != byRunes(s) {
			t.Fatalf("FoldWords(%q) = %q, want %q", s, FoldWords(s), byRunes(s))
		}
	}
}

// TestLastSeparatorSkipsSpaces: lastSeparator, which looks at a space's
// next byte before comparing separators, finds what comparing every
// separator at every space finds, on random headlines of separators' parts.
func TestLastSeparatorSkipsSpaces(t *testing.T) {
	every := func(s string) (int, string) {
		for i := len(s) - 3; i >= 0; i-- {
			for _, sep := range publisherSeparators {
				if strings.HasPrefix(s[i:], sep) {
					return i, sep
				}
			}
		}
		return -1, ""
	}
	pieces := []string{" ", "|", "-", "–", "—", "·", "a", "BBC", "\xe2", "\xc2", "\xe2\x80", " - ", " | ", " – ", " — ", " · "}
	r := rand.New(rand.NewPCG(13, 14))
	for range 100000 {
		s := randtext.Of(r, pieces, 12)
		gi, gs := lastSeparator(s)
		if wi, ws := every(s); gi != wi || gs != ws {
			t.Fatalf("lastSeparator(%q) = %d %q, want %d %q", s, gi, gs, wi, ws)
		}
	}
}
