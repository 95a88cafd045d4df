package feeds

import (
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// untitledHeadline makes a headline for an entry that has no title: the
// first sentence of its summary; else the words of its link's last path
// segment ("/news/councils-share-a-chief-executive.html" is "Councils share
// a chief executive"); else "Untitled story on HOST". Never the link itself,
// which reads as nothing and cannot tell two stories apart.
func untitledHeadline(summary, link string) string {
	if s := firstSentence(summary); s != "" {
		return digest.Shorten(s, fallbackHeadline)
	}
	u, err := url.Parse(link)
	if err != nil {
		return "Untitled story"
	}
	if words := slugWords(u.Path); words != "" {
		return digest.Shorten(words, fallbackHeadline)
	}
	return "Untitled story on " + strings.TrimPrefix(u.Hostname(), "www.")
}

// abbreviations end in a full stop without ending a sentence; so do the
// short names of months ("Sept.", isAbbreviation).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "cllr": true, "rev": true,
	"no": true, "vs": true, "etc": true, "e.g": true, "i.e": true, "approx": true, "inc": true, "ltd": true,
	"co": true, "gov": true, "dept": true,
}

// isAbbreviation reports whether a full stop after word leaves the
// sentence going on: word is an abbreviation, or a month's short name
// ("Nov.", not "May.", which is the whole name).
func isAbbreviation(word string) bool {
	if _, short := digest.MonthNamed(word); short {
		return true
	}
	return abbreviations[strings.ToLower(word)]
}

// firstSentence returns the first sentence of s: up to the first ".", "!",
// "?" or "…" that is followed by a space and a capital letter, digit or
// quote, and that does not end an abbreviation ("Dr.", "St.") or an
// initial ("J. Smith").
func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	for i, r := range s {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i + utf8.RuneLen(r)
		rest := s[end:]
		if !strings.HasPrefix(rest, " ") {
			continue
		}
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " "))
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"'“‘(", next) {
			continue
		}
		if r == '.' {
			word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
			if utf8.RuneCountInString(word) == 1 || isAbbreviation(word) {
				continue
			}
		}
		return strings.TrimSpace(s[:end])
	}
	return s
}

// slugWords reads the last segment of a URL path as words, when it is a
// slug of at least two words with letters in them ("councils-share_a-plan"
// is "Councils share a plan"); "" otherwise (an ID, "index.html").
func slugWords(p string) string {
	seg := path.Base(strings.TrimRight(p, "/"))
	if ext := path.Ext(seg); ext != "" && len(ext) <= 5 {
		seg = strings.TrimSuffix(seg, ext)
	}
	seg, _ = url.PathUnescape(seg)
	words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' || r == ' ' })
	letters := 0
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			letters++
		}
	}
	if len(words) < 2 || letters < 2 {
		return ""
	}
	return digest.UpperFirst(digest.FoldText(strings.Join(words, " ")))
}
