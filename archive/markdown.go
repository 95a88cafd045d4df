package archive

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// An edition exported by this program as Markdown (`preview --format
// markdown`, digest.RenderMarkdown) is read back by turning its lines into
// the plain-text newsletter they stand for (digest.RenderText's), line for
// line, so that warnings name the file's own lines, and parsing that: its
// title a "#" heading; sections "##" headings; headlines "###" headings
// (the lead's "##"), linked when the story has a link; commentary and
// afterwords in italics; each summary ending "[Read more >>>](LINK)" when
// the story has a link and with no marker when it has none (its end is
// where the plain paragraphs under its headline end); the source
// "— Source"; the footer after a rule; every character of the edition's
// text that Markdown could read as markup backslash-escaped, and links
// as the export wrote them before escaping (unescapeURL): the plain
// text's reader keeps a bracket glued to a link as the link's.
//
// What Markdown does not keep comes back as a published edition has it:
// every section heading under its row of asterisks.

// markdownTitle is the title's heading, which only a Markdown export has
// among the first lines of an edition.
var markdownTitle = regexp.MustCompile(`^# \S`)

// markdownLinked is a heading or a paragraph's end linked: "[TEXT](URL)".
var markdownLinked = regexp.MustCompile(`\[((?:[^\]\\]|\\.)*)\]\(([^()\s]*)\)$`)

// editionLabel is the "Edition N" line a Markdown export has under the
// title, which the plain text never had.
var editionLabel = regexp.MustCompile(`^Edition \d+$`)

// isOwnMarkdown reports whether lines are an edition (or editions) in
// RenderMarkdown's shape: a "#" title among the first lines and a "##" or
// "###" heading, or the "Edition N" label under the title (an edition of
// text alone has no heading). A plain-text newsletter with Markdown
// section headings ("## Health", read as headings) has no "#" title.
func isOwnMarkdown(lines []line) bool {
	title, seen := false, 0
	for _, l := range lines {
		if l.text == "" {
			continue
		}
		if seen < 4 && markdownTitle.MatchString(l.text) {
			title = true
		}
		seen++
		if title && (strings.HasPrefix(l.text, "## ") || strings.HasPrefix(l.text, "### ") || seen <= 4 && editionLabel.MatchString(l.text)) {
			return true
		}
	}
	return false
}

// fromOwnMarkdown rewrites lines exported by RenderMarkdown as the plain
// text RenderText writes for the same edition, keeping every line's number.
func fromOwnMarkdown(lines []line) []line {
	out := make([]line, len(lines))
	copy(out, lines)
	var (
		inStory  bool
		url      string
		last     = -1 // the line of the current story's summary that ends it
		marked   bool // its "Read more >>>" is written
		afterSum bool // past the summary (a source, an afterword)
		label    bool // the next block may be the "Edition N" label
		// sectioned is set past the edition's first section heading:
		// a "##" heading is then a section's.
		sectioned bool
	)
	endSummary := func() {
		if inStory && last >= 0 && !marked {
			out[last].text += " " + digest.ReadMore
			if url != "" {
				out[last].text += " " + url
			}
		}
		marked = true
		afterSum = true
	}
	endStory := func() {
		endSummary()
		inStory, url, last, marked, afterSum = false, "", -1, false, false
	}
	for i := 0; i < len(out); {
		if out[i].text == "" {
			i++
			continue
		}
		end := i
		for end < len(out) && out[end].text != "" {
			end++
		}
		first := out[i].text
		wasLabel := label
		label = false
		switch {
		case markdownTitle.MatchString(first) && end == i+1 && !strings.HasPrefix(first, "## "):
			endStory()
			sectioned = false
			out[i].text = unescapeMarkdown(strings.TrimPrefix(first, "# "))
			label = true
		case wasLabel && end == i+1 && editionLabel.MatchString(first):
			out[i].text = ""
		case first == "---" && end == i+1:
			endStory()
			out[i].text = ""
		case strings.HasPrefix(first, "### ") || strings.HasPrefix(first, "## ") && (markdownLinked.MatchString(first) ||
			!sectioned && !storiesUnder(out, end)):
			// A "##" headline is the lead's, before the first section:
			// linked, or with no "###" headline under it (a section
			// without stories before the first with some is read as one).
			endStory()
			h := strings.TrimLeft(first, "#")[1:]
			// A link with no text ("[ ]()") is no export's headline, which
			// always has words: kept as written, it is the headline.
			if m := markdownLinked.FindStringSubmatch(h); m != nil && m[0] == h && strings.TrimSpace(unescapeMarkdown(m[1])) != "" {
				h, url = m[1], unescapeURL(m[2])
			}
			out[i].text = unescapeMarkdown(h)
			inStory = true
		case strings.HasPrefix(first, "## "):
			endStory()
			sectioned = true
			out[i].text = unescapeMarkdown(first[3:])
			if i > 0 && out[i-1].text == "" {
				// The blank line above (a Markdown heading has one) holds
				// the row of asterisks a published edition draws there.
				out[i-1].text = digest.SectionRule
			}
		case italic(out[i:end]):
			endSummary()
			out[i].text = out[i].text[1:]
			out[end-1].text = out[end-1].text[:len(out[end-1].text)-1]
			for j := i; j < end; j++ {
				out[j].text = unescapeMarkdown(out[j].text)
			}
		case inStory && !afterSum && end == i+1 && strings.HasPrefix(first, "— "):
			// The source: the plain text has it on the line right under
			// the summary, here the blank line above; under no summary,
			// as a paragraph of its own.
			endSummary()
			source := digest.SourceLabel + unescapeMarkdown(first[len("— "):])
			if last >= 0 && last == i-2 {
				out[i].text = ""
				out[i-1].text = source
			} else {
				out[i].text = source
			}
		default:
			if titleNext(out, end) {
				// The next edition's date line (editions joined by cat):
				// no footer's rule ended the last story.
				endStory()
			}
			for j := i; j < end; j++ {
				out[j].text = unescapeMarkdown(out[j].text)
			}
			if inStory && !afterSum {
				last = end - 1
				raw := lines[end-1].text
				if m := markdownLinked.FindStringSubmatchIndex(raw); m != nil && raw[m[2]:m[3]] == `Read more \>\>\>` {
					before := unescapeMarkdown(strings.TrimSpace(raw[:m[0]]))
					more := digest.ReadMore + " " + unescapeURL(raw[m[4]:m[5]])
					if before != "" {
						more = before + " " + more
					}
					out[end-1].text = more
					marked = true
				}
			}
		}
		i = end
	}
	endStory()
	return out
}

