package archive

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// role is what a line of an edition is.
type role int

const (
	roleText     role = iota // the editor's text: intro, commentary, afterword
	roleRule                 // a row of asterisks
	roleHeading              // a section heading
	roleHeadline             // a story's headline
	roleSummary              // a line of a story's summary
	roleMarker               // "Read more >>>" alone, under the summary
	roleLink                 // a link alone, under "Read more >>>"
	roleSource               // "Source: …", under the summary
)

// tok is a non-blank line of an edition's body, after the title.
type tok struct {
	line
	para      int  // index of its paragraph in the edition
	paraStart bool // the first line of its paragraph
	role      role
	summary   string        // for roleSummary: the text without the marker
	story     int           // for a story's lines: 1 + its index in roleReader.stories
	sector    digest.Sector // for roleHeading: what the heading names
}

// tokens returns the non-blank lines of body, each knowing its paragraph.
func tokens(body []line) []tok {
	var toks []tok
	para, blank := -1, true
	for _, l := range body {
		if l.text == "" {
			blank = true
			continue
		}
		if blank {
			para++
		}
		toks = append(toks, tok{line: l, para: para, paraStart: blank})
		blank = false
	}
	return toks
}

// storyToks are the lines of one story.
type storyToks struct {
	headline int    // index in toks
	summary  []int  // indices in toks, in order
	link     string // after "Read more >>>", or on the line under it
	source   string
	// moreLinks are the links after the first on the line of "Read
	// more >>>", kept as text after the story.
	moreLinks string
}

// roleReader sets the role of every token of an edition.
type roleReader struct {
	parser   Parser
	names    sectorNames
	toks     []tok
	stories  []storyToks
	warnings []Warning
	// sentenceHeadlines reads a short sentence alone over a summary as
	// its headline, for an edition with no other kind (sentenceHeadline).
	sentenceHeadlines bool
	// linkEnds reads a paragraph that ends in a link, with no "Read more
	// >>>" before it, as a story's summary and its link, for an edition
	// in which no line has the marker (linkedSummary): some editors
	// wrote the address where the marker goes. In an edition that has
	// the marker, such a paragraph is the editor's text.
	linkEnds bool
	// misplaced is the first line with "Read more" not where a summary
	// ends it (looksLikeReadMore), for the refusal of an edition that
	// has no story: "no line ends in it" alone sends the editor looking
	// at lines that seem to.
	misplaced *line
}

func (r *roleReader) warn(no int, format string, args ...any) {
	r.warnings = append(r.warnings, Warning{Line: no, Msg: fmt.Sprintf(format, args...)})
}

// mark finds, in this order, rows of asterisks and the headings under them,
// stories (a summary ending in "Read more >>>" and the headline above it),
// and headings standing alone. What is none of these is the editor's text.
func (r *roleReader) mark() {
	for i := range r.toks {
		if isRule(r.toks[i].text) {
			r.toks[i].role = roleRule
		}
	}
	r.markRuledHeadings()
	var otherWords []string // the words stories end with otherwise than "Read more"
	otherAt, others := 0, 0
	for i := range r.toks {
		if r.toks[i].role == roleText {
			if text, links, source, ok := readMoreSource(r.toks[i].text); ok {
				r.markStory(i, text, links, source, true)
				if w := otherWording(r.toks[i].text, text); w != "" {
					if others++; others == 1 {
						otherAt = r.toks[i].no
					}
					if !slices.Contains(otherWords, w) {
						otherWords = append(otherWords, w)
					}
				}
			} else if text, links, ok := r.linkedSummary(i); ok {
				r.markStory(i, text, links, "", false)
			} else if looksLikeReadMore(r.toks[i].text) {
				r.warn(r.toks[i].no, "%q is not at the end of this line as it ends a story's summary; the line is kept as the editor's text, not as a story: %q",
					digest.ReadMore, clip(r.toks[i].text))
				if r.misplaced == nil {
					r.misplaced = &r.toks[i].line
				}
			}
		}
	}
	if others > 0 {
		quoted := make([]string, len(otherWords))
		for i, w := range otherWords {
			quoted[i] = strconv.Quote(w)
		}
		r.warn(otherAt, "%s end with %s where the newsletter writes %q: each is read as its story's end, its link kept, and the edition is stored, and shown everywhere (preview too), with %q",
			digest.Plural(others, "story", "stories"), strings.Join(quoted, ", "), digest.ReadMore, digest.ReadMore)
	}
	r.markLoneHeadings()
	r.markHeadingsMarkedAlike()
	r.markUnfiledFirstHeading()
}

// otherWording is the words line, a summary's last line read as summary
// and a marker, ends its story with when they are not the newsletter's
// "Read more" ("Full story >>>", "More:", "Read the full story"), without
// the link after them; "" when they are. The words are the newsletter's
// furniture, not the story's: an import stores the summary and the link,
// and every rendering writes digest.ReadMore, so the editor is told that
// the file's words will not come back.
func otherWording(line, summary string) string {
	tail, ok := strings.CutPrefix(line, summary)
	if !ok || containsFold(tail, "read more") {
		return ""
	}
	var words []string
	for _, f := range strings.Fields(tail) {
		if bareLink(strings.Trim(f, "()<>")) == "" && strings.Trim(f, "()") != "" {
			words = append(words, f)
		}
	}
	return strings.Join(words, " ")
}

