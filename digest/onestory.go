package digest

import (
	"strings"
	"unicode/utf8"
)

// MayBeOneStory reports whether the texts of a and b (headline, summary)
// may be one story's, rewritten or not: the same summary, or headlines that
// share at least half the longer words (four letters or more) of the
// shorter ("Two councils share a chief executive" and "Two councils agree
// to share one chief executive"). Texts that share neither are two
// stories', whatever else says they are one (a feed that reuses GUIDs).
// Without a summary on both sides the headlines still decide: many feeds
// send none, and taking every such pair for one story made a feed that
// reuses a GUID for a new story lose it, its headline written over the
// old story's. A story renamed entirely under a new link is then two
// stories, shown twice rather than one lost. Without a long word in both
// headlines nothing tells them apart, and they may be one.
func MayBeOneStory(a, b Story) bool {
	if s := FoldWords(a.Summary); s != "" && s == FoldWords(b.Summary) {
		return true
	}
	x, y := longWords(a.Headline), longWords(b.Headline)
	if len(x) == 0 || len(y) == 0 {
		return true
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	shared := 0
	for w := range x {
		if y[w] {
			shared++
		}
	}
	return 2*shared >= len(x)
}

// longWords returns the words of four letters or more of a folded text.
func longWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(FoldWords(s)) {
		if utf8.RuneCountInString(w) >= 4 {
			words[w] = true
		}
	}
	return words
}
