package digest

import "strings"

// Splitting a story too long for one of a platform's text boxes (a Slack
// section, a Discord embed's description): an imported story's text has no
// limit, and an edition shows every word of it. The algorithm is the same
// for every platform; what differs (the box's limit, the markup that must
// not be cut, how a long word or line is split) is said by the caller.
// Lengths are UTF-16 code units (UTF16Len), which is within a limit
// counted in characters too.

// Piece is a part of a long text on its way into boxes: its text, and the
// separator that joins it to the piece before it when both go in one box
// ("\n" for a new line, " " for a line's continuation, "" for a word that
// carries its own space).
type Piece struct {
	Text, Sep string
}

// PackPieces joins pieces into as few strings of at most max UTF-16 code
// units as it can, in order and never splitting a piece, each piece after
// its Sep; a string that starts at a piece that did not fit the one before
// starts without its Sep. A piece longer than max on its own is left whole.
// There is always a last string, empty when every piece is.
func PackPieces(pieces []Piece, max int) []string {
	return pack(len(pieces), func(i int) (string, string) { return pieces[i].Text, pieces[i].Sep }, max)
}

// pack is PackPieces over n pieces read through at, counting as it goes so
// that a long story is measured once, not once per piece added.
func pack(n int, at func(i int) (text, sep string), max int) []string {
	var out []string
	cur, curLen := "", 0
	for i := range n {
		p, sep := at(i)
		pLen, sepLen := UTF16Len(p), UTF16Len(sep)
		switch {
		case cur == "":
			cur, curLen = p, pLen
		case curLen+sepLen+pLen <= max:
			cur += sep + p
			curLen += sepLen + pLen
		default:
			out = append(out, cur)
			cur, curLen = p, pLen
		}
	}
	return append(out, cur)
}

// PackWords cleans raw (CleanText), splits it after its spaces, escapes
// each word and packs the words after first into pieces of at most limit
// UTF-16 code units, each with its spaces trimmed; the last piece is always
// there, maybe empty. A word longer than wordLimit (at most limit) is split
// too, each cut passed through back (where a format steps back from inside
// its markup, as SplitUTF16 does), so that no text is lost.
func PackWords(first, raw string, limit, wordLimit int, escape, back func(string) string) []string {
	words := []Piece{{Text: first}}
	for _, w := range strings.SplitAfter(CleanText(raw), " ") {
		for _, part := range SplitUTF16(escape(w), wordLimit, back, false) {
			words = append(words, Piece{Text: part})
		}
	}
	out := PackPieces(words, limit)
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}
