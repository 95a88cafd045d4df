package feeds

import (
	"context"

	"github.com/sharednews/sharednews/digest"
)

// hintSlug resolves a feed's sector hint (a slug, name or alias, as
// configuration validation accepted it) to a slug; "" when there is none.
func hintSlug(sectors digest.Sectors, hint string) string {
	if hint == "" {
		return ""
	}
	if s, err := sectors.Resolve(hint); err == nil {
		return s.Slug
	}
	return ""
}

// fallbackSector is where a story goes when neither the suggester nor the
// feed has an opinion: "other" when configured, else the last sector.
func fallbackSector(sectors digest.Sectors) string {
	if _, ok := sectors.Lookup("other"); ok || len(sectors) == 0 {
		return "other"
	}
	return sectors[len(sectors)-1].Slug
}

// hintContext is ctx carrying a feed's hint through the Poller's WithHint
// function, if it has one, for suggest: made once for all of the feed's
// entries, not once for each.
func (p *Poller) hintContext(ctx context.Context, hint string) context.Context {
	if p.suggester != nil && p.withHint != nil {
		return p.withHint(ctx, hint)
	}
	return ctx
}

// suggest fills a story's suggested sector (and, until an editor chooses,
// its sector): the suggester's answer, else the feed's hint, else the
// fallback. The suggester sees the hint as the story's Sector, and through
// hinted, made by hintContext, when the Poller has a WithHint function.
func (p *Poller) suggest(hinted context.Context, st *digest.Story, hint string) {
	slug := ""
	if p.suggester != nil {
		st.Sector = hint
		slug = p.suggester.Suggest(hinted, *st)
	}
	if slug == "" {
		slug = hint
	}
	if slug == "" {
		slug = p.fallback
	}
	st.SuggestedSector, st.Sector = slug, slug
}
