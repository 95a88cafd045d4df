package digest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sector is a heading of the newsletter, configured in display order.
type Sector struct {
	Slug     string
	Name     string
	Aliases  []string
	Keywords []string
}

// Sectors is the configured list of sectors, in display order.
type Sectors []Sector

// Label is what a list or a choice shows a sector as: its name on one
// line, or its slug when it has no name.
func (s Sector) Label() string {
	if n := OneLine(s.Name); n != "" {
		return n
	}
	return s.Slug
}

// Keys are what a member may call the sector by: its slug, its name and
// its aliases, in that order.
func (s Sector) Keys() []string { return append([]string{s.Slug, s.Name}, s.Aliases...) }

// MaxWords is the most words any sector's slug, name or alias has as Named
// compares them ("local-government" has two, "Health & Social Care"
// four): no longer run of typed words can name a sector. It is 1 for no
// sectors.
func (s Sectors) MaxWords() int {
	n := 1
	for _, sec := range s {
		for _, key := range sec.Keys() {
			n = max(n, len(strings.Fields(normalizeSectorName(key))))
		}
	}
	return n
}

// Lookup returns the sector whose slug is exactly slug.
func (s Sectors) Lookup(slug string) (Sector, bool) {
	if i := s.Index(slug); i < len(s) {
		return s[i], true
	}
	return Sector{}, false
}

// ChoiceValue is what a platform's choice or select option offering the
// sector of slug carries where a value holds at most max UTF-16 units: the
// slug, or its longest prefix that fits. A configured slug may be longer
// (check-config only warns), and the platform would refuse the whole
// command, card or form for it. FromChoice reads the value back.
func ChoiceValue(slug string, max int) string { return PrefixUTF16(slug, max) }

// Choice is a sector as a platform's select offers it: the sector, and
// the value its option carries (ChoiceValue).
type Choice struct {
	Sector
	Value string
}

// Selectable reports whether the sectors fit one select of a platform's,
// which takes at most maxOptions options: a card and a form offer a select
// of them only then, so that no sector is left out of one (a form asks
// for the sector's name instead, and a card leaves it to the form).
func (s Sectors) Selectable(maxOptions int) bool { return len(s) > 0 && len(s) <= maxOptions }

// Choices are the sectors a select offers where a value holds at most max
// UTF-16 units, in order, each with its value. Of two slugs that start
// with the same max units (check-config warns) only the first is offered:
// the second's value would read back as the first (FromChoice), filing a
// story under the wrong sector, and Discord refuses a select whose
// options share a value (the card or form would not be shown at all).
func (s Sectors) Choices(max int) []Choice {
	out := make([]Choice, 0, len(s))
	offered := make(map[string]bool, len(s))
	for _, sec := range s {
		if v := ChoiceValue(sec.Slug, max); !offered[v] {
			offered[v] = true
			out = append(out, Choice{Sector: sec, Value: v})
		}
	}
	return out
}

// FromChoice is the slug of the sector whose ChoiceValue at max is v, or v
// itself when it is no sector's ("" when none was chosen).
func (s Sectors) FromChoice(v string, max int) string {
	for _, sec := range s {
		if ChoiceValue(sec.Slug, max) == v {
			return sec.Slug
		}
	}
	return v
}

// Index returns the display position of the sector with the given slug, or
// len(s) when there is none, so that sorting by Index puts stories of
// unconfigured sectors last.
func (s Sectors) Index(slug string) int {
	for i, sec := range s {
		if sec.Slug == slug {
			return i
		}
	}
	return len(s)
}

