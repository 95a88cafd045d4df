package search

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// MaxQueryRunes bounds a query. A longer one is refused with a sentence, not
// cut: a search for the first half of what someone typed would answer a
// question they did not ask.
const MaxQueryRunes = 200

// MaxInputRunes is the most a search box should take: a pasted link may be
// longer than words may (see Query.Link), up to a link's own limit. Words
// between MaxQueryRunes and this get Parse's sentence, not the box's stop.
const MaxInputRunes = digest.MaxURLLength

// Query is a search as read from what someone typed.
type Query struct {
	// Text is the query as searched: control and invisible characters
	// removed, spaces collapsed. Part spans refer to it.
	Text string
	// Parts are what every story found must have (or, when no story has
	// them all, as many as it can), in the order typed.
	Parts []Part
	// Names are capitalised words typed in a row ("Neath Port Talbot",
	// "Stoke on Trent"): stories that have them in a row rank first, but a
	// story need not.
	Names []Part
	// Ignored are the small words left out, as typed.
	Ignored []string
	// TooLong are the runs of letters, as typed, longer than any word the
	// index holds (terms.MaxWordBytes), which no story can have: they are
	// not parts, but an answer names them rather than pass over them.
	TooLong []string
	// Excluded are the words and phrases typed with a leading minus
	// ("-wales", -"city deal"), as search engines take them: no story
	// found has one. Typed is without the minus. They are not parts.
	Excluded []Part
	// Link is, when the query is one web link and nothing else, the link
	// in its canonical form: what someone pastes to ask whether the
	// archive has a story. It is looked up as a link, not read as words
	// (https, www and the host's parts would match unrelated stories),
	// and it may be as long as a link may (digest.MaxURLLength).
	Link string
	// Problem says, in a sentence, why there is nothing to search for;
	// "" when there is.
	Problem string
	// joined are the runs of words joined with hyphens typed unquoted that
	// a search may write apart (see joinedRun), each time typed: a part
	// typed twice is one part.
	joined []joinedRun
	// notTyped is set when an exclusion was typed with NOT, not a minus
	// (notOperator): a sentence about it names what was typed.
	notTyped bool
	// shouted is set when Text is typed wholly in capitals (see shouted):
	// then capitals do not make a small word an acronym.
	shouted bool
	// Period is the month typed with its year, unquoted, among other
	// words ("mergers November 2014", "20th May 2014 shared services",
	// "May 20, 2014 mergers"): the stories of that month rank first
	// among those with as many parts. Its words are not parts. Zero when
	// there is none.
	Period Period
	// periods is set when a month typed with its year is read as Period.
	periods bool
	// singles are where Text has a single quote that opens or closes a
	// phrase, as a double quote does (singleQuotes).
	singles []int
	// Dated is a period whose words are parts that the stories dated in
	// it have, as the date line of their edition says them, after the
	// stories whose own text says them (Searcher.addDated): a month typed
	// with its year and nothing else ("November 2014", "Nov 2014", "20th
	// November 2014"), or a year typed as a word of its own ("housing
	// 2019", "2014"; not "2014-15", nor "2014/15", nor a year of Period).
	// Zero when there is none.
	Dated Period
	// Month is, for a query that is a month's name and nothing else
	// ("November", "Nov"), that month: the stories dated in it in any
	// year have its word, as the date line of their edition says it,
	// after the stories whose own text says it (Searcher.addMonth).
	// Zero otherwise.
	Month time.Month
}

// Period is a calendar month or year, in UTC: stories dated from From up
// to but not including To.
type Period struct {
	Typed    string // as typed: "May 2014", "20th November 2014", "May 20, 2014", "2014"
	From, To time.Time
	// Misspelt is set when Typed has the month's name with a slip
	// ("Novmber 2014": misspeltMonth), which the answer says it read.
	Misspelt bool
	// Start and End are Typed's bytes in Query.Text.
	Start, End int
}

// Has reports whether t is in the period.
func (p Period) Has(t time.Time) bool {
	return !p.To.IsZero() && !t.Before(p.From) && t.Before(p.To)
}

// takePeriod returns words without the first month typed with its year,
// which it sets as the query's Period ("May 2014", "Nov 2014", "20th
// November 2014", "November 20, 2014": a day before or after the month is
// taken too, as the archive's date lines write it either way, but the
// whole month counts, as an edition is dated a day or two after its
// stories). A month is also read in figures with its year ("2014-07",
// "07/2014": monthInFigures), with its year after an apostrophe ("Jul
// '14") or a comma ("July, 2014"), and joined to its year ("July2014"),
// as readers type it. Anything else between the words, but spaces and a
// comma after the day, and they are words of their own ("May-2014" is a
// name).
func (q *Query) takePeriod(words []terms.Word) []terms.Word {
	if !q.periods || !q.Period.To.IsZero() {
		return words
	}
	between := func(a, b terms.Word) string {
		return strings.TrimSpace(q.Text[a.End:b.Start])
	}
	take := func(first, last int, month time.Month, year int) []terms.Word {
		from := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
		start, end := words[first].Start, words[last].End
		q.Period = Period{Typed: q.Text[start:end], From: from, To: from.AddDate(0, 1, 0), Start: start, End: end}
		return slices.Concat(words[:first], words[last+1:])
	}
	for i := range words {
		if month, year := monthJoined(words[i].Text); month != 0 {
			return take(i, i, month, year)
		}
		if i+1 == len(words) {
			break
		}
		if month, year, ok := q.dateInFigures(words[i:]); ok {
			return take(i, i+2, month, year)
		}
		if month, year, ok := q.monthInFigures(words[i], words[i+1]); ok {
			return take(i, i+1, month, year)
		}
		month, _ := digest.MonthNamed(words[i].Text)
		misspelt := false
		if month == 0 {
			if month = misspeltMonth(words[i].Text); month == 0 {
				continue
			}
			misspelt = true
		}
		first, last := i, i+1 // the period's first and last words
		year := 0
		sep := between(words[i], words[i+1])
		switch {
		case sep == "" || sep == ",":
			year = yearIn(words[i+1].Text)
		case sep == "'" || sep == "’" || sep == "‘":
			year = shortYear(words[i+1].Text)
		}
		switch {
		case year != 0:
			if i > 0 && isDay(words[i-1].Text) && strings.Trim(between(words[i-1], words[i]), ",") == "" {
				first = i - 1
			}
		case sep == "" && i+2 < len(words) && isDay(words[i+1].Text) &&
			yearIn(words[i+2].Text) != 0 && strings.Trim(between(words[i+1], words[i+2]), ",") == "":
			last, year = i+2, yearIn(words[i+2].Text)
		default:
			continue
		}
		words = take(first, last, month, year)
		q.Period.Misspelt = misspelt
		return words
	}
	return words
}

// misspeltMonth returns the month whose long name ("November",
// "February": seven letters or more, as the names are that people slip
// in; no two begin with the same letter) w, a word of six letters or more
// typed before a year, is a slip of: its first letter right and at most
// two edits away ("novmber", "febuary", "septmeber"); 0 for any other
// word. Only a year after it makes it a month: no story is dated by the
// word, and the spelling suggestions, from the archive's words, do not
// know a month that stories do not write.
func misspeltMonth(w string) time.Month {
	if utf8.RuneCountInString(w) < 6 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		if name := strings.ToLower(m.String()); len(name) >= 7 && w[0] == name[0] && digest.EditDistance(w, name) <= 2 {
			return m
		}
	}
	return 0
}

