// Package terms splits text into words the way search indexes, queries and
// ranks them, so that the three always agree: the store's full-text index
// holds each word's stem (package stemmer) as this package splits it, and a
// query's words are split and stemmed by the same functions.
//
// A word is a run of letters, digits and combining marks. An apostrophe or
// ampersand between two letters joins them ("council's", "O'Neill", "A&E")
// and is then dropped, with a possessive 's ("council's" → "council"); so
// do the full stops between initials, each a letter on its own ("U.K.",
// "S.S.A." are "uk" and "ssa", as "UK" and "SSA" are), and the commas
// between a number's thousands ("5,000" is "5000"). A number's decimal
// point is DecimalMark ("1.5" is "1_5"): a decimal is one number, not two,
// so that "£5m" is not found in "£1.5m". An amount's magnitude
// written short is the word it stands for ("£5m" is "5 million"), and so is
// an ampersand between words ("Fire & Rescue" is "fire and rescue"), and
// a per cent sign or "per cent" ("5%" is "5 percent").
// Words are folded: lower case, accents removed, compatibility forms
// (full-width letters, ligatures) written plainly. Everything else,
// hyphens included, separates words, so "Stoke-on-Trent" is three words in
// a row, which a phrase finds; the index also holds it written whole
// (EachCompound), so that "stokeontrent" and "reorganisation" find it. The
// package also knows the British and American spellings of common words
// and a few abbreviations ("Cllr", "govt"; OtherSpellings), and words of
// public-sector news that mean the same ("local authority" and "council";
// Synonyms).
package terms

import (
	"bytes"
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
// others. Some stretches are given as the word they stand for, with their
// own span: an amount's magnitude written short ("£5m" is "5" and then
// "million"), an ampersand standing alone between words ("Fire & Rescue"
// is "fire", "and", "rescue", as "Fire and Rescue" is; "A&E" is one word),
// a per cent sign after a number and the words "per cent" ("5%", "5 per
// cent" and "5 percent" are "5 percent").
func Spans(text string, fn func(raw string, start, end int)) {
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			switch {
			case c == '&' && standsAlone(text, i):
				fn("and", i, i+1)
			case c == '%' && i > 0 && '0' <= text[i-1] && text[i-1] <= '9':
				fn("percent", i, i+1)
			}
			i++
			continue
		}
		j := i + 1 // an ASCII letter or digit starts a word
		if text[i] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
			j = i + size
		}
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf && asciiWord[c] {
				j++
				continue
			} else if c < utf8.RuneSelf && !asciiJoiner[c] {
				break // a space, most often: no word rune, no joiner
			}
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) && !isJoiner(text, j, r, size) {
				break
			}
			j += size
		}
		// Most words are neither an amount (it begins with a figure) nor
		// "per" (three letters): those are not asked.
		if c := text[i]; '0' <= c && c <= '9' {
			if k, word := amount(text, i, j); word != "" {
				fn(text[i:k], i, k)
				fn(word, k, j)
				i = j
				continue
			}
		}
		if j-i == 3 {
			if end := perCent(text, i, j); end > j {
				fn("percent", i, end)
				i = end
				continue
			}
		}
		fn(text[i:j], i, j)
		i = j
	}
}

// perCent returns, when text[i:j], a stretch Spans found, is "per" and the
// words "per cent" end at some k, k; j otherwise. "Per cent" is one word,
// "percent", as "5%" is "5 percent", so that all three find each other.
func perCent(text string, i, j int) int {
	const cent = " cent"
	if j-i != 3 || !strings.EqualFold(text[i:j], "per") || len(text) < j+len(cent) ||
		!strings.EqualFold(text[j:j+len(cent)], cent) {
		return j
	}
	k := j + len(cent)
	if r, size := utf8.DecodeRuneInString(text[k:]); k < len(text) && (isWordRune(r) || isJoiner(text, k, r, size)) {
		return j // "per centre", "per cent's"
	}
	return k
}

// standsAlone reports whether the ampersand at text[i] stands for the word
// "and": white space on both sides. One inside a word ("A&E", "R&D") joins
// it, and one before a letter may be markup ("&amp;").
func standsAlone(text string, i int) bool {
	if i == 0 || i+1 == len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+1:])
	return unicode.IsSpace(before) && unicode.IsSpace(after)
}

