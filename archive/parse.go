package archive

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// editionText is the lines of one edition: its date line and everything up
// to the next date line. An edition whose date line is missing starts at
// its title line instead (titled), and is dated by its title.
type editionText struct {
	date   dateLine
	at     line
	atIdx  int // index of at in the lines of the file
	titled bool
	// undated is set when the edition has no date line at all: at, its
	// first line, is part of its text (body), and date is read elsewhere.
	undated bool
	// fileStart is set on an undated edition that starts the file (its
	// name dates it, datedUndated), rather than following a footer.
	fileStart bool
	// templated is set when its title is written as the configured
	// digest.title writes one ("News Summary … from 19th November 2014").
	templated bool
	datedFrom string // ParsedEdition.DatedFrom
	body      []line
	endIdx    int // index after its last body line
}

// exampleDateLine is shown in messages about missing date lines.
const exampleDateLine = "Thursday 20 November 2014"

// splitEditions cuts the file at its date lines, and at title lines that
// follow no date line (an edition saved without it). Text before the first
// edition belongs to none (a blog's header, say): it is reported, not
// imported. A file without any date line or title is not a newsletter file.
// In a file of mails, a mail whose text has no date line is an edition of
// its own when its Subject names its date (subjectEditionStarts).
func (p Parser) splitEditions(name string, lines []line, mails []mailSpan) ([]editionText, []Warning, *ParseError) {
	var eds []editionText
	var warnings []Warning
	var before *line
	blank := true
	sinceDate := 0 // lines since the last date line; its title is the first
	prev := ""     // the last line with text
	// The line of the footer of the edition being read, when a story came
	// before it: stories after it are another edition's.
	var footer *line
	storySeen := false
	mailAt := 0 // the first mail whose text is not yet reached
	for i, l := range lines {
		if l.text == "" {
			blank = true
			continue
		}
		var mail *mailSpan // the mail whose text starts here, if any
		for mailAt < len(mails) && mails[mailAt].at <= l.at {
			if l.at < mails[mailAt].end {
				mail = &mails[mailAt]
			}
			mailAt++
		}
		// A date line over its title starts an edition even with no blank
		// line above it: text copied from a mail or a web page often comes
		// without blank lines, and the editions of a file must stay apart.
		if blank || l.breakBefore || p.datedTitleFollows(lines, i) {
			// Where a date without its weekday starts an edition
			// (bareDateStarts), and whether a line stands apart from
			// another date line: not under the last one and its title,
			// nor right over one.
			bareStarts := func() bool {
				return p.bareDateStarts(lines, i, prev, len(eds) == 0 && before == nil, titleAbove(eds))
			}
			apart := func() bool { return (len(eds) == 0 || sinceDate > 2) && !dateLineFollows(lines[i+1:]) }
			dl, ok := parseDateLine(l.text)
			if ok && len(eds) > 0 && eds[len(eds)-1].templated && !l.breakBefore && !isFooter(prev) && !isDebris(prev) && !isRule(prev) &&
				!endsStory(prev) && !p.titleFollows(lines[i+1:]) {
				// A date on a line of its own among the editor's text
				// of an edition titled as the configuration titles
				// them, with no such title under it ("Our next
				// conference is on" / "Friday 26 September 2014"): the
				// editor's text. As an edition it would take the
				// stories after it, and leave this one with none or
				// fewer. After a footer, blog debris, a row of
				// asterisks, a page break or a story's last line, it
				// starts the next edition, title or not.
				ok = false
			} else if !ok {
				dl, ok = parseBareDateLine(l.text)
				ok = ok && bareStarts()
			}
			if !ok {
				dl, ok = parseIssueLine(l.text)
				// An issue line ("Issue 57 — 16 June 2016") starts an
				// edition where a bare date would, and after a story's
				// end too: its label makes it no event in the text. Under
				// the date line and title, or over a date line, it is
				// the editor's text.
				ok = ok && apart() && (endsStory(prev) || bareStarts())
			}
			if !ok {
				// A date line with a few words around its date ("Week
				// ending 4 March 2016", "Published: Thursday 3 March
				// 2016"): where a bare date would start an edition. A
				// title ("News Summary from 12th November 2014") is read
				// as one below.
				dl, ok = parseLabelledDateLine(l.text)
				_, titled := p.titleDate(l.text)
				ok = ok && !titled && apart() && bareStarts()
			}
			if !ok {
				// A month alone ("March 2016"), a monthly newsletter's
				// date line: as the file's first text, or over a title.
				dl, ok = parseMonthLine(l.text)
				ok = ok && (len(eds) == 0 && before == nil || p.titleFollows(lines[i+1:]) || titleFollowsAgain(lines[i+1:], titleAbove(eds)))
			}
			if ok {
				eds = append(eds, editionText{date: dl, at: l, atIdx: i, templated: p.titleFollows(lines[i+1:])})
				blank, sinceDate, prev, footer, storySeen = false, 0, l.text, nil, false
				continue
			}
			if d, ok := p.titleDate(l.text); ok && (len(eds) == 0 || sinceDate > 0) {
				eds = append(eds, editionText{date: dateLine{date: d}, at: l, atIdx: i, titled: true, templated: true})
				// The title is the line above the next, as a date line
				// is: a date line under it is its edition's (parseEdition),
				// not the next edition's after the footer above.
				blank, sinceDate, prev, footer, storySeen = false, 1, l.text, nil, false
				continue
			}
			// A mail whose header is lines of the text starts an
			// edition where one may: the file's first, or after an
			// edition's stories (text exports joined). A mail
			// forwarded under a note ("Hi all, worth a read") is the
			// edition the note is the intro of, not one more.
			inTextStarts := mail == nil || !mail.inText || len(eds) == 0 || storySeen
			if dl, ok := p.subjectEditionStarts(mail, lines[i:]); ok && inTextStarts {
				// A mail whose text has no date line, but whose
				// Subject names its date: dated so. The Date header is
				// when it was sent, or forwarded days later: not its
				// date.
				eds = append(eds, editionText{at: l, atIdx: i - 1, undated: true, date: dl, datedFrom: DatedFromSubject})
				sinceDate, footer, storySeen = 0, nil, false
			} else if len(eds) == 0 && before == nil && !isDebris(l.text) && p.namedEditionStarts(name, lines[i:]) {
				// An edition saved without its date line, at the start of
				// a file its editor named by its date
				// ("2014-07-10-newsletter.txt"): dated by the name
				// (datedUndated), and cut from the editions after its
				// footer as any edition is.
				eds = append(eds, editionText{at: l, atIdx: i - 1, undated: true, fileStart: true, date: dateLine{problem: fmt.Sprintf(
					"the file starts with an edition with no date line, and the file's name %q is the date of another of its editions: add this one's date line (such as %q) above this line",
					filepath.Base(name), exampleDateLine)}})
				sinceDate, footer, storySeen = 0, nil, false
			}
			if footer != nil && !isFooter(l.text) && !isDebris(l.text) && !isRule(l.text) {
				if !p.storyBeforeNextEdition(lines[i:]) {
					footer = nil // text after the footer, kept with it
				} else {
					// An edition saved without its date line: an edition
					// of its own from this line (its title, as a rule),
					// rather than run on into the edition above under
					// that edition's date. It is dated by a date in
					// this line, or below (datedUndated).
					eds = append(eds, editionText{at: l, atIdx: i - 1, undated: true, date: dateLine{problem: fmt.Sprintf(
						"an edition with no date line starts here, after the footer on line %d; its date is unknown: add its date line (such as %q) above this line",
						footer.no, exampleDateLine)}})
					if d, monthly, ok := wordsDate(l.text); ok && !monthly && utf8.RuneCountInString(l.text) <= maxTitleRunes && !endsSentence(l.text) {
						eds[len(eds)-1].date = dateLine{date: d, note: fmt.Sprintf(
							"an edition with no date line starts here, after the footer on line %d: it is dated by its first line's date, %s", footer.no, digest.DateLine(d))}
					}
					sinceDate, footer, storySeen = 0, nil, false
				}
			}
			if storySeen && len(eds) > 0 && isFooter(l.text) {
				footer = &lines[i]
			}
		}
		if _, _, more := readMore(l.text); more {
			// A story ends here: a line like a footer that began its
			// paragraph ("… straight into your inbox. Read more >>>") was
			// its summary, not the edition's footer.
			storySeen, footer = true, nil
		}
		// A row of asterisks or dashes ends a paragraph as a blank line
		// does: editions are often separated by one alone.
		blank, prev = isRule(l.text), l.text
		sinceDate++
		if len(eds) == 0 {
			if before == nil && !isDebris(l.text) && !isRule(l.text) {
				before = &lines[i]
			}
			continue
		}
		eds[len(eds)-1].body = append(eds[len(eds)-1].body, l)
		eds[len(eds)-1].endIdx = i + 1
	}
	if len(eds) == 0 {
		first := lines[0]
		for _, l := range lines {
			if l.text != "" {
				first = l
				break
			}
		}
		// Why the name did not date it either: it names no day, or it
		// does but no story ("Read more >>>") says the text is an edition.
		why := fmt.Sprintf("the file's name gives no date (as %q would)", "2014-07-10-newsletter.txt")
		if _, _, named := nameDate(name); named {
			why = "no story in it ends with a link such as \"Read more >>>\", so the date in the file's name dates no edition"
		}
		return nil, nil, &ParseError{Name: name, Line: first.no, Msg: fmt.Sprintf(
			"no edition found: this is not the newsletter's plain-text form (an edition starts with a date line such as %q; the first line is %q), and %s",
			exampleDateLine, clip(first.text), why)}
	}
	if before != nil {
		warnings = append(warnings, Warning{Line: before.no, Msg: fmt.Sprintf(
			"text before the first edition's date line (line %d) belongs to no edition and is not imported: %q", eds[0].at.no, clip(before.text))})
	}
	// Blank lines end up inside bodies only between text; the body keeps
	// them so that paragraphs can be told apart.
	for i := range eds {
		eds[i].body = withBlanks(lines, eds[i])
	}
	datedUndated(name, eds)
	return eds, warnings, nil
}