// looksLikeReadMore reports whether s has "Read more" with an arrow, colon
// or link after it, though not as readMore finds it ("Read more here:
// https://…", "(Read more >>>)"): a story the parser cannot read as one.
func looksLikeReadMore(s string) bool {
	if !containsFold(s, "read more") {
		return false // most lines: no copy in lower case
	}
	l := strings.ToLower(s)
	at := strings.Index(l, "read more")
	if at < 0 {
		return false
	}
	rest := l[at+len("read more"):]
	return strings.ContainsAny(rest, ">»›:") || strings.Contains(rest, "http") || strings.Contains(rest, "www.")
}

// markRuledHeadings makes the line under each row of asterisks a heading,
// unless it cannot be one: too long, running text, or a story's headline
// (a line right above a summary that does not name a sector outright).
func (r *roleReader) markRuledHeadings() {
	toks := r.toks
	for i := range toks {
		if toks[i].role != roleRule || (i+1 < len(toks) && toks[i+1].role == roleRule) {
			continue // a run of rules is one rule
		}
		if r.markUnderlinedHeading(i) {
			continue
		}
		if i+1 == len(toks) {
			continue // a rule at the end separates nothing
		}
		h := &toks[i+1]
		text := headingText(h.text)
		_, _, story := readMore(h.text)
		if story || text == "" || utf8.RuneCountInString(text) > maxHeadingRunes || endsSentence(text) || isFooter(text) {
			r.warn(toks[i].no, "row of asterisks with no section heading under it; what follows stays in the section above")
			continue
		}
		// Right above a summary, a line is a headline unless it names a
		// sector outright ("Councils merge" is a story, "Health" a heading).
		if _, named := r.names.lookup(text); !named && r.startsStory(i+1) {
			r.warn(toks[i].no, "row of asterisks with no section heading under it (%q is a story's headline); the story stays in the section above", clip(h.text))
			continue
		}
		sec, how := r.resolveHeading(text)
		h.role, h.sector = roleHeading, sec
		r.reportHeading(h, how)
	}
}

// markUnderlinedHeading makes the line above the rule toks[i] a heading
// when the rule underlines it, as Markdown and plain-text mail write
// headings ("Health" over "======" or "------"): the line is a paragraph's
// first, right above the rule, reads like a heading, and either names a
// sector or has a blank line after the rule. It reports whether it did.
func (r *roleReader) markUnderlinedHeading(i int) bool {
	toks := r.toks
	if i == 0 || toks[i].paraStart || !strings.ContainsAny(toks[i].text[:1], "=-") {
		return false
	}
	h := &toks[i-1]
	if h.role != roleText || !h.paraStart || h.para != toks[i].para {
		return false
	}
	text := headingText(h.text)
	_, _, story := readMore(h.text)
	if story || text == "" || utf8.RuneCountInString(text) > maxHeadingRunes || endsSentence(text) || isFooter(text) {
		return false
	}
	_, named := r.names.lookup(text)
	if !named && i+1 < len(toks) && toks[i+1].para == toks[i].para {
		return false
	}
	sec, how := r.resolveHeading(text)
	h.role, h.sector = roleHeading, sec
	r.reportHeading(h, how)
	return true
}

// startsStory reports whether toks[i] would be a story's headline: the
// rest of its paragraph, or the next paragraph, is a summary ending in
// "Read more >>>" with no headline of its own.
func (r *roleReader) startsStory(i int) bool {
	if i+1 >= len(r.toks) {
		return false
	}
	var lines []int
	para := r.toks[i+1].para
	for j := i + 1; j < len(r.toks) && r.toks[j].para == para && r.toks[j].role == roleText; j++ {
		lines = append(lines, j)
		if _, _, ok := readMore(r.toks[j].text); ok {
			headline, _ := r.headlineOf(lines)
			return headline == i
		}
	}
	return false
}

// linkedSummary reports whether toks[i] ends a story's summary as an
// edition read with linkEnds writes one: it is the last line of its
// paragraph and ends in a link, after text ("…a peer review.
// https://…") or alone under the summary's lines. It returns the text
// before the links and the links.
func (r *roleReader) linkedSummary(i int) (text string, links []string, ok bool) {
	toks := r.toks
	if !r.linkEnds || i+1 < len(toks) && toks[i+1].para == toks[i].para {
		return "", nil, false
	}
	f := strings.Fields(toks[i].text)
	n := len(f)
	for n > 0 && bareLink(f[n-1]) != "" {
		n--
	}
	if n == len(f) || n == 0 && (toks[i].paraStart || toks[i-1].role != roleText) {
		return "", nil, false
	}
	for _, w := range f[n:] {
		links = append(links, bareLink(w))
	}
	return strings.Join(f[:n], " "), links, true
}

