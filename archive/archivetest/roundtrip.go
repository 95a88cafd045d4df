// Package archivetest measures how faithfully an imported edition comes
// back: it compares the plain-text rendering of an edition with the
// original text, line by line, for the round-trip tests of package archive
// and of `sharednews import` / `preview --edition N --format text`.
//
// The comparison is the original's, not the parser's: every line of the
// original edition counts (its date line, title, intro, headings,
// headlines, summaries, the editor's text, the footer), except blank lines,
// rows of asterisks and the blog debris after it ("No comments:"); rows of
// asterisks count once for each heading instead: whether one stands above
// it, or none, as in the original. A line is reproduced when the
// rendering has it, exactly, in the same order relative to the others (a
// longest common subsequence). White space is
// compared folded (no-break spaces, runs of spaces), and "Read more >>>" at
// the end of a summary, with any link after it, is left out on both sides:
// a plain-text original has the marker without its link, a rendering has
// it with the story's link when there is one. Markdown's marks around a
// line ("### ", "**…**") are left out on both sides, as the parser leaves
// them out of a headline.
//
// The parsed edition only labels each line with what it is (intro,
// heading, headline…), so that a failure says what was lost; a line the
// parser placed nowhere is labelled "unplaced".
package archivetest

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/sharednews/sharednews/archive"
	"github.com/sharednews/sharednews/digest"
)

// Kinds of line, in reading order.
const (
	KindDateLine   = "date line"
	KindTitle      = "title"
	KindIntro      = "intro"
	KindLead       = "lead story"
	KindHeading    = "heading"
	KindSection    = "section text"
	KindCommentary = "commentary"
	KindHeadline   = "headline"
	KindSummary    = "summary"
	KindSource     = "source"
	KindAfterword  = "trailing text"
	KindFooter     = "footer"
	KindUnplaced   = "unplaced"
	// KindRule counts headings with a row of asterisks above them, or
	// none, as in the original.
	KindRule = "row of asterisks"
)

// Kinds lists every kind, for reports.
var Kinds = []string{KindDateLine, KindTitle, KindIntro, KindLead, KindHeading, KindSection, KindCommentary,
	KindHeadline, KindSummary, KindSource, KindAfterword, KindFooter, KindUnplaced, KindRule}

// Result is the comparison of one edition.
type Result struct {
	Lines      int               // lines of the original that count
	Reproduced int               // of them, found in the rendering in order
	ByKind     map[string][2]int // kind → {reproduced, lines}
	Missing    []string          // "kind: text" of each line not reproduced
	Extra      int               // lines of the rendering not in the original ("Edition 4")
}

// Add sums other into the running total r.
func (r *Result) Add(other Result) {
	r.Lines += other.Lines
	r.Reproduced += other.Reproduced
	r.Extra += other.Extra
	if r.ByKind == nil {
		r.ByKind = map[string][2]int{}
	}
	for k, v := range other.ByKind {
		w := r.ByKind[k]
		r.ByKind[k] = [2]int{w[0] + v[0], w[1] + v[1]}
	}
	r.Missing = append(r.Missing, other.Missing...)
}

// Share is the fraction of lines reproduced, 0–1 (1 for nothing to compare).
func (r Result) Share() float64 {
	if r.Lines == 0 {
		return 1
	}
	return float64(r.Reproduced) / float64(r.Lines)
}

// String reports the share and the share of each kind of line.
func (r Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d lines reproduced exactly (%.1f%%)", r.Reproduced, r.Lines, 100*r.Share())
	for _, k := range Kinds {
		if v, ok := r.ByKind[k]; ok && v[1] > 0 {
			fmt.Fprintf(&b, "; %s %d/%d", k, v[0], v[1])
		}
	}
	return b.String()
}