// subjectEditionStarts reports whether lines, from the first text of
// mail, start an edition dated by the mail's Subject, and so dates it: the
// Subject names a date as a file's name does (wordsDate: "Shared News –
// 14 March 2024", "#212 (March 2024)", the 1st of a month named alone),
// and a story comes in the mail's text before any date line or title,
// which would date it instead. A Subject with no date dates nothing.
func (p Parser) subjectEditionStarts(mail *mailSpan, lines []line) (dateLine, bool) {
	if mail == nil {
		return dateLine{}, false
	}
	d, monthly, ok := wordsDate(mail.subject)
	if !ok {
		return dateLine{}, false
	}
	end := 0
	for end < len(lines) && lines[end].at < mail.end {
		end++
	}
	if !p.storyBeforeNextEdition(lines[:end]) {
		return dateLine{}, false
	}
	day := digest.DateLine(d)
	if monthly {
		day = "the 1st of its month, " + day
	}
	return dateLine{date: d, note: fmt.Sprintf("the mail has no date line: the edition is dated from the mail's Subject %q, %s", clip(mail.subject), day)}, true
}

// namedEditionStarts reports whether lines, the first text of the file
// called name, start an edition saved without its date line: the name
// holds a date, and a story comes before the next date line or title. A
// name alone makes no text (minutes, a letter saved under its day) the
// newsletter.
func (p Parser) namedEditionStarts(name string, lines []line) bool {
	_, _, named := nameDate(name)
	return named && p.storyBeforeNextEdition(lines)
}

