package digest

import (
	"strings"
	"unicode/utf8"
)

// Shorten returns s cut to at most max characters, ending in "…" when it
// cut: at the last space if that keeps at least half of the text, otherwise
// inside the long word, and never after a dangling comma, dash, colon or
// full stop. Summaries from feeds, page descriptions and long headlines are
// all shortened this way, so they read alike wherever they come from.
func Shorten(s string, max int) string {
	if max <= 0 {
		return ""
	}
	// No longer in bytes than max is no longer in runes: the newswire
	// shortens every headline and summary it reads, most of them short
	// enough, and counting runes reads every byte.
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	if max < 2 {
		return "…"
	}
	keep := max - 1 // room for the ellipsis
	cut := keep
	if runes[keep] != ' ' {
		for i := keep - 1; i >= keep/2; i-- {
			if runes[i] == ' ' {
				cut = i
				break
			}
		}
	}
	trimmed := runes[:cut]
	for len(trimmed) > 0 && strings.ContainsRune(" ,;:.-–—|/\\(", trimmed[len(trimmed)-1]) {
		trimmed = trimmed[:len(trimmed)-1]
	}
	if len(trimmed) == 0 {
		trimmed = runes[:keep]
	}
	return string(trimmed) + "…"
}
