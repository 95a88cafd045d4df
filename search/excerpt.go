package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/relevance"
	"github.com/sharednews/sharednews/store"
)

// MaxExcerptRunes bounds an excerpt, ellipses included.
const MaxExcerptRunes = 200

// excerpt returns, for a story whose headline and summary lack some part
// of the query it matched, the sentence of its commentary (with what the
// editor wrote below it in a past edition) where the first such part
// stands; "" when there is none. Lists show a story's headline and
// summary: a story found through its editor's words shows why.
// ts are the parts' terms, and matched the parts the story has, as typed.
func excerpt(doc store.SearchDoc, parts []matchPart, ts []relevance.Term, matched []string) string {
	if strings.TrimSpace(doc.Commentary) == "" {
		return ""
	}
	for k, p := range parts {
		if !slices.Contains(matched, p.part.Typed) {
			continue // nowhere in the story: no field need be read for it
		}
		t := ts[k]
		if _, _, ok := relevance.Locate(t, doc.Headline); ok {
			continue
		}
		if _, _, ok := relevance.Locate(t, doc.Summary); ok {
			continue
		}
		if start, end, ok := relevance.Locate(t, doc.Commentary); ok {
			return sentenceAround(doc.Commentary, start, end, MaxExcerptRunes)
		}
	}
	return ""
}

// sentenceAround returns the sentence of text that holds text[start:end],
// on one line; a sentence longer than max runes is cut to max around the
// words, an ellipsis marking each cut.
func sentenceAround(text string, start, end, max int) string {
	from, to := sentenceStart(text, start), sentenceEnd(text, end)
	s := text[from:to]
	if utf8.RuneCountInString(s) > max {
		s = window(text, from, to, start, end, max)
	}
	return strings.Join(strings.Fields(s), " ")
}

// sentenceStart is where the sentence holding text[i] begins: after the
// last line break, or sentence end followed by a space, before i.
func sentenceStart(text string, i int) int {
	for j := i; j > 0; j-- {
		switch text[j-1] {
		case '\n':
			return j
		case ' ', '\t':
			if j >= 2 && endsSentence(text, j-2) {
				return j
			}
		}
	}
	return 0
}

// sentenceEnd is where the sentence holding text[i-1] ends: after its
// sentence end followed by a space or the end of text, or at a line break.
func sentenceEnd(text string, i int) int {
	for j := i; j < len(text); j++ {
		switch c := text[j]; {
		case c == '\n':
			return j
		case (j+1 == len(text) || text[j+1] == ' ' || text[j+1] == '\n') && endsSentence(text, j):
			return j + 1
		}
	}
	return len(text)
}

// endsSentence reports whether text[j] is a question or exclamation mark,
// or a full stop that does not end a title or an initial ("St.", "Mr.",
// "Cllr.", "J. Smith"; "the UK." ends one), and the next word does not
// begin in lower case: a stop before one ends an abbreviation ("St. Eds.
// work closely", "e.g. payroll", "etc. and"), and an excerpt cut there
// would begin or end in the middle of a sentence.
func endsSentence(text string, j int) bool {
	return isStop(text, j) && !nextIsLower(text[j+1:])
}

// nextIsLower reports whether the first letter after white space at the
// start of text is in lower case.
func nextIsLower(text string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text, " \t"))
	return unicode.IsLower(r)
}

// isStop reports whether text[j] is a question or exclamation mark, or a
// full stop that does not end a title or an initial.
func isStop(text string, j int) bool {
	switch text[j] {
	case '?', '!':
		return true
	case '.':
		k := j
		for k > 0 && isASCIILetter(text[k-1]) {
			k--
		}
		switch word := text[k:j]; {
		case len(word) == 1 && 'A' <= word[0] && word[0] <= 'Z',
			len(word) == 2 && 'A' <= word[0] && word[0] <= 'Z' && 'a' <= word[1] && word[1] <= 'z',
			word == "Mrs", word == "Cllr", word == "Prof", word == "Rev":
			return false
		}
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// window cuts text[from:to] to at most max runes around text[start:end],
// at spaces where it can, with an ellipsis at each end it cut.
func window(text string, from, to, start, end, max int) string {
	// The words alone count: a space the span starts or ends with would
	// stand, once the cut ends in an ellipsis, between it and the words.
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	budget := max - 2 - utf8.RuneCountInString(text[start:end]) // two ellipses at most
	lo, hi := start, end
	for budget > 0 && (lo > from || hi < to) {
		if lo > from {
			_, size := utf8.DecodeLastRuneInString(text[from:lo])
			lo -= size
			budget--
		}
		if budget > 0 && hi < to {
			_, size := utf8.DecodeRuneInString(text[hi:to])
			hi += size
			budget--
		}
	}
	// Cut between words: a word the cut went through is left out.
	if r, _ := utf8.DecodeLastRuneInString(text[:lo]); lo > from && !unicode.IsSpace(r) {
		if k := strings.IndexFunc(text[lo:start], unicode.IsSpace); k >= 0 {
			_, size := utf8.DecodeRuneInString(text[lo+k:])
			lo += k + size
		}
	}
	if r, _ := utf8.DecodeRuneInString(text[hi:]); hi < to && !unicode.IsSpace(r) {
		if k := strings.LastIndexFunc(text[end:hi], unicode.IsSpace); k >= 0 {
			hi = end + k
		}
	}
	s := text[lo:hi]
	if lo > from {
		s = "…" + s
	}
	if hi < to {
		s += "…"
	}
	return s
}
