// Package bot is the conversation: one command table (Commands) that it
// parses commands with (typed, or given as named arguments), lists in
// help and platforms register; who may do what, decided here for every
// state-changing call, whatever the adapter showed (each takes the
// Caller); the editorial workflow against the store; the edit form's
// fields and limits; and structured results (replies and review cards with
// the facts they show, edit outcomes, a delivery tally) that each platform
// adapter only marks up in its own idiom: a reply's Outline is its wording
// and order, the same on every platform. Publishing records
// deliveries and hands them to a Deliverer (the delivery worker). It never
// imports an adapter.
package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// maxCommandBytes bounds what the parser reads; chat platforms cap slash
// commands well below this, and Handle refuses a longer message (a mention,
// a console line) rather than running the command on its first part.
const maxCommandBytes = 16 << 10

// Command is one parsed chat command.
type Command struct {
	Name string  // lower-cased first word, e.g. "news"
	Args []Token // the words after the name
	raw  string  // the text the tokens point into
}

// Token is one argument as typed. Quoted arguments ("local government" or
// “local government”) are one token without their quotes.
type Token struct {
	Text string
	// Literal marks free text that the platform gave in a field of its own
	// (Discord's note option): it is never read as a keyword such as a
	// sector, so a one-word note "health" stays a note. Typed text never
	// sets it.
	Literal bool
	start   int // byte offset in the raw text where the token begins (at its quote, if any)
}

// Rest returns the raw text from argument i to the end, as typed, with
// surrounding space trimmed. Free-text arguments (notes, intros, reasons)
// use it so that apostrophes and inner quotes survive. A free text that is
// wholly one quoted token loses its quotes.
func (c Command) Rest(i int) string {
	if i >= len(c.Args) {
		return ""
	}
	if i == len(c.Args)-1 {
		return c.Args[i].Text
	}
	return strings.TrimSpace(c.raw[c.Args[i].start:])
}

// RawRest returns the text from argument i to the end exactly as typed,
// quotes included. Search reads it, because there quotes mean a phrase:
// `"shared services"` alone must not lose them as Rest's free text does.
func (c Command) RawRest(i int) string {
	if i >= len(c.Args) {
		return ""
	}
	return strings.TrimSpace(c.raw[c.Args[i].start:])
}

// Arg returns argument i's text, or "" if there are fewer arguments.
func (c Command) Arg(i int) string {
	if i >= len(c.Args) {
		return ""
	}
	return c.Args[i].Text
}

// ParseCommand splits a command line. The platform's command word ("/shared",
// or a bot mention already removed by the adapter) may lead the text and is
// skipped. Double quotes, straight or curly, group words; a quote that is
// never closed is taken literally, so a stray quote never loses the input.
func ParseCommand(text, commandWord string) Command {
	if len(text) > maxCommandBytes {
		text = text[:maxCommandBytes]
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	// A colour code or cursor key a terminal sent goes whole: its ESC alone
	// would separate words, and the rest ("[31m", "[A") be read as text.
	text = strings.TrimSpace(digest.StripEscapes(text))
	if commandWord != "" {
		// Any space ends the command word, as it ends every other word: a
		// tab or a no-break space pasted after "/shared" must not make the
		// whole line an unknown command.
		word, rest := text, ""
		if i := strings.IndexFunc(text, separates); i >= 0 {
			word, rest = text[:i], text[i:]
		}
		if strings.EqualFold(word, commandWord) {
			text = strings.TrimSpace(rest)
		}
	}
	tokens := tokenize(text)
	c := Command{raw: text}
	if len(tokens) == 0 {
		return c
	}
	c.Name = strings.ToLower(tokens[0].Text)
	c.Args = tokens[1:]
	return c
}

func tokenize(s string) []Token {
	var out []Token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if separates(r) {
			i += size
			continue
		}
		start := i
		if closer, ok := closingQuote(r); ok {
			if end := strings.IndexRune(s[i+size:], closer); end >= 0 {
				body := s[i+size : i+size+end]
				next := i + size + end + utf8.RuneLen(closer)
				// Only a quote that ends a word closes it: `"a"b` is one word.
				if next == len(s) || startsWithSpace(s[next:]) {
					out = append(out, Token{Text: body, start: start})
					i = next
					continue
				}
			}
		}
		end := i
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if separates(r) {
				break
			}
			end += size
		}
		out = append(out, Token{Text: s[start:end], start: start})
		i = end
	}
	return out
}

func closingQuote(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '“':
		return '”', true
	}
	return 0, false
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return separates(r)
}

// separates reports whether r ends a word: white space, and the characters
// nobody sees that a paste or a terminal slips into a line (control
// characters such as BEL or ESC, a zero-width space, a byte order mark, a
// word joiner). As parts of a word they made arguments that read as
// nothing, quoted back as an empty pair of backquotes ("Unknown sector",
// "is not a story number"). Other format characters (the zero-width
// joiner of an emoji) stay inside their word.
func separates(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}
