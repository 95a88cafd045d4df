// Package terms splits text into words the way search indexes, queries and
// ranks them, so that the three always agree: the store's full-text index
// holds each word's stem (package stemmer) as this package splits it, and a
// query's words are split and stemmed by the same functions.
//
// A word is a run of letters, digits and combining marks. An apostrophe or
// ampersand between two letters joins them ("council's", "O'Neill", "A&E")
// and is then dropped, with a possessive 's ("council's" → "council").
// Words are folded: lower case, accents removed, compatibility forms
// (full-width letters, ligatures) written plainly. Everything else,
// hyphens included, separates words, so "Stoke-on-Trent" is three words in
// a row, which a phrase finds.
package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sharednews/sharednews/stemmer"
)

// MaxWordBytes bounds a word: a longer run of letters is not a word (glued
// URLs, encoded data) and is skipped, in text and queries alike.
const MaxWordBytes = 64

// Word is one word of a text.
type Word struct {
	Text       string // folded: lower case, no accents, no apostrophes
	Start, End int    // the word's bytes in the text as given
}

// Each calls fn with each word of text, in order.
func Each(text string, fn func(Word)) {
	Spans(text, func(raw string, start, end int) {
		if w := Fold(raw); w != "" {
			fn(Word{Text: w, Start: start, End: end})
		}
	})
}

// Spans calls fn with each stretch of text that Each reads as a word, as
// written: Fold(raw) is the word, or "" when it is none after all (too
// long). It lets a caller that wants only some words skip folding the
// others.
func Spans(text string, fn func(raw string, start, end int)) {
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf && asciiWord[c] {
				j++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) && !isJoiner(text, j, r, size) {
				break
			}
			j += size
		}
		fn(text[i:j], i, j)
		i = j
	}
}

// Split returns the words of text.
func Split(text string) []Word {
	var out []Word
	Each(text, func(w Word) { out = append(out, w) })
	return out
}

// Index returns the stems of text's words, separated by single spaces: what
// the full-text index holds for text. Stems hold only letters, digits and
// marks, so an index tokenizer that splits on ASCII spaces and punctuation
// reads back exactly these words.
func Index(text string) string {
	var b strings.Builder
	Each(text, func(w Word) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(stemmer.Stem(w.Text))
	})
	return b.String()
}

// Stem is the stem the index holds for a folded word.
func Stem(word string) string { return stemmer.Stem(word) }

// Fold folds one word as Each does: lower case, accents and compatibility
// forms folded, a possessive 's, apostrophes and ampersands removed, and
// anything that is not a letter, digit or mark dropped. A word longer than
// MaxWordBytes folds to "".
func Fold(raw string) string {
	w := fold(raw)
	if len(w) > MaxWordBytes {
		return ""
	}
	return w
}

func fold(raw string) string {
	if len(raw) > 4*MaxWordBytes { // folding never shortens a word that much
		return ""
	}
	if w, ok := foldASCII(raw); ok {
		return w
	}
	var b strings.Builder
	b.Grow(len(raw))
	for _, r := range norm.NFKD.String(raw) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case isApostrophe(r):
			b.WriteByte('\'')
		case isWordRune(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return clean(b.String())
}

// foldASCII is Fold for a word of ASCII letters, digits and joiners,
// without allocating when it is already in lower case.
func foldASCII(raw string) (string, bool) {
	lower, joined := true, false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			lower = false
		case c == '\'', c == '&':
			joined = true
		default: // not ASCII, or a character Fold drops or rewrites
			return "", false
		}
	}
	if !lower {
		raw = strings.ToLower(raw)
	}
	if joined {
		raw = clean(raw)
	}
	return raw, true
}

// clean removes a possessive 's and then every apostrophe and ampersand
// ("don't" → "dont", "a&e" → "ae").
func clean(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if strings.ContainsAny(w, "'&") {
		w = strings.NewReplacer("'", "", "&", "").Replace(w)
	}
	return w
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiWord marks the ASCII letters and digits; it is never written after
// initialisation.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// isJoiner reports whether r, of size bytes at text[j:], is an apostrophe
// or ampersand between two letters.
func isJoiner(text string, j int, r rune, size int) bool {
	if !isApostrophe(r) && r != '&' || j == 0 || j+size >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:j])
	after, _ := utf8.DecodeRuneInString(text[j+size:])
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}

// IsNumber reports whether a folded word or stem is made of ASCII digits
// only ("2024", "000"). Numbers are searchable like any word, but they are
// not vocabulary: nobody misspells one, and an archive holds many that
// appear once (story numbers, sums, phone numbers).
func IsNumber(word string) bool {
	if word == "" {
		return false
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < '0' || c > '9' {
			return false
		}
	}
	return true
}
