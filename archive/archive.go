// Package archive reads past editions of the newsletter from the plain text
// the original emails and blog posts were saved as (see
// shared/testdata/digests), so that they can be imported into the archive.
// It is a pure parser: text in, editions out, no I/O beyond the reader.
//
// # The format, and how this package reads it
//
// A file holds one or more editions, each starting with a date line
// ("Friday 30 May 2014", "Fri 30/05/2014") at the start of a paragraph (or
// after a row of asterisks or a page break), followed by the title
// line ("News Summary of Collaboration and Shared Services from 28th May
// 2014"), the intro, perhaps a lead story, the sections, and the footer
// ("Receive this Shared Service News Summary…"). A date without its
// weekday ("1st December 2014", "01/12/2014", "2014-12-01") is a date line
// only where an edition starts: first in the file, above a title line, or
// after a footer, a row of asterisks or a page break.
//
// A section starts with a row of asterisks and a heading line under it, or
// with a heading line alone, as its own paragraph, that names a configured
// sector exactly by slug, name or alias ("Local Government" straight after
// the intro) or, in five words at most, comes close to one or holds one
// with at most one word of its own besides "and", "of" and "the" ("Fire
// and Police", "Highway Code notes"; "More on health below" is text), or
// with a heading underlined by "=" or "-". Numbers
// and Markdown around a heading ("2. Health", "**Health**", "## Health") are
// not part of its name. Headings are kept as written; the sector a heading
// files its stories under is found by name or alias, then by the closest
// name ("Blue lights service"), then by a sector's name or alias within it
// ("Blue Light Transformation"), then by the sector model, and otherwise it
// is the fallback sector, "other"; all but the first are reported as
// warnings.
//
// A story is a summary ending in "Read more >>>" (perhaps followed by its
// link: on its line, on the line under it, bare or labelled "More:" or
// "Link:", or alone as the next paragraph) and the headline above it, on the line before or as a paragraph of
// its own. Other editors' words for the marker are read as it: "Full
// story >>>", "Read the full story", "More: https://…", Slack's
// "<https://…|Read more >>>>" and Markdown's "[Read more >>>][1]" with
// its "[1]: https://…" line. A summary may run over several lines; "Read more >>>" may stand
// alone under it.
//
// Everything else is the editor's text, and it stays where it was written:
// text before the first story or section is the intro; text above a story
// is its commentary; text after the last story of a section (or of the
// lead) is that story's afterword; text in a section without stories is
// the section's text. Stories before the first section are the edition's
// lead. So rendering a parsed edition as text gives back the original.
//
// Irregular text is never dropped and never the reason an edition is
// refused: it is kept in its place and reported as a Warning with its line.
// Only blog debris after an edition ("No comments:", "Post a Comment") is
// left out. An edition is refused (a *ParseError in File.Refused) only when
// it cannot be dated (a date line naming a day that does not exist, with
// no weekday, title or file name to say which was meant, or stories after
// an edition's footer with no date line, nor a date in their first line or
// the file's name); a mail of an mbox that cannot be read (its parts
// not under its boundary, a part's header or its base64 broken) is
// refused alone, at the line of its damage; a file is refused when it is
// not text, is empty, is too large, or has no date line and no date in
// its name.
package archive

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// File is what Parse read from one file.
type File struct {
	Name     string
	Editions []ParsedEdition // in the order of the file
	Refused  []*ParseError   // editions that could not be read, one error each
	Warnings []Warning       // about the file outside any edition
}

