package classify

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sharednews/sharednews/stemmer"
	"github.com/sharednews/sharednews/terms"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"only stop words", "It is what it is, and they will be there.", nil},
		{"lower case and plurals", "Councils Share Services", []string{"council", "share", "servic"}},
		{"inflections meet", "shared sharing shares", []string{"share", "share", "share"}},
		{"possessive", "Worcester City Council's leader", []string{"worcester", "city", "council", "leader"}},
		{"curly apostrophe", "the council’s plan", []string{"council", "plan"}},
		{"contraction is a stop word", "We won't be sharing", []string{"share"}},
		{"ampersand keeps a&e", "A&E waiting lists", []string{"a&e", "wait", "list"}},
		{"hyphen splits", "tri-borough multi-academy", []string{"tri", "borough", "multi", "academy"}},
		{"punctuation and quotes", `"Fire" (rescue); police!`, []string{"fire", "rescu", "polic"}},
		{"numbers", "999 calls rose 12% to 2014 levels, £500k", []string{"999", "call", "rose", "12", "level", "500k"}},
		{"single letters dropped", "G-Cloud 9 x y", []string{"cloud"}},
		{"accents folded", "Café résumé naïve", []string{"cafe", "resum", "naiv"}},
		{"full-width letters", "ＮＨＳ ｔｒｕｓｔ", []string{"nhs", "trust"}},
		{"acronyms", "NHS CCG ICT", []string{"nhs", "ccg", "ict"}},
		{"url pieces", "https://www.gov.uk/guidance", []string{"https", "www", "gov", "uk", "guidanc"}},
		{"german kept whole", "Die Polizei und die Feuerwehr", []string{"die", "polizei", "und", "die", "feuerwehr"}},
		{"urdu words", "پولیس اور ہسپتال", []string{"پولیس", "اور", "ہسپتال"}},
		{"too long is not a word", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa council", []string{"council"}},
		{"invalid utf-8", "nhs\xff\xfetrust", []string{"nhs", "trust"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBigramsStopAtPunctuation(t *testing.T) {
	fs := featureSet{surfaces: true}
	fs.addText("Fire and rescue: police-led review", 1, true)
	var got []string
	for _, f := range fs.list {
		got = append(got, f.surface)
	}
	want := []string{"fire", "rescue", "fire rescue", "police", "led", "police led", "review", "led review"}
	if !slices.Equal(got, want) {
		t.Errorf("features = %q, want %q", got, want)
	}
	if fs.list[2].key != bigramKey("fire", "rescu") || fs.list[3].key != unigramKey("polic") {
		t.Error("features are not keyed by their stems")
	}
}

func TestFeaturesMergeRepeats(t *testing.T) {
	fs := featureSet{surfaces: true}
	fs.addText("Councils share; council shares", 2, true)
	got := fs.features()
	want := map[uint64]int32{unigramKey("council"): 4, unigramKey("share"): 4, bigramKey("council", "share"): 4}
	if len(got) != len(want) {
		t.Fatalf("features = %+v", got)
	}
	for _, f := range got {
		if want[f.key] != f.n {
			t.Errorf("feature %q counts %d, want %d", f.surface, f.n, want[f.key])
		}
	}
	if got[0].key > got[1].key || got[1].key > got[2].key {
		t.Error("features are not in key order")
	}
}

// TestNormaliseASCII checks the shortcut for ASCII text against the
// general path.
func TestNormaliseASCII(t *testing.T) {
	for _, s := range []string{"", "council", "Council's `Budget` - 5m", "NHS TRUST & A&E", "tab\there\x7f ~[]{}", "already lower case",
		"Council’s £1.2m budget – what’s next", "ÉCOLE Café", "e\u0301\u0327A\u0301", "ＮＨＳ ﬁre", "bad \xff\xfe UTF-8", "Ça\u0308\u0323\u0301"} {
		if got, want := normalise(s), normaliseUnicode(s); got != want {
			t.Errorf("normalise(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"ÉCOLE", "café", "Council’s"} {
		if _, ok := normaliseASCII(s); ok {
			t.Errorf("normaliseASCII(%q) took text that is not ASCII", s)
		}
	}
}

// The newswire's suggestions count features as repeated keys (no written
// forms kept); explanations keep the forms. Both must count the same.
func TestFeaturesCountedAlikeWithAndWithoutSurfaces(t *testing.T) {
	heavy := DefaultParams()
	heavy.HeadlineWeight = maxRepeat + 3 // past the repeated keys: the general way
	for _, p := range []Params{DefaultParams(), heavy} {
		m := NewWithParams(nil, p)
		for _, in := range []Input{
			{},
			{Headline: "Fire and rescue services merge", Summary: "Fire chiefs say the fire and rescue merger saves money. Fire!", Source: "BBC News"},
			{Headline: "Councils share services", Summary: "Councils Share Services; councils share services.", Source: "LocalGov"},
			{Headline: "Die Polizei und die Feuerwehr", Summary: "پولیس اور ہسپتال", Source: "Ｗｉｒｅ"},
		} {
			plain := m.features(in, false)
			explained := m.features(in, true)
			for i := range explained {
				explained[i].surface = ""
			}
			if !slices.Equal(plain, explained) {
				t.Errorf("headline weight %d, %q:\nwithout surfaces %v\nwith            %v", p.HeadlineWeight, in.Headline, plain, explained)
			}
			if len(in.Headline) > 0 && len(plain) == 0 {
				t.Errorf("%q: no features", in.Headline)
			}
		}
	}
}

// normaliseUnicode is normalise without its shortcuts for ASCII: what
// they must agree with.
func normaliseUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writeNormalised(&b, s)
	return b.String()
}

// realTexts are texts to compare the tokenizer's shortcuts with: the
// labelled stories, the stories of the newsletter's past editions, every
// line of the real feeds in the shared test data (markup, entities, URLs,
// other scripts and encodings), and words the shortcuts treat specially.
func realTexts(t *testing.T) []Input {
	t.Helper()
	var inputs []Input
	for _, ex := range loadLabelled(t) {
		inputs = append(inputs, Input{Headline: ex.Headline, Summary: ex.Summary})
	}
	for _, examples := range pastEditions(t, defaultSectors()) {
		for _, ex := range examples {
			inputs = append(inputs, Input{Headline: ex.Headline, Summary: ex.Summary, Source: ex.Source})
		}
	}
	feeds, err := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "feeds", "*"))
	if err != nil || len(feeds) == 0 {
		t.Fatalf("no feeds in the shared test data: %v", err)
	}
	for _, name := range feeds {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			inputs = append(inputs, Input{Headline: line, Summary: line})
		}
	}
	inputs = append(inputs,
		Input{Headline: "A&E and R&D: the PCC and the ACC", Summary: "Fire & Rescue; fire and rescue. NHS's GPs' ICBs"},
		Input{Headline: "Café résumé ＮＨＳ ﬁre", Summary: "Council’s £1.2m budget – what’s next? " + strings.Repeat("a", maxWordBytes+1) + " council"},
		Input{Headline: "2024 999 12 x y it IS", Summary: "don't won't can't council's councils' O'Neill 'quoted' rock'n'roll & a&", Source: "BBC News"},
		Input{Headline: "tab\there\x7f ~[]{} $5 + 6 = 11 | a`b", Summary: "bad \xff\xfe UTF-8 «guillemets» “quotes” ‘single’"},
	)
	if len(inputs) < 10000 {
		t.Fatalf("only %d texts to compare", len(inputs))
	}
	return inputs
}

// eachTermReference is eachTerm as it was written before its shortcuts
// for ASCII: every character through unicode's tables, the text through
// normaliseUnicode.
func eachTermReference(text string, fn func(term)) {
	s := normaliseUnicode(text)
	follows := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			if breaksPhrase(r) {
				follows = false
			}
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) && !isJoiner(s, j, r, size) {
				break
			}
			j += size
		}
		word := strings.ReplaceAll(strings.TrimSuffix(s[i:j], "'s"), "'", "")
		i = j
		switch {
		case len(word) > maxWordBytes:
			follows = false
		case utf8.RuneCountInString(word) < 2, terms.IsSmall(word), isLongNumber(word):
		default:
			fn(term{stem: stemmer.Stem(word), surface: word, follows: follows})
			follows = true
		}
	}
}

