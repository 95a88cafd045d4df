package archive

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// Parse reads every edition in the text r of the file called name (name is
// used in errors and nothing else). An error is a *ParseError naming the
// line, unless reading r failed.
func (p Parser) Parse(name string, r io.Reader) ([]ParsedEdition, error) {
	lines, err := readLines(name, r)
	if err != nil {
		return nil, err
	}
	texts, err := splitEditions(name, lines)
	if err != nil {
		return nil, err
	}
	names := newSectorNames(p.Sectors)
	editions := make([]ParsedEdition, 0, len(texts))
	for _, et := range texts {
		e, err := p.parseEdition(name, et, names)
		if err != nil {
			return nil, err
		}
		editions = append(editions, e)
	}
	return editions, nil
}

// editionText is the lines of one edition: its date line and everything up
// to the next date line.
type editionText struct {
	date time.Time
	at   line
	body []line
}

// exampleDateLine is shown in errors about missing date lines.
const exampleDateLine = "Thursday 20 November 2014"

func splitEditions(name string, lines []line) ([]editionText, error) {
	var eds []editionText
	for _, l := range lines {
		if l.text != "" {
			d, ok, msg := parseDateLine(l.text)
			if msg != "" {
				return nil, &ParseError{Name: name, Line: l.no, Msg: msg}
			}
			if ok {
				eds = append(eds, editionText{date: d, at: l})
				continue
			}
			if len(eds) == 0 {
				return nil, &ParseError{Name: name, Line: l.no, Msg: fmt.Sprintf(
					"expected a date line such as %q to start an edition, found %q", exampleDateLine, clip(l.text))}
			}
		}
		if len(eds) > 0 {
			eds[len(eds)-1].body = append(eds[len(eds)-1].body, l)
		}
	}
	if len(eds) == 0 {
		return nil, &ParseError{Name: name, Line: 1, Msg: fmt.Sprintf(
			"no edition found: the file is empty (an edition starts with a date line such as %q)", exampleDateLine)}
	}
	return eds, nil
}

// Limits that tell a heading or headline from a paragraph.
const (
	maxHeadingRunes  = 100
	maxHeadlineRunes = 300 // as for headlines typed in chat
)

func (p Parser) parseEdition(name string, et editionText, names sectorNames) (ParsedEdition, error) {
	e := ParsedEdition{Line: et.at.no, Date: et.date}
	fail := func(no int, format string, args ...any) (ParsedEdition, error) {
		return ParsedEdition{}, &ParseError{Name: name, Line: no, Msg: fmt.Sprintf(format, args...)}
	}
	label := digest.DateLine(et.date)

	i := 0
	for i < len(et.body) && et.body[i].text == "" {
		i++
	}
	if i == len(et.body) {
		return fail(et.at.no, "the edition of %s has no title line after its date line", label)
	}
	title := et.body[i]
	if _, isSummary := summaryOf(title.text); isSummary || isRule(title.text) || isFooter(title.text) {
		return fail(title.no, "expected the title line of the edition of %s, found %q", label, clip(title.text))
	}
	e.Title = title.text
	if n := utf8.RuneCountInString(title.text); n > maxHeadingRunes*2 {
		e.Warnings = append(e.Warnings, Warning{Line: title.no, Msg: fmt.Sprintf(
			"the title is %d characters long; check that the line after the date line is the title", n)})
	}

	toks, warnings := tokens(et.body[i+1:])
	e.Warnings = append(e.Warnings, warnings...)
	if err := markRoles(name, toks, names); err != nil {
		return ParsedEdition{}, err
	}
	b := builder{parser: p, names: names, edition: &e}
	b.build(toks)
	if e.StoryCount() == 0 {
		return fail(et.at.no, "the edition of %s has no stories: no line ends in %q", label, digest.ReadMore)
	}
	return e, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