// ParsedEdition is one past edition as read from a file.
type ParsedEdition struct {
	Line int // line of the date line, of the file as it is on disk
	// TextLine is the date line's place among the lines TextLines gives:
	// Line, but in a mail whose text was decoded from base64 or
	// quoted-printable, which has more lines than the file.
	TextLine int
	Date     time.Time // the date line's date, midnight UTC, as stored editions are
	// DateLine is the date line as written, when digest.DateLine(Date)
	// writes it otherwise ("Friday, 30th May 2014"); "" when it writes it
	// so, or the edition has no date line (only a title with the date).
	DateLine string
	// DatedFrom says what dated an edition with no date line, when it is
	// not its title nor its first line: DatedFromSubject or
	// DatedFromFileName; "" otherwise.
	DatedFrom string
	Title     string
	Intro     string        // paragraphs separated by blank lines; lines within one by "\n"
	Lead      []ParsedStory // stories before the first section
	Sections  []ParsedSection
	Footer    string
	Warnings  []Warning // things read by guesswork, for the operator to check
	// linked is set when the edition's stories were read as paragraphs
	// ending in a link (roleReader.linkEnds): they do not show, as
	// "Read more >>>" does, that the file is the newsletter.
	linked bool
}

// ParsedSection is one heading of an edition and what is under it, in
// running order.
type ParsedSection struct {
	Line    int           // line of the heading
	Heading string        // as written
	Sector  digest.Sector // the configured sector the heading resolved to
	Text    string        // the editor's text, when the section has no story
	// Unruled is set when no row of asterisks stood above the heading.
	Unruled bool
	Stories []ParsedStory
}

// ParsedStory is one story of an edition.
type ParsedStory struct {
	Line       int // line of the headline
	Headline   string
	Summary    string // without "Read more >>>"; lines of a long one kept
	Link       string // the link after "Read more >>>", when the text has one
	Source     string // from a "Source: …" line under the summary
	Sector     digest.Sector
	Commentary string // the editor's paragraphs above the headline
	Afterword  string // the editor's paragraphs after the last story of a section
}