// The tokenizer reads ASCII through a table and normalises text a stretch
// at a time; it must find the same terms, phrases included, as the plain
// reading of every character.
func TestTermsAsReference(t *testing.T) {
	for _, in := range realTexts(t) {
		for _, text := range []string{in.Headline, in.Summary, in.Source} {
			var got, want []term
			eachTerm(text, func(tm term) { got = append(got, tm) })
			eachTermReference(text, func(tm term) { want = append(want, tm) })
			if !slices.Equal(got, want) {
				t.Fatalf("%q:\ngot  %v\nwant %v", text, got, want)
			}
		}
	}
}

// Suggest counts features through a memo of the words it has seen
// (wordMemo); it must count exactly what the plain path counts, for real
// texts and words the memo treats specially, also when the memo fills and
// starts afresh.
func TestMemoCountsAlike(t *testing.T) {
	sectors := defaultSectors()
	inputs := realTexts(t)
	for _, p := range []Params{DefaultParams(), {HeadlineWeight: maxRepeat + 3, SummaryWeight: 1, Bigrams: true}} {
		m := NewWithParams(sectors, p)
		memo := &featureSet{memo: wordMemo{}}
		for i := range maxMemoWords - 5 {
			memo.memo.word("filler" + strconv.Itoa(i)) // full soon: it starts afresh on the way
		}
		for _, in := range inputs {
			memo.list, memo.keys = memo.list[:0], memo.keys[:0]
			got := m.gather(memo, in)
			want := m.features(in, false)
			if !slices.Equal(got, want) {
				t.Fatalf("%+v, %q:\nwith the memo %v\nwithout      %v", p, in.Headline, got, want)
			}
		}
		if n := len(memo.memo); n == 0 || n > maxMemoWords {
			t.Errorf("memo holds %d words", n)
		}
	}
}
