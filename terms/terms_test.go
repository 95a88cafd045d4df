package terms

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func words(text string) []string {
	var out []string
	Each(text, func(w Word) { out = append(out, w.Text) })
	return out
}

func TestEach(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Councils Share Services", []string{"councils", "share", "services"}},
		{"Worcester City Council's leader", []string{"worcester", "city", "council", "leader"}},
		{"the council’s plan", []string{"the", "council", "plan"}},
		{"O'Neill won't A&E", []string{"oneill", "wont", "ae"}},
		{"Stoke-on-Trent", []string{"stoke", "on", "trent"}},
		{`"Fire" (rescue); police!`, []string{"fire", "rescue", "police"}},
		{"£5m 12% 999", []string{"5", "million", "12", "percent", "999"}},
		{"£2.5BN, £30k, 5Mn and £5,000K", []string{"2_5", "billion", "30", "thousand", "5", "million", "and", "5000", "thousand"}},
		{"5mb 5km 5pm m5 5 m 5mm 5bnk", []string{"5mb", "5km", "5pm", "m5", "5", "m", "5mm", "5bnk"}},
		{"5% 5 per cent, 5 Per Cent. 5 percent 5 % per centre per cent's per  cent %5 per cent", []string{"5", "percent", "5", "percent", "5", "percent", "5", "percent", "5", "per", "centre", "per", "cent", "per", "cent", "5", "percent"}},
		// "pc" joined to a number is per cent, as the British press
		// writes it; apart, or with more letters, it is no sign.
		{"5pc 2.5pc 40PC 5 pc pc5 5pcs", []string{"5", "percent", "2_5", "percent", "40", "percent", "5", "pc", "pc5", "5pcs"}},
		{"Fire & Rescue, A&E, R & D,&amp; a &b c& d &\u00a0e & &", []string{"fire", "and", "rescue", "ae", "r", "and", "d", "amp", "a", "b", "c", "d", "and", "e", "and"}},
		{"Café résumé naïve", []string{"cafe", "resume", "naive"}},
		{"ＮＨＳ ｔｒｕｓｔ ﬁre", []string{"nhs", "trust", "fire"}},
		{"پولیس اور", []string{"پولیس", "اور"}},
		{"nhs\xff\xfetrust", []string{"nhs", "trust"}},
		{strings.Repeat("a", MaxWordBytes+1) + " council", []string{"council"}},
		{"councils' budgets", []string{"councils", "budgets"}},
		{"The U.K. and the S.S.A. at 9 a.m.", []string{"the", "uk", "and", "the", "ssa", "at", "9", "am"}},
		{"e.g.the U.S.", []string{"eg", "the", "us"}},
		{"U.Kingdom Mr.Smith bbc.co.uk 3.5 end.A new", []string{"u", "kingdom", "mr", "smith", "bbc", "co", "uk", "3_5", "end", "a", "new"}},
		// A decimal is one number; a time, a date, an address or a
		// section number in figures, and a figure with a unit, are not.
		{"2.5% £1,234.56 0.5m 3.30pm 10.07.2014 192.168.0.1 v1.2 1.5km 7.5.", []string{"2_5", "percent", "1234_56", "0_5", "million",
			"3", "30pm", "10", "07", "2014", "192", "168", "0", "1", "v1", "2", "1", "5km", "7_5"}},
		{"£1.50 £5.0m 2.05 10.00", []string{"1_5", "5", "million", "2_05", "10"}},
		{"Ö.Ü. .U.K A.", []string{"ou", "uk", "a"}},
		{"£5,000 for 1,250,000 homes, 90,000pa", []string{"5000", "for", "1250000", "homes", "90000pa"}},
		{"1,2 and 2014,000 or 12,3456 and 7, 000 or ,000 then 1000,000 9,000,", []string{"1", "2", "and", "2014", "000", "or", "12", "3456", "and", "7", "000", "or", "000", "then", "1000", "000", "9000"}},
	} {
		if got := words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Each(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEachSpans(t *testing.T) {
	text := "Two  councils' “shared” chief-executive in the U.K. Ö.Ü. for £1,250,000 or £2.5BN & more, 5% or 5 per cent"
	for _, w := range Split(text) {
		if written := Fold(text[w.Start:w.End]); written != w.Text && magnitude(written) != w.Text && written != "" && written != "percent" && text[w.Start:w.End] != "&" {
			t.Errorf("span %d–%d %q folds to %q, not %q", w.Start, w.End, text[w.Start:w.End], Fold(text[w.Start:w.End]), w.Text)
		}
	}
}

func TestIndex(t *testing.T) {
	if got, want := Index("Councils sharing a chief-executive"), "council share a chief execut § chiefexecut"; got != want {
		t.Errorf("Index = %q, want %q", got, want)
	}
}

func TestIsSmall(t *testing.T) {
	for w, want := range map[string]bool{"the": true, "and": true, "x": true, "9": false, "us": true, "council": false, "it": true, "nhs": false} {
		if IsSmall(w) != want {
			t.Errorf("IsSmall(%q) = %v", w, !want)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for w, want := range map[string]bool{"2024": true, "000": true, "9": true, "1_5": true, "0_25": true, "_5": false, "5_": false, "1_5_2": false, "1_a": false, "": false, "a38": false, "2024s": false, "covid19": false, "٣": false} {
		if IsNumber(w) != want {
			t.Errorf("IsNumber(%q) = %v", w, !want)
		}
	}
}

// FuzzIndex: the index text is words separated by single spaces, each word
// free of ASCII punctuation and spaces (so the index's ascii tokenizer
// reads back exactly these words): the stem of each of Each's words, then
// CompoundMark and the stem of each compound.
func FuzzIndex(f *testing.F) {
	for _, s := range []string{"Councils sharing a chief-executive", "O'Neill A&E", "ﬁ ＮＨＳ", "\xff\x00", "a'b'c's", "re-organisation of Stoke-on-Trent", "a--b -c d- e–f", "a\u2010b\u2011c\u2012d\u2013e \u2014 \xe2\x80", "U.K.-wide S.S.A. a.m.-b.c Mr.Smith U.Kingdom", "£5m-a-year 2bn,5K 9,999mn", "Fire & Rescue & A&E &amp; & ", "5% per cent per  cent per cent's", "£1.5m-a-year 2.5% 10.07.2014 1.5-2.5 3.30pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		idx := Index(text)
		var stems []string
		if idx != "" {
			stems = strings.Split(idx, " ")
		}
		var want []string
		for _, w := range Split(text) {
			want = append(want, Stem(w.Text))
		}
		EachCompound(text, func(joined string) {
			want = append(want, CompoundMark, Stem(joined))
		})
		if !slices.Equal(stems, want) {
			t.Fatalf("%q: index %q, want %q", text, stems, want)
		}
		for _, s := range stems {
			if s == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
				return r < utf8.RuneSelf && !asciiWord[r] && !(string(r) == DecimalMark && IsNumber(s))
			}) {
				t.Fatalf("%q: stem %q", text, s)
			}
		}
		Spans(text, func(raw string, _, _ int) {
			if isWord(raw) != (Fold(raw) != "") {
				t.Fatalf("%q: isWord(%q) = %v, Fold gives %q", text, raw, isWord(raw), Fold(raw))
			}
		})
		if MayHaveCompound(text) != strings.ContainsAny(text, hyphens) {
			t.Fatalf("%q: MayHaveCompound = %v", text, MayHaveCompound(text))
		}
		if Fold(CompoundMark) != "" {
			t.Fatalf("a word folds to the compound mark")
		}
	})
}

func TestEachCompound(t *testing.T) {
	for text, want := range map[string][]string{
		"Plans for re-organisation":                {"reorganisation"},
		"Stoke-on-Trent and Neath Port Talbot":     {"stokeontrent"},
		"A long‐term shake‑up – again; 2010–2014":  {"longterm", "shakeup", "20102014"},
		"a - b, c -d, e- f, g--h":                  {"gh"},
		"no compounds here":                        nil,
		"x-" + strings.Repeat("y", MaxWordBytes):   nil,
		"co-operation, co-ordinated; cross-border": {"cooperation", "coordinated", "crossborder"},
		"O'Neill-Smith's A&E-led":                  {"oneillsmith", "aeled"},
		"a\u2010\u2010b and c----d":                {"ab", "cd"},
	} {
		var got []string
		EachCompound(text, func(j string) { got = append(got, j) })
		if !slices.Equal(got, want) {
			t.Errorf("EachCompound(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestOtherSpellings(t *testing.T) {
	for _, tc := range [][2]string{
		{"center", "centres"}, {"centre", "centers"}, {"program", "programmes"}, {"labor", "labour"},
		{"neighbors", "neighbours"}, {"neighborhood", "neighbourhoods"}, {"defense", "defence"}, {"pediatric", "paediatric"}, {"traveled", "travelled"},
		{"cllrs", "councillors"}, {"govt", "government"}, {"HQ", "headquarters"}, {"3", "three"}, {"twelve", "12"}, {"thirty", "30"}, {"fifteen", "15"},
		{"Wales", "Welsh"}, {"Scottish", "Scotland"}, {"English", "England"}, {"Cornwall", "Cornish"},
		{"Saint", "St"},
	} {
		us, gb := Stem(Fold(tc[0])), Stem(Fold(tc[1]))
		if us == gb {
			continue
		}
		if !slices.Contains(OtherSpellings(us), gb) && !slices.Contains(OtherSpellings(gb), us) {
			t.Errorf("%q (%s) and %q (%s) are not other spellings of each other: %q, %q", tc[0], us, tc[1], gb, OtherSpellings(us), OtherSpellings(gb))
		}
	}
	for _, w := range []string{"council", "draft", "check", "story", "organise", "organize", "one", "1", "21", "100", "uni", "street", "whales"} {
		if o := OtherSpellings(Stem(w)); o != nil {
			t.Errorf("OtherSpellings(%q) = %q", w, o)
		}
	}
	// Every pair is two stems apart or folded by the stemmer.
	for _, p := range slices.Concat(spellingPairs[:], abbreviationPairs[:], numberPairs[:], nationPairs[:], countyPairs[:], saintPairs[:]) {
		gb, us := Stem(p[0]), Stem(p[1])
		if gb != us && (!slices.Contains(OtherSpellings(gb), us) || !slices.Contains(OtherSpellings(us), gb)) {
			t.Errorf("%q/%q missing", p[0], p[1])
		}
	}
}

func TestExpansions(t *testing.T) {
	for word, want := range map[string][]string{
		"LGA":     {"Local Government Association"},
		"lga":     {"local government association"},
		"CCGs":    {"clinical commissioning groups"},
		"ICT":     {"information and communications technology", "information technology"},
		"A&E":     {"accident & emergency"},
		"A&Es":    {"accident & emergency"},
		"council": nil,
		"IT":      {"information technology", "ICT", "information and communications technology"},
		"DCMS":    {"Department for Culture, Media and Sport", "Department for Digital, Culture, Media and Sport"},
		"ASBOs":   {"anti-social behaviour order", "antisocial behaviour order"},
		"WHO":     {"World Health Organization"},
		"UUK":     {"Universities UK"},
		"ADASS":   {"Association of Directors of Adult Social Services"},
	} {
		var stems [][]string
		for _, phrase := range want {
			var p []string
			Each(phrase, func(w Word) { p = append(p, Stem(w.Text)) })
			stems = append(stems, p)
		}
		if got := Expansions(Stem(Fold(word))); !slices.EqualFunc(got, stems, slices.Equal) {
			t.Errorf("Expansions(%s) = %q, want %q", word, got, stems)
		}
	}
}

// TestAcronymsAreNotAnotherAcronymsPlural: the stemmer reads a word of
// consonants ending in s as a plural ("GPs"), so an acronym so written
// stands for another one's plural too ("VCS" would be vice-chancellors).
// Only those whose singular is no acronym in use are listed.
func TestAcronymsAreNotAnotherAcronymsPlural(t *testing.T) {
	for _, p := range acronymPairs {
		a := Fold(p[0])
		if len(a) > 2 && strings.HasSuffix(a, "s") && Stem(a) == Stem(a[:len(a)-1]) && a != "dcms" && a != "lgps" {
			t.Errorf("%s stems as the plural of %s", p[0], a[:len(a)-1])
		}
	}
}

func TestAcronymFor(t *testing.T) {
	for words, want := range map[string]string{
		"clinical commissioning groups":   "ccg",
		"Office for National Statistics":  "on",
		"office national statistics":      "on",
		"information technology":          "",
		"local government":                "",
		"assistant chief constables":      "acc",
		"National Police Chiefs' Council": "npcc",
		"Universities UK":                 "uuk",
		"NHS England":                     "nhse",
		"antisocial behaviour orders":     "asbo",
	} {
		var stems []string
		Each(words, func(w Word) {
			if !IsSmall(w.Text) {
				stems = append(stems, Stem(w.Text))
			}
		})
		if want != "" {
			want = Stem(Fold(map[string]string{"ccg": "CCG", "on": "ONS", "acc": "ACC", "npcc": "NPCC", "uuk": "UUK", "nhse": "NHSE", "asbo": "ASBO"}[want]))
		}
		if got := AcronymFor(stems); got != want {
			t.Errorf("AcronymFor(%q) = %q, want %q", stems, got, want)
		}
	}
}

func TestMostExpansionWords(t *testing.T) {
	// "Society of Local Authority Chief Executives", small words aside.
	if got := MostExpansionWords(); got != 5 {
		t.Errorf("MostExpansionWords() = %d, want 5", got)
	}
}

func TestSynonyms(t *testing.T) {
	stems := func(text string) []string {
		var out []string
		Each(text, func(w Word) {
			if !IsSmall(w.Text) {
				out = append(out, Stem(w.Text))
			}
		})
		return out
	}
	for word, want := range map[string][]string{
		"councils":     {"local authority"},
		"rubbish":      {"waste", "bin"},
		"bins":         {"rubbish", "waste"},
		"redundancies": {"job cut", "job loss"},
		"funding":      {"money", "cash"},
		"chiefs":       {"boss"},
		"police":       {"constabulary"},
		"constabulary": {"police force", "police"},
		"mergers":      {"amalgamation"},
		"amalgamated":  {"merger", "merge"},
		"merging":      {"amalgamate"},
		"amalgamation": {"merger", "merge"},
		"cuts":         {"reduction"},
		"reductions":   {"cut"},
		"savings":      nil,
		"refuse":       nil,
		"authority":    nil,
		"job":          nil,
	} {
		var wantStems [][]string
		for _, w := range want {
			wantStems = append(wantStems, stems(w))
		}
		got := Synonyms(Stem(Fold(word)))
		slices.SortFunc(got, slices.Compare)
		slices.SortFunc(wantStems, slices.Compare)
		if !slices.EqualFunc(got, wantStems, slices.Equal) {
			t.Errorf("Synonyms(%s) = %q, want %q", word, got, wantStems)
		}
	}
	for phrase, want := range map[string]string{
		"local authorities": "council", "Local Authority": "council", "job losses": "redundancy",
		"police forces": "constabulary", "local government": "", "authority": "", "cuts job": "",
	} {
		if want != "" {
			want = Stem(want)
		}
		if got := SynonymFor(stems(phrase)); got != want {
			t.Errorf("SynonymFor(%q) = %q, want %q", phrase, got, want)
		}
	}
	// The query looks phrases up in runs as long as MostExpansionWords.
	for _, p := range synonymPairs {
		for _, side := range p {
			if n := len(stems(side)); n > MostExpansionWords() || n == 0 {
				t.Errorf("%q has %d words", side, n)
			}
		}
	}
}

// TestIsOwnErNoun: the listed stems are the stemmer's for the word and its
// plural, so that a search finds them in the index; the agent nouns that
// search reads as their verb are not listed.
func TestIsOwnErNoun(t *testing.T) {
	for stem := range ownErNouns {
		for _, w := range []string{stem, stem + "s"} {
			if got := Stem(w); got != stem {
				t.Errorf("%q stems to %q, not the listed %q", w, got, stem)
			}
		}
		if !IsOwnErNoun(stem) {
			t.Errorf("IsOwnErNoun(%q) = false", stem)
		}
	}
	for _, w := range []string{"leader", "worker", "merger", "manager", "partner", "carer"} {
		if IsOwnErNoun(Stem(w)) {
			t.Errorf("IsOwnErNoun(%q) = true", Stem(w))
		}
	}
}

// TestASCIIJoinerIsEveryASCIIJoiner: Spans ends a word at an ASCII
// character that is neither a word's (asciiWord) nor one isJoiner may
// take (asciiJoiner) without asking isJoiner, so the table must hold
// every ASCII character isJoiner takes between two letters or figures: a
// joiner added there and not here would silently never join.
func TestASCIIJoinerIsEveryASCIIJoiner(t *testing.T) {
	for c := range rune(utf8.RuneSelf) {
		if asciiWord[c] || asciiJoiner[c] {
			continue
		}
		for _, around := range [][2]string{{"a", "b"}, {"1", "234"}, {"a", "b c"}, {"x a", "b y"}} {
			text := around[0] + string(c) + around[1]
			if isJoiner(text, len(around[0]), c, 1) {
				t.Errorf("isJoiner takes %q in %q, but asciiJoiner does not mark it", c, text)
			}
		}
	}
}

// TestIndexRow: after a text's stems and compounds come the pairs of its
// words in a row, in order, a number breaking the run with CompoundMark.
func TestIndexRow(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"", ""},
		{"Council", "council"},
		{"Shared services", "share servic § _share_servic"},
		{"The chief executive", "the chief execut § _the_chief _chief_execut"},
		{"Stoke-on-Trent council", "stoke on trent council § stokeontrent § _stoke_on _on_trent _trent_council"},
		{"Shared council 2021 council services", "share council 2021 council servic § _share_council § _council_servic"},
		{"2021 council services 5", "2021 council servic 5 § _council_servic"},
		{"5 6 council", "5 6 council"},
	} {
		if got := IndexRow(c.text); got != c.want {
			t.Errorf("IndexRow(%q) = %q, want %q", c.text, got, c.want)
		}
		if !strings.HasPrefix(IndexRow(c.text), Index(c.text)) {
			t.Errorf("IndexRow(%q) does not begin with Index's tokens", c.text)
		}
	}
}