// monthInFigures reads a and b, words in a row, as a month and its year in
// figures, as a spreadsheet or a form writes one: "2014-07" (ISO 8601),
// "2014/07", "07/2014" and "7/2014"; the year in four figures, one slash
// or hyphen between, and no other figure joined to them (a whole date is
// dateInFigures'). A financial year ("2011/12", "2014-15": the year and
// the next one's last two figures) is no month.
func (q *Query) monthInFigures(a, b terms.Word) (time.Month, int, bool) {
	if sep := q.Text[a.End:b.Start]; sep != "/" && sep != "-" {
		return 0, 0, false
	}
	joined := func(c byte) bool { return c == '/' || c == '-' || c == '.' || isDigit(c) }
	if a.Start > 0 && joined(q.Text[a.Start-1]) || b.End < len(q.Text) && joined(q.Text[b.End]) {
		return 0, 0, false
	}
	month := func(w string) time.Month {
		if len(w) > 2 || !terms.IsNumber(w) || strings.Contains(w, terms.DecimalMark) {
			return 0
		}
		if n, _ := strconv.Atoi(w); n >= 1 && n <= 12 {
			return time.Month(n)
		}
		return 0
	}
	if year := yearIn(a.Text); year != 0 {
		if m := month(b.Text); m != 0 && b.Text != fmt.Sprintf("%02d", (year+1)%100) {
			return m, year, true
		}
		return 0, 0, false
	}
	if m, year := month(a.Text), yearIn(b.Text); m != 0 && year != 0 {
		return m, year, true
	}
	return 0, 0, false
}

// monthJoined returns the month and year of a word that is a month's name
// with its year joined on ("july2014", "nov2014"), as a hurried reader
// types them; 0 and 0 for any other word.
func monthJoined(w string) (time.Month, int) {
	if len(w) < 7 {
		return 0, 0
	}
	year := yearIn(w[len(w)-4:])
	if year == 0 {
		return 0, 0
	}
	if month, _ := digest.MonthNamed(w[:len(w)-4]); month != 0 {
		return month, year
	}
	return 0, 0
}

// shortYear returns the year a word of two figures typed after an
// apostrophe stands for ("'14" is 2014, "'99" 1999), as a date in figures
// reads its year's last two (digest.FullYear), or 0.
func shortYear(w string) int {
	if len(w) != 2 || !isDigit(w[0]) || !isDigit(w[1]) {
		return 0
	}
	n, _ := strconv.Atoi(w)
	return digest.FullYear(n)
}

// dateInFigures reads the first three words as a date written in figures,
// as people copy one from a letter or a spreadsheet: "10/07/2014",
// "10.07.2014" and "10-07-2014" (day first, as British dates are; month
// first, "07/30/2014", only when the second cannot be a month), and
// "2014-07-10" (ISO 8601); one separator, the same twice, and the year in
// four figures. It returns the date's month and year. "2019/20" and
// "2014-15", two numbers, are a year's span, not a date.
func (q *Query) dateInFigures(words []terms.Word) (time.Month, int, bool) {
	if len(words) < 3 {
		return 0, 0, false
	}
	sep := q.Text[words[0].End:words[1].Start]
	if sep != "/" && sep != "-" && sep != "." || q.Text[words[1].End:words[2].Start] != sep {
		return 0, 0, false
	}
	number := func(w terms.Word) int {
		if len(w.Text) > 2 || !terms.IsNumber(w.Text) {
			return 0
		}
		n, _ := strconv.Atoi(w.Text)
		return n
	}
	valid := func(year, month, day int) bool {
		return month >= 1 && month <= 12 && day >= 1 && day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	if year := yearIn(words[0].Text); year != 0 && sep != "." {
		if month, day := number(words[1]), number(words[2]); valid(year, month, day) {
			return time.Month(month), year, true
		}
		return 0, 0, false
	}
	year := yearIn(words[2].Text)
	first, second := number(words[0]), number(words[1])
	switch {
	case year == 0:
	case valid(year, second, first):
		return time.Month(second), year, true
	case valid(year, first, second):
		return time.Month(first), year, true
	}
	return 0, 0, false
}

// yearIn returns the year a word of four figures from 1900 to 2099 is,
// or 0.
func yearIn(w string) int {
	if len(w) != 4 || !terms.IsNumber(w) || strings.Contains(w, terms.DecimalMark) || w[:2] != "19" && w[:2] != "20" {
		return 0
	}
	year, _ := strconv.Atoi(w)
	return year
}

// isDay reports whether a word is a day of a month, in figures with or
// without the ordinal ending that fits it ("20", "20th", "1st"; not "2th":
// digest.DayOfMonth), and one a month can have.
func isDay(w string) bool {
	day, ok := digest.DayOfMonth(w)
	return ok && day >= 1 && day <= 31
}

// joinedRun is words typed unquoted and joined with hyphens, two or more
// of them not small words, and no piece of a word among them: none shorter
// than minApartRunes but small words ("on" in "Stoke-on-Trent"), and no
// single letter ("co-operation", "e-mail", "x-ray" are no such run: their
// pieces would match anything).
type joinedRun struct {
	words []terms.Word
	stems []string
}

// minApartRunes is the shortest word of a joinedRun but a small word: a
// shorter one is a prefix ("co-", "re-").
const minApartRunes = 3

// addJoined records run, a phrase part's words typed unquoted, when it is
// a joinedRun.
func (q *Query) addJoined(run []terms.Word, stems []string) {
	whole := 0 // words that are not small
	for i, w := range run {
		if i > 0 && !terms.IsHyphen(q.Text[run[i-1].End:w.Start]) {
			return // an amount or a percentage: words with nothing between
		}
		n := utf8.RuneCountInString(w.Text)
		switch {
		case n < 2:
			return
		case terms.IsSmall(w.Text):
		case n < minApartRunes:
			return
		default:
			whole++
		}
	}
	if whole >= 2 {
		q.joined = append(q.joined, joinedRun{words: run, stems: stems})
	}
}

// Part is a word or a phrase of a query.
type Part struct {
	Typed string   // as typed, quotes included: `mergers`, `"shared services"`, `Stoke-on-Trent`
	Words []string // folded (package terms)
	Stems []string
	// Phrase parts need their words in a row: a quoted phrase or a
	// hyphenated name. Their small words count.
	Phrase bool
	Quoted bool
	// Whole is, for a hyphenated name, the stem of its words written as
	// one ("reorganis" for "re-organisation"), and for an amount with its
	// magnitude written short, the number in figures ("5000000" for
	// "£5m"), which a story may have instead of the words in a row.
	Whole string
	// Spellings are, for a word, the stems of its other ways of writing,
	// British or American ("centr" for "center") or abbreviated ("cllr"
	// for "councillor"; terms.OtherSpellings): a story with one has the
	// word.
	Spellings []string
	// Expansions are, for an acronym, the stems of the words it stands
	// for, in a row ("local govern associ" for "LGA"; terms.Expansions),
	// and for a number that ends in a magnitude's zeros, the number with
	// its magnitude as a word ("5 million" for "5,000,000"): a story with
	// them has the word.
	Expansions [][]string
	// Acronym is, for each word of the words an acronym stands for typed
	// in a row ("clinical commissioning group"), the acronym's stem
	// ("ccg"; terms.AcronymFor): a story with the acronym has every one
	// of the words.
	Acronym string
	// Synonyms are, for a word of public-sector news, the stems of the
	// words or phrases that mean the same, in a row ("local author" and
	// "waste" for "council" and "rubbish"; terms.Synonyms), and for each
	// word of a phrase typed in a row that one word means ("local
	// authority"), that word ("council"; terms.SynonymFor): a story with
	// one has the word, though it ranks after a story with the word
	// itself; and for a county's short name that is also a word, typed
	// as a name ("Beds": typedAsName), the word's own stem, Stems being
	// the county's ("bedfordshir").
	Synonyms [][]string
	// Joined is, for a word typed next to another with only white space
	// between, the stem of the two written as one ("frontlin" for "front"
	// and "line" in "front line services", "healthcar" for "health care"):
	// a story that writes them so has both words.
	Joined []string
	// Capitals is set for a small word typed in capitals and searched as
	// an acronym ("IT", "US", "WHO"), or an acronym that is also a common
	// word (terms.CapitalsExpansions: "SEND"): the index folds case, so a
	// story has it only where it writes it in capitals, or the words it
	// stands for ("information technology"), not where it says the
	// pronoun "it".
	Capitals bool
	// Month is set for the word that names the month of Query.Dated
	// ("Dec" in "Dec 2014"): its Spellings are the month's other names,
	// and it is never matched as the start of longer words.
	Month bool
	// Start and End are Typed's bytes in Query.Text.
	Start, End int
}

// quotes open or close a phrase: straight and typographic double quotes,
// as phones and chat apps type them.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '″', '＂':
		return true
	}
	return false
}

