package lines

import (
	"strconv"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	const max = 10
	for _, tc := range []struct {
		name string
		in   string
		want []string // "!N" is a line over max of N bytes
	}{
		{"empty", "", nil},
		{"lines", "a\nb\n", []string{"a", "b"}},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"byte order mark", "\ufeffa\nb\n", []string{"a", "b"}},
		{"blank lines", "\n\na\n", []string{"", "", "a"}},
		{"exactly max", strings.Repeat("x", max) + "\nnext\n", []string{strings.Repeat("x", max), "next"}},
		{"one over max", strings.Repeat("x", max+1) + "\nnext\n", []string{"!12", "next"}},
		{"far over max, last", "a\n" + strings.Repeat("x", 200_000), []string{"a", "!200000"}},
		{"far over max, then more", strings.Repeat("x", 200_000) + "\nnext\n", []string{"!200001", "next"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := Read(strings.NewReader(tc.in), max, func(l Line) bool {
				if l.TooLong {
					got = append(got, "!"+strconv.Itoa(l.Size))
				} else {
					got = append(got, l.Text)
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
		})
	}
}
