package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
)

// What the public web archive asks of the bot: published editions composed
// exactly as chat shows them, and the search /shared search runs, so that
// the web and chat give the same answers in the same words.

// PublishedEdition returns published edition number, composed as
// /shared edition shows it; the error wraps store.ErrNotFound when there is
// no such edition.
func (b *Bot) PublishedEdition(ctx context.Context, number int) (digest.Edition, error) {
	rec, err := b.store.Edition(ctx, number)
	if err != nil {
		return digest.Edition{}, err
	}
	return b.compose(rec), nil
}

// LatestPublishedEdition returns the latest published edition, composed as
// /shared edition shows it; the error wraps store.ErrNotFound when none has
// been published.
func (b *Bot) LatestPublishedEdition(ctx context.Context) (digest.Edition, error) {
	rec, err := b.store.LatestEdition(ctx)
	if err != nil {
		return digest.Edition{}, err
	}
	return b.compose(rec), nil
}

// PublicSearch is a search of the published archive: either a Refusal (the
// words cannot be searched for, and nothing was) or the Stories found, best
// first, with Empty saying so when there are none.
type PublicSearch struct {
	Refusal string
	Stories []digest.Story
	Empty   string
}

// SearchPublished answers words as /shared search does, with its refusals
// and ranking, over the stories of published editions only.
func (b *Bot) SearchPublished(ctx context.Context, words string) (PublicSearch, error) {
	if r, bad := checkSearch(words); bad {
		return PublicSearch{Refusal: r.Body.(Message).Text}, nil
	}
	stories, err := b.store.SearchPublishedStories(ctx, words, searchResults)
	if err != nil {
		return PublicSearch{}, err
	}
	return PublicSearch{Stories: stories, Empty: noMatches(words)}, nil
}

// checkSearch returns the refusal for words that cannot be searched for.
func checkSearch(words string) (Reply, bool) {
	if strings.TrimSpace(words) == "" {
		return badArgs("Tell me what to search for."), true
	}
	return tooLong("A search", words, maxSearchRunes)
}

func noMatches(words string) string {
	return fmt.Sprintf("Nothing in the archive matches “%s”.", words)
}