// markStory marks the story whose summary ends at toks[i], the line
// ending in "Read more >>>" (marked) or, in an edition read with
// linkEnds, in a link; text is the line before them, links the links
// after. It leaves the lines as text when they have no summary or no
// headline, with a warning when the marker said they were a story: a
// paragraph ending in a link under no headline is the editor's own.
func (r *roleReader) markStory(i int, text string, links []string, source string, marked bool) {
	toks := r.toks
	link := ""
	if len(links) > 0 {
		link = links[0]
	}
	var summary []int
	marker := -1
	if text == "" {
		marker = i
		summary = r.textAbove(i, marked)
		if len(summary) == 0 {
			if marked {
				r.warn(toks[i].no, "%q with no summary above it; kept as text", digest.ReadMore)
			}
			return
		}
	} else {
		summary = append(r.textAbove(i, false), i)
	}
	headline, ok := r.headlineOf(summary)
	if !ok {
		if marked {
			r.warn(toks[summary[0]].no, "summary ending in %q has no headline above it; kept as the editor's text, not as a story", digest.ReadMore)
		}
		return
	}
	if at := slices.Index(summary, headline); at >= 0 {
		summary = summary[at+1:] // lines above the headline stay the editor's text
	}
	if headline >= 0 && len(summary) > 0 && headline+1 < summary[0] {
		// The headline's link alone under it, in its paragraph, over the
		// summary's (headlineOf): it starts the summary, where it was
		// written, as it does when the summary follows it with no blank
		// line (TestLinkUnderHeadlineIsNoHeadline).
		summary = append([]int{headline + 1}, summary...)
	}
	st := storyToks{headline: headline, summary: summary, link: link, source: source}
	if len(links) > 1 {
		// A story has one link: the others stay, as the editor's text
		// after it.
		st.moreLinks = strings.Join(links[1:], " ")
		if marked {
			r.warn(toks[i].no, "%d links after %q: the first is the story's link, the others are kept as text under it", len(links), digest.ReadMore)
		} else {
			r.warn(toks[i].no, "%d links end this summary: the first is the story's link, the others are kept as text under it", len(links))
		}
	}
	n := len(r.stories) + 1
	toks[headline].role, toks[headline].story = roleHeadline, n
	for _, j := range summary {
		toks[j].role, toks[j].story, toks[j].summary = roleSummary, n, toks[j].text
	}
	toks[i].summary = text
	if marker >= 0 {
		toks[marker].role, toks[marker].story = roleMarker, n
		if !marked {
			toks[marker].role = roleLink
		}
	}
	from := i + 1
	if len(links) == 1 {
		st.link, from = r.wrappedLink(i, n, st.link)
	}
	// Under the summary, in the same paragraph: its link, then its source,
	// as the plain-text rendering writes them, or its source, then its
	// link. A link may be labelled ("More: https://…", linkLine).
	j := from
	for ; j < len(toks) && toks[j].para == toks[i].para && toks[j].role == roleText; j++ {
		if u, src := linkLine(toks[j].text); u != "" && st.link == "" && (src == "" || st.source == "") {
			toks[j].role, toks[j].story = roleLink, n
			if src != "" {
				st.source = src
			}
			st.link, j = r.wrappedLink(j, n, u)
			j--
			continue
		}
		// A "Source:" that names nothing is text: as a source it would
		// vanish from the edition. So is one spelled otherwise than the
		// renderer writes it ("SOURCE:BBC"), which it would respell.
		if src, ok := strings.CutPrefix(toks[j].text, "Source: "); ok && st.source == "" && strings.TrimSpace(src) != "" &&
			utf8.RuneCountInString(src) <= maxHeadingRunes {
			toks[j].role, toks[j].story, st.source = roleSource, n, strings.TrimSpace(src)
			continue
		}
		break
	}
	// A story without a link, and its link alone as the next paragraph
	// ("Read more >>>", a blank line, "https://…"): the link is the
	// story's, not the editor's text after it.
	if st.link == "" && j < len(toks) && toks[j].role == roleText && toks[j].para != toks[i].para &&
		(j+1 == len(toks) || toks[j+1].para != toks[j].para) {
		if u, src := linkLine(toks[j].text); u != "" && (src == "" || st.source == "") {
			toks[j].role, toks[j].story, st.link = roleLink, n, u
			if src != "" {
				st.source = src
			}
		}
	}
	r.stories = append(r.stories, st)
}

// maxLinkLines is how many lines a link in angle brackets, or broken
// after its hyphens, may be broken over.
const maxLinkLines = 8

