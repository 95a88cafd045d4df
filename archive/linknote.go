package archive

import (
	"strconv"
	"strings"
	"unicode"
)

// A bracket after a story's link may name its publisher ("(BBC News)") or
// say what the link points at: a file's type and size ("(PDF, 2MB)",
// "(Word document)") or where it opens ("(opens in new window)"), as
// council sites write beside a download. The second describes the link, not
// who published the story, so it is no source.

// cutLinkNotes cuts the brackets that describe a link ("(PDF, 2MB)") off
// the end of s when a link, or a link and its source, stands before them,
// and returns s unchanged otherwise: a bracket after other text is the
// editor's own.
func cutLinkNotes(s string) string {
	before := strings.TrimRight(s, " ")
	cut := false
	for {
		b, inside, ok := cutBracket(before)
		if !ok || !isLinkNote(inside) {
			break
		}
		before, cut = b, true
	}
	if !cut {
		return s
	}
	if f := strings.Fields(before); len(f) > 0 && bareLink(f[len(f)-1]) != "" {
		return before
	}
	if _, _, named := cutSource(before); named {
		return before // "… https://… (Coast FM) (opens in a new tab)"
	}
	return s
}

// cutBracket cuts the bracket that ends s ("… (Valley Gazette)"), returning
// the text before it, spaces trimmed, and what it holds. A bracket glued
// to the word before it is that word's ("…/wiki/Local_government_(UK)",
// a link whose address has brackets), not a bracket of its own.
func cutBracket(s string) (before, inside string, ok bool) {
	s = strings.TrimRight(s, " ")
	if !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	at := strings.LastIndex(s, "(")
	if at <= 0 || !unicode.IsSpace(rune(s[at-1])) {
		return "", "", false
	}
	return strings.TrimRight(s[:at], " "), strings.TrimSpace(s[at+1 : len(s)-1]), true
}

// isLinkNote reports whether the words of a bracket all describe a link:
// a file type ("PDF", "xlsx", "Word document"), a size ("2MB", "1.4 MB",
// "12 pages") or where it opens ("opens in a new window", "external
// link"). One of them must say something of the link by itself (a type, a
// size with its unit, a window or tab): "(2015)" or "(A New Link)" is no
// note.
func isLinkNote(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:/|-–—", r)
	})
	if len(words) == 0 {
		return false
	}
	telling := false
	for i, w := range words {
		w = strings.Trim(w, ".")
		switch {
		case linkNoteWords[w]:
			telling = true
		case linkNoteFiller[w] || isNumber(w):
		case isSize(w):
			telling = true
		case sizeUnits[w] && i > 0 && isNumber(words[i-1]):
			telling = true // "1.4 MB"
		default:
			return false
		}
	}
	return telling
}

// linkNoteWords say by themselves what a link points at.
var linkNoteWords = setOf(
	// File types, as their extensions.
	"pdf", "doc", "docx", "dot", "odt", "ods", "odp", "rtf", "txt", "xls", "xlsx", "xlsm", "csv",
	"ppt", "pptx", "pps", "zip", "html", "htm", "xml", "json", "epub", "mp3", "mp4", "wav",
	"jpg", "jpeg", "png", "gif", "kml", "ics",
	// File types, as their programs or kinds.
	"word", "excel", "powerpoint", "opendocument", "openoffice", "acrobat", "spreadsheet",
	"document", "presentation", "file", "video", "audio", "image", "download",
	// Where a link opens.
	"window", "tab", "external", "popup",
)

// linkNoteFiller are the words around them ("opens in a new window", "12
// pages", "PDF format").
var linkNoteFiller = setOf(
	"opens", "open", "opening", "in", "a", "an", "new", "this", "link", "links", "site", "website",
	"page", "pages", "format", "version", "size", "approx", "and", "or", "of", "kb", "mb", "gb",
)

// sizeUnits are the units a file's size is given in, after its number.
var sizeUnits = setOf("b", "bytes", "k", "kb", "kib", "m", "mb", "mib", "g", "gb", "gib")

// isSize reports whether w is a size written as one word ("2mb", "356kb").
func isSize(w string) bool {
	end := strings.LastIndexFunc(w, func(r rune) bool { return r >= '0' && r <= '9' })
	return end >= 0 && isNumber(w[:end+1]) && sizeUnits[w[end+1:]]
}

func isNumber(w string) bool {
	_, err := strconv.ParseFloat(w, 64)
	return err == nil && w != "" && w[0] >= '0' && w[0] <= '9'
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// linkLine reads a line that is a story's link alone, under its "Read more
// >>>", perhaps after a label ("More: https://…", linkLabels): the link, perhaps followed, as after the marker, by brackets that
// describe it ("(PDF, 2MB)") and its source in brackets ("(BBC News)"),
// which it returns too. It returns "" for a line that is not one.
func linkLine(s string) (link, source string) {
	if rest, ok := cutLinkLabel(s); ok {
		s = rest
	}
	if u := bareLink(s); u != "" {
		return u, ""
	}
	bare := cutLinkNotes(s)
	if before, src, ok := cutSource(bare); ok && !strings.ContainsAny(before, " \t") {
		return bareLink(before), src
	}
	if bare != s {
		return bareLink(bare), ""
	}
	return "", ""
}

// linkLabels are the words an editor may write before a story's link on
// a line of its own, with a colon: "More: https://…", "Link: https://…",
// "Read more: https://…", "Full story: https://…".
var linkLabels = setOf("more", "read more", "link", "full story", "read the full story", "story", "url",
	"web", "online", "see", "details", "more info", "more information", "find out more")

// cutLinkLabel cuts a label of linkLabels and its colon off the start of
// s, a link following it; ok is false when s starts with no such label.
func cutLinkLabel(s string) (string, bool) {
	label, rest, ok := strings.Cut(s, ":")
	if !ok || !linkLabels[strings.ToLower(strings.Join(strings.Fields(label), " "))] {
		return s, false
	}
	rest = strings.TrimSpace(rest)
	if f := strings.Fields(rest); len(f) == 0 || bareLink(f[0]) == "" {
		return s, false
	}
	return rest, true
}
