package digest

import (
	"testing"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"Councils agree to share a chief executive", 20, "Councils agree to…"},
		{"Councils agree, to share", 16, "Councils agree…"},
		{"Supercalifragilisticexpialidocious", 10, "Supercali…"},
		{"a b", 1, "…"},
		{"anything", 0, ""},
		{"Café société, très bien", 14, "Café société…"},
	} {
		got := Shorten(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if utf8.RuneCountInString(got) > tc.max {
			t.Errorf("Shorten(%q, %d) = %q is longer than %d", tc.in, tc.max, got, tc.max)
		}
	}
}