// wrappedLink completes link, the link at the end of toks[j], when it is
// in angle brackets that do not close on that line: a mail client broke it
// over lines, which are not part of it (RFC 3986, appendix C). The lines
// that carry on the link, up to the one ending in ">", become story n's. It
// returns the link and the index of the first line after it.
func (r *roleReader) wrappedLink(j, n int, link string) (string, int) {
	toks := r.toks
	f := strings.Fields(toks[j].text)
	if len(f) > 0 && strings.HasSuffix(f[len(f)-1], "-") {
		return r.hyphenatedLink(j, n, link)
	}
	if len(f) > 0 && !strings.HasPrefix(f[len(f)-1], "<") && linkBrokenAfter(f[len(f)-1]) {
		return r.slashedLink(j, n, link, strings.TrimLeft(f[len(f)-1], "(["))
	}
	if len(f) == 0 || !strings.HasPrefix(f[len(f)-1], "<") || strings.Contains(f[len(f)-1], ">") {
		return link, j + 1
	}
	whole := link
	for k := j + 1; k < len(toks) && k <= j+maxLinkLines && toks[k].para == toks[j].para && toks[k].role == roleText; k++ {
		part := toks[k].text
		if strings.Contains(part, " ") || strings.Contains(strings.TrimSuffix(part, ">"), ">") {
			break
		}
		whole += strings.TrimSuffix(part, ">")
		if strings.HasSuffix(part, ">") {
			for m := j + 1; m <= k; m++ {
				toks[m].role, toks[m].story = roleLink, n
			}
			return whole, k + 1
		}
	}
	return link, j + 1
}

// hyphenatedLink completes link, which ends toks[j] in a hyphen: no link
// ends so, so the editor's line was broken after it, and the lines under
// it, each a single word, carry it on up to one that does not end in a
// hyphen. Those lines become story n's. It returns the link and the index
// of the first line after it; a link that no such line completes stays as
// it is.
func (r *roleReader) hyphenatedLink(j, n int, link string) (string, int) {
	toks := r.toks
	whole := link
	for k := j + 1; k < len(toks) && k <= j+maxLinkLines && toks[k].para == toks[j].para && toks[k].role == roleText; k++ {
		part := toks[k].text
		if strings.ContainsAny(part, " \t") || bareLink(part) != "" {
			break
		}
		whole += part
		if !strings.HasSuffix(part, "-") {
			for m := j + 1; m <= k; m++ {
				toks[m].role, toks[m].story = roleLink, n
			}
			return bareLink(whole), k + 1
		}
	}
	return link, j + 1
}

// slashedLink completes link, written at the end of toks[j] and ending in
// a slash, "?", "=" or "&": a mail client broke it there, and the lines under it in the same
// paragraph, each a piece of an address (linkGoesOn), carry it on. Those
// lines become story n's. It returns the link and the index of the first
// line after it; with no such line under it, the link stays as it is (an
// address may end in a slash).
func (r *roleReader) slashedLink(j, n int, link, written string) (string, int) {
	toks := r.toks
	// From the link as written: bareLink takes a "?" at its end for the
	// sentence's.
	whole, last := written, j
	for k := j + 1; k < len(toks) && k <= j+maxLinkLines && toks[k].para == toks[j].para && toks[k].role == roleText; k++ {
		if !linkGoesOn(whole, toks[k].text) {
			break
		}
		whole, last = whole+toks[k].text, k
		if !linkBrokenAfter(whole) {
			break
		}
	}
	if last == j {
		return link, j + 1
	}
	for m := j + 1; m <= last; m++ {
		toks[m].role, toks[m].story = roleLink, n
	}
	return bareLink(whole), last + 1
}

// linkBrokenAfter reports whether s, a link, ends where mail clients break
// a long address: after a slash, "?", "=" or "&".
func linkBrokenAfter(s string) bool {
	return bareLink(s) != "" && strings.ContainsAny(s[len(s)-1:], "/?=&")
}

// linkGoesOn reports whether line, under the link broken after a slash,
// "?", "=" or "&", carries it on: one word of the characters an address
// has (RFC 3986), not a link itself; after a slash, one that has a mark
// an address's path has (".", "-", "_", "/", "=", "%", a digit:
// "story-1.html", "2015/09/"), so that a source's name or a word of the
// editor's ("Council") is not taken into it. archivetest counts such
// lines as the link's too.
func linkGoesOn(link, line string) bool {
	if line == "" || bareLink(line) != "" {
		return false
	}
	for _, c := range line {
		if c > 0x7e || c <= ' ' || strings.ContainsRune(`"<>\^{|}`+"`", c) {
			return false
		}
	}
	return !strings.HasSuffix(link, "/") || strings.ContainsAny(line, ".-_/=%0123456789")
}

// textAbove returns the text lines of toks[i]'s paragraph above it; with
// orPrevious, when there are none, the text lines at the end of the
// paragraph before it ("Read more >>>" alone as a paragraph).
func (r *roleReader) textAbove(i int, orPrevious bool) []int {
	toks := r.toks
	start := i
	for start > 0 && toks[start-1].para == toks[i].para && toks[start-1].role == roleText {
		start--
	}
	if start == i && orPrevious && i > 0 && toks[i-1].role == roleText {
		para := toks[i-1].para
		for start > 0 && toks[start-1].para == para && toks[start-1].role == roleText {
			start--
		}
	}
	out := make([]int, 0, i-start)
	for j := start; j < i; j++ {
		out = append(out, j)
	}
	return out
}

