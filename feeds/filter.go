package feeds

import (
	"strings"
	"unicode"
)

// filter decides which of a feed's entries join the review queue: with
// include phrases, only entries mentioning one of them; never entries
// mentioning an exclude phrase. Phrases match whole words in any case, with
// punctuation ignored ("NHS" matches "the NHS's plan" but not "NHSX").
type filter struct {
	include, exclude []string // normalised, each padded with spaces
}

func newFilter(include, exclude []string) filter {
	return filter{include: phrases(include), exclude: phrases(exclude)}
}

func phrases(in []string) []string {
	var out []string
	for _, p := range in {
		if n := matchText(p); n != "" {
			out = append(out, " "+n+" ")
		}
	}
	return out
}

// queues reports whether an entry with this headline and summary text
// joins the review queue.
func (f filter) queues(text string) bool {
	if len(f.include) == 0 && len(f.exclude) == 0 {
		return true
	}
	t := " " + matchText(text) + " "
	for _, p := range f.exclude {
		if strings.Contains(t, p) {
			return false
		}
	}
	if len(f.include) == 0 {
		return true
	}
	for _, p := range f.include {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}

// matchText lower-cases s and reduces it to words separated by single
// spaces; apostrophes join ("council's" is "councils"), "&" is kept as a
// word of its own ("A&E", "fire & rescue").
func matchText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