// magnitude returns the word a short form of an amount's magnitude,
// written after its number in lower case ("£5m", "£2bn", "£30k"), stands
// for; "" for anything else.
func magnitude(short string) string {
	switch short {
	case "m", "mn":
		return "million"
	case "bn":
		return "billion"
	case "k":
		return "thousand"
	}
	return ""
}

// amount reads text[i:j], a stretch Spans found, as an amount with its
// magnitude written short: a number (its thousands' commas and decimal
// point included) and
// then a magnitude, in either case, or "pc" for per cent. It returns where the magnitude
// begins and the word it stands for, or "" when the stretch is no such
// amount. "£5m" is then two words, "5" and "million", as "£5 million" is,
// so that either finds the other, and "million" finds both.
func amount(text string, i, j int) (int, string) {
	if c := text[i]; c < '0' || c > '9' || j-i > 24 {
		return 0, ""
	}
	k := i
	for k < j && ('0' <= text[k] && text[k] <= '9' || text[k] == ',' || text[k] == '.') {
		k++
	}
	return k, AfterNumber(text[k:j])
}

// AfterNumber returns the word that short, written after a number with
// nothing between, stands for: a magnitude (Magnitude), or "percent" for
// "pc", as the British press writes a percentage ("5pc" is "5 percent", as
// "5%" is); "" for anything else. Only joined to its number is "pc" per
// cent in a text: "5 PCs" are computers. (A query reads "5 pc" typed
// apart as per cent too: someone typing it means the percentage.)
func AfterNumber(short string) string {
	if strings.EqualFold(short, "pc") {
		return "percent"
	}
	return Magnitude(short)
}

// Magnitude returns the word a short form of an amount's magnitude ("m",
// "mn", "bn", "k", in either case) stands for, as Spans reads one written
// after its number ("£5m" is "5 million"); "" for anything else. A query
// reads one typed apart from its number the same way ("£0.5 bn"). It is
// magnitude for a short form typed in either case ("£2.5BN", "5Mn").
func Magnitude(short string) string {
	if len(short) > 2 {
		return ""
	}
	var lower [2]byte
	for n := range len(short) {
		lower[n] = short[n] | 0x20 // lower case; anything else matches no magnitude
	}
	return magnitude(string(lower[:len(short)]))
}

// Split returns the words of text.
func Split(text string) []Word {
	var out []Word
	Each(text, func(w Word) { out = append(out, w) })
	return out
}

// Index returns what the full-text index holds for text, separated by
// single spaces: the stems of its words, then, for each hyphenated
// compound, CompoundMark and the stem of the compound written whole
// (EachCompound). Stems hold only letters, digits and marks, so an index
// tokenizer that splits on ASCII spaces and punctuation reads back exactly
// these words.
func Index(text string) string {
	var b strings.Builder
	EachIndexed(text, func(token string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(token)
	})
	return b.String()
}

// EachIndexed calls fn with each token Index writes for text, in order:
// the stems of its words, then CompoundMark and the stem of each compound.
func EachIndexed(text string, fn func(token string)) {
	Each(text, func(w Word) { fn(stemmer.Stem(w.Text)) })
	if !MayHaveCompound(text) {
		return
	}
	// The compounds are gathered first, and fn called after: fn handed
	// to EachCompound (whose finder keeps its callback) would escape to
	// the heap with everything it refers to, for every text a caller
	// indexes (the newswire's every entry), compound or not.
	var compounds []string
	EachCompound(text, func(joined string) { compounds = append(compounds, joined) })
	for _, joined := range compounds {
		fn(CompoundMark)
		fn(stemmer.Stem(joined))
	}
}

