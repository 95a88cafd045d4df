package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/terms"
)

// checkSearchIndex fails t unless the search index holds exactly the stems
// of every story's text (its afterword with its commentary), field by
// field with fieldMark between them in its one column (migration 0031),
// and word by word, and the
// vocabulary counts each stem once per story that has it: what migration
// 0005's triggers wrote, whichever way the stories were stored.
func checkSearchIndex(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	var through int64
	if err := s.db.QueryRowContext(ctx, `SELECT through FROM search_pairs`).Scan(&through); err != nil {
		t.Fatal(err)
	}
	// words holds each story's tokens as the newswire's writer writes
	// them, withPairs as IndexWordPairs and edits do: a story up to
	// through has the second, a later one either.
	words, withPairs := map[int64][]string{}, map[int64][]string{}
	counts := map[string]int{}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.headline, s.summary, s.source, `+indexedCommentary+` FROM stories s`+joinAfterwords)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var (
			id   int64
			cols [4]string
		)
		if err := rows.Scan(&id, &cols[0], &cols[1], &cols[2], &cols[3]); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for c, text := range cols {
			if c > 0 {
				words[id] = append(words[id], fieldMark)
				withPairs[id] = append(withPairs[id], fieldMark)
			}
			for _, stem := range strings.Fields(terms.Index(text)) {
				words[id] = append(words[id], stem)
				if !seen[stem] && stem != terms.CompoundMark && !terms.IsNumber(stem) {
					seen[stem] = true
					counts[stem]++
				}
			}
			withPairs[id] = append(withPairs[id], strings.Fields(terms.IndexRow(text))...)
		}
	}
	rows.Close()
	if _, err := s.db.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.story_term_instances
		USING fts5vocab(main, story_terms, 'instance')`); err != nil {
		t.Fatal(err)
	}
	got := map[int64][]string{}
	rows, err = s.db.QueryContext(ctx, `SELECT doc, col, offset, term FROM temp.story_term_instances`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var (
			id, offset int64
			col, term  string
		)
		if err := rows.Scan(&id, &col, &offset, &term); err != nil {
			t.Fatal(err)
		}
		if col != "body" {
			t.Fatalf("story %d: a token in column %q", id, col)
		}
		for int64(len(got[id])) <= offset {
			got[id] = append(got[id], "")
		}
		got[id][offset] = term
	}
	rows.Close()
	for id, tokens := range got {
		if _, ok := words[id]; !ok {
			t.Errorf("index: story %d is not stored, and has %.8q", id, tokens)
		}
	}
	for id, w := range words {
		switch {
		case slices.Equal(got[id], withPairs[id]):
		case id > through && slices.Equal(got[id], w):
		case id <= through:
			t.Errorf("index: story %d (pairs written through %d) holds %q, want %q", id, through, got[id], withPairs[id])
		default:
			t.Errorf("index: story %d holds %q, want %q or with the pairs %q", id, got[id], w, withPairs[id])
		}
	}
	vocab := map[string]int{}
	rows, err = s.db.QueryContext(ctx, `SELECT stem, stories FROM search_vocabulary WHERE stories <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var (
			stem string
			n    int
		)
		if err := rows.Scan(&stem, &n); err != nil {
			t.Fatal(err)
		}
		vocab[stem] = n
	}
	rows.Close()
	if !maps.Equal(vocab, counts) {
		for stem, n := range counts {
			if vocab[stem] != n {
				t.Errorf("vocabulary: %q in %d stories, want %d", stem, vocab[stem], n)
			}
		}
		for stem, n := range vocab {
			if _, ok := counts[stem]; !ok {
				t.Errorf("vocabulary: %q in %d stories, want none", stem, n)
			}
		}
	}
}

// TestEveryWayInIndexesStories: stories from the newswire (several feeds
// in one call, with words in common, duplicates and a held-back entry), a
// submission, a single and a bulk insert, and an imported edition are all
// in the search index as the triggers of migration 0005 indexed them, and
// the newswire's are found as soon as AddNewswire returns.
func TestEveryWayInIndexesStories(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	a, b := feedRow(t, s, "https://a.example/rss"), feedRow(t, s, "https://b.example/rss")
	withSummary := func(e NewswireEntry, summary string) NewswireEntry {
		e.Story.Summary, e.Story.State = summary, digest.StateNewswire
		return e
	}
	// Feed b's entries are prepared beforehand, as the newswire does; a's
	// are prepared by AddNewswire. The index holds the text as stored,
	// without its control characters.
	prepared := []NewswireEntry{
		withSummary(wire("https://b.example/1", "Émigré café council\x1b[31m reopens", "1"), "The council’s café, run by émigrés."),
		wire("https://b.example/2", "Councils share a chief executive", "2"),
	}
	PrepareEntries(prepared)
	res, err := s.AddNewswire(ctx,
		FeedEntries{FeedID: a, Entries: []NewswireEntry{
			withSummary(wire("https://a.example/1", "Councils share a chief executive", "1"), "Stoke-on-Trent and its neighbours’ councils\x07."),
			withSummary(wire("https://a.example/2", "Fire services merge control rooms", "2"), "Two fire and rescue services; one control room."),
			wire("https://a.example/1", "The same link again", "3"),
		}},
		FeedEntries{FeedID: b, Entries: prepared})
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0].Added) != 2 || len(res[1].Added) != 1 || len(res[1].HeldBack) != 1 {
		t.Fatalf("results %+v", res)
	}
	if got := matchHeadlines(t, s, allWords("control rooms")); !slices.Equal(got, []string{"Fire services merge control rooms"}) {
		t.Errorf("a newswire story is not found at once: %q", got)
	}
	if got := matchHeadlines(t, s, allWords("cafe reopens")); !slices.Equal(got, []string{"Émigré café council reopens"}) {
		t.Errorf("a prepared newswire story is not found at once, as stored: %q", got)
	}
	if _, err := s.Submit(ctx, Submission{Story: digest.Story{URL: "https://e.org/s", Headline: "A member's council story",
		Sector: "other", Submitter: digest.Person{Platform: "slack", ID: "U1"}}, Limit: 5, Since: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddStory(ctx, digest.Story{URL: "https://e.org/x", Headline: "NHS trusts merge back offices",
		Commentary: "Worth a look, councils", Sector: "health", State: digest.StateNewswire}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddStories(ctx, []digest.Story{
		{URL: "https://e.org/y", Headline: "Councils' shared payroll", Sector: "other", State: digest.StatePublished},
		{URL: "https://e.org/z", Headline: "Payroll again", Source: "Council News", Sector: "other", State: digest.StatePublished},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportEdition(ctx, digest.Edition{Title: "News Summary", Date: time.Date(2014, 12, 4, 0, 0, 0, 0, time.UTC),
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health"}, Stories: []digest.Story{
			{URL: "https://e.org/old", Headline: "An old council story", Summary: "From the archive.", Sector: "health"}}}}}); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)

	// Edits and deletes still go through the triggers, and keep it so.
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET headline = 'Payroll payroll', summary = 'Councils' WHERE url = 'https://e.org/z'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM stories WHERE url = 'https://a.example/2'`); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
}