// Compare compares the original text of one edition (its lines, from its
// date line up to the next edition's) with its rendering as text, using
// parsed, the edition as the parser read it, to label the lines.
func Compare(original []string, parsed archive.ParsedEdition, rendered string) Result {
	orig := countedLines(withReadMore(withoutHeadlineLinks(original, parsed), parsed))
	trimDebris(&orig)
	out := countedLines(strings.Split(rendered, "\n"))
	matched := lcs(orig, out)

	kinds := make([]string, len(orig))
	items := itemsOf(parsed)
	itemTexts := make([]string, len(items))
	for i, it := range items {
		itemTexts[i] = it.text
	}
	for i := range kinds {
		kinds[i] = KindUnplaced
	}
	for oi, ii := range lcsPairs(orig, itemTexts) {
		kinds[oi] = items[ii].kind
	}
	if len(kinds) > 0 && kinds[0] == KindUnplaced {
		kinds[0] = KindDateLine // whatever its style
	}

	r := Result{Lines: len(orig), ByKind: map[string][2]int{}}
	for i, line := range orig {
		v := r.ByKind[kinds[i]]
		v[1]++
		if matched[i] {
			v[0]++
			r.Reproduced++
		} else {
			r.Missing = append(r.Missing, kinds[i]+": "+line)
		}
		r.ByKind[kinds[i]] = v
	}
	r.Extra = len(out) - r.Reproduced
	// Rows of asterisks: for each heading, whether one stands above it.
	lines := strings.Split(rendered, "\n")
	from := 0  // where the next heading is looked for in the rendering
	above := 0 // where the last heading was found in the original
	for _, sec := range parsed.Sections {
		h := fold(sec.Heading)
		want := false
		if at := sec.Line - parsed.Line; at >= 0 && at < len(original) && fold(original[at]) == h {
			want, above = ruledAbove(original, at), at
		} else {
			// A mail's decoded text, whose lines the file's do not
			// count (ParsedEdition.TextLine): the heading's next line.
			for i := above; i < len(original); i++ {
				if fold(original[i]) == h {
					want, above = ruledAbove(original, i), i
					break
				}
			}
		}
		v := r.ByKind[KindRule]
		v[1]++
		r.Lines++
		// The heading's line in the rendering: with a row above it when
		// the original has one, since a headline or a line of text may
		// read the same as the heading and come first ("0" over "0").
		at := -1
		if want {
			for i := from; i < len(lines); i++ {
				if fold(lines[i]) == h && ruledAbove(lines, i) {
					at = i - from
					break
				}
			}
		}
		if at < 0 {
			at = slices.IndexFunc(lines[from:], func(l string) bool { return fold(l) == h })
		}
		if at < 0 {
			r.Missing = append(r.Missing, KindRule+": heading not found: "+h)
			r.ByKind[KindRule] = v
			continue
		}
		from += at + 1
		switch {
		case ruledAbove(lines, from-1) == want:
			v[0]++
			r.Reproduced++
		case want:
			r.Missing = append(r.Missing, KindRule+": above "+h)
		default:
			r.Missing = append(r.Missing, KindRule+": none above "+h)
		}
		r.ByKind[KindRule] = v
	}
	return r
}

// withoutHeadlineLinks is original with the address after each of
// parsed's headlines taken off ("Councils merge<https://…>",
// archive.HeadlineLink): the parser makes it the story's link, which the
// rendering writes after "Read more >>>", or keeps it as text under the
// story.
func withoutHeadlineLinks(original []string, parsed archive.ParsedEdition) []string {
	headlines := map[string]bool{}
	for _, st := range allStories(parsed) {
		headlines[fold(st.Headline)] = true
	}
	var out []string
	for i, l := range original {
		if h, link := archive.HeadlineLink(l); link != "" && headlines[fold(archive.HeadlineText(h))] {
			if out == nil {
				out = slices.Clone(original)
			}
			out[i] = h
		}
	}
	if out == nil {
		return original
	}
	return out
}

