package email

import (
	"strings"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// textFlowed is the type of a mail's text part: RFC 3676's format=flowed,
// so that a client that knows it (Apple Mail, Thunderbird, most webmails)
// joins the lines of a paragraph and wraps them to its window, and one
// that does not shows lines of a readable width. go-mail writes the
// charset after the type, so the parameter rides on the type.
const textFlowed = gomail.ContentType("text/plain; format=flowed")

// flowedWidth is the longest line flowed writes, not counting a soft
// break's space: RFC 3676 4.2 asks for at most 78 and suggests fewer, so
// that a line quoted in a reply ("> ") still fits a terminal of 80.
const flowedWidth = 72

// signatureSeparator is RFC 3676 4.3's line before a signature. It ends
// with a space, yet is never a soft break.
const signatureSeparator = "-- "

// flowed writes text, whose lines are its hard breaks (a paragraph of the
// edition is one line), as RFC 3676 format=flowed with DelSp=no: a line
// longer than flowedWidth characters is cut after a space, which stays at
// the end of the line as the soft break's mark, so that a client that
// joins the lines gets the paragraph back as it was. A line is only cut
// at a space, so a link, which has none, is never cut: a client that
// does not know flowed then still shows it whole, to be clicked. Spaces at
// the end of a hard line are dropped, or it would read as a soft one;
// lines that start with a space, ">" or "From " are space-stuffed (4.4),
// or a client would read them as quoted, or a mailbox as a new message.
func flowed(text string) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if line != signatureSeparator {
			line = strings.TrimRight(line, " ")
		}
		for first := true; first || line != ""; first = false {
			var part string
			part, line = cutFlowed(line)
			if !first {
				b.WriteByte('\n')
			}
			if strings.HasPrefix(part, " ") || strings.HasPrefix(part, ">") || strings.HasPrefix(part, "From ") {
				b.WriteByte(' ')
			}
			b.WriteString(part)
		}
	}
	return b.String()
}

// cutFlowed returns the first line of the wrapped line and the rest: the
// longest start of line that ends with a space and, without it, holds at
// most flowedWidth characters, or, when no such start exists (a word
// longer than the width), the line up to the first space after that word.
// A cut is made only before a character that is not a space, so that the
// rest never starts with one, and after a word, so that no line is of
// spaces alone.
func cutFlowed(line string) (string, string) {
	if utf8.RuneCountInString(line) <= flowedWidth {
		return line, ""
	}
	cut, n := -1, 0
	for i, r := range line {
		if n > flowedWidth {
			break
		}
		if r == ' ' && i+1 < len(line) && line[i+1] != ' ' && strings.TrimSpace(line[:i]) != "" {
			cut = i + 1
		}
		n++
	}
	if cut < 0 {
		// No space within the width: the line runs to the word's end.
		for i := 1; i < len(line); i++ {
			if line[i-1] == ' ' && line[i] != ' ' && strings.TrimSpace(line[:i]) != "" {
				cut = i
				break
			}
		}
		if cut < 0 {
			return line, ""
		}
	}
	return line[:cut], line[cut:]
}