// singleQuotes returns where text has single quotes typed around a phrase
// ('social care', ‘social care’), in pairs, outside double quotes: one
// that opens after a space, a bracket or a minus (or at the start) before
// a letter or figure, and the first that closes after one before a space,
// a stop or the end. An apostrophe inside a word ("council's", "O'Brien")
// or after its plural ("councils' budgets") quotes nothing, nor does an
// opening quote with none to close it.
func singleQuotes(text string) []int {
	var out []int
	open, double := -1, false
	var prev rune = ' '
	for i, r := range text {
		next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
		atEnd := i+utf8.RuneLen(r) == len(text)
		switch {
		case isQuote(r):
			double, open = !double, -1
		case double:
		case open < 0 && (r == '\'' || r == '‘' || r == '‛') && (i == 0 || unicode.IsSpace(prev) || prev == '(' || isMinus(prev)) &&
			!atEnd && (unicode.IsLetter(next) || unicode.IsDigit(next)):
			open = i
		case open >= 0 && (r == '\'' || r == '’') && (unicode.IsLetter(prev) || unicode.IsDigit(prev) || strings.ContainsRune(".!?", prev)) &&
			(atEnd || unicode.IsSpace(next) || strings.ContainsRune(".,;:!?)", next)):
			out = append(out, open, i)
			open = -1
		}
		prev = r
	}
	return out
}

// quoteAt reports whether r, at Text[i], opens or closes a phrase.
func (q *Query) quoteAt(i int, r rune) bool {
	return isQuote(r) || slices.Contains(q.singles, i)
}

// nextQuote returns where the first quote in Text[from:] is, and its
// length, or -1.
func (q *Query) nextQuote(from int) (int, int) {
	for i, r := range q.Text[from:] {
		if q.quoteAt(from+i, r) {
			return from + i, utf8.RuneLen(r)
		}
	}
	return -1, 0
}

// Parse reads a query. It never fails: a query with nothing to search for
// gets a Problem sentence instead.
func Parse(raw string) Query {
	q := parse(raw, true)
	if len(q.Parts) == 0 && !q.Period.To.IsZero() {
		// A month alone ("May 2014") has no other words to order: its
		// words are searched for, and it finds the stories dated then.
		month := q.Period
		q = parse(raw, false)
		q.Dated = month
		q.monthNames(q.Dated.Start, q.Dated.End)
	}
	if len(q.Parts) == 1 && q.Dated.To.IsZero() && !q.Parts[0].Phrase && !q.Parts[0].Quoted {
		// A month's name alone: an archive's reader asks for its
		// editions, whichever year ("November" found only the stories
		// whose text says it).
		if month, _ := digest.MonthNamed(q.Parts[0].Words[0]); month != 0 {
			q.Month = month
			q.monthNames(q.Parts[0].Start, q.Parts[0].End)
		}
	}
	return q
}

// monthForms are the ways a text writes month: in full, short, and for
// September "Sept" too, as digest.MonthNamed reads them ("May" once).
func monthForms(month time.Month) []string {
	forms := []string{month.String(), month.String()[:3]}
	if month == time.September {
		forms = append(forms, "Sept")
	}
	return slices.Compact(forms)
}

// monthNames marks the part of Text[start:end], a Dated month or a month
// alone, that names it ("Dec" in "Dec 2014") as its month: a story that
// writes the month's other name has it ("December"), and it is no start
// of longer words, as an unknown word is, which brought "decide",
// "decision" and "decimated" for "Dec 2014" when no story is of it or
// says it.
func (q *Query) monthNames(start, end int) {
	for i := range q.Parts {
		p := &q.Parts[i]
		if p.Start < start || p.End > end || p.Phrase {
			continue
		}
		month, _ := digest.MonthNamed(p.Words[0])
		if month == 0 && q.Dated.Misspelt {
			month = misspeltMonth(p.Words[0]) // "Novmber" of "Novmber 2014"
		}
		if month == 0 {
			continue
		}
		p.Month = true
		for _, name := range monthForms(month) {
			if stem := terms.Stem(strings.ToLower(name)); stem != p.Stems[0] && !slices.Contains(p.Spellings, stem) {
				p.Spellings = append(p.Spellings, stem)
			}
		}
	}
}

// parse reads a query, taking a month typed with its year as a Period
// when periods is set.
func parse(raw string, periods bool) Query {
	q := Query{Text: clean(raw), periods: periods}
	if q.Link = asLink(q.Text); q.Link != "" {
		return q
	}
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryRunes {
		q.Problem = fmt.Sprintf("A search can be at most %s characters; yours has %s. Try its most telling words.",
			digest.Thousands(MaxQueryRunes), digest.Thousands(n))
		return q
	}
	q.shouted = shouted(q.Text)
	q.singles = singleQuotes(q.Text)
	// The stretches between the exclusions are read as a query without
	// them; an exclusion begins only outside quotes, so none of those
	// stretches but the last can end with a quote open.
	at := 0
	for _, span := range q.exclusions() {
		q.addStretch(at, span[0])
		at = span[1]
	}
	q.addStretch(at, len(q.Text))
	q.Parts = dedupe(q.Parts)
	q.leaveOutAsking()
	q.addAcronyms()
	switch {
	case len(q.Parts) == 0 && len(q.TooLong) > 0:
		q.Problem = q.tooLong()
	case len(q.Parts) == 0 && len(q.Excluded) > 0:
		q.Problem = q.onlyExcluded()
	case len(q.Parts) == 0:
		q.Problem = q.nothingToSearch()
	}
	return q
}

// addStretch adds the parts of Text[from:to], split into quoted and
// unquoted stretches; a quote left open runs to the end.
func (q *Query) addStretch(from, to int) {
	// The words read below skip a run too long to be one (terms.Each);
	// it is kept here so that the answer can say so, once however often
	// it was typed, as a part is (dedupe).
	terms.Spans(q.Text[from:to], func(raw string, _, _ int) {
		if terms.Fold(raw) == "" && !slices.ContainsFunc(q.TooLong, func(s string) bool { return strings.EqualFold(s, raw) }) {
			q.TooLong = append(q.TooLong, raw)
		}
	})
	start, open := from, -1 // open: where the quote that is open began
	for i, r := range q.Text[from:to] {
		i += from
		if !q.quoteAt(i, r) {
			continue
		}
		if open < 0 {
			q.addUnquoted(start, i)
			open = i
		} else {
			q.addQuoted(start, i, open, i+utf8.RuneLen(r))
			open = -1
		}
		start = i + utf8.RuneLen(r)
	}
	if open < 0 {
		q.addUnquoted(start, to)
	} else {
		q.addQuoted(start, to, open, to)
	}
}

// exclusions adds to Excluded the words and phrases typed with a leading
// minus, outside quotes, and returns their spans in Text, minus included:
// a minus at the start of the query or after a space, then a letter
// ("-wales", up to the next space) or a quote (-"city deal", up to the
// closing quote, or the end); NOT before a word or quote is such a minus
// (notOperator). A minus elsewhere is a hyphen, as in
// "Stoke-on-Trent"; one followed by a space or a figure is no exclusion
// ("fire - police", "-5%"), nor is a word that ends with a hyphen as it
// began ("-on-": a piece of a hyphenated name): they are read as before.
func (q *Query) exclusions() [][2]int {
	var spans [][2]int
	open := false
	for i := 0; i < len(q.Text); {
		r, size := utf8.DecodeRuneInString(q.Text[i:])
		switch {
		case q.quoteAt(i, r):
			open = !open
		case open || i > 0 && q.Text[i-1] != ' ':
		case isMinus(r) || q.isNot(i):
			m := minusLen(q.Text[i:])
			if !isMinus(r) {
				m, q.notTyped = len(notOperator), true
			}
			if end, ok := q.exclusion(i, m); ok {
				spans = append(spans, [2]int{i, end})
				i = end
				continue
			}
		}
		i += size
	}
	return spans
}

