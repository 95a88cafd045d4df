package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
)

// news answers /shared news [SECTOR] [N].
func (b *Bot) news(ctx context.Context, _ Request, cmd Command) Reply {
	args := argTexts(cmd)
	n := defaultNews
	if len(args) > 0 && isNumber(args[len(args)-1]) {
		var err error
		if n, err = parseCount(args[len(args)-1], maxNews); err != nil {
			return badArgs(err.Error() + ".")
		}
		args = args[:len(args)-1]
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
func (b *Bot) search(ctx context.Context, _ Request, cmd Command) Reply {
	res, refusal, err := runSearch(ctx, search.New(b.store), cmd.Rest(0))
	if err != nil {
		return b.failure(ctx, "search", err)
	}
	if refusal != "" {
		return badArgs(refusal)
	}
	list := StoryList{Kind: SearchList, Title: "Search: " + res.Query.Text, Items: b.items(hitStories(res)),
		Empty: noMatches(res.Query.Text), Note: res.Note()}
	if res.Suggestion != nil {
		list.DidYouMean = res.Suggestion.Query
	}
	return Reply{Body: list}
}

// edition answers /shared edition [N].
func (b *Bot) edition(ctx context.Context, _ Request, cmd Command) Reply {
	if len(cmd.Args) > 1 {
		return badArgs("Give one edition number, or none for the latest.")
	}
	var rec store.EditionRecord
	var err error
	if arg := cmd.Arg(0); arg != "" {
		n, convErr := strconv.Atoi(strings.TrimPrefix(arg, "#"))
		if convErr != nil || n < 1 {
			return badArgs(fmt.Sprintf("`%s` is not an edition number.", arg))
		}
		rec, err = b.store.Edition(ctx, n)
		if errors.Is(err, store.ErrNotFound) {
			latest, lerr := b.store.LatestEdition(ctx)
			if lerr != nil {
				return problem(fmt.Sprintf("There is no edition %d: no edition has been published yet.", n))
			}
			return problem(fmt.Sprintf("There is no edition %d; the latest is edition %d.", n, latest.Edition.Number))
		}
	} else {
		rec, err = b.store.LatestEdition(ctx)
		if errors.Is(err, store.ErrNotFound) {
			return info("No edition has been published yet.")
		}
	}
	if err != nil {
		return b.failure(ctx, "load edition", err)
	}
	return Reply{Body: EditionView{Edition: b.compose(rec)}}
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
		return digest.Sector{}, problem(err.Error() + " Sectors: " + b.sectorSlugs() + "."), false
	}
	return s, Reply{}, true
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
	return problem("Something went wrong on our side (" + doing + "); nothing was changed. The operator can see the details in the log.")
}
