package digest

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// testSectors are the ten sectors of the example configuration (PRODUCT.md
// section 2), with aliases an editor might give them.
var testSectors = Sectors{
	{Slug: "local-government", Name: "Local Government", Aliases: []string{"council", "councils", "lg"}},
	{Slug: "health", Name: "Health & Social Care", Aliases: []string{"nhs", "social care", "care"}},
	{Slug: "education", Name: "Further/Higher Education", Aliases: []string{"he", "fe", "universities"}},
	{Slug: "blue-light", Name: "Blue Light Services", Aliases: []string{"police", "fire", "ambulance", "emergency services"}},
	{Slug: "housing", Name: "Housing", Aliases: []string{"social housing"}},
	{Slug: "private-sector", Name: "Private Sector Collaborations", Aliases: []string{"private", "business"}},
	{Slug: "leadership", Name: "Collaborative Leadership"},
	{Slug: "highway-code", Name: "Highway Code", Aliases: []string{"ict", "procurement", "practice notes"}},
	{Slug: "international", Name: "International", Aliases: []string{"overseas"}},
	{Slug: "other", Name: "Other"},
}

func TestSectorsResolve(t *testing.T) {
	tests := []struct{ in, want string }{
		// Slugs, in any case.
		{"health", "health"},
		{"HEALTH", "health"},
		{"local-government", "local-government"},
		{"blue-light", "blue-light"},
		// Slugs written the ways people write them.
		{"local government", "local-government"},
		{"Local_Government", "local-government"},
		{"blue light", "blue-light"},
		{"Blue  Light", "blue-light"},
		{"highway code", "highway-code"},
		{"  housing  ", "housing"},
		// Names.
		{"Health & Social Care", "health"},
		{"health and social care", "health"},
		{"HEALTH-AND-SOCIAL-CARE", "health"},
		{"Health&Social Care", "health"},
		{"Further/Higher Education", "education"},
		{"further higher education", "education"},
		{"Blue Light Services", "blue-light"},
		{"Collaborative Leadership", "leadership"},
		{"Private Sector Collaborations", "private-sector"},
		// Aliases.
		{"police", "blue-light"},
		{"Fire", "blue-light"},
		{"NHS", "health"},
		{"social care", "health"},
		{"social-care", "health"},
		{"ICT", "highway-code"},
		{"procurement", "highway-code"},
		{"HE", "education"},
		{"fe", "education"},
		// An exact alias wins over being a prefix of something else:
		// "he" starts "health", "care" starts nothing else but is exact.
		{"care", "health"},
		// Unique prefixes over slugs, names and aliases.
		{"hou", "housing"},
		{"lead", "leadership"},
		{"collab", "leadership"},
		{"inter", "international"},
		{"priv", "private-sector"},
		{"proc", "highway-code"},
		{"amb", "blue-light"},
		{"emergency", "blue-light"},
		{"ot", "other"},
		{"ov", "international"},
		{"local", "local-government"},
		{"highway", "highway-code"},
		{"pol", "blue-light"},
		{"unis", ""}, // "universities" needs "univ"; "unis" is not a prefix
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := testSectors.Resolve(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("Resolve(%q) = %q, want an error", tt.in, got.Slug)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve(%q): %v", tt.in, err)
			}
			if got.Slug != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.in, got.Slug, tt.want)
			}
		})
	}
}

func TestSectorsResolvePrecedence(t *testing.T) {
	// A slug beats a name, and a name beats an alias, even in later sectors.
	secs := Sectors{
		{Slug: "alpha", Name: "Beta", Aliases: []string{"gamma"}},
		{Slug: "gamma", Name: "Alpha"},
		{Slug: "delta", Name: "Gamma"},
	}
	for in, want := range map[string]string{"alpha": "alpha", "gamma": "gamma", "beta": "alpha"} {
		got, err := secs.Resolve(in)
		if err != nil || got.Slug != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got.Slug, err, want)
		}
	}
}