// withReadMore is original with "Read more >>>" written where the parser
// read a link ending a summary as the story's link, in an edition that
// has no marker (archive's linkEnds): before the link on the summary's
// last line ("…in the past year. https://…"), or at the end of that line
// when the link stands alone under it. The rendering writes the marker
// there, before the link, which counts as neither side's line; the
// summary's text must still come back as written.
func withReadMore(original []string, parsed archive.ParsedEdition) []string {
	ends := map[string]string{} // a story's link → its summary's last line, folded
	for _, st := range allStories(parsed) {
		if st.Link != "" && st.Summary != "" {
			lines := strings.Split(st.Summary, "\n")
			ends[st.Link] = fold(lines[len(lines)-1])
		}
	}
	var out []string
	prev := -1 // the last line that is not blank
	for i, l := range original {
		f := strings.Fields(fold(l))
		n := len(f)
		for n > 0 && isLink(f[n-1]) {
			n--
		}
		if n < len(f) && withoutReadMore(fold(l)) == fold(l) {
			end, ok := ends[linkOf(f[n])]
			switch {
			case ok && n > 0 && strings.Join(f[:n], " ") == end:
				if out == nil {
					out = slices.Clone(original)
				}
				out[i] = end + " " + digest.ReadMore + " " + strings.Join(f[n:], " ")
			case ok && n == 0 && prev >= 0 && fold(original[prev]) == end:
				if out == nil {
					out = slices.Clone(original)
				}
				out[prev] = end + " " + digest.ReadMore
			}
		}
		if fold(l) != "" {
			prev = i
		}
	}
	if out == nil {
		return original
	}
	return out
}

// linkOf is the link a word of a line is, as the parser reads it: without
// the brackets around it or a mark after it; an address starting "www."
// gets "http://".
func linkOf(w string) string {
	w = strings.Trim(w, "<>()[].,;:!?")
	if len(w) > 4 && strings.EqualFold(w[:4], "www.") {
		return "http://" + w
	}
	return w
}

// ruledAbove reports whether the line above lines[at], blank lines aside,
// is a row of asterisks (or dashes, which the parser reads as one).
func ruledAbove(lines []string, at int) bool {
	for k := at - 1; k >= 0; k-- {
		if l := fold(lines[k]); l != "" {
			return isRule(l)
		}
	}
	return false
}

// Editions cuts the lines of a file into the lines of each parsed edition:
// from its date line up to the next edition's date line (or refused
// edition's), in the order of parsed.
func Editions(lines []string, f archive.File) [][]string {
	// Where each starts among lines: a mail's decoded text has more
	// lines than the file, whose lines Line counts.
	starts := []int{}
	for _, e := range f.Editions {
		starts = append(starts, cmp.Or(e.TextLine, e.Line))
	}
	for _, r := range f.Refused {
		starts = append(starts, cmp.Or(r.TextLine, r.Line))
	}
	slices.Sort(starts)
	out := make([][]string, len(f.Editions))
	for i, e := range f.Editions {
		start := cmp.Or(e.TextLine, e.Line)
		end := len(lines) + 1
		if at := slices.Index(starts, start); at+1 < len(starts) {
			end = starts[at+1]
		}
		out[i] = lines[start-1 : end-1]
	}
	return out
}

type item struct{ kind, text string }

// itemsOf lists the lines of an edition as parsed, in reading order, each
// labelled with its kind.
func itemsOf(e archive.ParsedEdition) []item {
	var items []item
	add := func(kind, text string) {
		for _, l := range countedLines(strings.Split(text, "\n")) {
			items = append(items, item{kind, l})
		}
	}
	story := func(st archive.ParsedStory, lead bool) {
		add(KindCommentary, st.Commentary)
		if lead {
			add(KindLead, st.Headline)
			add(KindLead, st.Summary)
		} else {
			add(KindHeadline, st.Headline)
			add(KindSummary, st.Summary)
		}
		add(KindSource, sourceLine(st.Source))
		add(KindAfterword, st.Afterword)
	}
	if e.DateLine != "" {
		add(KindDateLine, e.DateLine)
	} else {
		add(KindDateLine, e.Date.Format("Monday 2 January 2006"))
	}
	add(KindTitle, e.Title)
	add(KindIntro, e.Intro)
	for _, st := range e.Lead {
		story(st, true)
	}
	for _, s := range e.Sections {
		add(KindHeading, s.Heading)
		add(KindSection, s.Text)
		for _, st := range s.Stories {
			story(st, false)
		}
	}
	add(KindFooter, e.Footer)
	return items
}

func sourceLine(src string) string {
	if src == "" {
		return ""
	}
	return "Source: " + src
}

