package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/sharednews/sharednews/relevance"
	"github.com/sharednews/sharednews/store"
)

// InEditionTexts returns, newest first, at most limit of the published
// editions whose own words (store.EditionText: the intro and the sections'
// text, which no story holds) have every part of q, a query as Parse read
// it (a Result's), read as Search reads a story's text, and none of its
// exclusions. A search that finds no story asks it, so that an editor's
// intro ("the MD of CoSocius Ltd") is not answered "Nothing in the archive
// matches".
func (s *Searcher) InEditionTexts(ctx context.Context, q Query, limit int) ([]store.EditionRef, error) {
	if q.Problem != "" || q.Link != "" || len(q.Parts) == 0 || limit <= 0 {
		return nil, nil
	}
	texts, err := s.archive.EditionTexts(ctx)
	if err != nil {
		return nil, fmt.Errorf("search the editions' own text: %w", err)
	}
	ts := make([]relevance.Term, len(q.Parts))
	for i, p := range q.Parts {
		ts[i] = newMatchPart(p).term()
	}
	var forms [][]string
	for _, p := range q.Excluded {
		forms = append(forms, excludedForms(p)...)
	}
	docs := make([]relevance.Doc, 0, len(texts))
	for i, t := range texts {
		if slices.ContainsFunc(forms, func(form []string) bool { return hasPhrase(store.SearchDoc{Summary: t.Text}, form) }) {
			continue
		}
		docs = append(docs, relevance.Doc{ID: int64(i), Fields: []relevance.Field{{Text: t.Text, Weight: summaryWeight}}})
	}
	var out []store.EditionRef
	for _, r := range relevance.Rank(ts, docs, len(docs)) {
		if r.Required == len(ts) {
			out = append(out, texts[r.ID].EditionRef)
		}
	}
	// Rank put the best first; the answer names the newest editions.
	slices.SortFunc(out, func(a, b store.EditionRef) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(b.Number, a.Number))
	})
	return out[:min(limit, len(out))], nil
}
