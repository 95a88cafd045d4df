package digest

import "testing"

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
