package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// searchIndexEvery is how often the running bot merges the segments that
// newswire polls and commands add to the search index (see
// store.MergeSearchIndex). The first merge comes one interval after the
// start, so never during the newswire's first pass, which polls every feed
// at once. An hour without a new story costs one empty transaction; one
// with new stories rewrites the index, at 100,000 stories about 12 MB in
// steps of at most a few tens of milliseconds each, 0.25 s in all: little
// for a small server once an hour, and searches stay at their fastest.
const searchIndexEvery = time.Hour

// keepSearchIndex merges the search index's segments every every until ctx
// ends, when it returns nil.
func keepSearchIndex(ctx context.Context, st *store.Store, log *slog.Logger, every time.Duration) error {
	tasks.Every(ctx, every, func() { mergeSearchIndex(ctx, st, log) })
	return nil
}

// mergeSearchIndex writes the word pairs of the stories stored without
// them since the last run (store.IndexWordPairs: the newswire stores new
// stories without, for its own speed) and merges the search index's
// segments, saying so at Info when there was work. A failure is logged,
// not returned: the index answers the same without the pairs or unmerged,
// only slower, and the next run retries.
func mergeSearchIndex(ctx context.Context, st *store.Store, log *slog.Logger) {
	start := time.Now()
	n, err := st.IndexWordPairs(ctx)
	if n > 0 {
		log.InfoContext(ctx, "search index word pairs written", "stories", n, "took", time.Since(start).Round(time.Millisecond).String())
	}
	if err != nil && ctx.Err() == nil {
		log.WarnContext(ctx, "search index word pairs not written; quoted phrases are slower until the next try", "err", err)
	}
	m, err := st.MergeSearchIndex(ctx)
	if m.Steps > 0 {
		log.InfoContext(ctx, "search index merged", "steps", m.Steps,
			"took", m.Total.Round(time.Millisecond).String(), "longest_step", m.Longest.Round(time.Millisecond).String())
	}
	if err != nil && ctx.Err() == nil {
		log.WarnContext(ctx, "search index not merged; searches are slower until the next try", "err", err)
	}
}

// mergeAfterLoad writes the word pairs and merges the search index at the
// end of a command that stored many stories at once (import, ingest),
// which leaves them without pairs and the index in many segments:
// searches are at their fastest from the first, not from the running
// bot's next merge. A failure is said on w and does not fail the
// command: the stories are stored and searchable all the same.
func mergeAfterLoad(ctx context.Context, st *store.Store, w io.Writer, command string) {
	if _, err := st.IndexWordPairs(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(w, "%s: the search index's word pairs were not written (%v); quoted phrases are slower until the running bot writes them\n", command, err)
	}
	if _, err := st.MergeSearchIndex(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(w, "%s: the search index was not merged (%v); searches are slower until the running bot merges it\n", command, err)
	}
}