// headlineOf finds the headline of a story whose summary ends with the
// lines summary (its paragraph up to "Read more >>>"). When the paragraph
// holds more than the summary, the headline is its first line that reads
// like one and is not continued by the next ("Fire deaths fall by 5% in
// past year" over its summary; lines of commentary above it stay
// commentary). Otherwise it is the line above the paragraph, when that
// reads like a headline. A line of running text is no headline: it ends
// like a sentence, or the line under it continues it in lower case.
func (r *roleReader) headlineOf(summary []int) (int, bool) {
	toks := r.toks
	for j := 0; j+1 < len(summary); j++ {
		line, next := toks[summary[j]].text, toks[summary[j+1]].text
		// A sector's name starting the paragraph, over a headline and a
		// summary, is the section's heading written without a rule or a
		// blank line under it ("Health", "Trusts merge", "Two trusts…"),
		// with the editor's commentary between them or not (a file that
		// lost its blank lines): markLoneHeadings makes it one.
		if j == 0 && toks[summary[0]].paraStart && r.headlineAfter(summary) {
			if _, named := r.names.lookup(headingText(line)); named {
				continue
			}
		}
		// An item of a list in the summary ("- one office for both"
		// over "- one chief executive") is no headline, though it reads
		// like one: a bulleted or numbered headline stands over its
		// summary, not beside an item of the same list.
		if sameList(line, next) || j > 0 && sameList(toks[summary[j-1]].text, line) {
			continue
		}
		// A link under a line does not carry on its sentence, though it
		// starts in lower case ("https://…").
		if headlineLike(line) && (!startsLower(next) || bareLink(next) != "") {
			return summary[j], true
		}
	}
	above := summary[0] - 1
	if above < 0 || toks[above].role != roleText {
		return above, false
	}
	// The headline's link alone under it, in its paragraph ("Merger talks
	// stall" / "https://…"), over the summary's paragraph: the headline is
	// the line above the link (markStory puts the link in the summary).
	// As the line above the summary, the link was taken for no headline
	// at all, and the story was lost to the editor's text.
	if u, _ := linkLine(toks[above].text); u != "" && above > 0 && !strings.ContainsAny(toks[above].text, " \t") &&
		toks[above-1].role == roleText && toks[above-1].para == toks[above].para && headlineLike(toks[above-1].text) {
		return above - 1, true
	}
	if headlineLike(toks[above].text) || toks[above].paraStart && (clippedHeadline(toks[above].text) || colonHeadline(toks[above].text)) {
		return above, true
	}
	return above, r.sentenceHeadlines && r.sentenceHeadline(above, summary[0])
}

// headlineAfter reports whether a line of summary after its first, over
// another line of it, reads like a headline that the line under it does
// not carry on.
func (r *roleReader) headlineAfter(summary []int) bool {
	for k := 1; k+1 < len(summary); k++ {
		if headlineLike(r.toks[summary[k]].text) && !startsLower(r.toks[summary[k+1]].text) {
			return true
		}
	}
	return false
}

// maxSentenceHeadlineWords is the longest headline written as a sentence
// ("Councils agree to share a chief executive.") that is read as one.
const maxSentenceHeadlineWords = 16

// sentenceHeadline reports whether toks[i], a line ending in a full stop,
// is the headline of the summary that starts at toks[first]: as the
// newsletter lays a story out, it is a paragraph of its own, right over
// the summary's, one short sentence, and nothing above it could head the
// story instead. It is asked only of an edition in which no story has a
// headline of the usual kind (roleReader.sentenceHeadlines): where one
// does, such a sentence is the editor's ("Two quick ones this week.").
// A one-sentence paragraph under a line that reads like a
// headline ("Shire halls to close" / "The county will sell its halls." /
// "Staff move… Read more >>>") is a summary's first paragraph: the story
// stays the editor's text, with a warning, rather than get a headline
// invented for it.
func (r *roleReader) sentenceHeadline(i, first int) bool {
	toks := r.toks
	t := toks[i]
	if !t.paraStart || !toks[first].paraStart || first != i+1 || startsLower(toks[first].text) || !oneShortSentence(t.text) {
		return false
	}
	if i == 0 || toks[i-1].role != roleText {
		return true // under a heading, a rule or the story before
	}
	prev := toks[i-1].text
	if _, named := r.names.lookup(headingText(prev)); named {
		return true // a section's heading, written without a rule
	}
	return !headlineLike(prev) && !oneShortSentence(prev)
}

// clippedHeadline reports whether s, a paragraph of its own right over a
// summary's, is a headline that ends in an ellipsis, as a feed or a mail
// clips one ("Fire chiefs could run police…"): a few words, starting as a
// headline does, with no sentence's end inside. The editor's lines that
// end so are longer, and stand over a headline, not over a summary.
func clippedHeadline(s string) bool {
	body, ok := strings.CutSuffix(strings.TrimSpace(s), "…")
	if !ok {
		if body, ok = strings.CutSuffix(strings.TrimSpace(s), "..."); !ok {
			return false
		}
	}
	body = strings.TrimRight(body, ".")
	return body != "" && headlineLike(body) && oneShortSentence(body+".")
}

// colonHeadline reports whether s, a paragraph of its own right over a
// summary's, is a headline that ends in a colon, as a feed's kicker
// headlines do ("Devolution: what next:"): a few words, starting as a
// headline does, with no sentence's end inside. Read as the editor's
// text, the story under it was lost to the editor's text.
func colonHeadline(s string) bool {
	body, ok := strings.CutSuffix(strings.TrimSpace(s), ":")
	body = strings.TrimSpace(body)
	return ok && body != "" && !strings.HasSuffix(body, ":") && headlineLike(body) && oneShortSentence(body+".")
}