// IndexRow returns what the full-text index holds for text: Index's
// tokens, then, when the text has two words in a row that are not numbers,
// CompoundMark and the Pair of each two such words, in the text's order,
// with CompoundMark where a number broke the run (compounds written whole
// make no pairs). This is the technique search engines call common grams:
// a quoted phrase of words is then a phrase of their pairs, each pair in
// far fewer stories than its words — "shared services" need not read the
// positions of every story with both words to find the few with them in a
// row — and, the pairs standing in the text's order, a longer phrase is
// exactly its pairs in a row ("chief executive officer": the pair of chief
// and executive followed by that of executive and officer). Numbers make
// none: each would be a pair of its own, for phrases nobody types.
func IndexRow(text string) string {
	var b strings.Builder
	var pairs []string
	prev, words, gap := "", true, false
	EachIndexed(text, func(token string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(token)
		if token == CompoundMark {
			words = false // the compounds follow the words
		}
		if !words {
			return
		}
		switch {
		case IsNumber(token) || prev == "":
			gap = gap || prev != ""
		case gap && len(pairs) > 0:
			pairs = append(pairs, CompoundMark, Pair(prev, token))
			gap = false
		default:
			pairs = append(pairs, Pair(prev, token))
			gap = false
		}
		prev = token
		if IsNumber(token) {
			prev = ""
		}
	})
	if len(pairs) > 0 {
		b.WriteString(" " + CompoundMark)
		for _, p := range pairs {
			b.WriteByte(' ')
			b.WriteString(p)
		}
	}
	return b.String()
}

// Pair is the token the index holds (IndexRow) for stem b following stem
// a: the two joined by PairMark and begun by it. No stem has the mark, so
// no word is a pair and no prefix of a word ("exec*") matches one; the
// index's tokenizer keeps it inside a token (migration 0036). ASCII, where
// CompoundMark is not: the pairs are a third of what the index holds, and
// the writer's JSON and the tokenizer read ASCII fastest.
func Pair(a, b string) string { return PairMark + a + PairMark + b }

// PairMark joins the stems of a Pair: punctuation, which no stem holds.
const PairMark = "_"

// EachStem calls fn with each stem the index holds for text, in Index's
// order, CompoundMark left out.
func EachStem(text string, fn func(stem string)) {
	EachIndexed(text, func(token string) {
		if token != CompoundMark {
			fn(token)
		}
	})
}

// CompoundMark stands, in what the index holds for a text, before each
// compound written whole, after the stems of its words: no phrase runs on
// from the words into a compound or from one compound into the next, so
// where a compound stands among them does not matter. No word folds to
// it: it is punctuation.
const CompoundMark = "§"

// hyphens are the characters that join words into a compound ("re-organisation",
// "Stoke-on-Trent"): the hyphen-minus, the Unicode hyphens and the en
// dash, which phones type for a hyphen.
const hyphens = "-\u2010\u2011\u2013"

// IsHyphen reports whether s, the text between two words, joins them into
// a compound: hyphens only.
func IsHyphen(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(hyphens, r) {
			return false
		}
	}
	return true
}

// EachCompound calls fn with each run of two or more words of text joined
// by hyphens alone, written as one folded word: "re-organisation" gives
// "reorganisation", "Stoke-on-Trent" "stokeontrent". Search indexes these
// whole as well as word by word, so that "reorganisation" finds
// "re-organisation", and "re-organisation" finds "reorganisation". A run
// longer than MaxWordBytes written whole is left out.
func EachCompound(text string, fn func(joined string)) {
	if !MayHaveCompound(text) {
		return
	}
	c := CompoundFinder{Text: text, Found: func(words []string) {
		if joined := JoinCompound(words); joined != "" {
			fn(joined)
		}
	}}
	Spans(text, c.Word)
	c.End()
}

// MayHaveCompound reports whether text has a hyphen, without which it has
// no compound.
func MayHaveCompound(text string) bool {
	return strings.IndexByte(text, '-') >= 0 || HasUnicodeHyphen(text)
}

// HasUnicodeHyphen reports whether text has one of the hyphens outside
// ASCII: U+2010, U+2011 or U+2013, each E2 80 and a third byte in UTF-8.
// (strings.ContainsAny takes a rune at a time when its set has runes
// outside ASCII, which made searches 30% slower.)
func HasUnicodeHyphen(text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], "\xe2\x80")
		if j < 0 || i+j+2 >= len(text) {
			return false
		}
		switch text[i+j+2] {
		case 0x90, 0x91, 0x93:
			return true
		}
		i += j + 2
	}
}

// CompoundFinder finds EachCompound's runs among the words Spans gives,
// for a caller that walks them itself and wants only some compounds,
// looked at before they are folded: Word with each word, in order, then
// End. A word that folds to nothing (Fold) ends a run.
type CompoundFinder struct {
	Text  string
	Found func(words []string) // each run, its words as written; not to be kept
	run   []string             // the words since the last gap that is not a hyphen
	end   int                  // where the run's last word ends
}

