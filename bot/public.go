package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
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
// first, each with its excerpt as chat shows it, with Empty saying so when
// there are none. Note and DidYouMean are what chat shows with its list: a
// sentence when only some words matched, and a search that would find more.
type PublicSearch struct {
	Refusal    string
	Stories    []StoryItem
	Empty      string
	Note       string
	DidYouMean string
}

// SearchPublished answers words as /shared search does, with its refusals
// and ranking, over the stories of published editions only.
func (b *Bot) SearchPublished(ctx context.Context, words string) (PublicSearch, error) {
	res, refusal, err := runSearch(ctx, search.NewPublished(b.store).WithSectors(b.sectors), words)
	if err != nil || refusal != "" {
		return PublicSearch{Refusal: refusal}, err
	}
	out := PublicSearch{Stories: b.hitItems(res), Empty: noMatches(res.Query.Text), Note: res.Note()}
	if res.Suggestion != nil {
		out.DidYouMean = res.Suggestion.Query
	}
	return out, nil
}

// runSearch runs words through s, or returns the sentence that refuses
// them: chat and the web refuse the same words in the same way.
func runSearch(ctx context.Context, s *search.Searcher, words string) (search.Result, string, error) {
	if strings.TrimSpace(words) == "" {
		return search.Result{}, "Tell me what to search for.", nil
	}
	res, err := s.Search(ctx, words, searchResults)
	if err != nil {
		return res, "", err
	}
	return res, res.Query.Problem, nil
}

// hitItems are a search's hits as a list shows them, each with its excerpt.
func (b *Bot) hitItems(res search.Result) []StoryItem {
	out := make([]StoryItem, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = b.item(h.Story)
		out[i].Excerpt = h.Excerpt
	}
	return out
}

func noMatches(words string) string {
	return fmt.Sprintf("Nothing in the archive matches “%s”.", words)
}
