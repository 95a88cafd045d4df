package relevance

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/terms"
)

func doc(id int64, headline, summary string) Doc {
	return Doc{ID: id, Fields: []Field{{Text: headline, Weight: 10}, {Text: summary, Weight: 4}}}
}

// words is one required term per word of q.
func words(q string) []Term {
	var ts []Term
	terms.Each(q, func(w terms.Word) {
		s := terms.Stem(w.Text)
		if !slices.ContainsFunc(ts, func(t Term) bool { return t.Stems[0] == s }) {
			ts = append(ts, Term{Stems: []string{s}})
		}
	})
	return ts
}

func ids(rs []Ranked) []int64 {
	var out []int64
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		name  string
		terms []Term
		docs  []Doc
		limit int
		want  []int64
	}{
		{
			name:  "a headline hit beats a summary hit",
			terms: words("devolution"),
			docs: []Doc{
				doc(1, "Devolution deal for Cornwall", "A new settlement."),
				doc(2, "Council news", "Talks continue; devolution is mentioned in passing."),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "stems: councils finds council, sharing finds shared",
			terms: words("councils sharing"),
			docs: []Doc{
				doc(1, "Weather", "Sunny spells."),
				doc(2, "Two Councils shared a chief executive", ""),
				doc(3, "A council is sharing services", ""),
			},
			limit: 10,
			want:  []int64{3, 2, 1},
		},
		{
			name:  "more of the words beats a rarer word",
			terms: words("executive zebra"),
			docs: []Doc{
				doc(1, "Chief executive resigns", ""),
				doc(2, "Zebra crossing planned", ""),
				doc(3, "New executive appointed", ""),
				doc(4, "Executive pay frozen", "A zebra was seen."),
			},
			limit: 2,
			want:  []int64{4, 2},
		},
		{
			name:  "a hit in a short headline counts for more than in a long one",
			terms: words("payroll"),
			docs: []Doc{
				doc(1, "Payroll shared", ""),
				doc(2, "Councils in the north and the south agree a long list of changes including payroll", ""),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "equal scores: newest (highest ID) first",
			terms: words("waste"),
			docs:  []Doc{doc(5, "Waste collection", ""), doc(9, "Waste collection", ""), doc(7, "Waste collection", "")},
			limit: 2,
			want:  []int64{9, 7},
		},
		{
			name:  "case and accents are ignored",
			terms: words("CAFÉ"),
			docs:  []Doc{doc(1, "Library", ""), doc(2, "Community cafe opens", "")},
			limit: 10,
			want:  []int64{2, 1},
		},
		{
			name:  "a phrase counts only with its words in a row",
			terms: []Term{{Stems: []string{"share", "servic"}}},
			docs: []Doc{
				doc(1, "Emergency services' shared headquarters", ""),
				doc(2, "Council news", "Plans for shared services."),
			},
			limit: 10,
			want:  []int64{2, 1},
		},
		{
			name:  "a variant counts, less than the word",
			terms: []Term{{Stems: []string{"merg"}, Variants: []string{"merger"}}},
			docs: []Doc{
				doc(1, "Council merger talks", ""),
				doc(2, "Councils to merge", ""),
				doc(3, "Weather", ""),
			},
			limit: 10,
			want:  []int64{2, 1, 3},
		},
		{
			name:  "a synonym counts, less than the word",
			terms: []Term{{Stems: stems("councils"), Synonyms: [][]string{stems("local authority")}}},
			docs: []Doc{
				doc(1, "Local authorities to share staff", ""),
				doc(2, "Authority to act locally", ""),
				doc(3, "Councils to share staff", ""),
				doc(4, "Weather", ""),
			},
			limit: 10,
			want:  []int64{3, 1, 4, 2},
		},
		{
			name:  "a preferred doc first among those with as many terms",
			terms: words("council merger"),
			docs: []Doc{
				doc(1, "Council merger talks", "Council merger plans."),
				{ID: 2, Fields: []Field{{Text: "Council merger", Weight: 1}}, Preferred: true},
				{ID: 3, Fields: []Field{{Text: "Council news", Weight: 10}}, Preferred: true},
				doc(4, "Merger of two councils", ""),
			},
			limit: 10,
			want:  []int64{2, 1, 4, 3},
		},
		{
			name:  "words standing together first, in the order typed before the other way round",
			terms: words("transformation funding"),
			docs: []Doc{
				doc(1, "Council news today", "A bid for transformation funding was made by the district."),
				doc(2, "Council news today", "A bid for funding transformation was made by the district."),
				doc(3, "Council news today", "Transformation plans by the district made a bid for funding."),
			},
			limit: 10,
			want:  []int64{1, 2, 3},
		},
		{
			name:  "words together in the headline before words apart in it",
			terms: words("transformation funding"),
			docs: []Doc{
				doc(1, "Transformation funding for Dorset councils agreed", "The district said so."),
				doc(2, "Transformation of Dorset councils wins funding", "The district said so."),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "every word in the headline before words together further down",
			terms: words("transformation funding"),
			docs: []Doc{
				{ID: 1, Fields: []Field{
					{Text: "Transformation plans for the county win funding", Weight: 10},
					{Text: "The district council said so on Monday at noon.", Weight: 4},
					{Text: "A note from the editor about the week here.", Weight: 2},
				}},
				{ID: 2, Fields: []Field{
					{Text: "District plans for the county win praise", Weight: 10},
					{Text: "The council made a new bid for transformation funding.", Weight: 4},
					{Text: "Its transformation funding bid is the editor's pick today.", Weight: 2},
				}},
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "a term in an aside counts, after the docs that say it",
			terms: words("highway code"),
			docs: []Doc{
				{ID: 1, Fields: []Field{{Text: "Late payment penalties", Weight: 10},
					{Text: "Highway Code", Weight: 10, Aside: true}}},
				{ID: 2, Fields: []Field{{Text: "Huddle connects councils", Weight: 10},
					{Text: "Our Highway Code session covered this.", Weight: 1}}},
				{ID: 3, Fields: []Field{{Text: "A code of practice", Weight: 10}}},
			},
			limit: 10,
			want:  []int64{2, 1, 3},
		},
		{
			name:  "a preferred doc with a term in an aside before one that says it",
			terms: words("highway code"),
			docs: []Doc{
				{ID: 1, Fields: []Field{{Text: "Late payment penalties", Weight: 10},
					{Text: "Highway Code", Weight: 1, Aside: true}}, Preferred: true},
				{ID: 2, Fields: []Field{{Text: "Our Highway Code session", Weight: 10}}},
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "a prefix",
			terms: []Term{{Stems: []string{"chief"}}, {Stems: []string{"exec"}, Prefix: true}},
			docs: []Doc{
				doc(1, "Deputy chiefs", ""),
				doc(2, "A shared chief executive", ""),
			},
			limit: 10,
			want:  []int64{2, 1},
		},
		{
			name: "an optional phrase orders but does not require",
			terms: append(words("neath port talbot"),
				Term{Stems: []string{"neath", "port", "talbot"}, Optional: true}),
			docs: []Doc{
				doc(2, "Port Talbot steelworks", "Neath council comments."),
				doc(1, "Neath Port Talbot council", ""),
			},
			limit: 10,
			want:  []int64{1, 2},
		},
		{
			name:  "no docs",
			terms: words("anything"),
			limit: 10,
		},
		{
			name:  "zero limit",
			terms: words("waste"),
			docs:  []Doc{doc(1, "Waste", "")},
		},
		{
			name:  "no terms",
			docs:  []Doc{doc(1, "Waste", "")},
			limit: 10,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(Rank(tc.terms, tc.docs, tc.limit)); !slices.Equal(got, tc.want) {
				t.Errorf("Rank = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRankAsideCountsForTheTerm: a term only in an aside counts as
// matched and required, but not in the document's length.
func TestRankAsideCountsForTheTerm(t *testing.T) {
	plain := Doc{ID: 1, Fields: []Field{{Text: "Late payment penalties could cost councils millions", Weight: 10}}}
	filed := plain
	filed.ID = 2
	filed.Fields = append(slices.Clone(plain.Fields), Field{Text: "Highway Code, Highway Code and the rest", Weight: 1, Aside: true})
	got := Rank(append(words("payment"), words("highway")...), []Doc{plain, filed}, 10)
	if len(got) != 2 || got[0].ID != 2 || got[0].Required != 2 || !slices.Equal(got[0].Matched, []bool{true, true}) {
		t.Fatalf("Rank = %+v", got)
	}
	// The aside's seven words do not make the filed story longer: its
	// "payment" scores as the plain one's does.
	alone := Rank(words("payment"), []Doc{plain, filed}, 10)
	if alone[0].Score != alone[1].Score {
		t.Errorf("payment: scores %v and %v differ", alone[0].Score, alone[1].Score)
	}
}

func TestRankSaysWhatMatched(t *testing.T) {
	ts := append(words("fire police"), Term{Stems: []string{"fire", "polic"}, Optional: true})
	got := Rank(ts, []Doc{doc(1, "Fire chiefs could run English police forces", ""), doc(2, "Fire deaths fall", "")}, 10)
	if len(got) != 2 || !slices.Equal(got[0].Matched, []bool{true, true, false}) || got[0].Required != 2 ||
		!slices.Equal(got[1].Matched, []bool{true, false, false}) || got[1].Required != 1 {
		t.Errorf("Rank = %+v", got)
	}
}

// FuzzRank: whatever the words and text, Rank returns each candidate at
// most once, no more than asked for, and never an ID it was not given.
func FuzzRank(f *testing.F) {
	f.Add("chief executive", "Two councils share a chief executive", "Savings of £500k expected.", 3)
	f.Add("CAFÉ o'brien", "Community café — O’Brien", "\x00\xff", 1)
	f.Add("", "", "", 0)
	f.Fuzz(func(t *testing.T, q, headline, summary string, limit int) {
		docs := []Doc{doc(1, headline, summary), doc(2, summary, headline), doc(3, headline+" "+summary, "")}
		ts := words(q)
		var phrase []string
		for _, t := range ts {
			phrase = append(phrase, t.Stems...)
		}
		ts = append(ts, Term{Stems: phrase, Prefix: true, Optional: true})
		got := ids(Rank(ts, docs, limit))
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

// FuzzCountsAsIndexed: the matcher counts a query's terms in a field as
// they stand in what the index holds for it (terms.Index), whatever it
// skips to be quick: words and compounds that cannot match, fields
// without a compound that can.
func FuzzCountsAsIndexed(f *testing.F) {
	f.Add("re organisation", "Plans for the re-organisation of councils, and a shake-up")
	f.Add("back office", "Back-office staff in-house; front-line back-office‐work")
	f.Add("e mail", "E-mail and O'Neill-Smith's A&E-led café-bar")
	f.Add("stoke on trent", "Stoke-on-Trent and Stoke on Trent, stoke-on")
	f.Add("reorganisation shakeup", "The re-organisation, a shake‑up and a reorganisation")
	f.Add("uk wide ssa", "U.K.-wide, U.K-wide and UK-wide S.S.A. work; a.m.-b.c Mr.Smith")
	f.Add("5 million", "£5m, £5 million and a £5m-a-year 2BN,5k deal")
	f.Fuzz(func(t *testing.T, q, text string) {
		ts := words(q)
		var all []string
		var joined strings.Builder
		terms.Each(q, func(w terms.Word) {
			all = append(all, terms.Stem(w.Text))
			joined.WriteString(w.Text)
		})
		if len(all) > 1 {
			ts = append(ts, Term{Stems: all}, Term{Stems: all, Prefix: true}, Term{Stems: all, Whole: terms.Stem(joined.String())})
		}
		if len(ts) == 0 {
			return
		}
		got := make([]float64, len(ts))
		m := newMatcher(ts)
		m.count(Field{Text: text, Weight: 1}, got, make([]float64, len(ts)))

		seq := strings.Fields(terms.Index(text))
		words := len(seq)
		for i, s := range seq {
			if s == terms.CompoundMark {
				seq[i] = ""
				words = min(words, i)
			}
		}
		want := make([]float64, len(ts))
		for j, term := range ts {
			for i := range seq {
				whole := true
				for k, stem := range term.Stems {
					got := ""
					if i+k < len(seq) {
						got = seq[i+k]
					}
					last := k == len(term.Stems)-1
					if got != stem && !(last && term.Prefix && got != "" && strings.HasPrefix(got, stem)) {
						whole = false
						break
					}
				}
				if whole || term.Whole != "" && i < words && seq[i] == term.Whole {
					want[j]++
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q in %q (index %q): counts %v, want %v", q, text, terms.Index(text), got, want)
		}
	})
}

// BenchmarkRank ranks as many candidates as a search does, with headlines
// and summaries of real length.
func BenchmarkRank(b *testing.B) {
	docs := make([]Doc, 250)
	for i := range docs {
		docs[i] = doc(int64(i), fmt.Sprintf("Kent county council %d agree to share a devolution deal", i),
			"Kent and Essex district councils say the move to save millions through payroll will protect front-line services.")
	}
	ts := words("devolution deal")
	for b.Loop() {
		Rank(ts, docs, 10)
	}
}

// TestLocate: where each kind of term first stands in a text, as Rank
// counts it.
func TestLocate(t *testing.T) {
	text := "The Fire Service's deputy chiefs met. Mergers of back-office teams, a £5m centre."
	for _, tc := range []struct {
		term Term
		want string
	}{
		{words("deputy chief")[0], "deputy"},
		{Term{Stems: stems("deputy chiefs")}, "deputy chiefs"},
		{Term{Stems: stems("merge"), Variants: stems("merger")}, "Mergers"},
		{Term{Stems: stems("center"), Alternatives: stems("centre")}, "centre"},
		{Term{Stems: stems("backoffice"), Whole: stems("backoffice")[0]}, "back-office"},
		{Term{Stems: stems("5 million")}, "5m"},
		{Term{Stems: []string{"servi"}, Prefix: true}, "Service's"},
		{Term{Stems: stems("FRS"), Phrases: [][]string{stems("fire service")}}, "Fire Service's"},
		{Term{Stems: stems("brigade"), Synonyms: [][]string{stems("fire service")}}, "Fire Service's"},
	} {
		start, end, ok := Locate(tc.term, text)
		if got := text[start:end]; !ok || got != tc.want {
			t.Errorf("Locate(%+v) = %q, %v; want %q", tc.term, got, ok, tc.want)
		}
	}
	// A phrase's word written whole, as the field's last word.
	whole := Term{Stems: stems("back office"), Whole: stems("backoffice")[0]}
	if start, end, ok := Locate(whole, "Plans for the backoffice"); !ok || start != 14 || end != 24 {
		t.Errorf("Locate(%+v) = %d, %d, %v; want 14, 24", whole, start, end, ok)
	}
	for _, missing := range []Term{{Stems: stems("police")}, {Stems: stems("chiefs deputy")}, {}} {
		if start, end, ok := Locate(missing, text); ok {
			t.Errorf("Locate(%+v) = %q, want none", missing, text[start:end])
		}
	}
}

func stems(text string) []string {
	var out []string
	terms.Each(text, func(w terms.Word) { out = append(out, terms.Stem(w.Text)) })
	return out
}

// FuzzLocateAgreesWithRank: Locate finds a term in a text exactly when Rank
// counts it there, and what it returns is a span of the text.
func FuzzLocateAgreesWithRank(f *testing.F) {
	f.Add("back office", "Plans for the backoffice")
	f.Add("fire service", "The Fire Service's deputy chiefs, fire-service")
	f.Add("5 million", "£5m and £5 million")
	f.Fuzz(func(t *testing.T, q, text string) {
		var ts []Term
		for _, w := range words(q) {
			ts = append(ts, w, Term{Stems: w.Stems, Prefix: true})
		}
		var joined strings.Builder
		var all []string
		terms.Each(q, func(w terms.Word) {
			all = append(all, terms.Stem(w.Text))
			joined.WriteString(w.Text)
		})
		if len(all) > 1 {
			ts = append(ts, Term{Stems: all, Whole: terms.Stem(joined.String())})
		}
		if len(all) == 1 {
			ts = append(ts, Term{Stems: all, Phrases: [][]string{all, {all[0], all[0]}}})
		}
		for _, term := range ts {
			start, end, ok := Locate(term, text)
			if ok && (start < 0 || end > len(text) || start >= end) {
				t.Fatalf("Locate(%+v, %q) = %d, %d", term, text, start, end)
			}
			ranked := Rank([]Term{term}, []Doc{{ID: 1, Fields: []Field{{Text: text, Weight: 1}}}}, 1)
			if counted := len(ranked) == 1 && ranked[0].Matched[0]; counted != ok {
				t.Fatalf("%+v in %q: Rank counts it %v, Locate finds it %v", term, text, counted, ok)
			}
		}
	})
}

// TestCapitalsTerm: a term that counts only in capitals (a small word
// typed as an acronym, "IT") is not found where the word is the pronoun,
// however written at a sentence's start; its phrase counts anywhere.
func TestCapitalsTerm(t *testing.T) {
	it := Term{Stems: []string{"it"}, Capitals: true, Phrases: [][]string{stems("information technology")}}
	for text, want := range map[string]string{
		"It says it will share IT staff.":  "IT",
		"It backs information technology.": "information technology",
		"It is what it is, it-shaped.":     "",
	} {
		start, end, ok := Locate(it, text)
		if got := text[start:end]; ok != (want != "") || got != want {
			t.Errorf("Locate(IT, %q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	ranked := Rank([]Term{it}, []Doc{doc(1, "It is time", "It works."), doc(2, "Shared IT", "")}, 10)
	if len(ranked) != 2 || ranked[0].ID != 2 || ranked[0].Required != 1 || ranked[1].Required != 0 {
		t.Errorf("Rank(IT) = %+v, want story 2 alone with the term", ranked)
	}
}