// Containing returns the sectors whose slug, name or an alias contains
// typed, ignoring case (every sector for ""), in display order: what a
// member picking a sector as they type is offered.
func (s Sectors) Containing(typed string) Sectors {
	var out Sectors
	for _, sec := range s {
		if len(WordsContaining(sec.Keys(), typed)) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// WordsContaining returns the words that contain typed, ignoring case and
// the spaces around typed (every word for ""), in order: how a word a
// member is typing is matched, for sectors (Containing) and for an
// argument's other words (order's "reset") alike.
func WordsContaining(words []string, typed string) []string {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var out []string
	for _, w := range words {
		if strings.Contains(strings.ToLower(w), typed) {
			out = append(out, w)
		}
	}
	return out
}

// minPrefix is the shortest input that Resolve completes as a prefix: one
// letter would pick a sector by accident more often than on purpose.
const minPrefix = 2

// Named returns the sector whose slug, name or alias arg is, compared as
// Resolve compares them (case, spacing and "&" for "and" aside), but never
// by prefix: for reading a sector's name out of longer text, where a
// prefix would take the words after it ("health and wellbeing").
func (s Sectors) Named(arg string) (Sector, bool) {
	return s.named(normalizeSectorName(arg))
}

// StartingWith is the one sector whose slug, name or alias of several
// words has w as its first word ("local" of "local government"), as
// Resolve normalises them; false when none or more than one has.
func (s Sectors) StartingWith(w string) (Sector, bool) {
	in := normalizeSectorName(w)
	if in == "" || strings.Contains(in, " ") {
		return Sector{}, false
	}
	var found []Sector
	for _, sec := range s {
		for _, key := range sec.Keys() {
			if first, rest, ok := strings.Cut(normalizeSectorName(key), " "); ok && rest != "" && first == in {
				found = append(found, sec)
				break
			}
		}
	}
	if len(found) != 1 {
		return Sector{}, false
	}
	return found[0], true
}

// named finds an exact match of a normalised name, in order of
// precedence: an alias never hides a slug or a name.
func (s Sectors) named(in string) (Sector, bool) {
	if in == "" {
		return Sector{}, false
	}
	for _, exact := range []func(Sector) []string{
		func(sec Sector) []string { return []string{sec.Slug} },
		func(sec Sector) []string { return []string{sec.Name} },
		func(sec Sector) []string { return sec.Aliases },
	} {
		for _, sec := range s {
			for _, key := range exact(sec) {
				if normalizeSectorName(key) == in {
					return sec, true
				}
			}
		}
	}
	return Sector{}, false
}

// Resolve finds the sector a user means by arg: its slug, name or an alias,
// ignoring case and treating "&" and "and", and "-", "_", "/" and spaces, as
// the same; failing that, the one sector that has a slug, name or alias
// starting with arg (at least two characters).
//
// The error is an *AmbiguousSectorError when several sectors start with arg,
// and an *UnknownSectorError otherwise.
func (s Sectors) Resolve(arg string) (Sector, error) {
	// A slug as it is written, at once: what the newswire passes with
	// every story it reads (a feed's sector, resolved when configured).
	for _, sec := range s {
		if sec.Slug == arg {
			return sec, nil
		}
	}
	in := normalizeSectorName(arg)
	if in == "" {
		return Sector{}, &UnknownSectorError{Input: strings.TrimSpace(arg)}
	}
	if sec, ok := s.named(in); ok {
		return sec, nil
	}

	found := s.prefixedBy(in)
	if utf8.RuneCountInString(in) < minPrefix {
		// Too short to choose by ("h" starts health, housing and highway
		// code), but not to suggest from: "Unknown sector `h`" alone left
		// the member to read the whole list for the ones it starts.
		// Candidates, not a Suggestion, even for one: a Suggestion says
		// the word is a typing slip, and a note's first word "a" is not.
		unknown := &UnknownSectorError{Input: strings.TrimSpace(arg)}
		for _, sec := range found {
			unknown.Candidates = append(unknown.Candidates, sec.Slug)
		}
		return Sector{}, unknown
	}
	switch len(found) {
	case 0:
	case 1:
		return found[0], nil
	default:
		slugs := make([]string, len(found))
		for i, sec := range found {
			slugs[i] = sec.Slug
		}
		return Sector{}, &AmbiguousSectorError{Input: strings.TrimSpace(arg), Candidates: slugs}
	}

	unknown := &UnknownSectorError{Input: strings.TrimSpace(arg), Suggestion: s.suggest(in)}
	if unknown.Suggestion == "" {
		unknown.Within = s.namedWithin(in)
	}
	return Sector{}, unknown
}

// minSlipRunes is the shortest word of several that namedWithin takes for
// a slip of a sector's name: shorter ones are close to too much ("the" is
// one letter from "he").
const minSlipRunes = 4

// namedWithin is the slug of the one sector that the words of the
// normalised in name, or nearly, when the whole names none: a run of its
// words that is a sector's slug, name or alias ("housing and planning"),
// or a word of four letters or more a typing slip away from one ("health
// helth"). "" when they name none, or more than one sector.
func (s Sectors) namedWithin(in string) string {
	words := strings.Fields(in)
	if len(words) < 2 {
		return ""
	}
	found := ""
	for i := 0; i < len(words); i++ {
		slug := ""
		for j := min(len(words), i+s.MaxWords()); j > i && slug == ""; j-- {
			if sec, ok := s.named(strings.Join(words[i:j], " ")); ok {
				slug, i = sec.Slug, j-1
			}
		}
		if slug == "" && utf8.RuneCountInString(words[i]) >= minSlipRunes {
			slug = s.suggest(words[i])
		}
		switch {
		case slug == "":
		case found == "":
			found = slug
		case found != slug:
			return ""
		}
	}
	return found
}

// prefixedBy is the sectors with a slug, name or alias starting with the
// normalised in, in display order.
func (s Sectors) prefixedBy(in string) []Sector {
	var found []Sector
	for _, sec := range s {
		for _, key := range sec.Keys() {
			if strings.HasPrefix(normalizeSectorName(key), in) {
				found = append(found, sec)
				break
			}
		}
	}
	return found
}

// suggest returns the slug of the sector with a slug, name or alias closest
// to in, if it is close enough to be a typing slip.
func (s Sectors) suggest(in string) string {
	n := utf8.RuneCountInString(in)
	limit := typoLimit(n)
	if limit == 0 {
		return ""
	}
	best, bestDist := "", limit+1
	for _, sec := range s {
		for _, key := range sec.Keys() {
			k := normalizeSectorName(key)
			// Keys far longer or shorter than the input cannot be close;
			// skipping them also bounds the work on hostile input.
			if d := utf8.RuneCountInString(k) - n; d > limit || -d > limit {
				continue
			}
			if d := EditDistance(in, k); d < bestDist {
				best, bestDist = sec.Slug, d
			}
		}
	}
	return best
}

// typoLimit is how many edits make a plausible typing slip in a word of n
// characters: none in one or two letters, where everything is close.
func typoLimit(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	case n <= 10:
		return 2
	default:
		return 3
	}
}

// normalizeSectorName folds the ways people write a sector name into one:
// lower case, "&" as "and", "-", "_" and "/" as spaces, single spaces.
func normalizeSectorName(s string) string {
	s = sectorNameSeparators.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// sectorNameSeparators writes what separates the words of a sector name
// as spaces. It is built once (a Replacer is safe for concurrent use and
// never changes): Resolve normalises every sector's slug, name and
// aliases, and one built per name cost more than the comparison.
var sectorNameSeparators = strings.NewReplacer("&", " and ", "-", " ", "_", " ", "/", " ")

// UnknownSectorError says that no sector matches Input. Suggestion, when
// set, is the slug of a sector whose name is a likely typing slip away.
// The bot tells the user in a sentence of its own.
//
// Candidates, when set, are the slugs of the sectors that Input (one
// letter, too short to choose by) starts, in display order: offered, not
// taken for what was meant.
type UnknownSectorError struct {
	Input      string
	Suggestion string
	Candidates []string
	// Within, when set, is the slug of the one sector that Input's words
	// name or nearly name, though together they name none ("housing &
	// planning", "health helth"): what the member most likely meant.
	Within string
}

// Meant is the slug of the one sector the member most likely meant: the
// Suggestion, or else the sector the words name Within ("" for neither).
func (e *UnknownSectorError) Meant() string {
	if e.Suggestion != "" {
		return e.Suggestion
	}
	return e.Within
}

func (e *UnknownSectorError) Error() string {
	if e.Input == "" {
		return "no sector given"
	}
	if meant := e.Meant(); meant != "" {
		return fmt.Sprintf("unknown sector %q (did you mean %q?)", e.Input, meant)
	}
	if len(e.Candidates) > 0 {
		return fmt.Sprintf("unknown sector %q (did you mean one of %s?)", e.Input, strings.Join(e.Candidates, ", "))
	}
	return fmt.Sprintf("unknown sector %q", e.Input)
}

// AmbiguousSectorError says that Input starts the names of several sectors.
// Candidates are their slugs in display order.
type AmbiguousSectorError struct {
	Input      string
	Candidates []string
}

func (e *AmbiguousSectorError) Error() string {
	return fmt.Sprintf("ambiguous sector %q: could be any of %s", e.Input, strings.Join(e.Candidates, ", "))
}