// storyBeforeNextEdition reports whether a story ("Read more >>>") comes
// in lines before the next date line or title line.
func (p Parser) storyBeforeNextEdition(lines []line) bool {
	for _, l := range lines {
		if l.text == "" {
			continue
		}
		if _, ok := parseDateLine(l.text); ok {
			return false
		}
		if _, ok := p.titleDate(l.text); ok {
			return false
		}
		if _, _, more := readMore(l.text); more {
			return true
		}
	}
	return false
}

// bareDateStarts reports whether lines[i], a date without a weekday
// ("01/12/2014"), is an edition's date line rather than a date in the
// text: it is the file's first text, or the title of an edition follows
// it, or the title of the edition above (above, "" for none: another
// newsletter's title, which the configuration does not know), or it
// follows the end of one (its footer, the blog's debris, a row of
// asterisks or a page break).
func (p Parser) bareDateStarts(lines []line, i int, prev string, first bool, above string) bool {
	// A story's summary may read like a footer ("… into your inbox. Read
	// more >>>"); a date after it is the editor's text.
	_, _, story := readMore(prev)
	if first || lines[i].breakBefore || isFooter(prev) && !story || isDebris(prev) || isRule(prev) {
		return true
	}
	return p.titleFollows(lines[i+1:]) || titleFollowsAgain(lines[i+1:], above)
}

