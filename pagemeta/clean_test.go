package pagemeta

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"  hello \n\t world  ", 100, "hello world"},
		{"a&amp;b &lt;i&gt;c&lt;/i&gt;", 100, "a&b c"},
		{"line<br>break<p>para</p>", 100, "line break para"},
		{"in<b>line</b>", 100, "inline"},
		{"x <!-- hidden --> y", 100, "x y"},
		{"x <!-- never closed", 100, "x"},
		{"a < b and c > d", 100, "a < b and c > d"},
		{"<b", 100, "b"},
		{"<<<<b", 100, "b"},
		{"<\x00script", 100, "script"},
		{"1 <2", 100, "1 <2"},
		{"caf\xe9", 100, "café"},
		{"\u202eevil\u202c", 100, "evil"},
		{"emoji 👩\u200d💻 keeps its joiner", 100, "emoji 👩\u200d💻 keeps its joiner"},
		{"one two three four", 12, "one two…"},
		{"one two three four", 18, "one two three four"},
		{"one two three, four", 16, "one two three…"},
		{"abcdefghijklmnop", 10, "abcdefghi…"},
		{"word " + strings.Repeat("x", 50), 20, "word xxxxxxxxxxxxxx…"},
		{"...........", 5, "....…"},
	}
	for _, tc := range tests {
		got := clean(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("clean(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > tc.max {
			t.Errorf("clean(%q, %d) has %d runes", tc.in, tc.max, n)
		}
	}
}

func TestStripTagsIsLinear(t *testing.T) {
	// Many "<" with no ">" would be quadratic if each looked for its ">".
	s := strings.Repeat("<a", rawLimit/2)
	if got := clean(s, MaxTitleRunes); strings.Contains(got, "<a") {
		t.Errorf("tag start survived: %.40q", got)
	}
	s = strings.Repeat("<!--", rawLimit/4)
	_ = clean(s, MaxTitleRunes)
}

func TestCapRaw(t *testing.T) {
	s := strings.Repeat("é", rawLimit) // 2 bytes each
	got := capRaw([]byte("a" + s))
	if len(got) > rawLimit || !utf8.ValidString(got) {
		t.Errorf("capRaw: %d bytes, valid=%v", len(got), utf8.ValidString(got))
	}
}
