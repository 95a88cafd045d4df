package classify

import (
	"context"
	"fmt"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// benchStory is a newswire story of typical length (a dozen headline words,
// fifty summary words).
var benchStory = Input{
	Headline: "Three district councils agree to share a chief executive and a senior management team",
	Summary: "Leaders of the three councils say the shared management team will save £1.2m a year " +
		"and protect front-line services such as waste collection, planning and leisure centres, " +
		"while the NHS trust and the police, who share the civic centre, are watching closely. " +
		"Unions have asked for talks about the staff affected.",
	Source: "Local Government Chronicle",
}

// BenchmarkLearn measures learning one story, the cost per story of
// building the model from the archive at start-up.
func BenchmarkLearn(b *testing.B) {
	m := New(defaultSectors())
	ex := Example{Headline: benchStory.Headline, Summary: benchStory.Summary, Source: benchStory.Source, Sector: "local-government"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ex.Headline = fmt.Sprintf("%s %d", benchStory.Headline, i%5000) // grow the vocabulary a little
		if err := m.learn(ex, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassify measures one suggestion with an explanation, on a model
// that has learned 20,000 stories.
func BenchmarkClassify(b *testing.B) {
	m := learned20k(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Classify(benchStory)
	}
}

// learned20k is a model that has learned 20,000 stories spread over the
// default sectors.
func learned20k(b *testing.B) *Model {
	b.Helper()
	m := New(defaultSectors())
	sectors := m.sectors
	for i := range 20000 {
		ex := Example{
			Headline: fmt.Sprintf("%s story%d", benchStory.Headline, i),
			Summary:  fmt.Sprintf("%s word%d word%d", benchStory.Summary, i%977, i%131),
			Sector:   sectors[i%len(sectors)].Slug,
		}
		if err := m.learn(ex, true); err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// BenchmarkSuggest measures what the newswire asks for every story it
// reads: the sector alone, on the same model as BenchmarkClassify.
func BenchmarkSuggest(b *testing.B) {
	m := learned20k(b)
	st := digest.Story{Headline: benchStory.Headline, Summary: benchStory.Summary, Source: benchStory.Source}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m.Suggest(ctx, st)
	}
}

// BenchmarkSuggestWithHint is BenchmarkSuggest for a story from a feed
// configured with a sector, as most of the newswire's are: the hint is the
// sector's slug, as the newswire passes it (feeds resolves the sector an
// operator wrote once, when it reads the configuration).
func BenchmarkSuggestWithHint(b *testing.B) {
	m := learned20k(b)
	st := digest.Story{Headline: benchStory.Headline, Summary: benchStory.Summary, Source: benchStory.Source}
	ctx := WithHint(context.Background(), m.sectors[len(m.sectors)/2].Slug)
	b.ReportAllocs()
	for b.Loop() {
		m.Suggest(ctx, st)
	}
}