// countedLines returns the lines that count, folded: not blank, not a row
// of asterisks or dashes, without a trailing "Read more >>>" and link (a
// link alone on the line under the marker goes with it).
func countedLines(lines []string) []string {
	var out []string
	afterMarker := false
	openLink := false   // a link in angle brackets goes on on this line
	hyphenLink := false // a link broken after a hyphen goes on on this line
	slashLink := ""     // a link broken after a slash, "?", "=" or "&" may go on on this line
	for _, l := range lines {
		l = fold(l)
		if l == "" || isRule(l) {
			slashLink = "" // it goes on in its paragraph only
			continue
		}
		if slashLink != "" && linkGoesOn(slashLink, l) {
			slashLink += l
			if !linkBrokenAfter(slashLink) {
				slashLink = ""
			}
			continue
		}
		slashLink = ""
		if openLink && !strings.Contains(l, " ") {
			openLink = !strings.HasSuffix(l, ">")
			continue
		}
		openLink = false
		if hyphenLink && !strings.Contains(l, " ") && !isLink(l) {
			hyphenLink = strings.HasSuffix(l, "-")
			continue
		}
		hyphenLink = false
		if afterMarker && (isLink(l) || opensLink(l)) {
			afterMarker, openLink, hyphenLink = false, opensLink(l), isLink(l) && strings.HasSuffix(l, "-")
			if isLink(l) && linkBrokenAfter(l) {
				slashLink = l
			}
			continue
		}
		text := withoutReadMore(l)
		afterMarker = text != l
		if last := l[strings.LastIndex(l, " ")+1:]; afterMarker && isLink(last) && linkBrokenAfter(last) {
			slashLink = last
		}
		hyphenLink = afterMarker && strings.HasSuffix(l, "-") && isLink(l[strings.LastIndex(l, " ")+1:])
		if afterMarker && opensLink(l) {
			afterMarker, openLink = false, true
		}
		// Markdown around a headline ("### Councils merge",
		// "**Councils merge**") is not kept (archive.HeadlineText):
		// both sides are compared without it.
		if text = archive.HeadlineText(text); text != "" {
			out = append(out, text)
		}
	}
	return out
}

// linkBrokenAfter reports whether s, a link, ends where mail clients
// break a long address: after a slash, "?", "=" or "&". The parser reads
// the lines under it that carry it on (linkGoesOn) as the link's.
func linkBrokenAfter(s string) bool {
	s = strings.TrimLeft(s, "([")
	return !strings.HasPrefix(s, "<") && s != "" && strings.ContainsAny(s[len(s)-1:], "/?=&")
}

// linkGoesOn reports whether l, under a link broken after a slash, "?",
// "=" or "&", carries it on: one word of an address's characters, not a
// link itself, with a mark of an address's path after a slash.
func linkGoesOn(link, l string) bool {
	if l == "" || isLink(l) {
		return false
	}
	for _, c := range l {
		if c > 0x7e || c <= ' ' || strings.ContainsRune(`"<>\^{|}`+"`", c) {
			return false
		}
	}
	return !strings.HasSuffix(link, "/") || strings.ContainsAny(l, ".-_/=%0123456789")
}

// opensLink reports whether s ends in a link in angle brackets that
// goes on on the next line (a mail client broke it there).
func opensLink(s string) bool {
	f := strings.Fields(s)
	return len(f) > 0 && strings.HasPrefix(strings.ToLower(f[len(f)-1]), "<http") && !strings.Contains(f[len(f)-1], ">")
}

// isLink reports whether s is one http, https or "www." link, perhaps in
// angle brackets, parentheses or square brackets.
func isLink(s string) bool {
	return linkWord.MatchString(s)
}

var linkWord = regexp.MustCompile(`(?i)^[<(\[]?(https?://|www\.)\S+$`)

// fold folds white space of every kind to single spaces and drops
// invisible characters: controls, and format characters such as
// zero-width spaces, soft hyphens and bidirectional overrides. HTML
// character references ("&amp;", "&#8217;", "&nbsp;") are read as the
// parser reads them (archive.DecodeEntities): the characters they stand for.
func fold(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, archive.DecodeEntities(s))
	return strings.Join(strings.Fields(s), " ")
}

