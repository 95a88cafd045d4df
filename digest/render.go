package digest

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Words every format, chat included, shows the same way. A format that
// marks the banner's first word alone (Slack's bold "DRAFT") writes it
// from DraftMark and DraftNote.
const (
	DraftMark   = "DRAFT"
	DraftNote   = "not yet published"
	DraftBanner = DraftMark + " — " + DraftNote
	EmptyNotice = "No stories yet."
)

// IsDraft reports whether e may still change. Anything not explicitly
// published is shown as a draft, so an edition can never be mistaken for
// the published one by accident.
func IsDraft(e Edition) bool {
	return e.State != EditionPublished
}

// editionLabel is "Edition 42" for a published edition, and "" otherwise.
func editionLabel(e Edition) string {
	if IsDraft(e) || e.Number <= 0 {
		return ""
	}
	return "Edition " + strconv.Itoa(e.Number)
}

// sectionHeading is what a section is called in every format: its heading
// as an imported edition wrote it, else its configured name, or the slug
// of a sector that is no longer configured.
func sectionHeading(s Section) string {
	if h := OneLine(s.Heading); h != "" {
		return h
	}
	if h := OneLine(s.Sector.Name); h != "" {
		return h
	}
	if h := OneLine(s.Sector.Slug); h != "" {
		return h
	}
	return "Other"
}

// emptySection reports whether s has nothing to show: no story, no text
// and no heading of its own.
func emptySection(s Section) bool {
	return len(s.Stories) == 0 && OneLine(s.Heading) == "" && CleanText(s.Text) == ""
}

// CleanText makes text from feeds and members safe to print anywhere:
// StripControls (valid UTF-8, "\n" line ends, no escape sequences, control
// characters or bidirectional overrides), tabs as spaces, surrounding space
// trimmed.
func CleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(StripControls(s), "\t", " "))
}

// OneLine is CleanText with all runs of white space, line breaks included,
// made single spaces: headlines, sources and headings are one line.
func OneLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

// paragraphs splits text into paragraphs at blank lines, each paragraph a
// list of its lines without trailing spaces. Line breaks inside a paragraph
// are kept: the editor put them there.
func paragraphs(s string) []Paragraph {
	var paras []Paragraph
	var cur Paragraph
	for line := range strings.SplitSeq(CleanText(s), "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		paras = append(paras, cur)
	}
	return paras
}

// linkURL returns raw if it is an absolute http or https URL, the only
// kind a rendered edition links to, and "" otherwise. Stories hold
// canonical URLs, but a renderer must not trust that: a "javascript:" link
// in an edition would run in the reader's mail client or browser.
func linkURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return raw
}

// escapeURL percent-encodes the bytes of u that would end a link early:
// spaces, anything outside printable ASCII, and the characters in special.
// Canonical URLs never have spaces or non-ASCII, but a renderer does not
// rely on getting canonical ones.
func escapeURL(u, special string) string {
	var b strings.Builder
	b.Grow(len(u))
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(special, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