// notOperator is NOT with the space after it, which people type before a
// word to leave out as other search boxes take it ("fire NOT police"): a
// minus, when typed in capitals in a query not typed wholly in them (see
// shouted). Searched as a word, it found the stories it was to leave out.
const notOperator = "NOT "

// isNot reports whether Text[i:] begins with notOperator.
func (q *Query) isNot(i int) bool {
	return strings.HasPrefix(q.Text[i:], notOperator) && !q.shouted
}

// isMinus reports whether r is a minus as members type one: the hyphen,
// or the dash a phone's or word processor's smart punctuation makes of it
// ("--" becomes "—"), or the minus sign. Read as a word's start, they
// searched for the word they meant to leave out.
func isMinus(r rune) bool {
	switch r {
	case '-', '\u2212', '\u2013', '\u2014': // minus sign, en dash, em dash
		return true
	}
	return false
}

// minusLen is the length in bytes of the minus at the start of s: one
// minus rune, or two hyphens ("--wales", as a command's option is typed).
func minusLen(s string) int {
	if strings.HasPrefix(s, "--") {
		return 2
	}
	_, size := utf8.DecodeRuneInString(s)
	return size
}

// exclusion reads the exclusion whose minus, m bytes long, is at Text[i],
// adding it to Excluded when it has words, and returns where it ends.
func (q *Query) exclusion(i, m int) (int, bool) {
	r, size := utf8.DecodeRuneInString(q.Text[i+m:])
	start := i + m + size // the words' start, after a quote
	switch {
	case q.quoteAt(i+m, r):
		inner, end := len(q.Text), len(q.Text) // the phrase's end, and the closing quote's
		if close, qs := q.nextQuote(start); close >= 0 {
			inner, end = close, close+qs
		}
		if words := q.words(start, inner); len(words) > 0 {
			q.Excluded = append(q.Excluded, q.quotedPart(words, i+m, end))
		}
		return end, true
	case unicode.IsLetter(r):
		end := strings.IndexByte(q.Text[i+m:], ' ')
		if end < 0 {
			end = len(q.Text)
		} else {
			end += i + m
		}
		if last, _ := utf8.DecodeLastRuneInString(q.Text[:end]); terms.IsHyphen(string(last)) {
			return 0, false
		}
		if words := q.words(i+m, end); len(words) > 0 {
			q.Excluded = append(q.Excluded, q.part(words, i+m, end, true, false))
		}
		return end, true
	}
	return 0, false
}

// onlyExcluded says why a query of exclusions alone searches nothing.
func (q *Query) onlyExcluded() string {
	how, example := "A minus", "devolution -wales"
	if q.notTyped {
		how, example = "NOT", "devolution NOT wales"
	}
	return fmt.Sprintf("%s before a word leaves out the stories that have it, but “%s” has no word to search for: add one, such as `%s`.",
		how, q.Text, example)
}

// clean removes control and format characters (escape codes, zero-width
// spaces, bidirectional marks) and invalid bytes, and collapses spaces. A
// terminal's escape sequence goes whole (digest.StripControls): a colour
// code pasted with a word ("\x1b[31mfire") is not the word "31mfire", nor
// "[31m" a word of its own. A character that stored text has removed
// (digest.Unprintable: a soft hyphen, a zero-width space, a word joiner)
// is removed from the query too, not made a space: pasted inside a word
// from a document or a web page ("Peter\u00adborough"), it is no break in
// the word the story has whole.
func clean(raw string) string {
	raw = digest.StripControls(strings.ToValidUTF8(raw, " "))
	raw = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return ' '
		case digest.Unprintable(r):
			return -1
		case unicode.Is(unicode.Cf, r):
			return ' '
		}
		return r
	}, raw)
	fields := strings.Fields(raw)
	fields = slices.DeleteFunc(fields, emojiNames)
	return strings.Join(fields, " ")
}

// emojiNames reports whether field is nothing but emoji written by name,
// as chat writes an emoji picked in a message: between colons (":fire:",
// ":rotating_light:", ":+1::skin-tone-2:"), as Slack delivers every emoji
// in a command's text, or a server's own emoji as Discord writes it
// ("<:fire:123456789012345678>", "<a:dance:…>" when animated). An emoji is
// no word of a story, as one typed as a character is not (terms.Split):
// read as words, ":hospital: NHS funds" put a story with "hospitals"
// first, and ":rotating_light: organised crime" said no story has
// "rotating" or "light". A name has a letter, or is +1 or -1, so that a
// time or a ratio between colons stays.
func emojiNames(field string) bool {
	if rest, ok := strings.CutPrefix(field, "<"); ok {
		rest, ok = strings.CutSuffix(rest, ">")
		rest = strings.TrimPrefix(rest, "a")
		name, id, found := strings.Cut(strings.TrimPrefix(rest, ":"), ":")
		return ok && strings.HasPrefix(rest, ":") && found && emojiName(name) && id != "" && !strings.ContainsFunc(id, notDigit)
	}
	if len(field) < 3 || field[0] != ':' || field[len(field)-1] != ':' {
		return false
	}
	for _, name := range strings.Split(field[1:len(field)-1], "::") {
		if !emojiName(name) {
			return false
		}
	}
	return true
}

// emojiName reports whether name is an emoji's name: letters, digits and
// "_", "-", "+" and "'" (Slack's "+1", "man-woman-boy", "e-mail"), with a
// letter among them or +1 or -1.
func emojiName(name string) bool {
	if name == "+1" || name == "-1" {
		return true
	}
	letter := false
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
			letter = true
		case '0' <= r && r <= '9' || r == '_' || r == '-' || r == '+' || r == '\'':
		default:
			return false
		}
	}
	return letter
}

// words returns the words of Text[start:end], with spans in Text. The
// span of initials written with full stops takes in the last one ("U.K."),
// so that an answer quoting the word quotes it as typed.
func (q *Query) words(start, end int) []terms.Word {
	words := terms.Split(q.Text[start:end])
	for i := range words {
		w := &words[i]
		w.Start += start
		w.End += start
		if w.End < end && q.Text[w.End] == '.' && strings.IndexByte(q.Text[w.Start:w.End], '.') >= 0 {
			w.End++
		}
	}
	return words
}

// addQuoted adds the phrase quoted in Text[start:end]; Text[spanStart:spanEnd]
// is the phrase with its quotes.
func (q *Query) addQuoted(start, end, spanStart, spanEnd int) {
	if words := q.words(start, end); len(words) > 0 {
		q.Parts = append(q.Parts, q.quotedPart(words, spanStart, spanEnd))
	}
}

// quotedPart is the phrase of words quoted in Text[start:end], quotes
// included.
func (q *Query) quotedPart(words []terms.Word, start, end int) Part {
	p := q.part(words, start, end, true, true)
	if said := q.initialsSaid(words); len(said) < len(words) {
		// "A and E" quoted is the phrase as typed, or the word A&E (in a
		// row with the others): a story that writes "A&E" has the one
		// word "ae", and the phrase found nothing.
		var stems []string
		for _, w := range said {
			stems = append(stems, terms.Stem(w.Text))
		}
		p.Expansions = append(p.Expansions, stems)
	}
	if split := q.ampersandsSplit(words); len(split) > len(words) {
		// "fire&police" quoted is also "fire & police", as stories
		// write it, which the index holds as "fire and police".
		var stems []string
		for k, w := range split {
			if k > 0 && q.Text[split[k-1].End:w.Start] == "&" {
				stems = append(stems, "and")
			}
			stems = append(stems, terms.Stem(w.Text))
		}
		p.Expansions = append(p.Expansions, stems)
	}
	return p
}