// Word takes the next word Spans gave.
func (c *CompoundFinder) Word(raw string, start, end int) {
	if len(c.run) > 0 && !IsHyphen(c.Text[c.end:start]) {
		c.End()
	}
	c.run = append(c.run, raw)
	c.end = end
}

// End ends the run being gathered: its stretches of words (a word that
// folds to nothing splits it) are compounds when they have two or more.
func (c *CompoundFinder) End() {
	if len(c.run) > 1 {
		from := 0
		for i := 0; i <= len(c.run); i++ {
			if i < len(c.run) && isWord(c.run[i]) {
				continue
			}
			if i-from > 1 {
				c.Found(c.run[from:i])
			}
			from = i + 1
		}
	}
	c.run = c.run[:0]
}

// isWord reports whether a stretch Spans gives is a word (Fold(raw) != ""),
// without folding an ASCII word short enough to be one: Spans's stretches
// begin with a letter or digit, which folding keeps.
func isWord(raw string) bool {
	if len(raw) <= MaxWordBytes {
		ascii := true
		for i := 0; i < len(raw) && ascii; i++ {
			ascii = raw[i] < utf8.RuneSelf
		}
		if ascii {
			return true
		}
	}
	return Fold(raw) != ""
}

// JoinCompound folds the words of a compound (CompoundFinder) and writes
// them as one, or returns "" when that is longer than MaxWordBytes or has
// a decimal ("£1.5m-a-year": its words are its words, and a decimal's
// DecimalMark inside a longer word would make it no number).
func JoinCompound(words []string) string {
	var b strings.Builder
	for _, w := range words {
		f := Fold(w)
		if strings.Contains(f, DecimalMark) {
			return ""
		}
		b.WriteString(f)
		if b.Len() > MaxWordBytes {
			return ""
		}
	}
	return b.String()
}

// Stem is the stem the index holds for a folded word.
func Stem(word string) string { return stemmer.Stem(word) }

// Fold folds one word as Each does: lower case, accents and compatibility
// forms folded, a possessive 's, apostrophes, ampersands, full stops and
// commas removed, and anything else that is not a letter, digit or mark dropped.
// A word longer than MaxWordBytes folds to "".
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
		case r == '.': // initials' stops and a decimal point: clean's
			b.WriteByte('.')
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
		case c == '\'', c == '&', c == '.', c == ',':
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

// clean removes a possessive 's and then every apostrophe, ampersand, full
// stop and comma ("don't" → "dont", "a&e" → "ae", "u.k" → "uk", "5,000" →
// "5000"), but writes a full stop between two digits, a decimal point, as
// DecimalMark ("1.5" → "1_5"), without the zeros that end a decimal
// ("1.50" → "1_5", "5.0" → "5").
func clean(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if !strings.ContainsAny(w, "'&.,") {
		return w
	}
	// A loop rather than a strings.Replacer: a Replacer built per word
	// cost the newswire a tenth of its time on feeds full of "£5,000".
	b := make([]byte, 0, len(w))
	point := false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; c {
		case '.':
			if i > 0 && i+1 < len(w) && isDigit(w[i-1]) && isDigit(w[i+1]) {
				b = append(b, DecimalMark...)
				point = true
			}
		case '\'', '&', ',':
		default:
			b = append(b, c)
		}
	}
	if point && IsNumber(string(b)) {
		// "£1.50" is "£1.5", and "£5.0m" "£5m".
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
		b = bytes.TrimSuffix(b, []byte(DecimalMark))
	}
	return string(b)
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

// asciiJoiner marks the ASCII characters isJoiner may take for part of a
// word; it is never written after initialisation.
var asciiJoiner = func() (t [utf8.RuneSelf]bool) {
	for _, c := range ".,'`&" {
		t[c] = true
	}
	return t
}()

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// isJoiner reports whether r, of size bytes at text[j:], is an apostrophe
// or ampersand between two letters, a full stop between two initials, or
// a comma between a number's thousands.
func isJoiner(text string, j int, r rune, size int) bool {
	if j == 0 || j+size >= len(text) {
		return false
	}
	switch r {
	case '.':
		return isInitialsStop(text, j) || isDecimalPoint(text, j)
	case ',':
		return isThousandsComma(text, j)
	}
	if !isApostrophe(r) && r != '&' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:j])
	after, _ := utf8.DecodeRuneInString(text[j+size:])
	return unicode.IsLetter(before) && unicode.IsLetter(after)
}

