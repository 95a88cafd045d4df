package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FoldWords reduces s to its words, lower-cased and separated by single
// spaces, so that text can be matched whatever its case, punctuation and
// spacing: apostrophes join ("Council’s" is "councils"), every other
// character that is not a letter, digit, combining mark or "&" separates
// words, and "&" counts as a letter ("A&E" is "a&e", "fire & rescue" keeps
// its "&"). Feed filters match phrases with it, and headline keys are made
// of it.
func FoldWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		// ASCII (most of any headline) by its class; other characters as
		// below. Every headline of every feed entry is folded.
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch foldWordsClass[c] {
			case foldWordsDrop:
				continue
			case foldWordsSeparate:
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '&':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// The classes of ASCII characters for FoldWords, as its rules for any
// character class them.
const (
	foldWordsSeparate = iota // neither a letter, a digit, "&" nor an apostrophe
	foldWordsKeep            // a letter, a digit or "&": part of a word
	foldWordsDrop            // an apostrophe (' or `): joins
)

// foldWordsClass is FoldWords' class of each ASCII character; it is never
// written after initialisation.
var foldWordsClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case c == '\'' || c == '`':
			t[c] = foldWordsDrop
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '&':
			t[c] = foldWordsKeep
		}
	}
	return t
}()

// HeadlineWords is a headline's letters and digits in lower case, single
// spaces between the words: case, spacing, re-typed quotes and punctuation
// do not change it. Unlike FoldWords, every other character separates
// words (an apostrophe too). Imported stories are keyed by it
// (archive.StoryURL), and an import finds an edition it stored by it.
func HeadlineWords(h string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// MinHeadlineKeyWords is the fewest words a folded headline needs to serve
// as a de-duplication key: "Budgets" or "Council news" name many stories.
const MinHeadlineKeyWords = 3

// HeadlineKeys returns the folded forms of a headline (see FoldWords) under
// which a story is remembered, so that the same headline from another feed
// or a later poll is recognised as the same story. When the headline ends
// in a publisher's name after a separator (" | The Guardian", " - BBC
// News"), the headline without it is a second key, but only when
// isPublisher says that name is a publisher's: "Local elections 2024 -
// Results for York" is a different story from "… - Results for Leeds", not
// the same story from two publishers. isPublisher may be nil (no name is
// a publisher's). Headlines of fewer than MinHeadlineKeyWords words, and
// links standing in for a headline, give no key: they are too generic to
// match on.
func HeadlineKeys(headline string, isPublisher func(name string) bool) []string {
	h := strings.TrimSpace(headline)
	if IsWebLink(h) {
		return nil
	}
	var keys []string
	if k := FoldWords(h); usableHeadlineKey(k) {
		keys = append(keys, k)
	}
	if isPublisher == nil {
		return keys
	}
	if rest, name, ok := SplitPublisher(h); ok && isPublisher(name) {
		if k := FoldWords(rest); usableHeadlineKey(k) && (len(keys) == 0 || keys[0] != k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func usableHeadlineKey(k string) bool {
	return k != "" && strings.Count(k, " ")+1 >= MinHeadlineKeyWords
}

// publisherSeparators come between a headline and the publisher's name
// that aggregators and some publishers append to it.
var publisherSeparators = []string{" | ", " - ", " – ", " — ", " · "}

// SplitPublisher splits a headline at its last separator (" | ", " - ",
// " – ", " — ", " · ") into the headline and what may be a publisher's
// name. ok is false when there is no separator with text on both sides.
// Whether the name is a publisher's is for the caller to decide.
func SplitPublisher(headline string) (rest, name string, ok bool) {
	cut, sep := lastSeparator(headline)
	if cut <= 0 {
		return "", "", false
	}
	rest, name = strings.TrimSpace(headline[:cut]), strings.TrimSpace(headline[cut+len(sep):])
	if rest == "" || name == "" {
		return "", "", false
	}
	return rest, name, true
}

// lastSeparator returns where the last of publisherSeparators in s starts,
// and which it is; -1 when there is none. The newswire asks it of every
// headline it reads and stores: one pass from the end, which stops at the
// first separator, rather than a search of the whole headline for each.
// Every separator starts with a space, and no two start the same way.
func lastSeparator(s string) (int, string) {
	for i := len(s) - 3; i >= 0; i-- {
		// A separator's second byte is one of these ("–" and "—" start
		// E2, "·" C2): most spaces are followed by none.
		if s[i] != ' ' || s[i+1] != '|' && s[i+1] != '-' && s[i+1] != 0xe2 && s[i+1] != 0xc2 {
			continue
		}
		for _, sep := range publisherSeparators {
			if strings.HasPrefix(s[i:], sep) {
				return i, sep
			}
		}
	}
	return -1, ""
}

// WithoutSiteName is headline without the site's name that a page's title
// ends in after a separator ("Two councils merge | Example News", "… -
// GOV.UK"), when site (the page's own og:site_name) is that name, with or
// without a leading "the". Anything else after a separator is the
// headline's own ("Local elections 2024 - Results for York"), and a
// headline that is only the name is kept.
func WithoutSiteName(headline, site string) string {
	rest, name, ok := SplitPublisher(headline)
	if !ok || PublisherKey(site) == "" || PublisherKey(name) != PublisherKey(site) {
		return headline
	}
	return rest
}

// Publishers is a set of publishers' names, matched as FoldWords folds
// them and with or without a leading "the" ("The Guardian" is "guardian").
// The zero value is empty; use Add to fill it.
type Publishers map[string]struct{}

// PublisherKey is the form under which Publishers holds a name.
func PublisherKey(name string) string {
	k := FoldWords(name)
	if rest, ok := strings.CutPrefix(k, "the "); ok {
		return rest
	}
	return k
}

// Add adds names to the set. A name that is also a headline separated
// from a second name ("BBC News - UK Politics", a feed's title) adds each
// part as well, so that "… - BBC News" matches the feed it came from.
func (p Publishers) Add(names ...string) {
	for _, n := range names {
		for n != "" {
			if k := PublisherKey(n); k != "" {
				p[k] = struct{}{}
			}
			rest, last, ok := SplitPublisher(n)
			if !ok {
				break
			}
			if k := PublisherKey(last); k != "" {
				p[k] = struct{}{}
			}
			n = rest
		}
	}
}

// Has reports whether name is one of the set's publishers.
func (p Publishers) Has(name string) bool {
	_, ok := p[PublisherKey(name)]
	return ok
}