// oneShortSentence reports whether s is one sentence of a few words ending
// in a full stop, with no other sentence's end inside it.
func oneShortSentence(s string) bool {
	body, ok := strings.CutSuffix(strings.TrimSpace(s), ".")
	if !ok || body == "" || strings.HasSuffix(body, ".") || bareLink(s) != "" {
		return false
	}
	if _, _, more := readMore(s); more {
		return false
	}
	words := strings.Fields(body)
	if len(words) > maxSentenceHeadlineWords {
		return false
	}
	// It starts as a sentence does: a capital or a figure, perhaps after
	// a quotation mark ("‘Digital by default’ saves £2m.").
	if at := strings.IndexFunc(body, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }); at < 0 {
		return false
	} else if r, _ := utf8.DecodeRuneInString(body[at:]); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	for _, w := range words[:len(words)-1] {
		if strings.HasSuffix(w, ".") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, "!") {
			return false // "…in June. Two more…": running text
		}
	}
	return true
}

// headlineLike reports whether s reads like a headline: not too long, not
// ending like a sentence of running text, not a link alone, and not a
// summary's end. A line
// ending in "Read more >>>" that is still text had no headline of its own;
// it ends in an arrow, not a full stop, so it would otherwise head the
// summary after it.
func headlineLike(s string) bool {
	if _, _, summary := readMore(s); summary {
		return false
	}
	if bareLink(s) != "" {
		return false // a link alone is the story's address, not its headline
	}
	return utf8.RuneCountInString(s) <= maxHeadlineRunes && !endsSentence(s)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// markLoneHeadings makes a heading of each line that names a configured
// sector exactly and stands alone as a paragraph, or starts one whose next
// line is not the rest of its sentence ("Local Government" after the
// intro, with no row of asterisks).
func (r *roleReader) markLoneHeadings() {
	toks := r.toks
	for i := range toks {
		t := &toks[i]
		if t.role != roleText || !t.paraStart {
			continue
		}
		if i+1 < len(toks) && toks[i+1].para == t.para && (toks[i+1].role != roleText && toks[i+1].role != roleHeadline || startsLower(toks[i+1].text) ||
			listItem(t.text) && listItem(toks[i+1].text)) {
			continue // the rest of a sentence, or a list ("1. Housing", "2. Health"; "- Housing", "- Health")
		}
		text := headingText(t.text)
		if text == "" || endsSentence(text) {
			continue
		}
		if sec, ok := r.names.lookup(text); ok {
			t.role, t.sector = roleHeading, sec
			continue
		}
		// A line alone as its paragraph, short, that comes close to a
		// sector's name or holds one ("Blue lights service", "Fire and
		// rescue") is a heading too, as it would be under a rule.
		words := len(strings.Fields(text))
		if alone := i+1 == len(toks) || toks[i+1].para != t.para; !alone || words > maxLoneHeadingWords {
			continue
		}
		// One word is not completed as a prefix: "Home" or "Lead" alone is
		// more likely the editor's than a heading. A line that holds a
		// sector's word among more than one of its own ("Thanks to the
		// housing team", "New police chief") is the editor's too.
		//
		// A line that names no sector but that the sector model files,
		// written in capitals as headings are ("Waste and Recycling",
		// "Europe"), heads the stories under it when one comes before the
		// next heading: the first heading of an edition often has no row
		// of asterisks above it, and as text its section's stories would
		// become the edition's lead. "Happy New Year" (the model cannot
		// file it) or "Welsh reorganisation moves on" (in sentence case)
		// stays the editor's.
		if sec, how := r.resolveHeading(text); how == byClose && words > 1 || how == byPhrase && r.names.strayWords(text) <= 1 ||
			how == byModel && titleCase(text) && r.storyBeforeHeading(i) {
			t.role, t.sector = roleHeading, sec
			r.reportHeading(t, how)
		}
	}
}

// markUnfiledFirstHeading makes a heading of the edition's first heading
// when it has no row of asterisks above it and neither a sector's name nor
// the sector model files it ("Member Updates"): a line after the intro,
// alone as its paragraph, short and in capitals as headings are, with a
// story under it before the next heading, in an edition that has
// headings after it. As text, its stories became the edition's lead while
// the stories after them had sections; as a section it is filed under
// the fallback sector, with a warning (reportHeading), where the operator
// finds it. A line right under the title ("Happy New Year", a greeting)
// stays the intro's, as does one with no story under it.
func (r *roleReader) markUnfiledFirstHeading() {
	toks := r.toks
	first := slices.IndexFunc(toks, func(t tok) bool { return t.role == roleHeading || t.role == roleHeadline })
	if first < 0 || toks[first].role != roleHeadline ||
		!slices.ContainsFunc(toks[first:], func(t tok) bool { return t.role == roleHeading }) {
		return
	}
	for i := first - 1; i > 0; i-- {
		t := &toks[i]
		if t.role != roleText || !t.paraStart || toks[i+1].para == t.para {
			continue
		}
		text := headingText(t.text)
		if text == "" || endsSentence(text) || len(strings.Fields(text)) > maxLoneHeadingWords || !titleCase(text) || toks[0].para == t.para {
			continue
		}
		if sec, how := r.resolveHeading(text); how == byFallback {
			t.role, t.sector = roleHeading, sec
			r.reportHeading(t, how)
		}
		return // the line nearest the story only: the others are the intro's
	}
}

// markHeadingsMarkedAlike makes a heading of a line alone as its
// paragraph that is marked as the edition's headings are ("### Transport
// and Highways" in an edition whose "### Health" and "### Housing" are
// headings; "== Libraries ==" among "== Health =="), short, with a story
// under it before the next heading: the editor marked it a heading,
// whether or not its words name a sector. It is filed by name, alias or
// the sector model, else under the fallback sector, with a warning
// (reportHeading). Unmarked, its stories became the section above's, its
// line their commentary.
func (r *roleReader) markHeadingsMarkedAlike() {
	marks := map[string]bool{}
	for _, t := range r.toks {
		if m := headingMark(t.text); t.role == roleHeading && m != "" {
			marks[m] = true
		}
	}
	if len(marks) == 0 {
		return
	}
	toks := r.toks
	for i := range toks {
		t := &toks[i]
		if t.role != roleText || !t.paraStart || i+1 < len(toks) && toks[i+1].para == t.para || !marks[headingMark(t.text)] {
			continue
		}
		text := headingText(t.text)
		if text == "" || endsSentence(text) || len(strings.Fields(text)) > maxLoneHeadingWords || !r.storyBeforeHeading(i) {
			continue
		}
		sec, how := r.resolveHeading(text)
		t.role, t.sector = roleHeading, sec
		r.reportHeading(t, how)
	}
}

// headingMark is the mark a heading is written with, "" for none: "#"
// marks ("## Health": "##"), "=" around it ("== Health ==": "=="), or
// bold or italics around it ("**Health**": "**").
func headingMark(s string) string {
	s = strings.TrimSpace(s)
	if n := len(s) - len(strings.TrimLeft(s, "#")); n > 0 {
		return s[:n]
	}
	if n := len(s) - len(strings.TrimLeft(s, "=")); n > 0 && strings.HasSuffix(s, s[:n]) && len(s) > 2*n {
		return s[:n]
	}
	for _, m := range []string{"**", "__"} {
		if len(s) > 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			return m
		}
	}
	return ""
}

