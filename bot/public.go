package bot

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/search"
	"github.com/sharednews/sharednews/store"
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
// Stories are page Page of Pages (at least one), as many to a page as chat
// lists; a page past the last has none. Uncounted says Pages is only
// those the stories with every word fill, and there are more than this
// page: the search has not counted the stories with some of them, which
// follow (search.Result.Uncounted). Total is how many stories the search
// found (search.Result.Total): more than that when Uncounted.
type PublicSearch struct {
	Refusal    string
	Words      string // what the search read, as chat heads its answer with it
	Stories    []StoryItem
	Empty      string
	Note       string
	DidYouMean string
	// InEditions are, when no story has every word, the published
	// editions whose editor's own words (intro, sections' text) have them
	// all, newest first, which Empty (no story matched) or Note names.
	InEditions []store.EditionRef
	Pages      int // how many pages the stories fill
	Uncounted  bool
	Total      int
}

// SearchPublished answers words as /shared search does, with its refusals
// and ranking, over the stories of published editions only: page 1 is
// what chat would list, and each later page the stories after those of the
// page before it, every story on one page only.
func (b *Bot) SearchPublished(ctx context.Context, words string, page int) (PublicSearch, error) {
	page = max(page, 1)
	res, refusal, err := runSearch(ctx, search.NewPublished(b.store).WithSectors(b.sectors), words, (page-1)*searchResults)
	if err != nil || refusal != "" {
		return PublicSearch{Refusal: refusal}, err
	}
	out := PublicSearch{Words: res.Query.Text, Stories: b.hitItems(res), Empty: noMatches(res.Query.Text), Note: res.Note(),
		Pages: max(1, (res.Total+searchResults-1)/searchResults), Uncounted: res.Uncounted, Total: res.Total}
	if res.Followed != "" { // the hits are of a suggestion or a link's words; Note says so
		out.Words = res.Followed
	}
	if res.Suggestion != nil {
		out.DidYouMean = res.Suggestion.Query
	}
	if page == 1 {
		var said string
		if out.InEditions, said, err = b.editionsWithTheWords(ctx, res); err != nil {
			return out, err
		}
		switch {
		case len(out.InEditions) == 0:
		case len(res.Hits) == 0:
			out.Empty, out.DidYouMean = said, ""
		default:
			out.Note, out.DidYouMean = strings.TrimSpace(out.Note+" "+said), ""
		}
	}
	return out, nil
}

// runSearch runs words through s, the searchResults hits after the best
// offset, or returns the sentence that refuses them: chat and the web
// refuse the same words in the same way.
func runSearch(ctx context.Context, s *search.Searcher, words string, offset int) (search.Result, string, error) {
	if strings.TrimSpace(words) == "" {
		return search.Result{}, noSearchWords, nil
	}
	res, err := s.SearchFrom(ctx, words, offset, searchResults)
	if err != nil {
		return res, "", err
	}
	return res, res.Query.Problem, nil
}

// noSearchWords refuses a search of nothing.
const noSearchWords = "Tell me what to search for."

// SearchRefusal is the sentence SearchPublished would refuse words with,
// or "" for words it would search: read from the words alone, without the
// archive, so that the web page refuses bad input at once rather than
// after waiting for its turn to search (or being told the search is busy).
func SearchRefusal(words string) string {
	if strings.TrimSpace(words) == "" {
		return noSearchWords
	}
	return search.Parse(words).Problem
}

// webSearchURL is the web archive's search page for words, their runs of
// spaces as one (its route, /search?q=, is package web's), or "" when the
// web archive is off.
func (b *Bot) webSearchURL(words string) string {
	base := strings.TrimRight(b.cfg.HTTP.PublicURL, "/")
	if !b.cfg.Web.Enabled || base == "" {
		return ""
	}
	return base + "/search?" + url.Values{"q": {strings.Join(strings.Fields(words), " ")}}.Encode()
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
	return fmt.Sprintf("Nothing in the archive matches %s.", search.Quote(words))
}

// editionTextsNamed is how many editions a search that finds no story
// names for having its words in the editor's own text.
const editionTextsNamed = 3

// editionsWithTheWords returns, for res, a search none of whose stories
// has every word (Result.NoneComplete), the published editions whose
// editor's own words (not a story's: an intro, a section's text) have
// them all, newest first, and the sentence that says so: "Nothing in the
// archive matches" or "no story has all of" would be untrue of words an
// intro has. The words are the editor's, as typed: the caller drops the
// search's suggestion of other words.
func (b *Bot) editionsWithTheWords(ctx context.Context, res search.Result) ([]store.EditionRef, string, error) {
	if res.Query.Text == "" || res.Followed != "" || !res.NoneComplete() {
		return nil, "", nil
	}
	refs, err := search.NewPublished(b.store).InEditionTexts(ctx, res.Query, editionTextsNamed)
	if err != nil || len(refs) == 0 {
		return nil, "", err
	}
	named := make([]string, len(refs))
	for i, e := range refs {
		named[i] = fmt.Sprintf("%d (%s)", e.Number, digest.DateLine(e.Date))
	}
	editions := "edition " + named[0]
	if len(named) > 1 {
		editions = "editions " + strings.Join(named[:len(named)-1], ", ") + " and " + named[len(named)-1]
	}
	if len(res.Hits) == 0 {
		return refs, fmt.Sprintf("No story matches %s, but the editor's words in %s do.", search.Quote(res.Query.Text), editions), nil
	}
	return refs, fmt.Sprintf("The editor's words in %s have them all.", editions), nil
}
