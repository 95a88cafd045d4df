package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// EditionQuery is a published edition as someone asks for it: the latest
// (the zero value), by number, the first of a day, or the newest of a
// month. `/shared edition` and `sharednews preview --edition` read it
// alike (ReadEditionQuery) and find it alike (FindEdition).
type EditionQuery struct {
	Number int
	// Date is the day asked for; with Month, only its year and month
	// count (Day is 1).
	Date  digest.CalendarDate
	Month bool
}

// IsDate reports whether q asks for a day or a month rather than a number
// or the latest.
func (q EditionQuery) IsDate() bool { return q.Date.Year != 0 }

// ReadEditionQuery reads what is asked for: nothing, "latest" or "last"; a
// number, perhaps with "#"; a date (ReadEditionDate); or a month, by name
// or in figures ("November 2014", "Nov 2014", "2014-11", "11/2014").
// When arg names no edition, why says so in a clause quoting arg ("`0` is
// not an edition number"), for the caller to finish with its own advice.
func ReadEditionQuery(arg string) (q EditionQuery, why string) {
	arg = strings.TrimSpace(arg)
	switch {
	case arg == "" || strings.EqualFold(arg, "latest") || strings.EqualFold(arg, "last"):
		return EditionQuery{}, ""
	case isEditionNumber(arg):
		n, err := strconv.Atoi(strings.TrimPrefix(arg, "#"))
		if err != nil || n < 1 {
			return EditionQuery{}, fmt.Sprintf("`%s` is not an edition number", clipArg(arg))
		}
		return EditionQuery{Number: n}, ""
	}
	if year, month, ok := readMonth(arg); ok {
		return EditionQuery{Date: digest.CalendarDate{Year: year, Month: month, Day: 1}, Month: true}, ""
	}
	date, ok := ReadEditionDate(arg)
	switch {
	case !ok:
		return EditionQuery{}, fmt.Sprintf("`%s` is neither an edition number nor a date", clipArg(arg))
	case !date.Exists():
		return EditionQuery{}, fmt.Sprintf("`%s` is not a date: %s", clipArg(arg), date.NoSuchDay())
	}
	return EditionQuery{Date: date}, ""
}

// readMonth reads a month of a year: its name, in full or short, and a
// year of four figures, either way round ("November 2014", "2014 Nov"),
// or in figures, ISO's year and month or a month and year ("2014-11",
// "11/2014").
func readMonth(s string) (int, time.Month, bool) {
	words := digest.DateWords(s)
	switch len(words) {
	case 2:
		monthWord, yearWord := words[0], words[1]
		if digest.AllDigits(monthWord) {
			monthWord, yearWord = yearWord, monthWord
		}
		m, _ := digest.MonthNamed(monthWord)
		if m == 0 || len(yearWord) != 4 || !digest.AllDigits(yearWord) {
			return 0, 0, false
		}
		year, _ := strconv.Atoi(yearWord)
		return year, m, true
	case 1:
		p := figuresMonth.FindStringSubmatch(words[0])
		if p == nil {
			return 0, 0, false
		}
		yearWord, monthWord := p[1], p[2]
		if yearWord == "" {
			yearWord, monthWord = p[4], p[3]
		}
		year, _ := strconv.Atoi(yearWord)
		m, _ := strconv.Atoi(monthWord)
		if m < 1 || m > 12 {
			return 0, 0, false
		}
		return year, time.Month(m), true
	}
	return 0, 0, false
}

// figuresMonth is a month in figures: year and month ("2014-11") or
// month and year ("11/2014", "11.2014").
var figuresMonth = regexp.MustCompile(`^(?:(\d{4})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{4}))$`)

// EditionMissing is FindEdition's answer when no published edition is the
// one asked for: Sentence says so and names the nearest there are.
type EditionMissing struct {
	Sentence string
	// NoneYet is set when no edition has been published at all.
	NoneYet bool
}

func (e *EditionMissing) Error() string { return e.Sentence }

// FindEdition finds the published edition q asks for, and a note naming
// the others of the same day or month ("" when there are none), with how
// to ask for the first of them: again is the command that takes an
// edition's number ("edition" in chat, "sharednews preview --edition"). An
// edition that is not there is an *EditionMissing, saying so; any other
// error is the store's.
func (b *Bot) FindEdition(ctx context.Context, q EditionQuery, again string) (store.EditionRecord, string, error) {
	switch {
	case q.Month:
		return b.editionOfMonth(ctx, q.Date, again)
	case q.IsDate():
		rec, err := b.store.EditionOn(ctx, q.Date.Time())
		if errors.Is(err, store.ErrNotFound) {
			return store.EditionRecord{}, "", b.noEditionOn(ctx, q.Date.Time())
		}
		if err != nil {
			return store.EditionRecord{}, "", err
		}
		note, err := b.othersOn(ctx, rec, again)
		return rec, note, err
	case q.Number > 0:
		rec, err := b.store.Edition(ctx, q.Number)
		if !errors.Is(err, store.ErrNotFound) {
			return rec, "", err
		}
		latest, err := b.store.LatestEdition(ctx)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return store.EditionRecord{}, "", &EditionMissing{Sentence: fmt.Sprintf("There is no edition %d: no edition has been published yet.", q.Number), NoneYet: true}
		case err != nil:
			// The store failing is not "none published yet".
			return store.EditionRecord{}, "", err
		}
		sentence := fmt.Sprintf("There is no edition %d; the latest is edition %d", q.Number, latest.Edition.Number)
		if q.Number >= 1900 && q.Number <= 2999 {
			// "edition 2014" is most likely a year: say how to ask for one.
			year, err := b.YearHint(ctx, q.Number, again)
			if err != nil {
				return store.EditionRecord{}, "", err
			}
			sentence += year
		}
		return store.EditionRecord{}, "", &EditionMissing{Sentence: sentence + "."}
	}
	rec, err := b.store.LatestEdition(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return store.EditionRecord{}, "", &EditionMissing{Sentence: "No edition has been published yet.", NoneYet: true}
	}
	return rec, "", err
}