// TestAfterwordsAreSearchable: what an editor wrote below a story in a
// past edition is found as its commentary is, and the index and the
// vocabulary follow the afterword when it is written, changed or removed,
// and the story when it is edited.
func TestAfterwordsAreSearchable(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	imported, err := s.ImportEdition(ctx, digest.Edition{Title: "News Summary", Date: time.Date(2014, 7, 10, 0, 0, 0, 0, time.UTC),
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "blue-light", Name: "Blue Light Services"}, Stories: []digest.Story{
			{URL: "https://e.org/fire", Headline: "Fire deaths fall by 5% in past year", Summary: "Official figures.",
				Commentary: "I was teaching a leadership day.", Afterword: "One of the deputy chiefs said the Fire & Rescue Service prevents incidents.",
				Sector: "blue-light"},
			{URL: "https://e.org/other", Headline: "Another fire story", Sector: "blue-light"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
	for _, q := range []string{"deputy chiefs", "prevents", "leadership fire"} {
		checkHeadlines(t, s, q, "Fire deaths fall by 5% in past year")
	}

	// An afterword changed, and a story with one edited.
	if _, err := s.db.ExecContext(ctx, `UPDATE edition_stories SET afterword = 'Prevention is the new name.'
		WHERE story_id = (SELECT id FROM stories WHERE url = 'https://e.org/fire')`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE stories SET headline = 'Fire deaths fall', commentary = 'Deputy heads agree.'
		WHERE url = 'https://e.org/fire'`); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
	checkHeadlines(t, s, "prevention deputy", "Fire deaths fall")
	checkHeadlines(t, s, "chiefs") // the old afterword's

	// An afterword written on a story that had none, then the edition
	// deleted with its stories' afterwords.
	if _, err := s.db.ExecContext(ctx, `UPDATE edition_stories SET afterword = 'Chiefs again.'
		WHERE story_id = (SELECT id FROM stories WHERE url = 'https://e.org/other')`); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
	if _, err := s.db.ExecContext(ctx, `DELETE FROM editions WHERE number = ?`, imported.Number); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
	checkHeadlines(t, s, "prevention") // a deleted afterword's
}

// TestAfterwordMigrationIndexesStoredAfterwords: the afterwords imported
// before migration 0018 become searchable with it.
func TestAfterwordMigrationIndexesStoredAfterwords(t *testing.T) {
	ctx := context.Background()
	old := openBefore(t, "afterword_search")
	storeAsIndexed(t, old, [][5]string{
		{"Fire deaths fall", "Official figures.", "", "Fire chiefs spoke."},
		{"Councils merge", "", "", ""},
	}, func(text string) []string { return strings.Fields(terms.Index(text)) })
	if _, err := old.db.ExecContext(ctx, `INSERT INTO editions (id, number, state, title, created_at) VALUES (1, 1, 'published', 'News', 1);
		INSERT INTO edition_stories (edition_id, story_id, position, afterword)
		SELECT 1, id, id, CASE WHEN headline = 'Fire deaths fall' THEN 'The deputy chiefs agreed: prevention.' ELSE '' END FROM stories`); err != nil {
		t.Fatal(err)
	}
	checkHeadlinesBefore(t, old, "deputy")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "deputy chiefs prevention", "Fire deaths fall")
}

// TestIndexingMigrationKeepsTheIndex: stories indexed by the triggers
// before migration 0011 and stories indexed by the program after it make
// one index, and the vocabulary counts both.
func TestIndexingMigrationKeepsTheIndex(t *testing.T) {
	ctx := context.Background()
	fresh := openBefore(t, "index_inserts_in_go")
	if _, err := fresh.db.ExecContext(ctx, `INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
		VALUES ('https://e.org/old', 'Councils merging', 'Plans for Neath Port Talbot councils', 'other', 'published', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.AddStory(ctx, digest.Story{URL: "https://e.org/new", Headline: "More councils merging in Neath",
		Sector: "other", State: digest.StateNewswire}); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, fresh)
	if got := matchHeadlines(t, fresh, allWords("neath councils")); !slices.Equal(got, []string{"More councils merging in Neath", "Councils merging"}) {
		t.Errorf("after migrating: %q", got)
	}
}

// TestTermsOf: the index's one column is terms.Index of each field, in
// order, with fieldMark between them, written as a JSON string, and the
// stems are theirs but numbers (which the vocabulary does not count),
// each once, whatever the text.
func TestTermsOf(t *testing.T) {
	seen := &stemSet{} // reused, as PrepareEntries does
	texts := []string{"", "Councils share services", "Émigré café’s council", "quote\" back\\slash", "tab\tnl\n", "<&>", "\u2028\u2029", "bad\xffutf8", "ＮＨＳ ﬁre", "A re-organisation of Stoke-on-Trent",
		"£120,000 saved in 2026 by 3 councils"}
	for _, h := range texts {
		for _, sum := range texts[:3] {
			got := termsOf(h, sum, "Source "+h, "", seen)
			var cols []string
			if err := json.Unmarshal(append([]byte("["), got.body...), &cols); err != nil || len(cols) != 1 {
				t.Fatalf("%q, %q: %s: %v", h, sum, got.body, err)
			}
			want := []string{terms.Index(h), terms.Index(sum), terms.Index("Source " + h), ""}
			var wantTokens []string
			for i, c := range want {
				if i > 0 {
					wantTokens = append(wantTokens, fieldMark)
				}
				wantTokens = append(wantTokens, strings.Fields(c)...)
			}
			if tokens := strings.Fields(cols[0]); !slices.Equal(tokens, wantTokens) {
				t.Errorf("%q, %q: body %q, want the tokens %q", h, sum, cols[0], wantTokens)
			}
			var stems []string
			for _, c := range want {
				for _, stem := range strings.Fields(c) {
					if stem != terms.CompoundMark && !terms.IsNumber(stem) {
						stems = append(stems, stem)
					}
				}
			}
			slices.Sort(stems)
			gotStems := strings.Fields(got.stems)
			slices.Sort(gotStems)
			if stems = slices.Compact(stems); !slices.Equal(gotStems, stems) || strings.Contains(got.stems, "  ") {
				t.Errorf("%q, %q: stems %q, want %q", h, sum, got.stems, stems)
			}
		}
	}
}

// TestTermsOfEscapes: a column JSON must escape is escaped.
func TestTermsOfEscapes(t *testing.T) {
	for _, col := range []string{"quote\" x", "back\\slash", "tab\tx", "bad\xff"} {
		if plainJSON([]byte(col)) || plainJSONString(col) {
			t.Errorf("plainJSON(%q) is true", col)
		}
		var back string
		if err := json.Unmarshal(appendJSONString(nil, col), &back); err != nil || back != strings.ToValidUTF8(col, "\uFFFD") {
			t.Errorf("appendJSONString(%q) reads back as %q, %v", col, back, err)
		}
	}
	if !plainJSON([]byte("council émigré ｎｈｓ")) || !plainJSONString("council émigré ｎｈｓ") {
		t.Error("plainJSON of stems is false")
	}
	// Each character JSON escapes, in every place of text longer than
	// the eight bytes plainJSON looks at at once.
	const stems = "council shared servic émigré chief"
	for _, c := range []string{"\"", "\\", "\x00", "\x1f", "\n", "\xff"} {
		for p := range len(stems) + 1 {
			col := stems[:p] + c + stems[p:]
			if plainJSON([]byte(col)) || plainJSONString(col) {
				t.Errorf("plainJSON(%q) is true", col)
			}
		}
	}
	for _, c := range []string{" ", "\x7f", "é", "~", "!"} {
		for p := range len(stems) + 1 {
			if col := stems[:p] + c + stems[p:]; utf8.ValidString(col) && (!plainJSON([]byte(col)) || !plainJSONString(col)) {
				t.Errorf("plainJSON(%q) is false", col)
			}
		}
	}
}

// TestCompoundMigrationIndexesStoredStories: stories indexed word by word
// before migration 0016 have their hyphenated compounds indexed whole, and
// counted in the vocabulary, when the database migrates; other stories are
// left as they were.
func TestCompoundMigrationIndexesStoredStories(t *testing.T) {
	ctx := context.Background()
	old := openBefore(t, "compound_words")
	// As the release before indexed them: each word's stem, no compounds.
	storeAsIndexed(t, old, [][5]string{
		{"Plans for the re-organisation of councils", "A shake‐up in Kent – again", "The Stoke-on-Trent Sentinel", ""},
		{"Reorganisation of fire services", "No hyphen here.", "", "Back office staff"},
		{"Councils share a back-office", "", "", "A cross‑border co-operation"},
	}, func(text string) (stems []string) {
		terms.Each(text, func(w terms.Word) { stems = append(stems, terms.Stem(w.Text)) })
		return stems
	})
	if _, err := old.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, old)
	if got := matchHeadlines(t, old, allWords("reorganisation")); !slices.Equal(got, []string{"Reorganisation of fire services", "Plans for the re-organisation of councils"}) {
		t.Errorf("reorganisation after migrating: %q", got)
	}
}

// TestInitialsMigrationIndexesStoredStories: stories stored before
// initials were one word ("U.K." read as "u" and "k") are indexed again,
// with the vocabulary's counts moved from the letters to the words, and a
// story without initials is left as it was.
func TestInitialsMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "initials")
	// As the release before indexed them: every full stop split words.
	storeAsIndexed(t, old, [][5]string{
		{"A U.K.-wide plan for the S.S.A.", "Agreed at 9 a.m. on Monday.", "BBC", ""},
		{"Councils in the UK share a back-office", "Mr.Smith of bbc.co.uk said so.", "", "E.g. this one."},
		{"No initials here", "Nor here. Nor there.", "", ""},
	}, func(text string) []string {
		return strings.Fields(terms.Index(strings.ReplaceAll(text, ".", " ")))
	})
	checkHeadlinesBefore(t, old, "UK", "Councils in the UK share a back-office")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "UK", "Councils in the UK share a back-office", "A U.K.-wide plan for the S.S.A.")
	checkHeadlines(t, old, "ssa am", "A U.K.-wide plan for the S.S.A.")
}

