package relevance

import (
	"fmt"
	"slices"
	"testing"
)

func doc(id int64, headline, summary string) Doc {
	return Doc{ID: id, Fields: []Field{{Text: headline, Weight: 10}, {Text: summary, Weight: 4}}}
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		docs  []Doc
		limit int
		want  []int64
	}{
		{
			name:  "a headline hit beats a summary hit",
			query: "devolution",
			docs: []Doc{
				doc(1, "Devolution deal for Cornwall", "A new settlement."),
				doc(2, "Council news", "Talks continue; devolution is mentioned in passing."),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "stems: councils finds council, sharing finds shared",
			query: "councils sharing",
			docs: []Doc{
				doc(1, "Weather", "Sunny spells."),
				doc(2, "Two Councils shared a chief executive", ""),
				doc(3, "A council is sharing services", ""),
			},
			limit: 10,
			want:  []int64{3, 2, 1},
		},
		{
			name:  "a word few candidates contain counts for more",
			query: "executive zebra",
			docs: []Doc{
				doc(1, "Chief executive resigns", ""),
				doc(2, "Zebra crossing planned", ""),
				doc(3, "New executive appointed", ""),
				doc(4, "Executive pay frozen", ""),
			},
			limit: 1,
			want:  []int64{2},
		},
		{
			name:  "a hit in a short headline counts for more than in a long one",
			query: "payroll",
			docs: []Doc{
				doc(1, "Payroll shared", ""),
				doc(2, "Councils in the north and the south agree a long list of changes including payroll", ""),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "equal scores: newest (highest ID) first",
			query: "waste",
			docs:  []Doc{doc(5, "Waste collection", ""), doc(9, "Waste collection", ""), doc(7, "Waste collection", "")},
			limit: 2,
			want:  []int64{9, 7},
		},
		{
			name:  "case and accents are ignored",
			query: "CAFÉ",
			docs:  []Doc{doc(1, "Library", ""), doc(2, "Community cafe opens", "")},
			limit: 10,
			want:  []int64{2, 1},
		},
		{
			name:  "hyphens and apostrophes split words as the index does",
			query: "o'brien",
			docs:  []Doc{doc(1, "Brien", ""), doc(2, "Chief-executive O’Brien leaves", "")},
			limit: 10,
			want:  []int64{2, 1},
		},
		{
			name:  "no docs",
			query: "anything",
			limit: 10,
		},
		{
			name:  "zero limit",
			query: "waste",
			docs:  []Doc{doc(1, "Waste", "")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := NewQuery(tc.query).Rank(tc.docs, tc.limit)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Rank(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

func TestNewQuery(t *testing.T) {
	for _, tc := range []struct {
		words string
		stems []string
	}{
		{"chief executive", []string{"chief", "execut"}},
		{"Councils council COUNCIL", []string{"council"}},
		{"  -- !! ", nil},
		{"NHS 2026", []string{"nhs", "2026"}},
	} {
		q := NewQuery(tc.words)
		if !slices.Equal(q.stems, tc.stems) {
			t.Errorf("NewQuery(%q) = %q, want %q", tc.words, q.stems, tc.stems)
		}
	}
}

// FuzzRank: whatever the words and text, Rank returns each candidate at
// most once, no more than asked for, and never an ID it was not given.
func FuzzRank(f *testing.F) {
	f.Add("chief executive", "Two councils share a chief executive", "Savings of £500k expected.", 3)
	f.Add("CAFÉ o'brien", "Community café — O’Brien", "\x00\xff", 1)
	f.Add("", "", "", 0)
	f.Fuzz(func(t *testing.T, words, headline, summary string, limit int) {
		docs := []Doc{doc(1, headline, summary), doc(2, summary, headline), doc(3, headline+" "+summary, "")}
		got := NewQuery(words).Rank(docs, limit)
		if len(got) > max(limit, 0) || len(got) > len(docs) {
			t.Fatalf("Rank returned %d IDs for limit %d", len(got), limit)
		}
		seen := map[int64]bool{}
		for _, id := range got {
			if id < 1 || id > 3 || seen[id] {
				t.Fatalf("Rank returned %v", got)
			}
			seen[id] = true
		}
	})
}

// BenchmarkRank ranks as many candidates as a search does
// (store.searchCandidates), with headlines and summaries of real length.
func BenchmarkRank(b *testing.B) {
	docs := make([]Doc, 250)
	for i := range docs {
		docs[i] = doc(int64(i), fmt.Sprintf("Kent county council %d agree to share a devolution deal", i),
			"Kent and Essex district councils say the move to save millions through payroll will protect front-line services.")
	}
	q := NewQuery("devolution deal")
	for b.Loop() {
		q.Rank(docs, 10)
	}
}