func TestSectorsResolveAmbiguous(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"he", nil}, // exact alias, not ambiguous
		{"ho", []string{"housing"}},
		{"hea", []string{"health"}},
		{"hi", []string{"highway-code"}},
		{"in", []string{"international"}},
		{"pr", []string{"private-sector", "highway-code"}},
		{"co", []string{"local-government", "leadership"}},
		{"b", nil}, // too short to be a prefix
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			sec, err := testSectors.Resolve(tt.in)
			var amb *AmbiguousSectorError
			if len(tt.want) < 2 {
				if errors.As(err, &amb) {
					t.Fatalf("Resolve(%q) is ambiguous: %v", tt.in, err)
				}
				if len(tt.want) == 1 && sec.Slug != tt.want[0] {
					t.Errorf("Resolve(%q) = %q, %v; want %q", tt.in, sec.Slug, err, tt.want[0])
				}
				return
			}
			if !errors.As(err, &amb) {
				t.Fatalf("Resolve(%q) = %q, %v; want ambiguity", tt.in, sec.Slug, err)
			}
			if !slices.Equal(amb.Candidates, tt.want) {
				t.Errorf("candidates %q, want %q", amb.Candidates, tt.want)
			}
		})
	}
}

func TestSectorsResolveUnknown(t *testing.T) {
	tests := []struct{ in, suggestion string }{
		{"helth", "health"},
		{"hleath", "health"},
		{"huosing", "housing"},
		{"polise", "blue-light"},
		{"Educaton", "education"},
		{"local govenment", "local-government"},
		{"leadrship", "leadership"},
		{"internatoinal", "international"},
		{"hihgway code", "highway-code"},
		{"nsh", "health"},
		{"xyz", ""},
		{"sport", ""},
		{"x", ""},
		{"transport for london", ""},
		{"`code`", ""},
		{"", ""},
		{"   ", ""},
		{"&", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := testSectors.Resolve(tt.in)
			var unk *UnknownSectorError
			if !errors.As(err, &unk) {
				t.Fatalf("Resolve(%q) error %v, want *UnknownSectorError", tt.in, err)
			}
			if unk.Suggestion != tt.suggestion {
				t.Errorf("Suggestion = %q, want %q", unk.Suggestion, tt.suggestion)
			}
		})
	}
}

// TestSectorsResolveNamedWithin: words that together name no sector, of
// which some name one sector or nearly ("housing & planning", a sector
// and a slip of it), say that sector is what was meant (Within), not a
// bare "Unknown sector"; words naming two sectors, or only short words a
// letter from an alias ("the" from "he"), name none.
func TestSectorsResolveNamedWithin(t *testing.T) {
	tests := []struct{ in, within string }{
		{"housing & planning", "housing"},
		{"housing and planning", "housing"},
		{"health helth", "health"},
		{"helth heath", "health"},
		{"the NHS trusts", "health"},
		{"social care funding", "health"},
		{"police and health", ""},
		{"the sport pages", ""},
		{"transport for london", ""},
	}
	for _, tt := range tests {
		_, err := testSectors.Resolve(tt.in)
		var unk *UnknownSectorError
		if !errors.As(err, &unk) {
			t.Fatalf("Resolve(%q) error %v, want *UnknownSectorError", tt.in, err)
		}
		if unk.Within != tt.within || unk.Meant() != tt.within {
			t.Errorf("Resolve(%q): within %q, meant %q; want %q", tt.in, unk.Within, unk.Meant(), tt.within)
		}
	}
}

// TestSectorsResolveOneLetter: one letter is too short to choose a sector
// by, but the sectors it starts are offered ("h": a member typing health
// or housing) where the error named none.
func TestSectorsResolveOneLetter(t *testing.T) {
	for _, tt := range []struct {
		in, suggestion string
		candidates     []string
	}{
		{"h", "", []string{"health", "education", "housing", "highway-code"}},
		{"P", "", []string{"blue-light", "private-sector", "highway-code"}},
		{"o", "", []string{"international", "other"}},
		{"u", "", []string{"education"}}, // offered, but not a typing slip: "a" may begin a note
		{"x", "", nil},
	} {
		_, err := testSectors.Resolve(tt.in)
		var unk *UnknownSectorError
		if !errors.As(err, &unk) {
			t.Fatalf("Resolve(%q) error %v, want *UnknownSectorError", tt.in, err)
		}
		if unk.Suggestion != tt.suggestion || !slices.Equal(unk.Candidates, tt.candidates) {
			t.Errorf("Resolve(%q): suggestion %q, candidates %q; want %q, %q", tt.in, unk.Suggestion, unk.Candidates, tt.suggestion, tt.candidates)
		}
	}
}