// TestThousandsMigrationIndexesStoredStories: numbers with commas between
// their thousands, indexed group by group before migration 0019, are
// indexed whole with it, the afterword kept with the commentary.
func TestThousandsMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "thousands")
	// As the release before indexed them: every comma split words.
	storeAsIndexed(t, old, [][5]string{
		{"Councils to build 5,000 homes", "A £1,250,000 scheme, 90,000pa.", "", "", "Tenants, 3,000 of them, welcome it"},
		{"5000 homes for the county", "", "", "Plans, 2014,000 and 12,3456."},
		{"No thousands, here", "1,2 and 3", "", ""},
	}, func(text string) []string { return strings.Fields(terms.Index(strings.ReplaceAll(text, ",", " "))) })
	checkHeadlinesBefore(t, old, "5000 homes", "5000 homes for the county")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "5000 homes", "5000 homes for the county", "Councils to build 5,000 homes")
	checkHeadlines(t, old, "1250000 90000pa tenants 3000", "Councils to build 5,000 homes")
}

// TestAmountsMigrationIndexesStoredStories: stories with amounts written
// short ("£5m") or ampersands between words, indexed before migration 0022
// with the amount as one stem and nothing for the ampersand, are indexed as
// the number and the magnitude's word, and "and"; the vocabulary follows:
// the old stems go, the magnitude words and "and" count the stories anew,
// and words that are no amounts ("25ms", "5 mb") stay as they were.
func TestAmountsMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "amounts_ampersands_per_cent")
	// As the release before indexed them: the amount one word, an
	// ampersand none.
	storeAsIndexed(t, old, [][5]string{
		{"Shared bins save £5m", "A £2.5BN fund & £30k each.", "", "", "Worth £5M a year"},
		{"A £5 million deal", "Millions saved", "", ""},
		{"Replies within 25ms", "", "", "5m people"},
		{"No amounts here", "5 mb; 7 km; A&E", "", ""},
		{"Fire & Rescue services merge", "", "", ""},
	}, func(text string) []string {
		var out []string
		end := -1
		terms.Each(text, func(w terms.Word) {
			switch {
			case text[w.Start:w.End] == "&":
			case w.Start == end: // a magnitude, which the number before took in
				out[len(out)-1] = terms.Stem(out[len(out)-1] + strings.ToLower(text[w.Start:w.End]))
			default:
				out = append(out, terms.Stem(w.Text))
			}
			end = w.End
		})
		return out
	})
	checkHeadlinesBefore(t, old, "million", "A £5 million deal")
	checkHeadlinesBefore(t, old, "and")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "5 million", "Replies within 25ms", "A £5 million deal", "Shared bins save £5m")
	checkHeadlines(t, old, "billion thousand", "Shared bins save £5m")
	checkHeadlines(t, old, "25ms", "Replies within 25ms")
	checkHeadlines(t, old, "and", "Fire & Rescue services merge", "Shared bins save £5m")
}

