// Package archive reads past editions of the newsletter from the plain text
// the original emails and blog posts were saved as (see
// shared/testdata/digests), so that they can be imported into the archive.
// It is a pure parser: text in, editions out, no I/O beyond the reader.
//
// # The format, and how this package reads it
//
// A file holds one or more editions, each starting with a date line
// ("Friday 30 May 2014"), followed by the title line ("News Summary of
// Collaboration and Shared Services from 28th May 2014"), the intro, and the
// sections.
//
// A section starts with a row of asterisks and a heading line under it, or
// with a heading line alone, as its own paragraph, that names a configured
// sector exactly by slug, name or alias ("Local Government" straight after
// the intro). Headings under a row of asterisks are resolved with
// [digest.Sectors.Resolve], then with its did-you-mean suggestion ("Blue
// lights service" is Blue Light Services), and otherwise go to the fallback
// sector, "other"; the last two are reported as warnings.
//
// A story is a line ending in "Read more >>>" (the summary, without the
// marker) and the non-blank line above it (the headline), with or without
// a blank line between them. A summary is one line. When "Read more >>>"
// stands alone on its line, the line above it is the summary.
//
// Paragraphs between a section heading or the previous story and a headline
// are the editor's commentary on that story. Paragraphs after the last
// story of a section read, in every real digest, as a follow-up to that
// story ("It evidences that…", "However, one of the deputy chiefs…"), so they
// are kept with it as its afterword rather than moved to a story in another
// sector. Text before the first section is the intro, even when it looks
// like a headline and summary (without "Read more >>>" it is not a story).
//
// The footer ("Receive this Shared Service News Summary…") ends an edition's
// text; anything after it up to the next date line is blog debris ("No
// comments:", "Post a Comment") and is dropped.
//
// Where the text leaves a choice, the parser makes one and says so in a
// Warning: a story before any heading goes under the fallback sector; a
// section without stories is not kept as one, and its heading and text join
// the previous story's afterword (or the intro); text after the footer is
// dropped. What it cannot read it refuses with a *ParseError naming the
// file and line: text before the first date line, a date on the wrong
// weekday, an edition without a title or without stories, a story without
// a headline, a row of asterisks over something that is not a heading,
// binary or non-UTF-8 content, a line over 16 KiB or a file over 16 MiB.
package archive

import (
	"fmt"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// ParsedEdition is one past edition as read from a file.
type ParsedEdition struct {
	Line     int       // line of the date line
	Date     time.Time // the date line's date, midnight UTC, as stored editions are
	Title    string
	Intro    string // paragraphs separated by blank lines
	Sections []ParsedSection
	Warnings []Warning // things read by guesswork, for the operator to check
}

// ParsedSection is one sector heading of an edition and its stories, in
// running order. Every section has at least one story.
type ParsedSection struct {
	Line    int           // line of the heading
	Heading string        // as written; "" for stories before any heading
	Sector  digest.Sector // the configured sector the heading resolved to
	Stories []ParsedStory
}

// ParsedStory is one story of an edition.
type ParsedStory struct {
	Line       int // line of the headline
	Headline   string
	Summary    string // without "Read more >>>"
	Commentary string // the editor's paragraphs above the headline
	Afterword  string // the editor's paragraphs after the last story of a section
}

// StoryCount is the number of stories across all sections.
func (e ParsedEdition) StoryCount() int {
	n := 0
	for _, s := range e.Sections {
		n += len(s.Stories)
	}
	return n
}

// Warning is something the parser had to guess, at a line of the file.
type Warning struct {
	Line int
	Msg  string
}

// String formats w for the operator, without the file name.
func (w Warning) String() string { return fmt.Sprintf("%d: %s", w.Line, w.Msg) }

// ParseError is a file that cannot be read as newsletter editions. It names
// the file and line, like a compiler: "2014-05-newsletter.txt:12: …".
type ParseError struct {
	Name string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

// FallbackSector is the slug that headings resolving to no configured sector
// are filed under, unless the Parser names another.
const FallbackSector = "other"

// Parser reads newsletter text, resolving section headings with Sectors.
// The zero value resolves nothing and files every section under "other".
type Parser struct {
	Sectors  digest.Sectors
	Fallback string // slug for unresolvable headings; FallbackSector when empty
}

// fallback is the sector unresolvable headings are filed under: the
// configured one with the fallback slug, or a bare sector with that slug,
// which editions show after the configured sectors.
func (p Parser) fallback() digest.Sector {
	slug := p.Fallback
	if slug == "" {
		slug = FallbackSector
	}
	if s, ok := p.Sectors.Lookup(slug); ok {
		return s
	}
	return digest.Sector{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:]}
}
