package bot

import (
	"slices"
	"testing"
)

// TestSaysMarksWhatItQuotes: a sentence made by says reads as fmt would
// write it, each quote in curly quotes, and its Line tells the bot's words
// (Plain, their markup kept) from what it quotes (Quoted); a sentence that
// quotes nothing is its text alone.
func TestSaysMarksWhatItQuotes(t *testing.T) {
	m := says(Success, "#%d %s leads; see `draft`.", 3, quote("*Big* <!channel> 100%"))
	m = m.and(" The editor said: %s", quote("fine"))
	if want := "#3 “*Big* <!channel> 100%” leads; see `draft`. The editor said: “fine”"; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	want := Line{{Kind: Plain, Text: "#3 "}, {Kind: Quoted, Text: "*Big* <!channel> 100%"}, {Kind: Plain, Text: " leads; see `draft`."},
		{Kind: Plain, Text: " The editor said: "}, {Kind: Quoted, Text: "fine"}}
	if got := m.Line(); !slices.Equal(got, want) {
		t.Errorf("Line = %+v\nwant %+v", got, want)
	}
	// An argument holding the marker's byte cannot move a quote's span:
	// the message is then its text alone.
	odd := says(Info, "%s %s", "a\x000\x00b", quote("c"))
	if got := odd.Line(); len(got) != 1 || got[0].Kind != Plain || got[0].Text != odd.Text {
		t.Errorf("Line of a sentence whose spans do not spell it = %+v", got)
	}
	if got := (Message{Text: "Done."}).Line(); !slices.Equal(got, Line{{Kind: Plain, Text: "Done."}}) {
		t.Errorf("Line of a sentence without quotes = %+v", got)
	}
}

// TestMarkupWritesASentenceWordsAndQuotesApart: a platform writes a
// sentence (Message.Line) with its Markup, the bot's own words through
// Words, whole, spaces and markup kept, and each quote in curly quotes
// through Escape, as its cards escape text.
func TestMarkupWritesASentenceWordsAndQuotesApart(t *testing.T) {
	m := says(Success, "Approved #%d %s; see `draft`.", 3, quote("*Big*  news"))
	mark := Markup{Escape: func(s string) string { return "[" + s + "]" }, Words: func(s string) string { return "<" + s + ">" }}
	if got, want := mark.Line(m.Line()), "<Approved #3 >“[*Big*  news]”<; see `draft`.>"; got != want {
		t.Errorf("with Words: %q, want %q", got, want)
	}
	mark.Words = nil
	if got, want := mark.Line(m.Line()), "[Approved #3] “[*Big*  news]”[; see `draft`.]"; got != want {
		t.Errorf("without Words: %q, want %q", got, want)
	}
}

// TestSaysKeepsThePiecesItJoins: a piece of a sentence made by says (a
// byline naming someone, who rejected a story) joins another sentence
// with its names and quotes still marked, so that a platform escapes the
// name there as it escapes it alone; an empty piece adds nothing.
func TestSaysKeepsThePiecesItJoins(t *testing.T) {
	by := says(Info, " by @%s", named("*Ann*"))
	m := says(Problem, "Story #%d was rejected%s: %s.", 4, by, quote("_old_"))
	if want := "Story #4 was rejected by @*Ann*: “_old_”."; m.Text != want {
		t.Errorf("Text = %q, want %q", m.Text, want)
	}
	want := Line{{Kind: Plain, Text: "Story #4 was rejected"}, {Kind: Plain, Text: " by @"}, {Kind: Named, Text: "*Ann*"},
		{Kind: Plain, Text: ": "}, {Kind: Quoted, Text: "_old_"}, {Kind: Plain, Text: "."}}
	if got := m.Line(); !slices.Equal(got, want) {
		t.Errorf("Line = %+v\nwant %+v", got, want)
	}
	if got := says(Info, "Rejected%s.", Message{}); got.Text != "Rejected." || !slices.Equal(got.Line(), Line{{Kind: Plain, Text: "Rejected."}}) {
		t.Errorf("an empty piece: %q %+v", got.Text, got.Line())
	}
}