func TestSectorsResolveEmptyList(t *testing.T) {
	var none Sectors
	if _, err := none.Resolve("health"); err == nil {
		t.Error("Resolve on no sectors succeeded")
	}
}

func TestSectorsLookupAndIndex(t *testing.T) {
	for i, sec := range testSectors {
		got, ok := testSectors.Lookup(sec.Slug)
		if !ok || got.Name != sec.Name {
			t.Errorf("Lookup(%q) = %+v, %v", sec.Slug, got, ok)
		}
		if n := testSectors.Index(sec.Slug); n != i {
			t.Errorf("Index(%q) = %d, want %d", sec.Slug, n, i)
		}
	}
	for _, slug := range []string{"Health", "nhs", "sport", ""} {
		if _, ok := testSectors.Lookup(slug); ok {
			t.Errorf("Lookup(%q) found a sector; Lookup takes exact slugs only", slug)
		}
		if n := testSectors.Index(slug); n != len(testSectors) {
			t.Errorf("Index(%q) = %d, want %d (last)", slug, n, len(testSectors))
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"health", "health", 0},
		{"helth", "health", 1},
		{"haelth", "health", 1},
		{"hleath", "health", 2},
		{"health", "", 6},
		{"", "abc", 3},
		{"ca", "abc", 3}, // optimal string alignment, not unrestricted
		{"kitten", "sitting", 3},
		{"café", "cafe", 1},
		{"abcd", "badc", 2},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := EditDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func FuzzSectorsResolve(f *testing.F) {
	for _, s := range []string{"health", "Health & Social Care", "helth", "pr", "", "&&", "`x`", "blue__light", "é-ü", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sec, err := testSectors.Resolve(in)
		if err != nil {
			_ = err.Error()
			var unk *UnknownSectorError
			if errors.As(err, &unk) && unk.Suggestion != "" {
				if _, ok := testSectors.Lookup(unk.Suggestion); !ok {
					t.Fatalf("Resolve(%q) suggests unknown slug %q", in, unk.Suggestion)
				}
			}
			return
		}
		if _, ok := testSectors.Lookup(sec.Slug); !ok {
			t.Fatalf("Resolve(%q) = %+v, not a configured sector", in, sec)
		}
		// Whatever resolves must resolve the same from its own slug.
		again, err := testSectors.Resolve(sec.Slug)
		if err != nil || again.Slug != sec.Slug {
			t.Fatalf("Resolve(%q) = %q, %v", sec.Slug, again.Slug, err)
		}
	})
}

// TestSectorsContaining: a sector is offered when its slug, name or an
// alias holds what was typed, in any case; all of them for nothing typed.
func TestSectorsContaining(t *testing.T) {
	slugs := func(s Sectors) []string {
		var out []string
		for _, sec := range s {
			out = append(out, sec.Slug)
		}
		return out
	}
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{" SOCIAL ", []string{"health", "housing"}}, // name and alias
		{"light", []string{"blue-light"}},
		{"police", []string{"blue-light"}},
		{"zzz", nil},
	} {
		if got := slugs(testSectors.Containing(c.typed)); !slices.Equal(got, c.want) {
			t.Errorf("Containing(%q) = %v, want %v", c.typed, got, c.want)
		}
	}
	if got := testSectors.Containing(""); len(got) != len(testSectors) {
		t.Errorf("Containing(\"\") has %d sectors, want all %d", len(got), len(testSectors))
	}
}

// TestWordsContaining: a word is offered when it holds what was typed, in
// any case and with spaces around it; all of them for nothing typed.
func TestWordsContaining(t *testing.T) {
	words := []string{"reset", "Restart", "none"}
	for _, c := range []struct {
		typed string
		want  []string
	}{
		{"", words},
		{" RES ", []string{"reset", "Restart"}},
		{"one", []string{"none"}},
		{"zzz", nil},
	} {
		if got := WordsContaining(words, c.typed); !slices.Equal(got, c.want) {
			t.Errorf("WordsContaining(%q) = %q, want %q", c.typed, got, c.want)
		}
	}
}

