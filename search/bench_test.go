package search

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// BenchmarkSearchLargeArchive times Search alone on an archive of 100,000
// generated stories (the same archive as the bot's
// BenchmarkCommandsOnLargeArchive, which measures the whole command),
// its search index merged as the running bot merges it:
//
//	go test -run '^$' -bench SearchLargeArchive -benchtime 300x ./search/
func BenchmarkSearchLargeArchive(b *testing.B) {
	st := storetest.Open(b, "")
	var slugs []string
	for _, s := range config.Default().DigestSectors() {
		slugs = append(slugs, s.Slug)
	}
	start := time.Now()
	storetest.FillArchive(b, st, slugs, 100_000)
	b.Logf("generated 100000 stories in %s", time.Since(start).Round(time.Millisecond))
	// The index as a running bot keeps it (see store.IndexWordPairs and
	// store.MergeSearchIndex): the bulk load above leaves the stories
	// without their word pairs and the index in several segments, and the
	// bot's maintenance writes the pairs and merges.
	pairsStart := time.Now()
	n, err := st.IndexWordPairs(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote the word pairs of %d stories in %s", n, time.Since(pairsStart).Round(time.Millisecond))
	m, err := st.MergeSearchIndex(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("merged the search index in %d steps, %s in all, the longest %s",
		m.Steps, m.Total.Round(time.Millisecond), m.Longest.Round(time.Millisecond))
	s := New(st).WithSectors(config.Default().DigestSectors()) // as the bot searches
	ctx := context.Background()
	for _, q := range largeArchiveQueries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, q, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largeArchiveQueries are the searches BenchmarkSearchLargeArchive times,
// whose answers on a smaller archive of the same generated stories
// TestGeneratedArchiveAnswers keeps.
var largeArchiveQueries = []string{
	"chief executive", "council", "devolution deal", "zzzz nothing here",
	"councl", `"back-office services" Kent`, "chief exec", "Malvern zebra",
	"council February 2021",                  // a month far back: its stories are the oldest matches
	"chief executive shared March 2021",      // several words, a month far back
	"council June 2019", "council June 2031", // a month before every story, one after
	// A sector's name: the stories filed under it (10,000 of 100,000), whose
	// text has none of its words, and one whose words are common.
	"Highway Code", "local government procurement",
	// A month alone: every story of it; a year among words: the
	// year's stories with them, and a year alone: all of its stories.
	"February 2021", "council 2021", "2021",
	// Several words that 10 to 149 stories have every one of: the
	// first page ranks those alone, and the stories with only some
	// of the words are not read until a page reaches past them.
	"Kent payroll Camden training", "Malvern payroll Leeds estates",
	// As people type: common words that go together in many more
	// stories than their counts suggest (500 of 100,000, guessed 66); a
	// quoted phrase of common words that no story has in a row (without
	// word pairs, every story with both is read for it); a misspelt place
	// among common words, answered with a suggestion; and quoted phrases
	// of small and common words: in no story, in many, and of six words
	// in some.
	"councils sharing a chief executive", `"shared services"`, "Malvren council", `"the council"`, `"legal services"`, `"agree to share a chief executive"`,
}
