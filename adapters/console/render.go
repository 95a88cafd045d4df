package console

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// RenderReply writes a reply as plain text for a terminal.
func RenderReply(r bot.Reply, loc *time.Location) string {
	switch b := r.Body.(type) {
	case bot.Message:
		text := toneMarks[b.Tone] + b.Text
		if u := b.UsageLine(); u != "" {
			text += "\n  " + u
		}
		return text
	case bot.EditionView:
		// The edition's text carries no number, as the newsletter's never
		// did; the answer names it (Label) as chat does, once published (a
		// draft's preview knows the number it will carry, and does not show it).
		return digest.JoinParagraphs(b.Note, b.Edition.Outline().Label, strings.TrimRight(digest.RenderText(b.Edition), "\n"))
	}
	return renderOutline(r.Outline(loc))
}

// toneMarks lead a message of each tone.
var toneMarks = map[bot.Tone]string{bot.Success: "✓ ", bot.Problem: "✗ "}

// renderOutline writes a reply's outline: the title, the sentences, each
// entry indented under it: a story its name over its lines, facts and link;
// a field of one line "Name: line" (inline ones side by side), a longer one
// its name over its lines; rows with their second column lined up.
func renderOutline(o bot.Outline) string {
	out := append([]string{o.Title}, lineTexts("", o.Before)...)
	width := 0 // of the first column of rows, the same in every group
	for _, g := range o.Groups {
		for _, e := range g.Entries {
			width = max(width, utf8.RuneCountInString(e.Name))
		}
	}
	for _, g := range o.Groups {
		if g.Heading != "" {
			out = append(out, g.Heading+":")
		}
		inline := false
		for i, e := range g.Entries {
			field := o.Shape == bot.Fields || o.Shape == bot.Review && i > 0 // a card's story comes first
			switch {
			case o.Shape == bot.Rows:
				out = append(out, "  "+padRight(e.Name, width)+" "+e.Lines[0].Text())
			case field && len(e.Lines) == 1 && e.Inline && inline:
				out[len(out)-1] += " · " + e.Name + ": " + e.Lines[0].Text()
			case field && len(e.Lines) == 1:
				out = append(out, "  "+e.Name+": "+e.Lines[0].Text())
			default:
				out = append(append(out, "  "+e.Name), lineTexts("    ", e.Lines)...)
				if facts := e.FactLine(); facts != "" {
					out = append(out, "    "+facts)
				}
				if e.URL != "" && e.URL != e.Name {
					out = append(out, "    "+e.URL)
				}
			}
			inline = e.Inline
		}
	}
	return strings.Join(append(out, lineTexts("", o.After)...), "\n")
}

// lineTexts are the lines' words, each after indent.
func lineTexts(indent string, lines []bot.Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = indent + l.Text()
	}
	return out
}

// padRight pads s with spaces to width characters, so that a column lines
// up on a terminal whatever the words before it: fmt's %-Ns counts bytes,
// and a usage with "…" or a sector slug longer than the column broke it.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}