func isRule(s string) bool {
	return len(s) >= 3 && strings.Trim(s, s[:1]) == "" && strings.ContainsAny(s[:1], "*-_=~")
}

// readMoreAtEnd is "Read more >>>" in its spellings at the end of a line,
// perhaps followed by its links: any arrows ("> > >", "->", "→", "»"), or a
// colon with a link after it ("Read more: https://…"); after a space, a
// mark ("…in June.Read more >>>", as the parser reads it), or nothing; not
// after a letter or digit ("It spread more >>>"). The marker may stand in
// brackets ("(Read more >>>)"), and a source may be named in brackets
// after its link ("Read more >>> https://… (BBC News)"): the rendering
// writes that source on a line of its own.
var readMoreAtEnd = regexp.MustCompile(`(?i)(^|[^\pL\p{Nd}])(?:\(\s*` + markerRE + `\s*\)|\(?` + markerRE + `)\s*$`)

// markdownReadMoreAtEnd is the marker written as a Markdown link at the
// end of a line, "[Read more >>>](https://…)" or "[Read more](https://…)",
// as the parser reads it.
var markdownReadMoreAtEnd = regexp.MustCompile(`(?i)\[\s*read more\s*(?:(?:(?:[-=–]\s*)?>|[»›→])\s*)*\]\((?:https?://|www\.)[^()\s]*\)\s*$`)

// readMoreDotsAtEnd is "Read more..." or "Read more…", with a capital, at
// the end of a line, alone or after a sentence's end, perhaps followed by
// its links: "you can read more…" is the editor's text.
var readMoreDotsAtEnd = regexp.MustCompile(`(^|[.!?"')”’])\s*R(?i:ead more)\.*(?:\.\.\.|…)` + linksRE + `\s*$`)

const (
	linkRE   = `\s*[<(\[]?(?:https?://|www\.)\S+`
	sourceRE = `(?:\s*\([^()<>\[\]]+\))?`
	linksRE  = `(?:(?:` + linkRE + `)+` + sourceRE + `)?`
	markerRE = `read more\s*(?:(?:(?:(?:[-=–]\s*)?>|[»›→])\s*)+` + linksRE + `|:(?:` + linkRE + `)+` + sourceRE + `)`
)

// withoutReadMore drops "Read more >>>" and a link after it from the end
// of a line, keeping the mark before it.
func withoutReadMore(s string) string {
	// The marker as a Markdown link: "[Read more >>>](https://…)".
	if m := markdownReadMoreAtEnd.FindStringIndex(s); m != nil {
		return strings.TrimSpace(s[:m[0]])
	}
	if m := readMoreAtEnd.FindStringSubmatchIndex(s); m != nil {
		// A bracket glued to the marker is its own only when it closes at
		// the line's end ("(Read more >>>)", "(Read more >>> LINK)"), as
		// the parser reads it; one that does not close is the summary's
		// ("…£2m.£(Read more >>>"). After a letter the regexp leaves the
		// bracket in the text, after a mark it took it.
		if at := m[3]; strings.HasPrefix(s[at:], "(") && !strings.HasSuffix(strings.TrimSpace(s), ")") {
			return strings.TrimSpace(s[:at+1])
		}
		return strings.TrimSpace(s[:m[3]])
	}
	if m := readMoreDotsAtEnd.FindStringSubmatchIndex(s); m != nil {
		return strings.TrimSpace(s[:m[3]])
	}
	return s
}

// trimDebris drops blog chrome from the end of an edition's lines, as
// the parser does (archive.IsDebris).
func trimDebris(lines *[]string) {
	l := *lines
	for len(l) > 0 && archive.IsDebris(l[len(l)-1]) {
		l = l[:len(l)-1]
	}
	*lines = l
}

// lcs marks the lines of a that are in a longest common subsequence of a
// and b.
func lcs(a, b []string) []bool {
	matched := make([]bool, len(a))
	for ai := range lcsPairs(a, b) {
		matched[ai] = true
	}
	return matched
}

// lcsPairs returns a longest common subsequence of a and b as a map from
// an index of a to the index of b it is matched with.
func lcsPairs(a, b []string) map[int]int {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	pairs := map[int]int{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			pairs[i] = j
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return pairs
}
