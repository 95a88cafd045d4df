package archive

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// role is what a line of an edition is.
type role int

const (
	roleText     role = iota // intro or commentary
	roleRule                 // a row of asterisks
	roleHeading              // a section heading
	roleHeadline             // a story's headline
	roleSummary              // a story's summary
	roleMarker               // "Read more >>>" alone, after the summary line
)

// tok is a non-blank line of an edition's body, after the title.
type tok struct {
	line
	paraStart bool // a blank line (or the title) comes before it
	role      role
	summary   string // for roleSummary: the text without the marker
	ruled     bool   // for roleHeading: under a row of asterisks
}

// tokens returns the non-blank lines of an edition's body up to the footer,
// without blog debris, and warns about text after the footer, which is
// dropped with it.
func tokens(body []line) ([]tok, []Warning) {
	var toks []tok
	var warnings []Warning
	blank := true
	for i, l := range body {
		switch {
		case l.text == "" || isDebris(l.text):
			blank = true
		case isFooter(l.text):
			for _, after := range body[i+1:] {
				if after.text != "" && !isDebris(after.text) {
					warnings = append(warnings, Warning{Line: after.no, Msg: fmt.Sprintf(
						"text after the footer is not part of the edition and was dropped: %q", clip(after.text))})
					break
				}
			}
			return toks, warnings
		default:
			toks = append(toks, tok{line: l, paraStart: blank})
			blank = false
		}
	}
	return toks, warnings
}

// markRoles sets the role of every token: rules and the headings under
// them, summaries and the headlines above them, and headings that stand
// alone. It fails on a story without a headline and on a rule over
// something that cannot be a heading.
func markRoles(name string, toks []tok, names sectorNames) error {
	fail := func(no int, format string, args ...any) error {
		return &ParseError{Name: name, Line: no, Msg: fmt.Sprintf(format, args...)}
	}
	for i := range toks {
		if isRule(toks[i].text) {
			toks[i].role = roleRule
		} else if s, ok := summaryOf(toks[i].text); ok {
			toks[i].role, toks[i].summary = roleSummary, s
		}
	}
	for i := range toks {
		if toks[i].role != roleRule || (i+1 < len(toks) && toks[i+1].role == roleRule) {
			continue // a run of rules is one rule
		}
		if i+1 == len(toks) {
			continue // a rule above the footer separates nothing
		}
		h := &toks[i+1]
		if h.role == roleSummary || utf8.RuneCountInString(h.text) > maxHeadingRunes {
			return fail(h.no, "expected a sector heading under the row of asterisks on line %d, found %q", toks[i].no, clip(h.text))
		}
		h.role, h.ruled = roleHeading, true
	}
	for i := range toks {
		if toks[i].role != roleSummary {
			continue
		}
		start := i
		if toks[i].summary == "" { // "Read more >>>" alone: the summary is above it
			if i == 0 || toks[i-1].role != roleText {
				return fail(toks[i].no, "%q has no summary above it", digest.ReadMore)
			}
			toks[i].role = roleMarker
			start = i - 1
			toks[start].role, toks[start].summary = roleSummary, toks[start].text
		}
		if start == 0 || toks[start-1].role != roleText {
			return fail(toks[start].no, "story has an empty headline: the line above its summary %q is %s",
				clip(toks[start].summary), describe(toks, start-1))
		}
		toks[start-1].role = roleHeadline
	}
	for i := range toks {
		if toks[i].role == roleText && standsAlone(toks, i) {
			if _, ok := names.lookup(toks[i].text); ok {
				toks[i].role = roleHeading
			}
		}
	}
	return nil
}

// describe says what toks[i] is, for an error about the line below it.
func describe(toks []tok, i int) string {
	if i < 0 {
		return "the title"
	}
	switch toks[i].role {
	case roleHeading:
		return fmt.Sprintf("the section heading %q", clip(toks[i].text))
	case roleRule:
		return "a row of asterisks"
	case roleSummary, roleMarker:
		return "another story's summary"
	}
	return fmt.Sprintf("%q", clip(toks[i].text))
}

// standsAlone reports whether toks[i] is a paragraph of one line.
func standsAlone(toks []tok, i int) bool {
	before := i == 0 || toks[i].paraStart || toks[i-1].role != roleText
	after := i+1 == len(toks) || toks[i+1].paraStart || toks[i+1].role != roleText
	return before && after
}

// sectorNames finds the sector a line names exactly, by slug, name or
// alias, folded the way digest.Sectors.Resolve folds them. Unlike Resolve it
// does not complete prefixes: a line of commentary such as "Hi" must not
// become the heading "Higher Education".
type sectorNames map[string]digest.Sector

// newSectorNames indexes the names of sectors; a slug wins over a name and
// a name over an alias, as in Resolve.
func newSectorNames(sectors digest.Sectors) sectorNames {
	names := sectorNames{}
	add := func(key string, sec digest.Sector) {
		if k := foldName(key); k != "" {
			if _, taken := names[k]; !taken {
				names[k] = sec
			}
		}
	}
	for _, sec := range sectors {
		add(sec.Slug, sec)
	}
	for _, sec := range sectors {
		add(sec.Name, sec)
	}
	for _, sec := range sectors {
		for _, a := range sec.Aliases {
			add(a, sec)
		}
	}
	return names
}

// lookup returns the sector s names exactly.
func (n sectorNames) lookup(s string) (digest.Sector, bool) {
	if len(n) == 0 || utf8.RuneCountInString(s) > maxHeadingRunes {
		return digest.Sector{}, false
	}
	sec, ok := n[foldName(s)]
	return sec, ok
}

// foldName folds a sector name as digest.Sectors.Resolve does: lower case,
// "&" as "and", "-", "_" and "/" as spaces, single spaces.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '&':
			b.WriteString(" and ")
		case '-', '_', '/':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