// TestAcronymPluralsMigrationIndexesStoredStories: stories with an
// acronym's plural ("GPs"), indexed under the plural before migration
// 0023, are indexed under the acronym with it, and the vocabulary follows.
func TestAcronymPluralsMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "acronym_plurals")
	// As the release before indexed them: the plural kept its s.
	storeAsIndexed(t, old, [][5]string{
		{"GPs and CCGs merge", "MPs agree.", "", "", "Two more GPs"},
		{"A GP surgery", "NHS figures", "", ""},
		{"The NHS and its DSS", "5 yrs on at https://e.org, Mrs Jones said", "", ""},
		{"No acronyms here", "", "", ""},
	}, func(text string) []string {
		var out []string
		terms.Each(text, func(w terms.Word) {
			if stem := terms.Stem(w.Text); stem+"s" == w.Text && !strings.ContainsAny(stem, "aeiouy") {
				out = append(out, w.Text)
			} else {
				out = append(out, stem)
			}
		})
		return out
	})
	checkHeadlinesBefore(t, old, "gp", "A GP surgery")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "gp", "A GP surgery", "GPs and CCGs merge")
	checkHeadlines(t, old, "ccg mp", "GPs and CCGs merge")
	checkHeadlines(t, old, "nhs", "The NHS and its DSS", "A GP surgery")
}

