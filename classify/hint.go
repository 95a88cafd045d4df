package classify

import "context"

type hintKey struct{}

// WithHint returns a context that carries a feed's sector hint (a slug,
// name or alias, as written in [[feeds.source]] sector) to Suggest. The
// newswire calls
//
//	suggester.Suggest(classify.WithHint(ctx, feed.Sector), story)
//
// so the hint reaches the model through the bot's Suggester interface,
// which has no place for it; a suggester that knows nothing of hints
// simply ignores it. An empty hint means none.
func WithHint(ctx context.Context, sector string) context.Context {
	return context.WithValue(ctx, hintKey{}, sector)
}

// HintFrom returns the sector hint WithHint put in ctx, or "".
func HintFrom(ctx context.Context) string {
	s, _ := ctx.Value(hintKey{}).(string)
	return s
}