// italic reports whether a block is one paragraph in italics, as
// RenderMarkdown writes commentary and afterwords: "*" first and last,
// neither escaped (the text's own asterisks are).
func italic(block []line) bool {
	first, last := block[0].text, block[len(block)-1].text
	return len(first) > 1 && len(last) > 1 && first[0] == '*' && first[1] != '*' &&
		last[len(last)-1] == '*' && last[len(last)-2] != '\\'
}

// unescapeMarkdown drops the backslashes escapeMarkdown put before ASCII
// punctuation.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// storiesUnder reports whether a "###" headline follows line i before the
// next "##" or "#" heading or the footer's rule.
func storiesUnder(lines []line, i int) bool {
	for ; i < len(lines); i++ {
		t := lines[i].text
		switch {
		case strings.HasPrefix(t, "### "):
			return true
		case strings.HasPrefix(t, "## "), strings.HasPrefix(t, "# "), t == "---":
			return false
		}
	}
	return false
}

// titleNext reports whether the first line with text from line i on is a
// "#" title.
func titleNext(lines []line, i int) bool {
	for ; i < len(lines); i++ {
		if lines[i].text != "" {
			return markdownTitle.MatchString(lines[i].text)
		}
	}
	return false
}

// unescapeURL undoes the escapes of the characters a Markdown link
// destination cannot hold that the plain text's link can.
func unescapeURL(u string) string {
	return strings.NewReplacer("%28", "(", "%29", ")", "%5C", `\`).Replace(u)
}

// referenceDef is a Markdown link reference definition on a line of its
// own: "[1]: https://…", the address perhaps in angle brackets and
// followed by a title.
var referenceDef = regexp.MustCompile(`^\[([^\[\]]{1,40})\]:\s*<?([^\s<>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?$`)

// referenceUse is a Markdown reference link at the end of a line:
// "[Read more >>>][1]".
var referenceUse = regexp.MustCompile(`\[((?:[^\[\]\\]|\\.)*)\]\[([^\[\]]{1,40})\]$`)

// referenceLinks rewrites the reference links at the ends of lines
// ("[Read more >>>][1]", with "[1]: https://…" below) as the inline
// links the reader knows ("[Read more >>>](https://…)"), and empties the
// definitions they used, which are those links, not the editor's text.
// Editors who keep the newsletter in Markdown number each edition's
// links from 1 and list them at its foot, so a reference is the first
// definition of its name after it, and only with none after it the
// nearest before it (Markdown's own rule, the first in the document,
// would give every edition the first edition's links). A definition no
// link uses is kept as text. Before, every story of such a file was read
// as text: its summary did not end in the marker.
func referenceLinks(lines []line) ([]line, []Warning) {
	type def struct {
		at   int
		link string
	}
	defs := map[string][]def{}
	for i, l := range lines {
		if m := referenceDef.FindStringSubmatch(l.text); m != nil {
			if link := bareLink(m[2]); link != "" {
				name := strings.ToLower(m[1])
				defs[name] = append(defs[name], def{i, link})
			}
		}
	}
	if len(defs) == 0 {
		return lines, nil
	}
	out := slices.Clone(lines)
	used := map[int]bool{}
	for i, l := range lines {
		m := referenceUse.FindStringSubmatchIndex(l.text)
		if m == nil {
			continue
		}
		ds := defs[strings.ToLower(l.text[m[4]:m[5]])]
		if len(ds) == 0 {
			continue
		}
		k := slices.IndexFunc(ds, func(d def) bool { return d.at > i })
		if k < 0 {
			k = len(ds) - 1
		}
		out[i].text = l.text[:m[0]] + "[" + l.text[m[2]:m[3]] + "](" + ds[k].link + ")"
		used[ds[k].at] = true
	}
	if len(used) == 0 {
		return lines, nil
	}
	first := len(lines)
	for at := range used {
		out[at].text = ""
		first = min(first, at)
	}
	return out, []Warning{{Line: lines[first].no, Msg: fmt.Sprintf(
		"Markdown reference links: each \"[…][n]\" is read with the address of its \"[n]: …\" line, the first below it; %d such lines are read as links, not kept as text", len(used))}}
}
