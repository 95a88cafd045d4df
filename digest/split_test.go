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

// splitWords splits text at its last space within max, for LineSplit.
func splitWords(text string, max int) []string {
	return SplitUTF16(text, max, func(cut string) string {
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			return cut[:i]
		}
		return cut
	}, true)
}

func TestLineSplitBlocks(t *testing.T) {
	split := LineSplit{Max: 30, Room: 16, Split: splitWords}
	headline := Line{Open: "**", Text: "[Name](https://e.org/a)", Close: "**", Unlinked: "Name"}
	for _, c := range []struct {
		name  string
		lines []Line
		want  []string
	}{
		{"a story that fits is one block", []Line{{Text: "hi"}, headline},
			[]string{"hi\n**[Name](https://e.org/a)**"}},
		{"a headline unlinked when only that makes the story fit", []Line{{Text: "twenty-two characters"}, headline},
			[]string{"twenty-two characters\n**Name**"}},
		{"a long line in parts within Room, each in its markup, its link whole after them",
			[]Line{{Open: "*", Text: "alpha beta gamma delta epsilon zeta", Close: "*", Link: "[More](https://e.org/x)"}},
			[]string{"*alpha beta* *gamma delta*", "*epsilon zeta*", "[More](https://e.org/x)"}},
		{"a link longer than a block is its label alone",
			[]Line{{Text: "some words here and there again", Link: "[More](https://e.org/" + strings.Repeat("p", 30) + ")", Label: "More"}},
			[]string{"some words here", "and there again More"}},
		{"a line too long even unlinked is split unlinked", []Line{
			{Open: "**", Text: "[one two three four five six](https://e.org/b)", Close: "**", Unlinked: "one two three four five six"}},
			[]string{"**one two** **three four**", "**five six**"}},
	} {
		got := split.Blocks(c.lines)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
		for _, b := range got {
			if UTF16Len(b) > split.Max {
				t.Errorf("%s: block %q is longer than %d", c.name, b, split.Max)
			}
		}
	}
}

// JoinWithin runs for every paragraph and story a chat edition lays out,
// most of them with nothing to join: that costs nothing.
func TestJoinWithinOfNothingAllocatesNothing(t *testing.T) {
	if got := JoinWithin(nil, "\n\n", 10); got != nil {
		t.Errorf("JoinWithin(nil) = %q, want nil", got)
	}
	if n := testing.AllocsPerRun(100, func() { JoinWithin(nil, "\n\n", 10) }); n != 0 {
		t.Errorf("JoinWithin(nil) allocates %v times", n)
	}
}

// TestSplitWordsEndsAPieceAtASpaceInItsSecondHalf pins the free-text rule
// both platforms share: a piece ends at its last space or line break in
// its second half; a word that would leave a piece half empty is cut
// where the piece is full, stepping back out of markup, and nothing is
// lost.
func TestSplitWordsEndsAPieceAtASpaceInItsSecondHalf(t *testing.T) {
	keep := func(s string) string { return s }
	entity := func(cut string) string { // steps back out of "&amp;"
		if amp := strings.LastIndexByte(cut, '&'); amp > strings.LastIndexByte(cut, ';') {
			return cut[:amp]
		}
		return cut
	}
	for _, c := range []struct {
		text string
		back func(string) string
		want []string
	}{
		{"one two three four", keep, []string{"one two", "three four"}},
		{"one\ntwo three four", keep, []string{"one\ntwo", "three four"}},
		{"ab xxxxxxxxxxxxxxxxxxxx", keep, []string{"ab xxxxxxx", "xxxxxxxxxx", "xxx"}},
		{"abcdefg&amp;", entity, []string{"abcdefg", "&amp;"}},
		{"short", keep, []string{"short"}},
	} {
		if got := SplitWords(c.text, 10, c.back); !slices.Equal(got, c.want) {
			t.Errorf("SplitWords(%q, 10) = %q, want %q", c.text, got, c.want)
		}
	}
}