// titleCase reports whether s is written as a heading is: every word of
// four letters or more starts with a capital, and none ends a sentence
// with "!" or "?".
func titleCase(s string) bool {
	if strings.ContainsAny(s, "!?") {
		return false
	}
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, wordTrim)
		if r, _ := utf8.DecodeRuneInString(w); utf8.RuneCountInString(w) >= 4 && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// storyBeforeHeading reports whether a story's headline comes after
// toks[i] before the next heading or row of asterisks.
func (r *roleReader) storyBeforeHeading(i int) bool {
	for _, t := range r.toks[i+1:] {
		switch t.role {
		case roleHeadline:
			return true
		case roleHeading, roleRule:
			return false
		}
	}
	return false
}

// maxLoneHeadingWords is the most words a heading without a rule above it
// has when it does not name a sector exactly: longer lines alone are
// the editor's text.
const maxLoneHeadingWords = 5

// headingText is a heading without its decoration: the colon or dashes it
// may end in, Markdown's "#" marks, a wiki's "=" around it and the stars
// or underscores of bold and italics around it ("## Health", "== Health
// ==", "**Health**"), and the number before
// it ("2. Health", "(3) Health", "IV. Health", "4 - Health").
func headingText(s string) string {
	for {
		before := s
		s = strings.TrimSpace(strings.Trim(s, "#"))
		if m := headingMark(s); strings.HasPrefix(m, "=") {
			s = strings.TrimSpace(s[len(m) : len(s)-len(m)]) // "== Health =="
		}
		for _, m := range []string{"**", "__", "*", "_"} {
			if len(s) > 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
				s = strings.TrimSpace(s[len(m) : len(s)-len(m)])
			}
		}
		s = strings.TrimSpace(strings.TrimRight(s, ":-–— "))
		s = withoutNumbering(s)
		if s == before {
			return s
		}
	}
}

// HeadlineText is a story's headline without the Markdown a plain-text
// edition may write it in, or the bullet of a list ("• Councils merge",
// "- Councils merge", bulleted), or its number ("1. Councils merge",
// listNumber): the "#" marks of a heading ("### Councils
// merge", also closed "### Councils merge ###") and the stars or
// underscores of bold or italics around it ("**Councils merge**"). Kept,
// they showed in search, the web archive and chat as typed. A "#" glued
// to a word ("#NHS70 at work") is a hashtag, kept.
//
// Marks are taken off until none is left ("* *Councils merge**" is
// "Councils merge"), so that the headline read again is the same: the
// round trip compares both sides through it.
func HeadlineText(s string) string {
	t := strings.TrimSpace(s)
	for {
		u := unmarkHeadline(t)
		if u == t || u == "" {
			return t
		}
		t = u
	}
}