// addUnquoted adds the parts of Text[start:end]: hyphenated runs are
// phrases, as are the two words of an amount written short or a
// percentage ("£5m" is "5 million", "£2.5m" "2_5 million", a decimal
// being one number: terms.DecimalMark; "5%" "5 percent": words with
// nothing between them), the numbers of a figure with several full stops
// ("4.2.1", no decimal) and those of a financial year written with a
// slash ("2014/15"); other small words are left out.
func (q *Query) addUnquoted(start, end int) {
	words := q.numbersSaid(q.initialsSaid(q.takePeriod(q.ampersandsSplit(q.words(start, end)))))
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && (words[j-1].End == words[j].Start || terms.IsHyphen(q.Text[words[j-1].End:words[j].Start]) ||
			q.isDecimalPoint(words[j-1], words[j]) || q.isFigureSlash(words[j-1], words[j]) ||
			j == i+1 && q.isMagnitudeApart(words[j-1], words[j])) {
			j++
		}
		run := words[i:j]
		switch {
		case len(run) > 1:
			p := q.part(run, run[0].Start, run[len(run)-1].End, true, false)
			terms.EachCompound(p.Typed, func(joined string) { p.Whole = terms.Stem(joined) })
			if other := otherParticleNumber(p.Stems); other != nil {
				p.Expansions = append(p.Expansions, other)
			}
			if len(run) == 2 && (run[0].End == run[1].Start || q.isMagnitudeApart(run[0], run[1])) {
				if word := terms.AfterNumber(p.Words[1]); word != "" && run[0].End != run[1].Start {
					// "£0.5 bn" is "£0.5bn", and "5 pc" "5pc", and a
					// story that writes it apart holds the short form
					// ("0_5 bn").
					p.Expansions = append(p.Expansions, slices.Clone(p.Stems))
					p.Words[1], p.Stems[1] = word, word
				}
				p.Whole = cmp.Or(inFigures(p.Stems), p.Whole) // "£5m", "£1.5m"
				p.Expansions = append(p.Expansions, numberInWords(p.Stems)...)
				p.Expansions = append(p.Expansions, inOtherMagnitudes(p.Stems)...)
			}
			if to := q.rangeWithTo(run, p.Stems); to != nil {
				p.Expansions = append(p.Expansions, to) // "50 to 70 percent" for "50-70%"
			}
			q.addJoined(run, p.Stems)
			q.Parts = append(q.Parts, p)
		case terms.IsSmall(run[0].Text) && !q.smallAcronym(q.Text[run[0].Start:run[0].End]):
			q.Ignored = append(q.Ignored, q.Text[run[0].Start:run[0].End])
		default:
			p := q.part(run, run[0].Start, run[0].End, false, false)
			p.Capitals = terms.IsSmall(run[0].Text) // smallAcronym, as the case above says
			p.Spellings = terms.OtherSpellings(p.Stems[0])
			p.Expansions = terms.Expansions(p.Stems[0])
			if isAcronym(q.Text[run[0].Start:run[0].End]) && !q.shouted {
				// "SEND", not "send": an acronym that is also a word.
				if e := terms.CapitalsExpansions(p.Stems[0]); e != nil {
					p.Expansions, p.Capitals = append(p.Expansions, e...), true
				}
			}
			p.Synonyms = terms.Synonyms(p.Stems[0])
			for _, e := range p.Expansions {
				// What an acronym stands for may have a word of its own
				// ("LA", a local authority): a story calls it a council.
				if word := terms.SynonymFor(slices.DeleteFunc(slices.Clone(e), terms.IsSmall)); word != "" && word != p.Stems[0] {
					p.Synonyms = append(p.Synonyms, []string{word})
				}
			}
			if county := terms.CountyOfShortName(run[0].Text); county != "" && q.typedAsName(run[0]) {
				// "Beds" is Bedfordshire: its stories first, then those
				// that say "beds", the county's short name or not (the
				// index folds case).
				p.Synonyms = append(p.Synonyms, p.Stems)
				p.Stems = []string{county}
			}
			if said := terms.NumberInWords(p.Stems[0]); said != nil {
				p.Expansions = append(p.Expansions, said) // "twenty-two" for "22"
			}
			for _, short := range withMagnitude(p.Stems[0]) {
				p.Expansions = append(p.Expansions, short)
				p.Expansions = append(p.Expansions, numberInWords(short)...)
			}
			if year := yearIn(run[0].Text); year != 0 && q.Period.To.IsZero() && q.Dated.To.IsZero() && q.standsAlone(run[0]) {
				from := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
				q.Dated = Period{Typed: p.Typed, From: from, To: from.AddDate(1, 0, 0), Start: p.Start, End: p.End}
			}
			if q.afterInitial(words, i) {
				p.Joined = append(p.Joined, terms.Stem(words[i-1].Text+words[i].Text))
			}
			if k, ok := q.typedApart(words, i); ok {
				joined := terms.Stem(words[k].Text + words[i].Text)
				last := &q.Parts[len(q.Parts)-1]
				last.Joined = append(last.Joined, joined)
				p.Joined = append(p.Joined, joined)
			}
			q.Parts = append(q.Parts, p)
		}
		i = j
	}
	q.addNames(words)
}

// ampersandsSplit returns words with each ampersand typed without spaces
// between two words of minAmpersandRunes letters or more split, as "fire &
// police" is ("fire&police", "Health&Safety"): terms joins the letters
// around an ampersand into one word ("A&E", "P&O", "AT&T"), and so the
// two words were one that no story has. They are searched as apart, and
// as written together too (typedApart), as the index holds a story that
// writes them so.
func (q *Query) ampersandsSplit(words []terms.Word) []terms.Word {
	var out []terms.Word
	for _, w := range words {
		typed := q.Text[w.Start:w.End]
		if !strings.Contains(typed, "&") {
			out = append(out, w)
			continue
		}
		from := 0 // the start of the piece not yet split off, in typed
		pieces := strings.Split(typed, "&")
		at := 0
		for k := 0; k+1 < len(pieces); k++ {
			at += len(pieces[k])
			if utf8.RuneCountInString(pieces[k]) >= minAmpersandRunes && utf8.RuneCountInString(pieces[k+1]) >= minAmpersandRunes {
				out = append(out, q.words(w.Start+from, w.Start+at)...)
				from = at + 1
			}
			at++
		}
		if from == 0 {
			out = append(out, w) // initials, or a lone "&" read as "and"
			continue
		}
		out = append(out, q.words(w.Start+from, w.End)...)
	}
	return out
}

// minAmpersandRunes is the shortest word on either side of an ampersand
// that is split from the other: "A&E", "R&D" and "AT&T" are initials,
// one word.
const minAmpersandRunes = 3

