package digest

import (
	"slices"
	"strings"
	"testing"
)

func TestParagraphs(t *testing.T) {
	got := Paragraphs("  First line  \r\nsecond line\n \n\n\tThird\x1b[31m para\u202e  \n")
	want := []string{"First line\nsecond line", " Third para"} // a line keeps its indent; the escape sequence goes whole
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Paragraphs = %q, want %q", got, want)
	}
	if got := Paragraphs(" \n\n "); len(got) != 0 {
		t.Errorf("blank text has paragraphs %q", got)
	}
}

func TestLinkURLEscapesWhatEndsALink(t *testing.T) {
	for _, c := range []struct{ raw, special, want string }{
		{"https://example.org/a b|c", "|", "https://example.org/a%20b%7Cc"},
		{" http://example.org/é ", "", "http://example.org/%C3%A9"},
		{"https://example.org/(x)", "()", "https://example.org/%28x%29"},
		{"javascript:alert(1)", "", ""},
		{"/relative/path", "", ""},
		{"ftp://example.org/file", "", ""},
	} {
		if got := LinkURL(c.raw, c.special); got != c.want {
			t.Errorf("LinkURL(%q, %q) = %q, want %q", c.raw, c.special, got, c.want)
		}
	}
}

func TestUTF16LenAndPrefix(t *testing.T) {
	s := "a😀b\xffc" // an emoji is two code units; invalid UTF-8 one
	if n := UTF16Len(s); n != 6 {
		t.Errorf("UTF16Len = %d", n)
	}
	for n, want := range map[int]string{0: "", 1: "a", 2: "a", 3: "a😀", 4: "a😀b", 5: "a😀b\xff", 6: s, 99: s} {
		if got := PrefixUTF16(s, n); got != want {
			t.Errorf("PrefixUTF16(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPluralAndDisplayName(t *testing.T) {
	if Plural(1, "story", "stories") != "1 story" || Plural(0, "story", "stories") != "0 stories" {
		t.Error("Plural")
	}
	if n := (Person{ID: "U1", Name: " Ana\n Smith "}).DisplayName(); n != "Ana Smith" {
		t.Errorf("DisplayName = %q", n)
	}
	if n := (Person{ID: "U1"}).DisplayName(); n != "U1" {
		t.Errorf("DisplayName without a name = %q", n)
	}
}

// TestJoinWithin: pieces fill each string up to the limit, counted in
// UTF-16 (an emoji is two), in order; a piece is never split, and one
// over the limit stands alone.
func TestJoinWithin(t *testing.T) {
	for _, c := range []struct {
		pieces []string
		max    int
		want   []string
	}{
		{nil, 10, nil},
		{[]string{"ab", "cd", "ef"}, 6, []string{"ab|cd", "ef"}},
		{[]string{"ab", "cd", "ef"}, 8, []string{"ab|cd|ef"}},
		{[]string{"😀😀", "c"}, 5, []string{"😀😀", "c"}}, // 4 + 1 + 1 = 6 code units
		{[]string{"a", "much too long", "b"}, 4, []string{"a", "much too long", "b"}},
	} {
		got := JoinWithin(c.pieces, "|", c.max)
		if strings.Join(got, "/") != strings.Join(c.want, "/") || len(got) != len(c.want) {
			t.Errorf("JoinWithin(%q, %d) = %q, want %q", c.pieces, c.max, got, c.want)
		}
	}
}

func TestClipUTF16(t *testing.T) {
	toSpace := func(cut string) string { return cut[:strings.LastIndexByte(cut, ' ')+1] }
	for _, c := range []struct {
		s    string
		max  int
		back func(string) string
		want string
	}{
		{"short", 5, nil, "short"},
		{"a longer text", 8, nil, "a longe…"},
		{"a longer text", 8, toSpace, "a…"},
		{"a 😀 smile", 4, nil, "a…"}, // the emoji is two units: no room for it
		{"ab  cd", 5, nil, "ab…"},   // spaces before the "…" go
	} {
		if got := ClipUTF16(c.s, c.max, c.back); got != c.want {
			t.Errorf("ClipUTF16(%q, %d) = %q, want %q", c.s, c.max, got, c.want)
		}
		if UTF16Len(c.want) > c.max {
			t.Errorf("%q is longer than %d", c.want, c.max)
		}
	}
}

func TestSplitUTF16(t *testing.T) {
	toSpace := func(cut string) string {
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			return cut[:i]
		}
		return cut
	}
	for _, c := range []struct {
		s    string
		max  int
		back func(string) string
		trim bool
		want []string
	}{
		{"short", 5, nil, false, []string{"short"}},
		{"", 5, nil, false, []string{""}},
		{"", 5, nil, true, nil},
		{"abcdefgh", 3, nil, false, []string{"abc", "def", "gh"}},
		{"one two three", 8, toSpace, true, []string{"one two", "three"}},
		{"one two three ", 8, toSpace, false, []string{"one two", " three "}},
		{"😀😀😀", 4, nil, false, []string{"😀😀", "😀"}},
		{"abcdef", 3, func(string) string { return "" }, false, []string{"abcdef"}}, // back leaves nothing: the rest whole
	} {
		got := SplitUTF16(c.s, c.max, c.back, c.trim)
		if !slices.Equal(got, c.want) {
			t.Errorf("SplitUTF16(%q, %d, trim %v) = %q, want %q", c.s, c.max, c.trim, got, c.want)
		}
		if !c.trim && strings.Join(got, "") != c.s {
			t.Errorf("SplitUTF16(%q, %d) pieces do not join again into it: %q", c.s, c.max, got)
		}
	}
}

// TestUpperFirst: the first letter in capitals, whole, whatever its bytes;
// what has none, or is already in capitals, is left as it is.
func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{
		"":          "",
		"story":     "Story",
		"3 stories": "3 stories",
		"état":      "État",
		"ŵyl":       "Ŵyl",
		"Already":   "Already",
		"\xffbad":   "\xffbad",
	} {
		if got := UpperFirst(in); got != want {
			t.Errorf("UpperFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