// titleFollowsAgain reports whether the first line with text in lines is
// above, the title of the edition above ("" for none).
func titleFollowsAgain(lines []line, above string) bool {
	for _, l := range lines {
		if l.text != "" {
			return above != "" && l.text == above
		}
	}
	return false
}

// titleAbove is the title line of the last edition in eds (its first line
// after its date line, or the title it starts with), "" before the first.
func titleAbove(eds []editionText) string {
	if len(eds) == 0 {
		return ""
	}
	e := eds[len(eds)-1]
	if e.titled {
		return e.at.text
	}
	for _, l := range e.body {
		if l.text != "" {
			return l.text
		}
	}
	return ""
}

// dateLineFollows reports whether the first line with text in lines is a
// date line, with its weekday or without: an issue line above it
// ("Issue 42 — 3 March 2016" over "Thursday 3 March 2016") leaves the
// edition to start there.
func dateLineFollows(lines []line) bool {
	for _, l := range lines {
		if l.text != "" {
			_, dated := parseDateLine(l.text)
			_, bare := parseBareDateLine(l.text)
			return dated || bare
		}
	}
	return false
}

// datedTitleFollows reports whether lines[i] is a date line (with its
// weekday) and the edition's title comes next.
func (p Parser) datedTitleFollows(lines []line, i int) bool {
	if _, ok := parseDateLine(lines[i].text); !ok {
		return false
	}
	return p.titleFollows(lines[i+1:])
}

// titleFollows reports whether the first line with text in lines is an
// edition's title line ("News Summary of … from 28th May 2014").
func (p Parser) titleFollows(lines []line) bool {
	for _, l := range lines {
		if l.text != "" {
			_, ok := p.titleDate(l.text)
			return ok
		}
	}
	return false
}

// withBlanks returns the lines after et's date line up to its last body
// line, blank ones included.
func withBlanks(lines []line, et editionText) []line {
	if len(et.body) == 0 {
		return nil
	}
	return lines[et.atIdx+1 : et.endIdx]
}

// Limits that tell a heading, title or headline from a paragraph.
const (
	maxHeadingRunes  = 100
	maxTitleRunes    = 200
	maxHeadlineRunes = 300 // as for headlines typed in chat
)