// TestEedVerbsMigrationIndexesStoredStories: stories with a verb in -eed
// written with -ed or -ing ("succeeding"), indexed under "succeed" before
// migration 0043 while "succeed" itself was "succe", are indexed under
// the verb's one stem with it, and the vocabulary follows.
func TestEedVerbsMigrationIndexesStoredStories(t *testing.T) {
	s := openBefore(t, "verb_forms_and_pc")
	// As the release before read the -ed and -ing forms: with the -eed
	// left whole, where the verbs are now "succe", "proce" and "exce".
	before := map[string]string{"succe": "succeed", "proce": "proceed", "exce": "exceed"}
	storeRowsAsIndexed(t, s, [][2]string{
		{"Shared services succeeding in Kent", "Talks proceeded and EXCEEDED the target"},
		{"Can councils succeed?", "They proceed and exceed."},
		{"Staff needed", "No verb in -eed here, but a need."},
	}, func(text string) string {
		if lower := strings.ToLower(text); !strings.Contains(lower, "eeding") && !strings.Contains(lower, "eeded") {
			return terms.IndexRow(text) // no -ed or -ing form of such a verb
		}
		tokens := strings.Fields(terms.IndexRow(text))
		for j, token := range tokens {
			words := strings.Split(token, "_")
			for k, w := range words {
				if old, ok := before[w]; ok {
					words[k] = old
				}
			}
			tokens[j] = strings.Join(words, "_")
		}
		return strings.Join(tokens, " ")
	})
	checkHeadlinesBefore(t, s, "succeed", "Can councils succeed?")
	migrateAndCheck(t, s)
	checkHeadlines(t, s, "succeed", "Can councils succeed?", "Shared services succeeding in Kent")
	checkHeadlines(t, s, "proceeding exceeds", "Can councils succeed?", "Shared services succeeding in Kent")
	checkHeadlines(t, s, "needs", "Staff needed")
}

