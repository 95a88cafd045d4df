package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// TestPhraseByPairsFindsWhatItsWordsDo: a phrase asked as its word pairs
// (ftsPattern, migration 0036) finds exactly the stories that have its
// words in a row within one field — the stories FTS5's phrase of the words
// finds — however the story was indexed: by the newswire's writer
// (termsOf: no pairs until IndexWordPairs writes them), by AddStories, or
// again by an edit (the triggers' SQL function, terms.IndexRow: pairs at
// once), before and after IndexWordPairs, which SearchMatches asks of the
// stories it has written and, as a phrase of words, of the later ones. The
// texts are made of few words, numbers among them, so that phrases of two
// to four words are in some stories and their words in many more, and a
// number between two words breaks a run.
func TestPhraseByPairsFindsWhatItsWordsDo(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rng := rand.New(rand.NewPCG(3, 7))
	vocab := []string{"shared", "services", "council", "councils", "chief", "executive", "the", "of", "a",
		"Stoke-on-Trent", "Stoke", "on", "Trent", "2021", "5", "fire", "and", "rescue", "£120,000"}
	text := func(n int) string {
		words := make([]string, n)
		for i := range words {
			words[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(words, " ")
	}
	feed := feedRow(t, s, "https://a.example/rss")
	next := 0
	// addStories stores 60 stories from the newswire and 60 by AddStories,
	// and edits 20 of the newswire's.
	addStories := func() {
		t.Helper()
		var entries []NewswireEntry
		for range 60 {
			next++
			e := wire(fmt.Sprintf("https://news.example/%d", next), text(2+rng.IntN(6)), fmt.Sprint(next))
			e.Story.Summary = text(rng.IntN(12))
			entries = append(entries, e)
		}
		if next == 60 {
			// A number breaks the run of pairs: "shared council" and
			// "council services" are in this story, but not "shared
			// council services".
			entries = append(entries, wire("https://news.example/broken", "Shared council 2021 council services", "broken"))
		}
		res, err := addWire(ctx, s, feed, entries)
		if err != nil || len(res.Added) != len(entries) {
			t.Fatalf("newswire: %d added, %v", len(res.Added), err)
		}
		var stories []digest.Story
		for range 60 {
			next++
			stories = append(stories, digest.Story{URL: fmt.Sprintf("https://e.org/%d", next), Headline: text(2 + rng.IntN(6)),
				Summary: text(rng.IntN(12)), Source: text(rng.IntN(3)), Commentary: text(rng.IntN(8)),
				Sector: "other", State: digest.StatePublished})
		}
		if err := s.AddStories(ctx, stories); err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Added[:20] {
			summary := text(rng.IntN(12))
			if _, err := s.EditStory(ctx, a.ID, StoryEdit{Summary: &summary}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// wordPhrase is the stories FTS5's phrase of the words finds.
	wordPhrase := func(stems []string) []int64 {
		t.Helper()
		got, err := queryAll(ctx, s.db, func(r rowScanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, `SELECT rowid FROM story_terms WHERE story_terms MATCH ? ORDER BY rowid DESC`, ftsPhrase(stems))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	found := 0
	check := func(when string, phrases int) {
		t.Helper()
		checkSearchIndex(t, s)
		asked := []string{"shared council services", "council 2021 council", "council services"}
		for range phrases {
			var stems []string
			for n := 2 + rng.IntN(3); len(stems) < n; {
				terms.EachStem(vocab[rng.IntN(len(vocab))], func(stem string) {
					if len(stems) < n {
						stems = append(stems, stem)
					}
				})
			}
			asked = append(asked, strings.Join(stems, " "))
		}
		for _, phrase := range asked {
			stems := strings.Fields(terms.Index(phrase))
			docs, err := s.SearchMatches(ctx, TermMatch{Groups: [][]TermPattern{{{Stems: stems}}}}, 1000)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, d := range docs {
				got = append(got, d.ID)
			}
			want := wordPhrase(stems)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %q found %v, want %v (the phrase of its words)", when, stems, got, want)
			}
			// In a period, whose story IDs bound the parts' (every
			// story is dated November 2026).
			november := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			docs, err = s.SearchMatches(ctx, TermMatch{Groups: [][]TermPattern{{{Stems: stems}}}, From: november, To: november.AddDate(0, 1, 0)}, 1000)
			if err != nil {
				t.Fatal(err)
			}
			got = got[:0]
			for _, d := range docs {
				got = append(got, d.ID)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: %q in November 2026 found %v, want %v", when, stems, got, want)
			}
			if len(want) > 0 {
				found++
			}
		}
	}
	addStories()
	check("no pairs written", 100)
	if n, err := s.IndexWordPairs(ctx); err != nil || n != 121 {
		t.Fatalf("IndexWordPairs: %d stories, %v; want all 121", n, err)
	}
	check("every story's pairs written", 200)
	addStories()
	check("the newer stories' pairs not written", 200)
	if n, err := s.IndexWordPairs(ctx); err != nil || n != 120 {
		t.Fatalf("IndexWordPairs again: %d stories, %v; want the 120 newer", n, err)
	}
	check("every story's pairs written again", 100)
	// The test means something only if many phrases are in some stories.
	if found < 200 {
		t.Fatalf("%d of the 612 phrases found: too few to tell", found)
	}
	t.Logf("%d of the 612 phrases in some story", found)
}

// TestWordPairsMigrationIndexesStoredStories: migration 0036 writes the
// pairs of the stories an older release indexed without them, so that a
// phrase, now asked as its pairs, still finds them (checkSearchIndex: the
// index holds every pair). Before it, the old table's tokenizer reads a
// pair as its two words, a phrase, which finds them too.
func TestWordPairsMigrationIndexesStoredStories(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "search_word_pairs")
	const headline, summary = "Councils agree shared services deal", "The chief executive of Stoke-on-Trent"
	if _, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
		VALUES ('https://e.org/old', ?, ?, 'other', 'published', 1, 1)`, headline, summary); err != nil {
		t.Fatal(err)
	}
	// The row as the release before wrote it: the fields' stems alone.
	old := strings.Join([]string{terms.Index(headline), terms.Index(summary), "", ""}, " "+fieldMark+" ")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO story_terms (rowid, body) SELECT id, ? FROM stories`, old); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO search_vocabulary (stem, stories)
		SELECT value, 1 FROM json_each(`+stemsNotInFunc+`(?, ?, '', '', '', '', '', ''))`, headline, summary); err != nil {
		t.Fatal(err)
	}
	phrases := []TermMatch{
		{Groups: [][]TermPattern{{{Stems: strings.Fields(terms.Index("shared services"))}}}},
		{Groups: [][]TermPattern{{{Stems: strings.Fields(terms.Index("the chief executive of"))}}}},
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Merged at the end of the migration, not an hour after the bot
	// starts.
	if m, err := s.MergeSearchIndex(ctx); err != nil || m.Steps != 0 {
		t.Errorf("after migrating, %d merge steps left (%v)", m.Steps, err)
	}
	for _, m := range phrases {
		if got := matchHeadlines(t, s, m); !slices.Equal(got, []string{headline}) {
			t.Errorf("%v after migrating: %q", m, got)
		}
	}
	checkSearchIndex(t, s)
}

// TestMigrationLeavesTheSearchIndexMerged: a migration that writes the
// whole index again (0036) leaves it in several segments, which Migrate
// merges before it returns, so that an upgraded archive searches at its
// fastest from the first and not from the running bot's first merge.
func TestMigrationLeavesTheSearchIndexMerged(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "search_word_pairs")
	// Enough text that FTS5 writes the rebuilt index in several pieces.
	if _, err := s.db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
		INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
		SELECT 'https://e.org/' || i, 'Council ' || i || ' agrees shared services deal with district ' || (i * 7),
		       'Officers of authority ' || i || ' expect savings of ' || (i * 13) || ' pounds from partnership ' || (i % 97),
		       'other', 'published', 1, 1 FROM n`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if m, err := s.MergeSearchIndex(ctx); err != nil || m.Steps != 0 {
		t.Errorf("after migrating, %d merge steps left (%v)", m.Steps, err)
	}
}

// TestDecimalsMigrationIndexesStoredStories: migration 0038 indexes again
// the stories an older release indexed with a decimal's two numbers
// ("£1.5m" as "1 5 million", which "£5m" found), with the decimal one
// number, and the vocabulary follows: a hyphenated run with a decimal is
// no longer written whole.
func TestDecimalsMigrationIndexesStoredStories(t *testing.T) {
	ctx := context.Background()
	s := openBefore(t, "decimals")
	stories := [][2]string{
		{"Councils share £1.5m for road repairs", "A £1.5m-a-year deal, up 2.5%"},
		{"Shared payroll saves £5m", "Fire precept up 5%"},
		{"Version 10.07.2014 of the plan", "Meet at 3.30pm"},
		{"Tier-1.5 councils", ""},
	}
	// As the release before read a decimal point: between two words.
	before := strings.NewReplacer("1.5", "1 5", "2.5", "2 5", "-1.5", "-1 5")
	for i, st := range stories {
		res, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
			VALUES (?, ?, ?, 'other', 'published', 1, 1)`, fmt.Sprintf("https://e.org/%d", i), st[0], st[1])
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		old := strings.Join([]string{terms.IndexRow(before.Replace(st[0])), terms.IndexRow(before.Replace(st[1])), "", ""}, " "+fieldMark+" ")
		if _, err := s.db.ExecContext(ctx, `INSERT INTO story_terms (rowid, body) VALUES (?, ?)`, id, old); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO search_vocabulary (stem, stories)
			SELECT value, 1 FROM json_each(`+stemsNotInFunc+`(?, ?, '', '', '', '', '', '')) WHERE true
			ON CONFLICT (stem) DO UPDATE SET stories = stories + 1`, before.Replace(st[0]), before.Replace(st[1])); err != nil {
			t.Fatal(err)
		}
	}
	phrase := func(text string) TermMatch {
		return TermMatch{Groups: [][]TermPattern{{{Stems: strings.Fields(terms.Index(text))}}}}
	}
	if got := matchHeadlines(t, s, phrase("£5m")); len(got) != 2 {
		t.Fatalf("£5m before migrating: %q, want both stories with a 5 and a million", got)
	}
	migrateAndCheck(t, s)
	for text, want := range map[string][]string{
		"£5m":   {"Shared payroll saves £5m"},
		"£1.5m": {"Councils share £1.5m for road repairs"},
		"5%":    {"Shared payroll saves £5m"},
		"2.5%":  {"Councils share £1.5m for road repairs"},
		"30pm":  {"Version 10.07.2014 of the plan"},
		"2014":  {"Version 10.07.2014 of the plan"},
		"tier1": nil,
	} {
		if got := matchHeadlines(t, s, phrase(text)); !slices.Equal(got, want) {
			t.Errorf("%s after migrating: %q, want %q", text, got, want)
		}
	}
}