// HeadlineLink cuts off the address a mail program writes after a linked
// headline when it saves an HTML edition as text, in angle brackets,
// glued to it (Outlook: "Councils merge<https://…>") or after a space
// (Gmail: "Councils merge <https://…>"), and returns the headline without
// it and the link; s and "" when it has none. Kept, the address was part
// of the headline wherever it was shown, and the story had no link when
// its "Read more" had none.
func HeadlineLink(s string) (headline, link string) {
	t := strings.TrimSpace(s)
	at := strings.LastIndexByte(t, '<')
	if at <= 0 || !strings.HasSuffix(t, ">") || strings.ContainsAny(t[at:], " \t") {
		return s, ""
	}
	link = bareLink(t[at:])
	headline = strings.TrimSpace(t[:at])
	if link == "" || headline == "" {
		return s, ""
	}
	return headline, link
}

// unmarkHeadline takes one layer of HeadlineText's marks off s.
func unmarkHeadline(s string) string {
	t := s
	if bulleted(t) { // "• Councils merge", "- Councils merge"
		_, rest, _ := strings.Cut(t, " ")
		return strings.TrimSpace(rest)
	}
	if m := listNumber.FindString(t); m != "" && len(m) < len(t) { // "1. Councils merge", "2) …", "(3) …"
		return strings.TrimSpace(t[len(m):])
	}
	// A bullet no dash or star can be read as: also glued to the headline
	// ("•Councils merge").
	if r, size := utf8.DecodeRuneInString(t); strings.ContainsRune("•▪◦", r) {
		return strings.TrimSpace(t[size:])
	}
	if n := len(t) - len(strings.TrimLeft(t, "#")); n >= 1 && n <= 6 && strings.HasPrefix(t[n:], " ") {
		t = strings.TrimSpace(t[n:])
		if body := strings.TrimRight(t, "#"); len(body) < len(t) && strings.HasSuffix(body, " ") {
			t = strings.TrimSpace(body)
		}
	}
	for _, m := range []string{"**", "__", "*", "_"} {
		if len(t) > 2*len(m) && strings.HasPrefix(t, m) && strings.HasSuffix(t, m) {
			return strings.TrimSpace(t[len(m) : len(t)-len(m)])
		}
	}
	return t
}

// listNumber is the number of a numbered list's item before a headline:
// one or two figures and "." or ")", or in brackets, and a space ("1. ",
// "12) ", "(3) "). "2015: a year of mergers", "10 councils merge" and
// "3.5% more" are headlines of their own.
var listNumber = regexp.MustCompile(`^(?:[0-9]{1,2}[.)]|\([0-9]{1,2}\)) +`)

// numbered reports whether s starts with a number as a numbered heading
// or a list item does ("2. Health").
func numbered(s string) bool { return withoutNumbering(s) != s }

// listItem reports whether s starts as an item of a numbered or bulleted
// list does ("2. Health", "- Health", "• Health").
func listItem(s string) bool { return numbered(s) || bulleted(s) }

// sameList reports whether a and b are items of one list: both numbered,
// or both bulleted with the same bullet.
func sameList(a, b string) bool {
	if numbered(a) && numbered(b) {
		return true
	}
	return bulleted(a) && bulleted(b) && strings.Fields(a)[0] == strings.Fields(b)[0]
}

// bulleted reports whether s starts with a bullet and a space, as a list
// item typed in plain text does: "-", "*", "•", "·", "–", "—", "▪" or "◦".
// "**Health**" and "*Health*" are bold and italics, not bullets.
func bulleted(s string) bool {
	mark, rest, ok := strings.Cut(s, " ")
	if !ok || strings.TrimSpace(rest) == "" {
		return false
	}
	switch mark {
	case "-", "*", "•", "·", "–", "—", "▪", "◦":
		return true
	}
	return false
}

// withoutNumbering returns s without the number of a numbered heading:
// "2.", "2)", "(2)", "2:", "IV." or "b)" and a space, or a number and a
// dash ("4 - Health"). A heading that is only a number keeps it.
func withoutNumbering(s string) string {
	first, rest, ok := strings.Cut(s, " ")
	rest = strings.TrimSpace(rest)
	if !ok || rest == "" {
		return s
	}
	if digest.AllDigits(first) && len(first) <= 3 {
		for _, d := range []string{"-", "–", "—"} {
			if r, dashed := strings.CutPrefix(rest, d); dashed {
				return strings.TrimSpace(r)
			}
		}
		return s
	}
	n := strings.TrimPrefix(first, "(")
	if n == "" || !strings.ContainsAny(n[len(n)-1:], ".):") {
		return s
	}
	n = n[:len(n)-1]
	roman := n != "" && len(n) <= 6 && strings.Trim(strings.ToLower(n), "ivxlc") == ""
	letter := len(n) == 1 && unicode.IsLetter(rune(n[0]))
	if digest.AllDigits(n) && len(n) <= 3 || roman || letter {
		return rest
	}
	return s
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if !hasPrefixFold(s, prefix) {
		return "", false
	}
	return s[len(prefix):], true
}
