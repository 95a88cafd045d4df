package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
)

// news answers /shared news [SECTOR] [N].
func (b *Bot) news(ctx context.Context, _ Request, cmd Command) Reply {
	args := argTexts(cmd)
	n := defaultNews
	// The count comes last ("news health 5"), or first ("news 5 health")
	// unless the words are a sector's name ("999 services").
	switch {
	case len(args) > 0 && isNumber(args[len(args)-1]):
		var bad string
		if n, bad = parseCount(args[len(args)-1], maxNews); bad != "" {
			return badArgs(bad)
		}
		args = args[:len(args)-1]
	case len(args) > 1 && isNumber(args[0]) && !b.isSector(strings.Join(args, " ")):
		var bad string
		if n, bad = parseCount(args[0], maxNews); bad != "" {
			return badArgs(bad)
		}
		args = args[1:]
	}
	// A second count ("news 5 5", "news 10 health 5") would be read as a
	// sector's name and refused as "Unknown sector `5`", which says
	// nothing of the count given twice.
	if len(args) > 0 && slices.ContainsFunc(args, isNumber) && !b.isSector(strings.Join(args, " ")) {
		return badArgs("Give the number of stories once, after the sector if there is one: such as `news health 10`.")
	}
	var sector digest.Sector
	if len(args) > 0 {
		var reply Reply
		var ok bool
		if sector, reply, ok = b.resolveSector(strings.Join(args, " ")); !ok {
			return reply
		}
	}
	stories, err := b.store.LatestStories(ctx, sector.Slug, n)
	if err != nil {
		return b.failure(ctx, "list news", err)
	}
	title, empty := "Latest stories", "No stories have been approved yet."
	if sector.Slug != "" {
		title = "Latest in " + sector.Name
		empty = "No stories in " + sector.Name + " yet."
	}
	return Reply{Body: StoryList{Kind: NewsList, Title: title, Items: b.items(stories), Empty: empty}}
}

// sectorList answers /shared sectors.
func (b *Bot) sectorList(ctx context.Context, _ Request, _ Command) Reply {
	counts, err := b.store.SectorCounts(ctx)
	if err != nil {
		return b.failure(ctx, "count sectors", err)
	}
	items := make([]SectorCount, len(b.sectors))
	for i, s := range b.sectors {
		items[i] = SectorCount{Sector: s, Stories: counts[s.Slug]}
	}
	return Reply{Body: SectorList{Items: items}}
}

// search answers /shared search WORDS with package search, which the web
// archive's search (SearchPublished) also uses, so both give the same
// answer in the same words.
func (b *Bot) search(ctx context.Context, req Request, cmd Command) Reply {
	res, refusal, err := runSearch(ctx, search.New(b.store).WithSectors(b.sectors), cmd.RawRest(0), 0)
	if err != nil {
		return b.failure(ctx, "search", err)
	}
	if refusal != "" {
		return badArgs(refusal)
	}
	typed := res.Query.Text
	if res.Followed != "" { // the hits are of a suggestion or a link's words; Note says so
		typed = res.Followed
	}
	list := StoryList{Kind: SearchList, Title: "Search: " + typed, Items: b.hitItems(res),
		Empty: noMatches(res.Query.Text), Note: res.Note(), More: res.More}
	inEditions, said, err := b.editionsWithTheWords(ctx, res)
	if err != nil {
		return b.failure(ctx, "search", err)
	}
	if len(inEditions) > 0 {
		if len(res.Hits) == 0 {
			list.Empty = said
		} else {
			list.Note = strings.TrimSpace(list.Note + " " + said)
		}
		list.ReadWith = fmt.Sprintf("%s edition %d", b.CommandWord(req.Channel.Platform), inEditions[0].Number)
		res.Suggestion = nil // the words are the editor's, as typed: another spelling would mislead
	}
	if res.More {
		list.MoreURL = b.webSearchURL(cmd.RawRest(0))
	}
	if res.Suggestion != nil {
		list.DidYouMean = res.Suggestion.Query
	}
	return Reply{Body: list}
}

// edition answers /shared edition [N|DATE|MONTH].
func (b *Bot) edition(ctx context.Context, req Request, cmd Command) Reply {
	q, why := ReadEditionQuery(cmd.Rest(0))
	if why != "" {
		if strings.Contains(why, "neither") {
			why += "; give a number (`edition 12`), a date (`edition 2014-12-04`) or a month (`edition November 2014`)"
		}
		return badArgs(why + ".")
	}
	rec, note, err := b.FindEdition(ctx, q, "edition")
	var missing *EditionMissing
	switch {
	case errors.As(err, &missing) && missing.NoneYet && q == EditionQuery{}:
		return info(missing.Sentence)
	case errors.As(err, &missing):
		return problem(missing.Sentence)
	case err != nil:
		return b.failure(ctx, "load edition", err)
	}
	e := b.compose(rec)
	e.Subscribe = b.ChatSubscribe(req.Channel.Platform)
	return Reply{Body: EditionView{Edition: e, Note: note}}
}

