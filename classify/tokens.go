package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sharednews/sharednews/stemmer"
	"github.com/sharednews/sharednews/terms"
)

// maxWordBytes bounds a word: longer runs of letters are not words (glued
// URLs, encoded data) and would only bloat the vocabulary.
const maxWordBytes = 40

// term is one content word of a text, as the model sees it.
type term struct {
	stem    string // what the model counts
	surface string // the word as written, in lower case, for explanations
	follows bool   // it follows the previous term in the same phrase: the two make a bigram
}

// Tokens returns the stems the model counts for text, in order: words in
// lower case with accents and apostrophes removed, stop words, single
// characters and numbers of four digits or more (years, amounts) left out,
// each folded by stemmer.Stem. Text in any script is split into words; only English
// words are stemmed.
func Tokens(text string) []string {
	ts := contentTerms(text)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.stem
	}
	return out
}

// contentTerms splits text into content words. A phrase runs across spaces,
// hyphens, quotation marks and stop words ("fire and rescue" gives the
// bigram fire–rescue) and ends at other punctuation, so that no bigram
// spans two clauses.
func contentTerms(text string) []term {
	out := make([]term, 0, len(text)/8)
	eachTerm(text, func(t term) { out = append(out, t) })
	return out
}

// eachTerm calls fn with each content word of text, in order, as contentTerms
// returns them.
func eachTerm(text string, fn func(term)) {
	eachWord(text, func(word string, follows bool) bool {
		if !isContent(word) {
			return false
		}
		fn(term{stem: stemmer.Stem(word), surface: word, follows: follows})
		return true
	})
}

// isContent reports whether a word eachWord gives is a content word: stop
// words, single characters and long numbers are not.
func isContent(word string) bool {
	return utf8.RuneCountInString(word) >= 2 && !terms.IsSmall(word) && !isLongNumber(word)
}

// eachWord calls fn with each word of text, normalised, in order, and
// whether it follows a content word in the same phrase; fn reports whether
// the word is a content word. A word that is not one does not end the
// phrase (function words say nothing about a story's sector), but a word
// longer than maxWordBytes does, and is not given.
func eachWord(text string, fn func(word string, follows bool) bool) {
	s := normalise(text)
	follows := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && asciiClass[c] != asciiWord {
			if asciiClass[c] == asciiBreak {
				follows = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			if breaksPhrase(r) {
				follows = false
			}
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf && asciiClass[c] == asciiWord {
				j++
				continue
			} else if c < utf8.RuneSelf && c != '\'' && c != '&' {
				break // no joiner either
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) && !isJoiner(s, j, r, size) {
				break
			}
			j += size
		}
		word := cleanWord(s[i:j])
		i = j
		switch {
		case len(word) > maxWordBytes:
			follows = false
		case fn(word, follows):
			follows = true
		}
	}
}

// normalise lower-cases s, folds compatibility forms (full-width letters,
// ligatures) to their plain letters, removes accents and writes every
// apostrophe as '.
func normalise(s string) string {
	if lower, ok := normaliseASCII(s); ok {
		return lower
	}
	// ASCII characters decompose to themselves and never reorder with
	// the marks around them, so each run of other characters can be
	// decomposed alone, and the ASCII between them only lower-cased.
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII up to the next character folding changes is
			// written at once.
			j := i
			for j < len(s) && s[j] < utf8.RuneSelf && foldASCII(s[j]) == s[j] {
				j++
			}
			if j == i {
				b.WriteByte(foldASCII(c))
				j++
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		writeNormalised(&b, s[i:j])
		i = j
	}
	return b.String()
}

// writeNormalised writes s normalised to b.
func writeNormalised(b *strings.Builder, s string) {
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`':
			b.WriteByte('\'')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
}

// foldASCII is normalise for one ASCII character.
func foldASCII(c byte) byte {
	switch {
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	case c == '`':
		return '\''
	}
	return c
}

// normaliseASCII is normalise for ASCII text. It reports false, having
// done nothing, when s is not all ASCII.
func normaliseASCII(s string) (string, bool) {
	plain := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return "", false
		case foldASCII(c) != c:
			plain = false
		}
	}
	if plain {
		return s, true
	}
	// make, not []byte(s): a short word's copy stays on the stack, and
	// only the string is allocated.
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = foldASCII(s[i])
	}
	return string(b), true
}

// Classes of ASCII characters for eachTerm, which looks at every character
// of every story the newswire reads: a table look-up instead of unicode's
// searches of its tables (a space or a full stop is looked for among the
// letters, the digits, the marks and the initial and final quotes).
const (
	asciiOther = iota // neither: a space, or a symbol ("$", "+", "|")
	asciiWord         // isWordRune
	asciiBreak        // breaksPhrase
)

// asciiClass is each ASCII character's class, as isWordRune and
// breaksPhrase say; read-only after initialisation.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range rune(utf8.RuneSelf) {
		switch {
		case isWordRune(c):
			t[c] = asciiWord
		case breaksPhrase(c):
			t[c] = asciiBreak
		}
	}
	return t
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner reports whether r, of size bytes at s[j:], is an apostrophe or
// ampersand between two letters, as in "arm's", "o'neill" and "a&e", which
// stay one word.
func isJoiner(s string, j int, r rune, size int) bool {
	if r != '\'' && r != '&' || j == 0 || j+size >= len(s) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:j])
	after, _ := utf8.DecodeRuneInString(s[j+size:])
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}

// breaksPhrase reports whether r ends a phrase: punctuation other than
// hyphens, apostrophes and quotation marks.
func breaksPhrase(r rune) bool {
	switch r {
	case '-', '‐', '‑', '\'', '"', '&':
		return false
	}
	if unicode.In(r, unicode.Pi, unicode.Pf) {
		return false
	}
	return unicode.IsPunct(r)
}

// cleanWord removes a possessive 's and the apostrophes left in a word
// ("don't" → "dont", which is a stop word).
func cleanWord(w string) string {
	if strings.IndexByte(w, '\'') < 0 {
		return w
	}
	w = strings.TrimSuffix(w, "'s")
	return strings.ReplaceAll(w, "'", "")
}

// isLongNumber reports whether w is all digits and four or more of them:
// years and amounts say nothing about a sector, but 999 and 111 do.
func isLongNumber(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
