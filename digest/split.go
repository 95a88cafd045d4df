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
	out := pack(len(pieces), func(i int) (string, string) { return pieces[i].Text, pieces[i].Sep }, max)
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

// pack is PackPieces over n pieces read through at, counting as it goes so
// that a long story is measured once, not once per piece added, and
// without an empty last string.
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
	if cur != "" {
		out = append(out, cur)
	}
	return out
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

// SplitWords splits text into pieces of at most max UTF-16 code units,
// each trimmed, that show it whole over several boxes: a piece ends at its
// last space or line break in its second half where it has one, else
// where back steps back to from a cut (out of a format's markup), so that
// one long word does not leave a piece half empty.
func SplitWords(text string, max int, back func(cut string) string) []string {
	return SplitUTF16(text, max, func(cut string) string {
		if i := strings.LastIndexAny(cut, " \n"); i > len(cut)/2 {
			cut = cut[:i]
		}
		return back(cut)
	}, true)
}

// Line is one line of a story as a chat platform shows it: escaped text
// between the markup that wraps it (bold, italics), and a link that ends
// it ("Read more >>>"), which is never split.
type Line struct {
	Open, Text, Close string
	Link              string
	// Label is the link's text, shown alone in place of a link longer
	// than a box.
	Label string
	// Unlinked is the text without its link (a linked headline's), shown
	// instead when the linked text is too long.
	Unlinked string
}

// String is the line whole: its text in its markup, then its link.
func (l Line) String() string {
	s := l.Open + l.Text + l.Close
	switch {
	case l.Link == "":
		return s
	case s == "":
		return l.Link
	}
	return s + " " + l.Link
}

// unlinked is l with its unlinked text in place of the linked one.
func (l Line) unlinked() Line {
	if l.Unlinked != "" {
		l.Text, l.Unlinked = l.Unlinked, ""
	}
	return l
}

// LineSplit says how a platform splits a story's lines into boxes.
type LineSplit struct {
	// Max is what a box holds.
	Max int
	// Room is the most a part of a line longer than Max holds, markup
	// included: small enough that parts fill boxes nearly to Max.
	Room int
	// Split splits escaped text between words into parts of at most max.
	Split func(text string, max int) []string
}

// Blocks lays a story's lines out in boxes: one box, with the lines kept
// apart by line breaks, wherever the story fits one (with its headline
// unlinked when only that makes it fit); else as few boxes as its pieces
// (Pieces) fill, a box starting within a line where it must.
func (s LineSplit) Blocks(lines []Line) []string {
	if block := JoinLines(lines, true); UTF16Len(block) <= s.Max {
		return []string{block}
	}
	if block := JoinLines(lines, false); UTF16Len(block) <= s.Max {
		return []string{block}
	}
	var pieces []Piece
	for _, l := range lines {
		pieces = append(pieces, s.Pieces(l)...)
	}
	return PackPieces(pieces, s.Max)
}

// Pieces is the line whole, when it fits Max, else its text (unlinked, if
// it has an unlinked form) in parts of at most Room, each wrapped in the
// line's markup (emphasis that ends and starts again reads the same), each
// after the first continuing the line after a space; the link ends the
// line, never split, its Label alone should it be longer than Max.
func (s LineSplit) Pieces(l Line) []Piece {
	if whole := l.String(); UTF16Len(whole) <= s.Max {
		return []Piece{{Text: whole, Sep: "\n"}}
	}
	if l.Unlinked != "" {
		return s.Pieces(l.unlinked())
	}
	var out []Piece
	if l.Text != "" {
		for i, part := range s.Split(l.Text, min(s.Max, s.Room)-UTF16Len(l.Open)-UTF16Len(l.Close)) {
			out = append(out, Piece{Text: l.Open + part + l.Close, Sep: sepIf(i > 0)})
		}
	}
	if link := l.Link; link != "" {
		if UTF16Len(link) > s.Max {
			link = l.Label
		}
		out = append(out, Piece{Text: link, Sep: sepIf(len(out) > 0)})
	}
	return out
}

// sepIf is the separator of a piece that continues its line: a space, or
// a line break before one that starts a line.
func sepIf(sameLine bool) string {
	if sameLine {
		return " "
	}
	return "\n"
}

// JoinLines is a story's lines as one box's text, with its headline linked
// or, without linked, as its unlinked text.
func JoinLines(lines []Line, linked bool) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if !linked {
			l = l.unlinked()
		}
		out[i] = l.String()
	}
	return strings.Join(out, "\n")
}