// YearHint ends the sentence that there is no edition numbered year,
// for someone who meant the year: which editions are of it (their numbers
// follow their dates, so they are a run) and the month of its newest to
// ask for (with again, the command that takes a month), or that it has
// none. `sharednews preview --edition` ends its own sentence with it.
func (b *Bot) YearHint(ctx context.Context, year int, again string) (string, error) {
	first := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	refs, err := b.store.EditionsBetween(ctx, first, first.AddDate(1, 0, 0))
	if err != nil {
		return "", fmt.Errorf("find the editions of a year: %w", err)
	}
	if len(refs) == 0 {
		return fmt.Sprintf(", and no edition is of the year %d", year), nil
	}
	has := fmt.Sprintf("one edition, %d", refs[0].Number)
	if n := len(refs); n > 1 {
		has = fmt.Sprintf("%d editions, %d to %d", n, refs[0].Number, refs[n-1].Number)
	}
	return fmt.Sprintf(". If you meant the year, %d has %s: ask for one by its number, or for a month, such as `%s %s`",
		year, has, again, refs[len(refs)-1].Date.Format("January 2006")), nil
}

// editionOfMonth finds the newest edition of the month of d, naming the
// month's others.
func (b *Bot) editionOfMonth(ctx context.Context, d digest.CalendarDate, again string) (store.EditionRecord, string, error) {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	next := first.AddDate(0, 1, 0)
	month := first.Format("January 2006")
	refs, err := b.store.EditionsBetween(ctx, first, next)
	if err != nil {
		return store.EditionRecord{}, "", err
	}
	if len(refs) == 0 {
		before, _, err := b.store.EditionsAround(ctx, first)
		if err != nil {
			return store.EditionRecord{}, "", fmt.Errorf("find editions near a month: %w", err)
		}
		_, after, err := b.store.EditionsAround(ctx, next.AddDate(0, 0, -1))
		if err != nil {
			return store.EditionRecord{}, "", fmt.Errorf("find editions near a month: %w", err)
		}
		return store.EditionRecord{}, "", nearest("There is no edition of "+month, before, after)
	}
	newest := refs[len(refs)-1]
	rec, err := b.store.Edition(ctx, newest.Number)
	if err != nil {
		return store.EditionRecord{}, "", err
	}
	var others []string
	for _, ref := range refs[:len(refs)-1] {
		others = append(others, fmt.Sprintf("%d (%s)", ref.Number, digest.DateLine(ref.Date)))
	}
	return rec, alsoNote(others, "of "+month, again, refs[0].Number), nil
}

// alsoNote names the other editions of the same day or month (of: "dated
// Thursday 6 November 2014", "of November 2014") and how to ask for the
// first of them by number: "" when there are none.
func alsoNote(others []string, of, again string, first int) string {
	switch len(others) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("Edition %s is %s too (`%s %d`).", others[0], of, again, first)
	}
	return fmt.Sprintf("Editions %s are %s too (`%s %d`).", ListWords(others), of, again, first)
}

// othersOn names the other editions dated as rec, the first of its day
// that /shared edition DATE shows: "" when it is the only one.
func (b *Bot) othersOn(ctx context.Context, rec store.EditionRecord, again string) (string, error) {
	numbers, err := b.store.EditionNumbersOn(ctx, rec.Edition.Date)
	if err != nil {
		return "", err
	}
	var others []string
	first := 0
	for _, n := range numbers {
		if n != rec.Edition.Number {
			if first == 0 {
				first = n
			}
			others = append(others, strconv.Itoa(n))
		}
	}
	return alsoNote(others, "dated "+digest.DateLine(rec.Edition.Date), again, first), nil
}

// noEditionOn says there is no edition on a date, and names the nearest.
func (b *Bot) noEditionOn(ctx context.Context, date time.Time) error {
	before, after, err := b.store.EditionsAround(ctx, date)
	if err != nil {
		return fmt.Errorf("find editions near a date: %w", err)
	}
	return nearest("There is no edition dated "+digest.DateLine(date), before, after)
}

// nearest finishes msg, that there is no edition asked for, with the
// editions nearest before and after it.
func nearest(msg string, before, after store.EditionRef) *EditionMissing {
	var near []string
	for _, ref := range []store.EditionRef{before, after} {
		if ref.Number > 0 {
			near = append(near, fmt.Sprintf("edition %d (%s)", ref.Number, digest.DateLine(ref.Date)))
		}
	}
	switch len(near) {
	case 0:
		return &EditionMissing{Sentence: msg + ": no edition has been published yet.", NoneYet: true}
	case 1:
		return &EditionMissing{Sentence: msg + "; the nearest is " + near[0] + "."}
	}
	return &EditionMissing{Sentence: msg + "; the nearest are " + near[0] + " and " + near[1] + "."}
}

// isEditionNumber reports whether arg is a number, perhaps with "#".
func isEditionNumber(arg string) bool {
	d := strings.TrimPrefix(arg, "#")
	return d != "" && strings.Trim(d, "0123456789") == ""
}