// initialsSaid returns words with each pair of letters typed apart with
// "and" or "&" between them ("A and E", "r & d", as people say them) made
// the one word they spell, as "A&E" is: otherwise its three small words
// would be left out, and a query of them alone refused. The word's span
// is the three words', so an answer quoting it quotes it as typed.
func (q *Query) initialsSaid(words []terms.Word) []terms.Word {
	var out []terms.Word
	for i := 0; i < len(words); i++ {
		if i+2 < len(words) && q.isLetter(words[i]) && words[i+1].Text == "and" && q.isLetter(words[i+2]) &&
			strings.TrimSpace(q.Text[words[i].End:words[i+1].Start]) == "" &&
			strings.TrimSpace(q.Text[words[i+1].End:words[i+2].Start]) == "" {
			out = append(out, terms.Word{Text: words[i].Text + words[i+2].Text, Start: words[i].Start, End: words[i+2].End})
			i += 2
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// numbersSaid returns words with each number typed as it is said made the
// one word in figures it is, as stories write it as often: tens and a
// unit typed apart or with a hyphen ("twenty two", "twenty-two": 22),
// "half a" before a magnitude ("half a billion": 0.5 billion, which
// finds "£500m"), and a decimal typed without its nought ("£.5bn":
// 0.5bn; terms reads the figures after the point alone). The word's span
// is the words', so an answer quoting it quotes it as typed.
func (q *Query) numbersSaid(words []terms.Word) []terms.Word {
	var out []terms.Word
	for i := 0; i < len(words); i++ {
		w, said := words[i], ""
		if i+1 < len(words) && q.apartOrHyphen(w, words[i+1]) {
			said = terms.NumberSaid(w.Text, words[i+1].Text)
		}
		switch {
		case said != "":
			out = append(out, terms.Word{Text: said, Start: w.Start, End: words[i+1].End})
			i++
		case i+2 < len(words) && w.Text == "half" && words[i+1].Text == "a" && slices.ContainsFunc(magnitudes[:], func(m magnitude) bool {
			return m.word == words[i+2].Text
		}) && q.apartOrHyphen(w, words[i+1]) && q.apartOrHyphen(words[i+1], words[i+2]):
			out = append(out, terms.Word{Text: "0" + terms.DecimalMark + "5", Start: w.Start, End: words[i+1].End})
			i++
		case q.pointBefore(w):
			digits := strings.TrimRight(w.Text, "0")
			if digits == "" {
				out = append(out, w)
				continue
			}
			out = append(out, terms.Word{Text: "0" + terms.DecimalMark + digits, Start: w.Start - 1, End: w.End})
		default:
			out = append(out, w)
		}
	}
	return out
}

// apartOrHyphen reports whether a and b, words in a row, have only white
// space or a hyphen between them.
func (q *Query) apartOrHyphen(a, b terms.Word) bool {
	between := q.Text[a.End:b.Start]
	return strings.TrimSpace(between) == "" && a.End < b.Start || terms.IsHyphen(between)
}

// pointBefore reports whether w is figures typed after a full stop that
// is no decimal point of a number before it, nor a stop after a word:
// the decimals of a fraction typed without its nought (".5", "£.5bn").
func (q *Query) pointBefore(w terms.Word) bool {
	if !terms.IsNumber(w.Text) || strings.Contains(w.Text, terms.DecimalMark) || w.Start == 0 || q.Text[w.Start-1] != '.' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(q.Text[:w.Start-1])
	return w.Start == 1 || unicode.IsSpace(before) || unicode.Is(unicode.Sc, before) || before == '('
}

// isLetter reports whether w is a single letter typed as a word of its
// own: not the "a" of "a-b", nor a figure.
func (q *Query) isLetter(w terms.Word) bool {
	r, size := utf8.DecodeRuneInString(w.Text)
	return size == len(w.Text) && unicode.IsLetter(r) && q.standsAlone(w)
}

// standsAlone reports whether w, a word typed unquoted, is a word of its
// own as a year is: nothing but white space, a parenthesis or the end of
// the query before it, and those or a stop, a comma, a colon or a
// question mark after it ("2014/15", "£2014", "2014th" are not years).
func (q *Query) standsAlone(w terms.Word) bool {
	before, _ := utf8.DecodeLastRuneInString(q.Text[:w.Start])
	after, _ := utf8.DecodeRuneInString(q.Text[w.End:])
	// A quote around it is the end of a phrase ("A and E" quoted).
	return (w.Start == 0 || unicode.IsSpace(before) || before == '(' || q.quoteAt(w.Start-utf8.RuneLen(before), before)) &&
		(w.End == len(q.Text) || unicode.IsSpace(after) || strings.ContainsRune(".,;:!?)", after) || q.quoteAt(w.End, after))
}

// isDecimalPoint reports whether a and b, words in a row, are numbers
// with a full stop alone between a digit and a digit that terms does not
// read as one decimal ("4.2.1", "1.2.3": a section or version number),
// searched in a row.
func (q *Query) isDecimalPoint(a, b terms.Word) bool {
	return q.Text[a.End:b.Start] == "." && isDigit(q.Text[a.End-1]) && isDigit(q.Text[b.Start])
}

// isFigureSlash reports whether a and b, words in a row, are a financial
// or academic year written with a slash ("2014/15", "2014/2015"): one
// thing, as "2014-15" is, not two numbers anywhere in a story ("15
// councils" and "2014"). A slash before or after them makes them part of
// a date in figures ("10/07/2014"), read as takePeriod reads it.
func (q *Query) isFigureSlash(a, b terms.Word) bool {
	if q.Text[a.End:b.Start] != "/" || len(a.Text) != 4 || len(b.Text) != 2 && len(b.Text) != 4 ||
		!terms.IsNumber(a.Text) || !terms.IsNumber(b.Text) {
		return false
	}
	return (a.Start == 0 || q.Text[a.Start-1] != '/') && (b.End == len(q.Text) || q.Text[b.End] != '/')
}

// rangeWithTo returns, for the stems of run, words typed in a row, with a
// hyphen between two numbers (a range: "50-70%", "3-5"), the stems with
// "to" in its place, as news mostly writes a range ("50 to 70%"); nil
// when run has no such hyphen. A range typed so is the same range.
func (q *Query) rangeWithTo(run []terms.Word, stems []string) []string {
	if len(stems) != len(run) {
		return nil
	}
	var out []string
	for i, w := range run {
		if i > 0 && terms.IsNumber(run[i-1].Text) && terms.IsNumber(w.Text) && terms.IsHyphen(q.Text[run[i-1].End:w.Start]) {
			out = append(out, "to")
		}
		out = append(out, stems[i])
	}
	if len(out) == len(stems) {
		return nil
	}
	return out
}

// isMagnitudeApart reports whether a and b, words in a row with only white
// space between, are a number and a magnitude typed as a word ("£20,000
// million", "£0.5 billion"): one amount, as "£20,000m" is, which a story
// may write in another magnitude ("£20bn"), and not two words that may
// stand anywhere in a story. A magnitude's short form typed apart ("£0.5
// bn", "£5 m") is one only after a currency sign: "5 m" may be metres.
func (q *Query) isMagnitudeApart(a, b terms.Word) bool {
	if !terms.IsNumber(a.Text) || strings.TrimSpace(q.Text[a.End:b.Start]) != "" {
		return false
	}
	for _, m := range magnitudes {
		if b.Text == m.word {
			return true
		}
	}
	if terms.AfterNumber(b.Text) == "percent" {
		return true // "5 pc": typed so, it is no computer
	}
	sign, _ := utf8.DecodeLastRuneInString(q.Text[:a.Start])
	return terms.Magnitude(b.Text) != "" && unicode.Is(unicode.Sc, sign)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// addAcronyms marks the runs of single words typed in a row that spell out
// what an acronym stands for with the acronym, each word of the run:
// "(clinical or CCG) and (commissioning or CCG) and (group or CCG)" is
// "clinical and commissioning and group, or CCG". A run that one word
// means ("local authority") gets that word among its synonyms the same
// way ("council"), and a run that news also writes otherwise word for
// word ("lib dem", terms.WordForWord) each word of the other in its
// place ("liberal" for "lib", "democrat" for "dem").
func (q *Query) addAcronyms() {
	for i := 0; i < len(q.Parts); i++ {
		for n := min(terms.MostExpansionWords(), len(q.Parts)-i); n >= 2; n-- {
			stems := singleStems(q.Parts[i : i+n])
			if stems == nil {
				continue
			}
			acronym, synonym, other := terms.AcronymFor(stems), terms.SynonymFor(stems), terms.WordForWord(stems)
			if acronym == "" && synonym == "" && other == nil {
				continue
			}
			for k := i; k < i+n; k++ {
				switch {
				case acronym != "":
					q.Parts[k].Acronym = acronym
				case synonym != "":
					q.Parts[k].Synonyms = append(q.Parts[k].Synonyms, []string{synonym})
				case other[k-i] != stems[k-i]:
					q.Parts[k].Synonyms = append(q.Parts[k].Synonyms, []string{other[k-i]})
				}
			}
			i += n - 1
			break
		}
	}
}

// singleStems returns the stems of the parts, single words typed in a row,
// or nil when they are not all single words. A hyphenated word typed
// unquoted counts as the one word it is written whole ("antisoci" for
// "anti-social" in "anti-social behaviour order"), as terms.AcronymFor
// knows it.
func singleStems(run []Part) []string {
	stems := make([]string, len(run))
	for k, p := range run {
		switch {
		case p.Quoted:
			return nil
		case p.Phrase && p.Whole != "":
			stems[k] = p.Whole
		case p.Phrase || len(p.Stems) != 1:
			return nil
		default:
			stems[k] = p.Stems[0]
		}
	}
	return stems
}

// afterInitial reports whether words[i] follows a letter typed alone
// that is no English word (not "a" or "i") and so no part, with only
// white space or an apostrophe between: the start of a name that stories
// write with an apostrophe, which joins it ("O Neill" and "O' Neill" for
// "O'Neill", "D Souza" for "D'Souza"), and that alone would be searched
// without it.
func (q *Query) afterInitial(words []terms.Word, i int) bool {
	if i == 0 || len(q.Parts) > 0 && q.Parts[len(q.Parts)-1].End == words[i-1].End {
		return false
	}
	letter := words[i-1].Text
	if r, size := utf8.DecodeRuneInString(letter); size != len(letter) || !unicode.IsLetter(r) || letter == "a" || letter == "i" {
		return false
	}
	between := strings.TrimFunc(q.Text[words[i-1].End:words[i].Start], func(r rune) bool {
		return unicode.IsSpace(r) || r == '\'' || r == '’'
	})
	return between == "" && words[i-1].End < words[i].Start
}

// typedAsName reports whether w, a word typed unquoted, is capitalised
// where its capital says it is a name: not the query's first word (a
// sentence's capital), in a query with a word typed in lower case (not
// Title Case nor capitals throughout). "fire service Beds and Herts" names
// Bedfordshire; "Beds shortage", "Hospital Beds" and "hospital beds" ask
// about beds. A county's short name that is also a word is read as the
// county only so (terms.CountyOfShortName).
func (q *Query) typedAsName(w terms.Word) bool {
	r, _ := utf8.DecodeRuneInString(q.Text[w.Start:])
	if !unicode.IsUpper(r) || !strings.ContainsFunc(q.Text[:w.Start], unicode.IsLetter) {
		return false
	}
	return slices.ContainsFunc(strings.Fields(q.Text), func(f string) bool {
		first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }))
		return unicode.IsLower(first)
	})
}

// typedApart reports whether words[i] follows the query's last part, the
// single word words[k], with only white space between, or an ampersand
// (ampersandsSplit), or "and" or "&" standing alone (k is then i-2), and
// returns k: the two may be one word written apart ("front line" for
// "frontline"), or with an ampersand that joined them ("fire&police",
// "fire and police" and "Fire & Police" for a story's "Fire&Police").
func (q *Query) typedApart(words []terms.Word, i int) (int, bool) {
	last := len(q.Parts) - 1
	if i == 0 || last < 0 || q.Parts[last].Phrase {
		return 0, false
	}
	k := i - 1
	if words[k].Text == "and" && k > 0 && strings.TrimFunc(q.Text[words[k].End:words[i].Start], unicode.IsSpace) == "" {
		k-- // "fire and police": the "and" is no part
	}
	if q.Parts[last].End != words[k].End {
		return 0, false
	}
	between := strings.TrimFunc(q.Text[words[k].End:words[k+1].Start], unicode.IsSpace)
	return k, between == "" || between == "&" && k == i-1
}

// addNames adds runs of capitalised words typed in a row, such as place
// names, allowing one small word in lower case between two of them ("Stoke
// on Trent", "Newcastle upon Tyne").
func (q *Query) addNames(words []terms.Word) {
	capital := func(w terms.Word) bool {
		r, _ := utf8.DecodeRuneInString(q.Text[w.Start:])
		// The magnitude of "£5M" is not a name's first word.
		return unicode.IsUpper(r) && (w.Start == 0 || q.Text[w.Start-1] < '0' || q.Text[w.Start-1] > '9')
	}
	for i := 0; i < len(words); {
		if !capital(words[i]) {
			i++
			continue
		}
		j := i + 1 // words[i:j] is the run so far, ending in a capitalised word
		for j < len(words) {
			switch {
			case capital(words[j]):
				j++
				continue
			case j+1 < len(words) && terms.IsSmall(words[j].Text) && capital(words[j+1]):
				j += 2
				continue
			}
			break
		}
		if run := words[i:j]; len(run) > 1 && !q.isPart(run) {
			q.Names = append(q.Names, q.part(run, run[0].Start, run[len(run)-1].End, true, false))
		}
		i = j
	}
}

// isPart reports whether the run is already a phrase part (a hyphenated
// name), which needs no name besides.
func (q *Query) isPart(run []terms.Word) bool {
	return slices.ContainsFunc(q.Parts, func(p Part) bool {
		return p.Phrase && p.Start == run[0].Start && p.End == run[len(run)-1].End
	})
}

func (q *Query) part(words []terms.Word, start, end int, phrase, quoted bool) Part {
	p := Part{Typed: q.Text[start:end], Phrase: phrase && len(words) > 1, Quoted: quoted, Start: start, End: end}
	for _, w := range words {
		p.Words = append(p.Words, w.Text)
		p.Stems = append(p.Stems, terms.Stem(w.Text))
	}
	return p
}

// isAcronym reports whether a word is typed in capitals ("IT", "US",
// "WHO"), which makes a small word a name worth searching for.
func isAcronym(typed string) bool {
	letters := 0
	for _, r := range typed {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// maxMagnitudeFigures is the most figures an amount is written with
// before a magnitude smaller than the largest it could have ("£20,000m"
// for £20bn): none writes £20bn as "£20,000,000k".
const maxMagnitudeFigures = 5

// magnitude is a word for an amount's magnitude and its zeros.
type magnitude struct{ word, zeros string }

// magnitudes are the words terms reads an amount's magnitude written short
// as ("£5m" is "5 million"), with their zeros.
var magnitudes = [...]magnitude{
	{"billion", "000000000"}, {"million", "000000"}, {"thousand", "000"},
}

// inFigures returns, for the stems of an amount with its magnitude written
// short ("5 million" for "£5m", whose words stand with nothing between),
// the number in figures ("5000000"), as stories also write it
// ("£5,000,000"); "" for anything else.
//
// A decimal amount ("1_5 million" for "£1.5m": terms.DecimalMark) is in
// figures too ("1500000" for "£1,500,000"), when its decimals are fewer
// than the magnitude's zeros.
func inFigures(stems []string) string {
	if len(stems) != 2 || !terms.IsNumber(stems[0]) {
		return ""
	}
	whole, decimals, _ := strings.Cut(stems[0], terms.DecimalMark)
	for _, m := range magnitudes {
		if stems[1] == m.word && len(decimals) < len(m.zeros) {
			if n := strings.TrimLeft(whole+decimals, "0"); n != "" {
				return n + m.zeros[len(decimals):]
			}
		}
	}
	return ""
}

// numberInWords returns, for the stems of an amount with its magnitude
// as a word ("5 million" for "£5m"), the amount with its number in words
// as well, as house styles write it ("five million"; terms.OtherSpellings
// knows two to twenty and the tens to ninety); nil for any other stems.
func numberInWords(stems []string) [][]string {
	if len(stems) != 2 || inFigures(stems) == "" {
		return nil
	}
	var out [][]string
	for _, word := range terms.OtherSpellings(stems[0]) {
		out = append(out, []string{word, stems[1]})
	}
	return out
}

// inOtherMagnitudes returns, for the stems of an amount with its magnitude
// as a word ("0_5 billion" for "£0.5bn"), the same amount in each other
// magnitude a story may write it in (withMagnitude: "500 million", as
// "£500m" is held), its number in words too; nil for any other stems.
// House styles differ, and a reader types the amount as they remember it,
// not as the story wrote it: "£0.5bn" finds "£500m", "£20,000m" "£20bn".
func inOtherMagnitudes(stems []string) [][]string {
	var out [][]string
	for _, form := range withMagnitude(inFigures(stems)) {
		if !slices.Equal(form, stems) {
			out = append(out, form)
			out = append(out, numberInWords(form)...)
		}
	}
	return out
}

// withMagnitude returns, for a number in figures that ends in the zeros of
// a magnitude ("5000000"), the stems of it with the largest written as a
// word ("5 million"), as stories also write it ("£5m", "£5 million"), and
// with a smaller one while its number has at most maxMagnitudeFigures
// figures ("1000 million" for 1000000000, as "£1,000m" is held); and
// before them, for each larger magnitude of which the number is one or two
// decimals (a million or a billion), the stems of that decimal amount
// ("1_5 million" for 1500000, as "£1.5m" is held; "0_5 billion" for
// 500000000, as "£0.5bn" is); nil for anything else.
func withMagnitude(stem string) [][]string {
	if !terms.IsNumber(stem) || stem[0] == '0' || strings.Contains(stem, terms.DecimalMark) {
		return nil
	}
	var out [][]string
	whole := false // written with a larger magnitude already
	for _, m := range magnitudes {
		if n, ok := strings.CutSuffix(stem, m.zeros); ok && n != "" {
			if whole && len(n) > maxMagnitudeFigures {
				break
			}
			out, whole = append(out, []string{n, m.word}), true
			continue
		}
		// Not "2.02 thousand" for 2020: nobody writes a thousand so.
		if k := len(stem) - len(m.zeros); k >= 0 && m.word != "thousand" {
			if decimals := strings.TrimRight(stem[k:], "0"); len(decimals) <= 2 {
				// A fraction of the magnitude is written with a nought
				// before its point ("£0.5bn"), as terms holds it.
				out = append(out, []string{cmp.Or(stem[:k], "0") + terms.DecimalMark + decimals, m.word})
			}
		}
	}
	return out
}

// smallAcronym reports whether typed, a small word, is searched for as an
// acronym ("IT", "US", "WHO"): typed in capitals, but not as the operators
// AND and OR, nor in a query typed wholly in capitals.
func (q *Query) smallAcronym(typed string) bool {
	return isAcronym(typed) && !isOperator(typed) && !q.shouted
}

// shouted reports whether text, a query, is typed wholly in capitals (no
// letter in lower case) with a word that is no acronym: not small, of four
// letters or more, and not one terms knows; and with a small word that
// only a sentence has, no acronym terms knows nor AND or OR ("WHAT IS THE
// SECRET OF SUCCESS", typed with caps lock on). Its capitals say nothing
// about its small words, which are left out as in lower case. A query of
// acronyms and small words ("NHS IT", "WHO") is not shouted, nor is one
// whose long acronym terms does not know ("GCSE IT", "NHSX IT"): its
// small words are all acronyms terms knows.
func shouted(text string) bool {
	if strings.ContainsFunc(text, unicode.IsLower) {
		return false
	}
	long, sentence := false, false
	terms.Each(text, func(w terms.Word) {
		known := terms.Expansions(terms.Stem(w.Text)) != nil
		long = long || !terms.IsSmall(w.Text) && utf8.RuneCountInString(w.Text) >= 4 && !terms.IsNumber(w.Text) && !known
		sentence = sentence || terms.IsSmall(w.Text) && !known && !isOperator(w.Text)
	})
	return long && sentence
}

// isOperator reports whether a word typed in capitals is AND or OR, which
// people type between words as other search boxes take them: small words
// to leave out, not acronyms. (Every part is required, as AND asks, and
// stories with only some parts follow, as near as this search comes to OR.)
func isOperator(typed string) bool { return typed == "AND" || typed == "OR" }

// leaveOutAsking leaves out of a query typed as a question the words
// that ask (terms.IsAsking: "happening", "news", "latest") typed alone,
// unquoted and in lower case or capitalised, as small words are left
// out: "what is happening with devolution?" asks for the stories of
// devolution, which do not say "happening", and "any news on shared
// services?" is no misspelling of "new". A question is a query that
// ends with a question mark or begins with a word that starts one
// (terms.StartsQuestion: "what", "is", "any"). When only such words are
// left ("what news?"), they are searched for.
func (q *Query) leaveOutAsking() {
	if !strings.HasSuffix(q.Text, "?") {
		first, _, _ := strings.Cut(strings.TrimLeft(q.Text, "\"'‘“ "), " ")
		if !terms.StartsQuestion(terms.Fold(first)) {
			return
		}
	}
	asking := func(p Part) bool {
		return !p.Phrase && !p.Quoted && !p.Capitals && !p.Month && terms.IsAsking(p.Words[0])
	}
	if !slices.ContainsFunc(q.Parts, func(p Part) bool { return !asking(p) }) {
		return
	}
	q.Parts = slices.DeleteFunc(q.Parts, func(p Part) bool {
		if asking(p) {
			q.Ignored = append(q.Ignored, p.Typed)
		}
		return asking(p)
	})
}

// dedupe drops parts that repeat an earlier part's stems.
func dedupe(parts []Part) []Part {
	var out []Part
	for _, p := range parts {
		if !slices.ContainsFunc(out, func(o Part) bool { return slices.Equal(o.Stems, p.Stems) }) {
			out = append(out, p)
		}
	}
	return out
}

// tooLong says why a query whose only words are too long to be words
// searches nothing: "There are no words" would deny what was typed.
func (q *Query) tooLong() string {
	verb := "are"
	if len(q.TooLong) == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%s %s longer than any word in the archive, so there is nothing to search for: type words with spaces between them, such as `shared services`.",
		quoteList(q.TooLong, "and"), verb)
}

// nothingToSearch says why a query with no parts searches nothing.
func (q *Query) nothingToSearch() string {
	if len(q.Ignored) > 0 {
		return fmt.Sprintf("“%s” has only small words, which search leaves out. Put them in quotes to search for them as a phrase: \"%s\".",
			q.Text, strings.Join(q.Ignored, " "))
	}
	return "There are no words to search for there: type some words, such as `devolution` or `shared services`."
}

// asLink returns the canonical form of text when it is one http(s) link
// and nothing else, "" otherwise. A link without its scheme
// (schemeless) is one too, read as https.
func asLink(text string) string {
	// "<https://…>" is one link: Discord users bracket a link to stop its
	// preview, and submit takes it so (digest.Canonicalize drops them).
	if len(text) >= 2 && text[0] == '<' && text[len(text)-1] == '>' {
		text = text[1 : len(text)-1]
	}
	if schemeless(text) {
		text = "https://" + text
	}
	scheme, _, ok := strings.Cut(text, "://")
	if !ok || !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") || strings.Contains(text, " ") {
		return ""
	}
	link, err := digest.Canonicalize(text)
	if err != nil {
		return ""
	}
	return link
}

// schemeless reports whether text is a web address without its scheme,
// as a link is copied from a browser's address bar that hides it or typed
// from a page ("www.lgcplus.com/dorset-councils-propose-shared-working",
// "bbc.co.uk/news/uk-wales-29866001"): a host name of two labels or more
// whose last, its top-level domain, is two or more lower-case letters,
// then a path. Read as words, the host's parts ("www", "lgcplus", "com")
// and the article's ID were searched for and reported missing beside the
// slug's words. A host alone ("gloucester.gov.uk") stays words, as the
// slug it would be searched by is in a path, and so does a name with a
// capital after its dot ("St.Albans/Herts").
func schemeless(text string) bool {
	if strings.Contains(text, "://") || strings.ContainsAny(text, " \t") {
		return false
	}
	host, rest, ok := strings.Cut(text, "/")
	if !ok || rest == "" {
		return false
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.ContainsFunc(l, func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-')
		}) {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && !strings.ContainsFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' })
}

// otherParticleNumber returns, for hyphenated words whose last is a
// particle or a particle's plural ("start-up", "start-ups", "buy-ins"),
// their stems with the other number, nil for others. The stemmer leaves
// words of three letters alone, so "ups" is not "up" and "shake-ups"
// would not find "shake-up"; a longer particle's plural ("lay-offs") it
// folds. Only a small word's plural is one: "bus" and "gas" are no "bu"
// and "ga".
func otherParticleNumber(stems []string) []string {
	n := len(stems)
	last, other := stems[n-1], ""
	switch {
	case len(last) == 3 && last[2] == 's' && isLowerASCII(last) && terms.IsSmall(last[:2]):
		other = last[:2]
	case len(last) == 2 && isLowerASCII(last) && terms.IsSmall(last):
		other = last + "s"
	default:
		return nil
	}
	out := slices.Clone(stems)
	out[n-1] = other
	return out
}