// isInitialsStop reports whether the full stop at text[j] stands between
// two letters that are each a word on their own, as in "U.K." and "a.m.":
// initials, written without the stops as often as with them. A stop after
// a longer word ("Mr.Smith", "bbc.co.uk") or before one ("U.Kingdom")
// still separates words.
func isInitialsStop(text string, j int) bool {
	before, bsize := utf8.DecodeLastRuneInString(text[:j])
	after, asize := utf8.DecodeRuneInString(text[j+1:])
	if !unicode.IsLetter(before) || !unicode.IsLetter(after) {
		return false
	}
	if k := j - bsize; k > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:k]); isWordRune(r) {
			return false
		}
	}
	if k := j + 1 + asize; k < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[k:]); isWordRune(r) {
			return false
		}
	}
	return true
}

// DecimalMark stands for a decimal point in a folded word: "1.5" is
// "1_5" (and "1.50" too: the zeros that end a decimal say nothing), one number ("£1.5m" is "1_5 million"), which neither "1" nor "5"
// finds, where the two numbers it was read as before found "£5m" in
// "£1.5m" and "5%" in "2.5%". Punctuation, so no typed word folds to it,
// and ASCII, which the index's tokenizer keeps inside a token (migration
// 0036); a decimal is a number (IsNumber), so it makes no Pair, which the
// same mark begins.
const DecimalMark = "_"

// isDecimalPoint reports whether the full stop at text[j] is a number's
// decimal point: a digit on either side, no full stop or letter before the
// number ("v1.2", "10.07.2014" and "192.168.0.1" are no decimals) and none
// after its decimals but a magnitude written short or "pc" (AfterNumber:
// "£1.5m", "2.5bn", "2.5pc"): a time, "3.30pm", stays two words, as
// before.
func isDecimalPoint(text string, j int) bool {
	if j == 0 || j+1 >= len(text) || !isDigit(text[j-1]) || !isDigit(text[j+1]) {
		return false
	}
	k := j
	for k > 0 && (isDigit(text[k-1]) || text[k-1] == ',') {
		k--
	}
	if k > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:k]); r == '.' || isWordRune(r) {
			return false
		}
	}
	m := j + 1
	for m < len(text) && isDigit(text[m]) {
		m++
	}
	if m == len(text) {
		return true
	}
	if text[m] == '.' || text[m] == ',' {
		return m+1 >= len(text) || !isDigit(text[m+1]) // "1.2.3", "1.5,000"
	}
	end := m
	for end < len(text) && end-m <= 2 && text[end] < utf8.RuneSelf && asciiWord[text[end]] && !isDigit(text[end]) {
		end++
	}
	if end == m {
		r, _ := utf8.DecodeRuneInString(text[m:])
		return !isWordRune(r)
	}
	if AfterNumber(text[m:end]) == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[end:])
	return end == len(text) || !isWordRune(r)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isThousandsComma reports whether the comma at text[j] separates the
// thousands of a number, as in "5,000" and "1,250,000": it has one to three
// digits before it (back to a non-digit or the comma before them) and
// three after, and no digit follows those. The groups before are not
// checked again: "1234,567,890" is "1234" and "567890", whichever side
// reads it. Numbers are
// written with and without the commas ("5000 homes"), and read as one word
// either way.
func isThousandsComma(text string, j int) bool {
	if j+4 > len(text) || !IsNumber(text[j+1:j+4]) || j+4 < len(text) && IsNumber(text[j+4:j+5]) {
		return false
	}
	k := j
	for k > 0 && j-k < 4 && IsNumber(text[k-1:k]) {
		k--
	}
	return k < j && j-k <= 3
}

// IsNumber reports whether a folded word or stem is made of ASCII digits
// only ("2024", "000"), or is a decimal, digits either side of one
// DecimalMark ("1_5"). Numbers are searchable like any word, but they are
// not vocabulary: nobody misspells one, and an archive holds many that
// appear once (story numbers, sums, phone numbers).
func IsNumber(word string) bool {
	if word == "" {
		return false
	}
	point := false
	for i := 0; i < len(word); i++ {
		switch c := word[i]; {
		case '0' <= c && c <= '9':
		case c == DecimalMark[0] && !point && i > 0 && i+1 < len(word):
			point = true
		default:
			return false
		}
	}
	return true
}
