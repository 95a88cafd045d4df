package digest

import (
	"slices"
	"strings"
	"testing"
)

func TestPackPiecesJoinsEachPieceWithItsOwnSeparator(t *testing.T) {
	pieces := []Piece{{Text: "aaa"}, {Text: "bb", Sep: " "}, {Text: "cc", Sep: "\n"}, {Text: "dddddddd", Sep: " "}, {Text: "e", Sep: "\n"}}
	got := PackPieces(pieces, 9)
	// "aaa bb\ncc" is 9; "dddddddd" starts a string without its space,
	// and "e" does not fit beside it.
	want := []string{"aaa bb\ncc", "dddddddd", "e"}
	if !slices.Equal(got, want) {
		t.Errorf("PackPieces = %q, want %q", got, want)
	}
	if got := PackPieces([]Piece{{Text: strings.Repeat("x", 12)}, {Text: "y", Sep: " "}}, 9); !slices.Equal(got, []string{strings.Repeat("x", 12), "y"}) {
		t.Errorf("a piece longer than max: %q", got)
	}
	if got := PackPieces(nil, 9); !slices.Equal(got, []string{""}) {
		t.Errorf("no pieces: %q, want one empty string", got)
	}
	// Emoji count as two, as Slack and Discord count them.
	if got := PackPieces([]Piece{{Text: "😀😀"}, {Text: "a", Sep: " "}}, 5); len(got) != 2 {
		t.Errorf("PackPieces counted an emoji as one: %q", got)
	}
}

func TestPackWordsSplitsLongWordsOnlyWhereBackAllows(t *testing.T) {
	escape := func(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }
	beforeEntity := func(cut string) string {
		if amp := strings.LastIndexByte(cut, '&'); amp > strings.LastIndexByte(cut, ';') {
			return cut[:amp]
		}
		return cut
	}
	got := PackWords("HEAD\n", "one two A&B&C&D&E three", 12, 8, escape, beforeEntity)
	want := []string{"HEAD\none", "two A&amp;B", "&amp;C&amp;D", "&amp;E three"}
	if !slices.Equal(got, want) {
		t.Errorf("PackWords = %q, want %q", got, want)
	}
	for _, p := range got {
		if UTF16Len(p) > 12 {
			t.Errorf("piece %q is longer than 12", p)
		}
	}
	if got := PackWords("", "", 12, 6, escape, nil); !slices.Equal(got, []string{""}) {
		t.Errorf("empty text: %q, want one empty piece", got)
	}
}