// parseEdition reads one edition, or says why it cannot be imported.
func (p Parser) parseEdition(name string, et editionText, names sectorNames) (ParsedEdition, *ParseError) {
	refuse := func(no int, format string, args ...any) (ParsedEdition, *ParseError) {
		return ParsedEdition{}, &ParseError{Name: name, Line: no, TextLine: et.at.at, Msg: fmt.Sprintf(format, args...) + "; nothing of this edition was imported"}
	}
	if et.date.problem != "" {
		dl, ok := p.meantDay(name, et)
		if !ok {
			return refuse(et.at.no, "%s: nothing says which day was meant (no weekday, and no date near it in the title or the file's name)", et.date.problem)
		}
		et.date = dl
	}
	titleWarning := p.dateAgainstTitle(&et)
	e := ParsedEdition{Line: et.at.no, TextLine: et.at.at, Date: et.date.date, DatedFrom: et.datedFrom}
	if titleWarning != nil {
		e.Warnings = append(e.Warnings, *titleWarning)
	}
	label := digest.DateLine(e.Date)
	// A date line in another style is kept as written; one with the
	// wrong weekday is not: the edition is dated by its date, as the
	// warning says, and every page shows that day.
	if !et.titled && !et.undated && et.at.text != label && et.date.warning == "" {
		e.DateLine = et.at.text
	}
	if et.date.warning != "" {
		e.Warnings = append(e.Warnings, Warning{Line: et.at.no, Msg: et.date.warning})
	}
	if et.date.note != "" {
		e.Warnings = append(e.Warnings, Warning{Line: et.at.no, Msg: et.date.note})
	}
	body := trimDebris(et.body)

	i := 0
	for i < len(body) && body[i].text == "" {
		i++
	}
	if et.titled {
		e.Title = et.at.text
		if dl, ok := parseDateLine(bodyText(body, i)); ok && dl.problem == "" && daysApart(dl.date, e.Date) <= maxTitleDays {
			// The date line under the title, as some editors saved
			// an edition: it dates the edition as it does above the
			// title, rather than the title's "from" date, a day or
			// more before, and is no line of the intro.
			e.Date = dl.date
			if at := body[i].text; at != digest.DateLine(e.Date) && dl.warning == "" {
				e.DateLine = at
			}
			if dl.warning != "" {
				e.Warnings = append(e.Warnings, Warning{Line: body[i].no, Msg: dl.warning})
			}
			e.Warnings = append(e.Warnings, Warning{Line: body[i].no, Msg: fmt.Sprintf(
				"the date line is under the title, not above it: the edition is dated by it, %s", digest.DateLine(e.Date))})
			i++
		} else {
			e.Warnings = append(e.Warnings, Warning{Line: et.at.no, Msg: fmt.Sprintf(
				"no date line above this title: the edition is dated from its title, %s", label)})
		}
	} else if i < len(body) && p.isTitle(body[i].text, names) && !p.headsSummary(body, i) {
		e.Title = body[i].text
		i++
		// A row of "=" or "-" right under the title underlines it: it
		// rules off no section.
		if i < len(body) && isRule(body[i].text) && strings.ContainsAny(body[i].text[:1], "=-") {
			i++
		}
	} else {
		e.Title = p.title(e.Date)
		at := et.at.no
		if i < len(body) {
			at = body[i].no
		}
		e.Warnings = append(e.Warnings, Warning{Line: at, Msg: fmt.Sprintf(
			"the edition of %s has no title line under its date line; titled %q", label, e.Title)})
	}
	body = linesAsParagraphs(body[i:])

	body, footer, warn := splitFooter(body)
	e.Footer = footer
	if warn != nil {
		e.Warnings = append(e.Warnings, *warn)
	}
	r := roleReader{parser: p, names: names, toks: tokens(body)}
	r.mark()
	// No story: the edition may write its headlines as sentences
	// ("Councils agree to share a chief executive."), or the address
	// where "Read more >>>" goes, or both. Each is read so only in an
	// edition with no story of the usual kind: where there is one, a
	// sentence over a summary is commentary, and so is a paragraph
	// ending in a link. So is that paragraph in an edition with a "Read
	// more" out of its place: the marker is that edition's way.
	for _, again := range []roleReader{{sentenceHeadlines: true}, {linkEnds: true}, {linkEnds: true, sentenceHeadlines: true}} {
		if len(r.stories) > 0 || again.linkEnds && r.misplaced != nil {
			break
		}
		again.parser, again.names, again.toks = p, names, tokens(body)
		again.mark()
		if len(again.stories) > 0 {
			r = again
		}
	}
	if r.linkEnds {
		e.linked = true
		e.Warnings = append(e.Warnings, Warning{Line: et.at.no, Msg: fmt.Sprintf(
			"no line of the edition of %s ends in %q: its stories are read as the paragraphs that end in a link, under a headline; check them", label, digest.ReadMore)})
	}
	toks := r.toks
	e.Warnings = append(e.Warnings, r.warnings...)
	b := builder{parser: p, edition: &e}
	b.build(toks, r.stories)
	slices.SortStableFunc(e.Warnings, func(a, b Warning) int { return a.Line - b.Line })
	if e.StoryCount() == 0 {
		// An edition of text alone (a week off, a conference notice) is
		// still an edition of the back catalogue: it is kept as written,
		// and the warning says why no story was found.
		why := fmt.Sprintf("no line ends in %q", digest.ReadMore)
		if m := r.misplaced; m != nil {
			why = fmt.Sprintf("no line ends in %q as a story's summary does (line %d has more after it: %q)",
				digest.ReadMore, m.no, fromReadMore(m.text))
		}
		e.Warnings = append(e.Warnings, Warning{Line: et.at.no, Msg: fmt.Sprintf(
			"the edition of %s has no stories: %s; it is imported with its text alone", label, why)})
		slices.SortStableFunc(e.Warnings, func(a, b Warning) int { return a.Line - b.Line })
	}
	return e, nil
}