func TestSectorLabel(t *testing.T) {
	for _, c := range []struct {
		s    Sector
		want string
	}{
		{Sector{Slug: "health", Name: "Health\nand care"}, "Health and care"},
		{Sector{Slug: "health", Name: " \n"}, "health"},
	} {
		if got := c.s.Label(); got != c.want {
			t.Errorf("%+v.Label() = %q, want %q", c.s, got, c.want)
		}
	}
}

// TestSectorsStartingWith: the first word of a sector's name of several
// words names it when no other sector's starts so; a whole name, a word
// inside a name or a word two sectors start with does not.
func TestSectorsStartingWith(t *testing.T) {
	for w, want := range map[string]string{
		"local": "local-government", "Blue": "blue-light", "further": "education", "Collaborative": "leadership",
		"highway": "highway-code", "practice": "highway-code",
		"social": "", "light": "", "housing": "", "in": "", "": "", "local government": "",
	} {
		got, ok := testSectors.StartingWith(w)
		if ok != (want != "") || got.Slug != want {
			t.Errorf("StartingWith(%q) = %q, %v; want %q", w, got.Slug, ok, want)
		}
	}
}

// TestSectorsMaxWords counts words as Named compares names: a slug's
// dashes and a name's "&" part words too.
func TestSectorsMaxWords(t *testing.T) {
	for _, c := range []struct {
		sectors Sectors
		want    int
	}{
		{nil, 1},
		{Sectors{{Slug: "health", Name: "Health"}}, 1},
		{Sectors{{Slug: "net-zero-and-climate", Name: "Climate"}}, 4},
		{Sectors{{Slug: "hc", Name: "Health&Care"}}, 3},
		{Sectors{{Slug: "hc", Name: "Care", Aliases: []string{"health and social care"}}}, 4},
	} {
		if got := c.sectors.MaxWords(); got != c.want {
			t.Errorf("MaxWords(%v) = %d, want %d", c.sectors, got, c.want)
		}
	}
}

// TestChoiceValueReadsBack: a slug longer than a platform's option value
// is offered by its prefix, and the prefix reads back as the slug; a
// short slug and a value no sector offers read as they are.
func TestChoiceValueReadsBack(t *testing.T) {
	long := "regional-" + strings.Repeat("partnership-", 9) + "services"
	ss := Sectors{{Slug: "health"}, {Slug: long}}
	cut := ChoiceValue(long, 100)
	if len(cut) != 100 || !strings.HasPrefix(long, cut) || ChoiceValue("health", 100) != "health" {
		t.Errorf("ChoiceValue(long, 100) = %q", cut)
	}
	for _, c := range []struct{ value, want string }{{cut, long}, {"health", "health"}, {"other", "other"}, {"", ""}} {
		if got := ss.FromChoice(c.value, 100); got != c.want {
			t.Errorf("FromChoice(%q) = %q, want %q", c.value, got, c.want)
		}
	}
	if got := ss.FromChoice(cut, 150); got == long {
		t.Error("a value cut at one limit read back at another")
	}
}

// TestChoicesOfferEachValueOnce: of two slugs that share their first max
// units, only the first is offered, with its value cut to max; the others
// keep their order and their whole slug as value.
func TestChoicesOfferEachValueOnce(t *testing.T) {
	stem := strings.Repeat("x", 100)
	ss := Sectors{{Slug: "health", Name: "Health"}, {Slug: stem + "-a"}, {Slug: stem + "-b"}, {Slug: "housing"}}
	var got []string
	for _, c := range ss.Choices(100) {
		got = append(got, c.Slug+"="+c.Value)
	}
	want := []string{"health=health", stem + "-a=" + stem, "housing=housing"}
	if !slices.Equal(got, want) {
		t.Errorf("Choices(100) = %q, want %q", got, want)
	}
	if n := len(ss.Choices(150)); n != 4 {
		t.Errorf("Choices(150) offers %d sectors, want all 4", n)
	}
}