// TestPcMigrationIndexesStoredStories: stories with a percentage written
// "5pc", indexed as the one word "5pc" before migration 0043, are indexed
// as "5 percent" with it, as "5%" is, and the vocabulary follows.
func TestPcMigrationIndexesStoredStories(t *testing.T) {
	s := openBefore(t, "verb_forms_and_pc")
	// As the release before read "5pc": one word. The words are written
	// with a mark the new reading keeps whole, which is then taken off.
	before := strings.NewReplacer("5pc", "5pcx", "40PC", "40pcx")
	storeRowsAsIndexed(t, s, [][2]string{
		{"Council tax up 5pc", "Bills rise 40PC in a decade"},
		{"Fire deaths fall by 5%", "Down 5 per cent."},
		{"Five PCs for the library", "No percentage here"},
	}, func(text string) string {
		return strings.ReplaceAll(terms.IndexRow(before.Replace(text)), "pcx", "pc")
	})
	phrase := func(text string) TermMatch {
		return TermMatch{Groups: [][]TermPattern{{{Stems: strings.Fields(terms.Index(text))}}}}
	}
	if got := matchHeadlines(t, s, phrase("5%")); !slices.Equal(got, []string{"Fire deaths fall by 5%"}) {
		t.Fatalf("5%% before migrating: %q", got)
	}
	migrateAndCheck(t, s)
	for text, want := range map[string][]string{
		"5%":          {"Fire deaths fall by 5%", "Council tax up 5pc"},
		"5pc":         {"Fire deaths fall by 5%", "Council tax up 5pc"},
		"40 per cent": {"Council tax up 5pc"},
		"pcs":         {"Five PCs for the library"},
	} {
		if got := matchHeadlines(t, s, phrase(text)); !slices.Equal(got, want) {
			t.Errorf("%s after migrating: %q, want %q", text, got, want)
		}
	}
}

// TestTransliteratedNamesMigrationIndexesStoredStories: stories with a
// name transliterated with -iy or -yy ("Zelenskiy", "Zelenskyy"), indexed
// under those spellings before migration 0045, are indexed under the
// name as -y with it, as the stemmer now reads them, so that a search for
// any spelling finds all three; the vocabulary follows.
func TestTransliteratedNamesMigrationIndexesStoredStories(t *testing.T) {
	s := openBefore(t, "transliterated_names")
	// As the release before read the names: as they were written. The
	// names are written with a mark the new reading keeps whole, which is
	// then taken off.
	before := strings.NewReplacer("Zelenskiy", "Zelenskiyq", "Zelenskyy", "Zelenskyyq")
	storeRowsAsIndexed(t, s, [][2]string{
		{"Zelenskiy tells UN Russian leaders must face justice", "President Zelenskiy spoke in New York."},
		{"Zelenskyy tells UN Security Council of silent slaves", "Volodymyr Zelenskyy addressed the council."},
		{"Many more cities like Bucha says President Zelensky", "Zelensky addressed the UN."},
		{"Kyiv police count war crimes", "Every city has a policy."},
	}, func(text string) string {
		return strings.NewReplacer("zelenskiyq", "zelenskiy", "zelenskyyq", "zelenskyy").Replace(terms.IndexRow(before.Replace(text)))
	})
	checkHeadlinesBefore(t, s, "zelensky", "Many more cities like Bucha says President Zelensky")
	migrateAndCheck(t, s)
	all := []string{
		"Many more cities like Bucha says President Zelensky",
		"Zelenskyy tells UN Security Council of silent slaves",
		"Zelenskiy tells UN Russian leaders must face justice",
	}
	checkHeadlines(t, s, "zelensky", all...)
	checkHeadlines(t, s, "zelenskiy", all...)
	checkHeadlines(t, s, "zelenskyy addressed", all[:2]...)
	checkHeadlines(t, s, "kyiv policy", "Kyiv police count war crimes")
}