// maxTitleDays is how far an edition's date may be from the date its
// title names ("from 19th November 2014" over a Thursday's edition, the
// day before) before the two disagree.
const maxTitleDays = 7

// dateAgainstTitle checks et's date line against the date in its title.
// A date in figures that both days and months could be ("07/10/2014") is
// read day first, as in Britain; when the title's date says it was
// written month first (an American export: "from 9th July 2014"), it is
// read so, and the warning says how. Any other disagreement is only
// reported: the edition is dated by its date line.
func (p Parser) dateAgainstTitle(et *editionText) *Warning {
	if et.titled || et.date.date.IsZero() {
		return nil
	}
	title := ""
	for _, l := range et.body {
		if l.text != "" {
			title = l.text
			break
		}
	}
	td, ok := p.titleDate(title)
	if !ok || daysApart(et.date.date, td) <= maxTitleDays {
		return nil
	}
	read := et.date.date
	if swapped, ok := monthFirst(et.at.text, read); ok && daysApart(swapped, td) <= maxTitleDays {
		et.date = dateLine{date: swapped}
		if wd, named := lineWeekday(firstWord(et.at.text)); named && wd != swapped.Weekday() {
			et.date.warning = fmt.Sprintf("date line %q: %s was a %s", et.at.text, digest.OrdinalDate(swapped), swapped.Weekday())
		}
		return &Warning{Line: et.at.no, Msg: fmt.Sprintf(
			"date line %q read month first, %s, as its title's date (%s) says; read day first, as in Britain, it would be %s",
			et.at.text, digest.DateLine(swapped), digest.OrdinalDate(td), digest.DateLine(read))}
	}
	return &Warning{Line: et.at.no, Msg: fmt.Sprintf(
		"date line %q (%s) is %d days from the date in the title under it (%s); the edition is dated by its date line",
		et.at.text, digest.DateLine(read), daysApart(read, td), digest.OrdinalDate(td))}
}

// bodyText is the text of body's line i, "" past its end.
func bodyText(body []line, i int) string {
	if i < len(body) {
		return body[i].text
	}
	return ""
}

