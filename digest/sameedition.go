package digest

import "strings"

// SameEdition reports whether a and b are one edition as an import tells
// them apart (store.FindImported looks for a stored one alike): the same
// date and title, and a story with the same headline or link (EditionKeys);
// two editions of text alone, on one day under one title, are one.
func SameEdition(a, b Edition) bool {
	if !a.Date.Equal(b.Date) || a.Title != b.Title {
		return false
	}
	keys, other := EditionKeys(a), EditionKeys(b)
	if len(keys) == 0 && len(other) == 0 {
		return true
	}
	for k := range other {
		if keys[k] {
			return true
		}
	}
	return false
}

// EditionKeys are what tells e's stories from another edition's: the
// HeadlineWords of each, and its link when it has one (a headline
// corrected in the file since an import still has its link). Headlines
// and links share the map: no HeadlineWords has "://".
func EditionKeys(e Edition) map[string]bool {
	keys := map[string]bool{}
	for _, st := range e.Stories() {
		if k := HeadlineWords(st.Headline); k != "" { // "…" alone is no key
			keys[k] = true
		}
		if IsWebLink(st.URL) {
			keys[st.URL] = true
		}
	}
	return keys
}

// IsWebLink reports whether s is written as an http or https link: a
// story's URL that is not an archive's key for a story without one, or a
// headline that is a link alone.
func IsWebLink(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