// storeRowsAsIndexed stores stories, each a headline and a summary, with
// the index row and vocabulary a release before wrote for them, which
// index gives for each field's text (terms.IndexRow as it read text).
func storeRowsAsIndexed(t *testing.T, s *Store, stories [][2]string, index func(text string) string) {
	t.Helper()
	ctx := context.Background()
	counts := map[string]int{}
	for i, st := range stories {
		res, err := s.db.ExecContext(ctx, `INSERT INTO stories (url, headline, summary, sector, state, created_at, updated_at)
			VALUES (?, ?, ?, 'other', 'published', 1, 1)`, fmt.Sprintf("https://e.org/%d", i), st[0], st[1])
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		var fields []string
		seen := map[string]bool{}
		for _, text := range []string{st[0], st[1], "", ""} {
			row := index(text)
			for _, token := range strings.Fields(row) {
				if !strings.HasPrefix(token, "_") && token != terms.CompoundMark && !terms.IsNumber(token) && !seen[token] {
					seen[token] = true
					counts[token]++
				}
			}
			fields = append(fields, row)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO story_terms (rowid, body) VALUES (?, ?)`, id, strings.Join(fields, " "+fieldMark+" ")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM search_vocabulary`); err != nil {
		t.Fatal(err)
	}
	for stem, n := range counts {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO search_vocabulary (stem, stories) VALUES (?, ?)`, stem, n); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPerCentMigrationIndexesStoredStories: stories with "5%" or "per
// cent", indexed before migration 0022 with nothing for the sign and two
// words for "per cent", are indexed with "percent", and the vocabulary
// follows.
func TestPerCentMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "amounts_ampersands_per_cent")
	// As the release before indexed them.
	storeAsIndexed(t, old, [][5]string{
		{"Fire deaths fall by 5%", "Down 40 Per Cent.", "", "", "Up 2 per cent"},
		{"A 5 percent rise", "", "", ""},
		{"Cent per cent", "100 % sure, per centre", "", ""},
	}, func(text string) []string {
		var out []string
		terms.Each(strings.NewReplacer("%", " ", "per cent", "per  cent", "Per Cent", "Per  Cent").Replace(text), func(w terms.Word) {
			out = append(out, terms.Stem(w.Text))
		})
		return out
	})
	checkHeadlinesBefore(t, old, "percent", "A 5 percent rise")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "5 percent", "A 5 percent rise", "Fire deaths fall by 5%")
	checkHeadlines(t, old, "40 percent 2", "Fire deaths fall by 5%")
	checkHeadlines(t, old, "cent per", "Cent per cent")
}

// TestPluralsMigrationIndexesStoredStories: stories with irregular
// plurals, indexed under the plurals' own stems before migration 0020, are
// indexed under the singulars' with it, and the vocabulary counts follow.
func TestPluralsMigrationIndexesStoredStories(t *testing.T) {
	old := openBefore(t, "irregular_plurals")
	// As the release before indexed them: the plurals kept stems of
	// their own.
	oldStems := map[string]string{"children": "children", "crises": "crise", "knives": "knive", "wives": "wive",
		"women": "women", "men": "men", "mens": "men"}
	storeAsIndexed(t, old, [][5]string{
		{"Children's services in crisis", "Housing crises and knives.", "", "", "Wives and mens groups"},
		{"A child protection plan", "Women and men; one woman.", "", ""},
		{"No plurals here", "", "", ""},
	}, func(text string) []string {
		var out []string
		terms.Each(text, func(w terms.Word) {
			if stem, ok := oldStems[w.Text]; ok {
				out = append(out, stem)
			} else {
				out = append(out, terms.Stem(w.Text))
			}
		})
		return out
	})
	checkHeadlinesBefore(t, old, "child", "A child protection plan")
	migrateAndCheck(t, old)
	checkHeadlines(t, old, "children", "A child protection plan", "Children's services in crisis")
	checkHeadlines(t, old, "crises knife wife", "Children's services in crisis")
	checkHeadlines(t, old, "women man", "A child protection plan")
	checkHeadlines(t, old, "men", "A child protection plan", "Children's services in crisis")
}

// TestUpgradeAcrossSeveralMigrationsCountsOnce: a database migrated
// across several of the migrations that index stories again (0018's
// afterwords, 0019's thousands, 0020's plurals) in one upgrade ends with
// the vocabulary this release would count, though each of them read the
// text as this release does (0021).
func TestUpgradeAcrossSeveralMigrationsCountsOnce(t *testing.T) {
	// As the releases before 0019 and 0020 read text: every comma
	// split words, and the plurals kept stems of their own.
	oldStems := map[string]string{"children": "children", "childrens": "children", "women": "women", "men": "men",
		"crises": "crise", "knives": "knive"}
	oldIndex := func(text string) []string {
		var out []string
		terms.Each(strings.ReplaceAll(text, ",", " "), func(w terms.Word) {
			if stem, ok := oldStems[w.Text]; ok {
				out = append(out, stem)
			} else {
				out = append(out, terms.Stem(w.Text))
			}
		})
		return out
	}
	ctx := context.Background()
	t.Run("from before the thousands", func(t *testing.T) {
		old := openBefore(t, "thousands")
		storeAsIndexed(t, old, [][5]string{
			{"Councils house 5,000 children", "", "", ""},
			{"A child", "", "", ""},
		}, oldIndex)
		migrateAndCheck(t, old)
		checkHeadlines(t, old, "child", "A child", "Councils house 5,000 children")
	})
	t.Run("from before the afterwords", func(t *testing.T) {
		old := openBefore(t, "afterword_search")
		storeAsIndexed(t, old, [][5]string{
			{"Children's services", "", "", ""},
			{"Pay rise", "", "", ""},
		}, oldIndex)
		if _, err := old.db.ExecContext(ctx, `INSERT INTO editions (id, number, state, title, created_at) VALUES (1, 1, 'published', 'News', 1);
			INSERT INTO edition_stories (edition_id, story_id, position, afterword)
			VALUES (1, 1, 1, 'Councils agree.'), (1, 2, 2, 'Staff on 90,000pa.')`); err != nil {
			t.Fatal(err)
		}
		migrateAndCheck(t, old)
		checkHeadlines(t, old, "90000pa", "Pay rise")
	})
}

// storeAsIndexed stores published stories with the given headline,
// summary, source, commentary and afterword ("" for none) in s, which
// holds no other story, and indexes them for search as index reads each
// text (the tokens of a column as the index holds them; the commentary
// column holds the commentary and the afterword, as 0018 made it), with
// the vocabulary counted so: as an older release left them.
func storeAsIndexed(t *testing.T, s *Store, texts [][5]string, index func(text string) []string) {
	t.Helper()
	ctx := context.Background()
	exec := func(query string, args ...any) sql.Result {
		t.Helper()
		res, err := s.db.ExecContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	counts := map[string]int{}
	for i, cols := range texts {
		id, _ := exec(`INSERT INTO stories (url, headline, summary, source, commentary, sector, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'other', 'published', 1, 1)`, fmt.Sprintf("https://e.org/%d", i), cols[0], cols[1], cols[2], cols[3]).LastInsertId()
		commentary := cols[3]
		if afterword := cols[4]; afterword != "" {
			// Written by an import, whose trigger (from 0018) indexes
			// the story as this release reads it: undone here.
			exec(`INSERT OR IGNORE INTO editions (id, number, state, title, created_at) VALUES (1, 1, 'published', 'News', 1)`)
			exec(`INSERT INTO edition_stories (edition_id, story_id, position, afterword) VALUES (1, ?, ?, ?)`, id, i+1, afterword)
			exec(`DELETE FROM story_terms WHERE rowid = ?`, id)
			commentary += "\n\n" + afterword
		}
		var columns [4]string
		seen := map[string]bool{}
		for c, text := range [4]string{cols[0], cols[1], cols[2], commentary} {
			tokens := index(text)
			columns[c] = strings.Join(tokens, " ")
			for _, stem := range tokens {
				if !seen[stem] && stem != terms.CompoundMark && !terms.IsNumber(stem) {
					seen[stem] = true
					counts[stem]++
				}
			}
		}
		exec(`INSERT INTO story_terms (rowid, headline, summary, source, commentary) VALUES (?, ?, ?, ?, ?)`,
			id, columns[0], columns[1], columns[2], columns[3])
	}
	// As a whole: a trigger may have counted an afterword as this release
	// reads it.
	exec(`DELETE FROM search_vocabulary`)
	for stem, n := range counts {
		exec(`INSERT INTO search_vocabulary (stem, stories) VALUES (?, ?)`, stem, n)
	}
}

// migrateAndCheck migrates s, an older release's database, and checks its
// search index and vocabulary.
func migrateAndCheck(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkSearchIndex(t, s)
}

// checkHeadlines fails t unless a search for every word of query finds
// the stories with the headlines want, newest first (none when want is
// empty).
func checkHeadlines(t *testing.T, s *Store, query string, want ...string) {
	t.Helper()
	if got := matchHeadlines(t, s, allWords(query)); !slices.Equal(got, want) {
		t.Errorf("%s: %q, want %q", query, got, want)
	}
}