// daysApart is how many days a and b, midnights, are apart.
func daysApart(a, b time.Time) int {
	d := int(a.Sub(b).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// monthFirst reads the date line s, whose date in figures was read day
// first as d, month first: "07/10/2014" as 10 July 2014. ok is false when
// s writes its date otherwise (in words, year first) or the day could not
// be a month.
func monthFirst(s string, d time.Time) (time.Time, bool) {
	f := digest.DateWords(s)
	if len(f) == 0 || d.Day() > 12 || d.Day() == int(d.Month()) {
		return time.Time{}, false
	}
	fig := f[len(f)-1]
	parts := strings.FieldsFunc(fig, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 || len(parts[0]) > 2 || strings.ContainsFunc(fig, func(r rune) bool { return !unicode.IsDigit(r) && !strings.ContainsRune("/.-", r) }) {
		return time.Time{}, false
	}
	return time.Date(d.Year(), time.Month(d.Day()), int(d.Month()), 0, 0, 0, 0, time.UTC), true
}

// firstWord is s's first word, without a comma after it.
func firstWord(s string) string {
	f := digest.DateWords(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// titleDate reads the date from a line that is an edition's title as the
// configured digest.title writes it ("News Summary of Collaboration and
// Shared Services from 19th November 2014"), and reports whether it is one.
func (p Parser) titleDate(s string) (time.Time, bool) {
	before, after, ok := strings.Cut(p.TitleTemplate, digest.DateTemplate)
	before, after = strings.TrimSpace(before), strings.TrimSpace(after)
	if !ok || before == "" || len(s) > maxTitleRunes*4 || !hasPrefixFold(s, before) {
		return time.Time{}, false
	}
	rest := strings.TrimSpace(s[len(before):])
	if len(rest) < len(after) || !strings.EqualFold(rest[len(rest)-len(after):], after) {
		return time.Time{}, false
	}
	f := digest.DateWords(rest[:len(rest)-len(after)])
	if len(f) != 3 { // a date in words: the template writes one
		return time.Time{}, false
	}
	d, ok := digest.ReadDate(f)
	return d.Time(), ok && d.Exists()
}

// isTitle reports whether s, the first line after the date line, is the
// edition's title rather than the start of its text.
func (p Parser) isTitle(s string, names sectorNames) bool {
	if _, _, story := readMore(s); story || isRule(s) || isFooter(s) || utf8.RuneCountInString(s) > maxTitleRunes {
		return false
	}
	if _, heading := names.lookup(s); heading {
		return false
	}
	return !endsSentence(s)
}

// headsSummary reports whether body[i] is a headline rather than a
// title: the paragraph under it is one line, a summary ending in "Read
// more >>>", which would have no headline if body[i] were the title, and
// it names no date, as a title does ("News Summary … from 9th July
// 2014"). An edition with neither date line nor title that starts with a
// story (the rest of an edition saved in a file of its own, cut above a
// headline) had its first headline taken for its title, and the story
// lost.
func (p Parser) headsSummary(body []line, i int) bool {
	if _, ok := p.titleDate(body[i].text); ok {
		return false
	}
	if _, _, ok := wordsDate(body[i].text); ok {
		return false
	}
	j := i + 1
	for j < len(body) && body[j].text == "" {
		j++
	}
	if j >= len(body) || j+1 < len(body) && body[j+1].text != "" {
		return false
	}
	_, _, story := readMore(body[j].text)
	return story
}

// linesAsParagraphs returns body with a blank line between its lines when
// it has none at all: an edition copied from a mail or a web page often
// loses its blank lines, and each of its lines is then a paragraph (a
// heading, a headline, a summary, a paragraph of the editor's), not one
// paragraph of the whole edition. A hard-wrapped file has blank lines
// between its paragraphs, and an edition that has any keeps its own; blank
// lines above its first line (under the title, pasted apart) do not count.
func linesAsParagraphs(body []line) []line {
	start := 0
	for start < len(body) && body[start].text == "" {
		start++
	}
	text := body[start:]
	if len(text) < 2 || slices.ContainsFunc(text, func(l line) bool { return l.text == "" }) {
		return body
	}
	out := make([]line, 0, start+2*len(text)-1)
	out = append(out, body[:start]...)
	for i, l := range text {
		if i > 0 {
			out = append(out, line{no: l.no, at: l.at})
		}
		out = append(out, l)
	}
	return out
}

// trimDebris drops the blog chrome and blank lines at the end of an
// edition ("No comments:", "Post a Comment"), which were never part of it,
// and the row of asterisks that separated it from the next edition.
func trimDebris(body []line) []line {
	end := len(body)
	for end > 0 && (body[end-1].text == "" || isDebris(body[end-1].text) || isRule(body[end-1].text)) {
		end--
	}
	return body[:end]
}

// splitFooter finds the footer: the last paragraph that reads like one
// with no story after it. Text after it stays with it (and is reported),
// since only blog debris may be dropped.
func splitFooter(body []line) ([]line, string, *Warning) {
	at := -1
	for i := len(body) - 1; i >= 0; i-- {
		if _, _, story := readMore(body[i].text); story {
			break
		}
		// The footer starts a paragraph, or stands right under the last
		// story's summary in a file that lost its blank lines.
		if body[i].text != "" && isFooter(body[i].text) && (i == 0 || body[i-1].text == "" || isRule(body[i-1].text) || endsStory(body[i-1].text)) {
			at = i
		}
	}
	if at < 0 {
		return body, "", nil
	}
	var paras []string
	var cur []string
	var warn *Warning
	for _, l := range body[at:] {
		if l.text == "" {
			if cur != nil {
				paras = append(paras, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		if len(paras) > 0 && cur == nil && warn == nil {
			warn = &Warning{Line: l.no, Msg: fmt.Sprintf("text after the footer is kept with the footer: %q", clip(l.text))}
		}
		cur = append(cur, l.text)
	}
	if cur != nil {
		paras = append(paras, strings.Join(cur, "\n"))
	}
	return body[:at], strings.Join(paras, "\n\n"), warn
}

// endsStory reports whether s ends a story's summary ("… Read more >>>").
func endsStory(s string) bool {
	_, _, ok := readMore(s)
	return ok
}

// endsSentence reports whether s ends like a sentence of running text
// rather than a headline or heading: with a full stop, an ellipsis, a
// colon, a semicolon or a comma (closing quotes and brackets aside).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"'”’»)]")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, ":") ||
		strings.HasSuffix(s, ";") || strings.HasSuffix(s, ",")
}

// fromReadMore is s from its "Read more" on, for a message: the part of
// a long summary line the editor must look at.
func fromReadMore(s string) string {
	if at := strings.Index(strings.ToLower(s), "read more"); at > 0 {
		s = "…" + s[at:]
	}
	const max = 80
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}

// clip shortens s for a message.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// datedUndated dates the first edition of a file that has no date line
// nor a date in its first line, and starts the file or follows another's
// footer: by the file's name when it names a day no other edition of the
// file has (the file is that edition's, saved with others); a month alone
// ("2014-07.txt") dates only an edition that starts the file. Otherwise they stay undated and
// are refused, naming their line.
func datedUndated(name string, eds []editionText) {
	d, monthly, ok := nameDate(name)
	if !ok {
		return
	}
	for _, e := range eds {
		if e.date.date.Equal(d) {
			return
		}
	}
	for i, e := range eds {
		if !e.undated || !e.date.date.IsZero() {
			continue
		}
		if monthly && !e.fileStart {
			return // a month dates only the edition the file starts with
		}
		why := "the file has no date line"
		if slices.ContainsFunc(eds, func(e editionText) bool { return !e.undated }) {
			why = fmt.Sprintf("the edition at line %d has no date line", e.at.no)
		}
		eds[i].date, _ = nameDateLine(name, why)
		eds[i].datedFrom = DatedFromFileName
		return // one edition only may take the name's day
	}
}