// ReadEditionDate reads a date as /shared edition and the web archive
// take it: as an edition's date line writes it (digest.ReadDate), also
// after a weekday ("Thursday 4th December 2014"), and in figures month
// first ("12/25/2014") when that is the one reading with a month. A day
// the month lacks ("2014-02-30") is read, for the caller to refuse with
// its reason (CalendarDate.NoSuchDay).
func ReadEditionDate(s string) (digest.CalendarDate, bool) {
	words := digest.DateWords(s)
	if len(words) > 1 {
		if _, ok := digest.WeekdayNamed(words[0]); ok {
			words = words[1:]
		}
	}
	if d, ok := digest.ReadDate(words); ok {
		return d, true
	}
	if len(words) == 1 {
		if m := figuresDate.FindStringSubmatch(words[0]); m != nil {
			return digest.ReadDate([]string{m[3] + m[2] + m[1] + m[4] + m[5]})
		}
	}
	return digest.CalendarDate{}, false
}

// figuresDate is a date in figures, its first two parts swapped when
// read month first.
var figuresDate = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{2}|\d{4})$`)

// clipArg shortens an argument shown back in a refusal.
func clipArg(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// compose lays out a stored edition: its lead and sections in its own
// order, the rest in the configured sector order.
func (b *Bot) compose(rec store.EditionRecord) digest.Edition {
	e := rec.Edition
	e.Lead, e.Sections = digest.Arrange(b.sectors, rec.Layout, rec.Stories)
	return e
}

// Edition lays out a stored edition as every command shows it.
func (b *Bot) Edition(rec store.EditionRecord) digest.Edition { return b.compose(rec) }

// resolveSector resolves a sector argument, or returns the refusal to send.
func (b *Bot) resolveSector(arg string) (digest.Sector, Reply, bool) {
	s, err := b.sectors.Resolve(arg)
	if err != nil {
		return digest.Sector{}, problem(sectorProblem(err) + " Sectors: " + b.sectorSlugs() + "."), false
	}
	return s, Reply{}, true
}

// isSector reports whether arg names a sector.
func (b *Bot) isSector(arg string) bool {
	_, err := b.sectors.Resolve(arg)
	return err == nil
}

func (b *Bot) sectorSlugs() string {
	slugs := make([]string, len(b.sectors))
	for i, s := range b.sectors {
		slugs[i] = "`" + s.Slug + "`"
	}
	return strings.Join(slugs, ", ")
}

func argTexts(cmd Command) []string {
	out := make([]string, len(cmd.Args))
	for i, a := range cmd.Args {
		out[i] = a.Text
	}
	return out
}

// failure logs an internal error for the operator and tells the user one
// sentence, without the details.
func (b *Bot) failure(ctx context.Context, doing string, err error) Reply {
	b.log.ErrorContext(ctx, "command failed", "doing", doing, "err", err)
	if sentence, ok := faultSentence(doing, err); ok {
		return problem(sentence)
	}
	return problem(Failed(doing))
}

// faultSentence is what the user is told of a failure an operator must
// fix by hand, or of a database another program holds: its own sentence,
// which says that nothing was changed; ok is false for any other error.
func faultSentence(doing string, err error) (sentence string, ok bool) {
	switch {
	case errors.As(err, new(*store.DiskFullError)):
		return "The bot's disk is full, so I couldn't " + doing + "; nothing was changed. The operator needs to free some space (the log names the device).", true
	case errors.As(err, new(*store.ReadOnlyError)):
		return "The bot's database is read-only, so I couldn't " + doing + "; nothing was changed. The operator can see why in the log.", true
	case errors.As(err, new(*store.DamagedError)):
		// No retry mends it, and the operator may not have seen it:
		// the log line names the file and the ways out.
		return "The bot's database is damaged, so I couldn't " + doing +
			". The operator needs to restore it from a backup; the log names the file and how.", true
	case errors.As(err, new(*store.BusyError)):
		// Another program holds the database: passing, most often, and
		// a retry is what helps.
		return "The bot's database is busy (another program is holding it), so I couldn't " + doing +
			"; nothing was changed. Please try again in a minute; if it keeps happening, tell the operator.", true
	}
	return "", false
}