// StoryCount is the number of stories, lead included.
func (e ParsedEdition) StoryCount() int {
	n := len(e.Lead)
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

// ParseError is a file, or one edition of it, that cannot be read. It names
// the file and line, like a compiler: "2014-05-newsletter.txt:12: …".
type ParseError struct {
	Name string
	Line int
	Msg  string
	// TextLine is Line's place among the lines TextLines gives
	// (ParsedEdition.TextLine); 0 when it is Line or not known.
	TextLine int
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

// What dated an edition that has no date line (ParsedEdition.DatedFrom).
const (
	DatedFromSubject  = "the mail's Subject"
	DatedFromFileName = "the file's name"
)

// FallbackSector is the slug that headings resolving to no configured sector
// are filed under, unless the Parser names another.
const FallbackSector = "other"

// Parser reads newsletter text, resolving section headings with Sectors.
// The zero value resolves nothing and files every section under "other".
type Parser struct {
	Sectors  digest.Sectors
	Fallback string // slug for unresolvable headings; FallbackSector when empty
	// TitleTemplate titles an edition that has no title line, as
	// digest.title does ("… from {date}"); empty gives "Edition of {date}".
	TitleTemplate string
	// Suggest, when set, is the sector model: the slug it suggests for a
	// text and its confidence, 0–1. It files headings that name no sector
	// and the edition's lead stories.
	Suggest func(text string) (slug string, confidence float64)
}

// ParseFile reads the editions of the file called name (name is used in
// messages and nothing else). The error is a *ParseError naming the file
// when it is not a newsletter file at all (empty, binary, too large, no
// date line), joined (errors.Join) after the refusals of its damaged
// mails when it is a file of mails, or the error of reading r; editions it
// could not read are in File.Refused and do not stop the others.
func (p Parser) ParseFile(name string, r io.Reader) (File, error) {
	f := File{Name: name}
	lines, warnings, refusedMails, mails, err := readLines(name, r)
	if err != nil {
		return File{}, err
	}
	if lines == nil { // every mail of it refused
		f.Warnings = warnings
		f.Refused = mailRefusals(name, refusedMails, nil)
		return f, nil
	}
	lines, unwrapped := unwrapLines(lines)
	if unwrapped != nil {
		warnings = append(warnings, *unwrapped)
	}
	lines, glued := p.splitGluedDateLines(lines)
	if glued != nil {
		warnings = append(warnings, *glued)
	}
	f.Warnings = warnings
	texts, warnings, perr := p.splitEditions(name, lines, mails)
	if perr != nil {
		return File{}, refusedWhole(name, perr, refusedMails)
	}
	f.Warnings = append(f.Warnings, warnings...)
	names := newSectorNames(p.Sectors)
	for _, et := range texts {
		e, refused := p.parseEdition(name, et, names)
		if refused != nil {
			f.Refused = append(f.Refused, refused)
			continue
		}
		f.Editions = append(f.Editions, e)
	}
	if len(f.Editions) > 0 && len(f.Refused) == 0 && !looksLikeTheNewsletter(texts, f.Editions) {
		return File{}, refusedWhole(name, &ParseError{Name: name, Line: texts[0].at.no, Msg: fmt.Sprintf(
			"no edition found: no line ends a story (%q) and none is an edition's title, so this is not the newsletter's plain-text form, though it starts with the date %q; if it is an edition, write the newsletter's title under its date line, or end each story's summary with %q",
			digest.ReadMore, clip(texts[0].at.text), digest.ReadMore)}, refusedMails)
	}
	f.Refused = mailRefusals(name, refusedMails, f.Refused)
	return f, nil
}

// refusedWhole is the error of a file refused as a whole (perr: no
// edition found) with mails, its damaged mails, refused before it was
// read: when a damaged mail may well have been the edition, a refusal
// that named only the others would hide why nothing was found. Each is
// reported at its line, in the order of the file.
func refusedWhole(name string, perr *ParseError, mails []*ParseError) error {
	if len(mails) == 0 {
		return perr
	}
	perr.Msg = "no edition found in the mails not refused: " + strings.TrimPrefix(perr.Msg, "no edition found: ")
	refused := mailRefusals(name, mails, []*ParseError{perr})
	errs := make([]error, len(refused))
	for i, r := range refused {
		errs[i] = r
	}
	return errors.Join(errs...)
}

// mailRefusals adds the damaged mails of an mbox, each refused alone
// (readMail), to the editions refused, in the order of the file.
func mailRefusals(name string, mails []*ParseError, refused []*ParseError) []*ParseError {
	for _, m := range mails {
		m.Name = name
		refused = append(refused, m)
	}
	slices.SortStableFunc(refused, func(a, b *ParseError) int { return a.Line - b.Line })
	return refused
}

// looksLikeTheNewsletter reports whether a file's editions have a story
// or an edition's title among them. An edition of text alone (a week
// off) is kept in a file that does; a file with neither, only dated
// (a letter, minutes under their date), is other text. Stories read as
// paragraphs ending in a link count only beside a title: minutes and
// reading lists end paragraphs in links too.
func looksLikeTheNewsletter(texts []editionText, eds []ParsedEdition) bool {
	for _, et := range texts {
		if et.titled || et.templated {
			return true
		}
	}
	for _, e := range eds {
		if e.StoryCount() > 0 && !e.linked {
			return true
		}
	}
	return false
}

// Parse is ParseFile for callers that want the editions or an error: the
// editions read, and the refusals joined as one error (nil when there are
// none).
func (p Parser) Parse(name string, r io.Reader) ([]ParsedEdition, error) {
	f, err := p.ParseFile(name, r)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(f.Refused))
	for i, e := range f.Refused {
		errs[i] = e
	}
	return f.Editions, errors.Join(errs...)
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
	return digest.Sector{Slug: slug, Name: digest.UpperFirst(slug)}
}

// title is the title of an edition without a title line.
func (p Parser) title(date time.Time) string {
	if t := p.TitleTemplate; strings.TrimSpace(t) != "" {
		return digest.OneLine(digest.Title(t, date))
	}
	return "Edition of " + digest.OrdinalDate(date)
}
