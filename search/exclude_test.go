package search

import (
	"slices"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// A word or a quoted phrase typed with a leading minus leaves out the
// stories that have it, as search engines do; a minus inside a hyphenated
// name, alone, or before a figure is read as it was before.
func TestSearchExcludes(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Devolution deal for Wales", Summary: "Cardiff gains powers."},
		digest.Story{Headline: "Devolution deal signed for Greater Manchester", Summary: "Powers move from Whitehall."},
		digest.Story{Headline: "Devolution talks stall", Summary: "Councils in the north wait.", Commentary: "The city deal is far off."},
		digest.Story{Headline: "Stoke-on-Trent devolution bid", Summary: "A joint ICT service."},
	)
	for _, tc := range []struct {
		query string
		want  []string // headlines, in any order
		note  string
	}{
		{"devolution -wales", []string{"Devolution deal signed for Greater Manchester", "Devolution talks stall", "Stoke-on-Trent devolution bid"},
			"Stories with “wales” are left out."},
		{`devolution -wales -"city deal"`, []string{"Devolution deal signed for Greater Manchester", "Stoke-on-Trent devolution bid"},
			"Stories with “wales” or “city deal” are left out."},
		{"devolution -Stoke-on-Trent", []string{"Devolution deal for Wales", "Devolution deal signed for Greater Manchester", "Devolution talks stall"},
			"Stories with “Stoke-on-Trent” are left out."},
		// NOT in capitals before a word or phrase, as other search boxes
		// take it, leaves it out as the minus does.
		{`devolution NOT wales NOT "city deal"`, []string{"Devolution deal signed for Greater Manchester", "Stoke-on-Trent devolution bid"},
			"Stories with “wales” or “city deal” are left out."},
		// A hyphen inside a name is no exclusion.
		{"Stoke-on-Trent", []string{"Stoke-on-Trent devolution bid"}, ""},
	} {
		res := search(t, s, tc.query)
		got := headlines(res.Hits)
		if len(got) != len(tc.want) || slices.ContainsFunc(tc.want, func(h string) bool { return !slices.Contains(got, h) }) {
			t.Errorf("%q found %q, want %q", tc.query, got, tc.want)
		}
		if res.Note() != tc.note {
			t.Errorf("%q: note %q, want %q", tc.query, res.Note(), tc.note)
		}
		if res.Query.Problem != "" {
			t.Errorf("%q: problem %q", tc.query, res.Query.Problem)
		}
	}
	res := search(t, s, `-wales -"city deal"`)
	if want := "A minus before a word leaves out the stories that have it, but “-wales -\"city deal\"” has no word to search for: add one, such as `devolution -wales`."; res.Query.Problem != want {
		t.Errorf("only exclusions: problem %q, want %q", res.Query.Problem, want)
	}
	res = search(t, s, "NOT wales")
	if want := "NOT before a word leaves out the stories that have it, but “NOT wales” has no word to search for: add one, such as `devolution NOT wales`."; res.Query.Problem != want {
		t.Errorf("only NOT: problem %q, want %q", res.Query.Problem, want)
	}
}

func TestParseMinus(t *testing.T) {
	for _, tc := range []struct {
		query    string
		parts    []string
		excluded []string
	}{
		{"devolution -wales", []string{"devolution"}, []string{"wales"}},
		{`-"city deal" devolution`, []string{"devolution"}, []string{`"city deal"`}},
		{`devolution -"city deal`, []string{"devolution"}, []string{`"city deal`}},
		{"Stoke-on-Trent", []string{"Stoke-on-Trent"}, nil},
		{"fire - police", []string{"fire", "police"}, nil},
		{"fire -5% police", []string{"fire", "5%", "police"}, nil},
		{"Stoke -on- Trent", []string{"Stoke", "Trent"}, nil},
		{`"shared -services"`, []string{`"shared -services"`}, nil},
		// The minus as phones and word processors type it (an em or en
		// dash, "--" made one by smart punctuation), the minus sign, and
		// "--" as typed for a command's option: each leaves the word out,
		// where it searched for it, Welsh stories first.
		{"council —welsh", []string{"council"}, []string{"welsh"}},
		{"council –welsh", []string{"council"}, []string{"welsh"}},
		{"council −welsh", []string{"council"}, []string{"welsh"}},
		{"council --welsh", []string{"council"}, []string{"welsh"}},
		{`devolution —"city deal"`, []string{"devolution"}, []string{`"city deal"`}},
		{"fire – police", []string{"fire", "police"}, nil},
		{"fire -- police", []string{"fire", "police"}, nil},
		{"2014–15 budget", []string{"2014–15", "budget"}, nil},
		{"fire NOT police", []string{"fire"}, []string{"police"}},
		{`devolution NOT "city deal"`, []string{"devolution"}, []string{`"city deal"`}},
		// In lower case, or in a query typed wholly in capitals, "not" is
		// a small word, left out as before.
		{"fire not police", []string{"fire", "police"}, nil},
		{"SHARED SERVICES NOT OUTSOURCING", []string{"SHARED", "SERVICES", "OUTSOURCING"}, nil},
		{"fire NOT", []string{"fire", "NOT"}, nil},
	} {
		q := Parse(tc.query)
		var parts, excluded []string
		for _, p := range q.Parts {
			parts = append(parts, p.Typed)
		}
		for _, p := range q.Excluded {
			excluded = append(excluded, p.Typed)
		}
		if !slices.Equal(parts, tc.parts) || !slices.Equal(excluded, tc.excluded) {
			t.Errorf("%q: parts %q excluded %q, want %q and %q", tc.query, parts, excluded, tc.parts, tc.excluded)
		}
	}
}

// The stories left out are left out of the index's question, not only of
// its answer: when the newest stories with the word (more than a search
// ranks, candidates) all have the excluded one, the older ones without it
// are still found.
func TestSearchExcludesBeforeTheNewestAreTaken(t *testing.T) {
	var stories []digest.Story
	for range 3 {
		stories = append(stories, digest.Story{Headline: "Devolution deal for the north", Summary: "Councils agree."})
	}
	for range candidates + 20 {
		stories = append(stories, digest.Story{Headline: "Devolution in Wales", Summary: "Cardiff gains powers."})
	}
	s, _ := archiveOf(t, stories...)
	res := search(t, s, "devolution -wales")
	if got := headlines(res.Hits); len(got) != 3 || res.Total != 3 {
		t.Errorf("found %d (total %d): %q, want the 3 older stories without “wales”", len(got), res.Total, got)
	}
}

// TestExclusionLeavesOutWhatTheWordFinds: a word typed with a minus
// leaves out every story a search for the word finds by it, its other
// forms and spellings too, so `councils -merge` shows no "Council
// mergers"; a quoted word is that word alone.
func TestExclusionLeavesOutWhatTheWordFinds(t *testing.T) {
	s, _ := archiveOf(t,
		digest.Story{Headline: "Council mergers letting people down", Summary: "A commission reports."},
		digest.Story{Headline: "Plans to merge council services", Summary: "Rubbish first."},
		digest.Story{Headline: "Councils merging legal teams", Summary: "Two boroughs."},
		digest.Story{Headline: "Council opens a new centre", Summary: "For the town."},
		digest.Story{Headline: "Council budget set", Summary: "No change."},
	)
	for _, tc := range []struct {
		query string
		want  []string // headlines, in any order
	}{
		{"council -merge", []string{"Council opens a new centre", "Council budget set"}},
		{"council -mergers", []string{"Council opens a new centre", "Council budget set"}},
		{"council -center", []string{"Council mergers letting people down", "Plans to merge council services", "Councils merging legal teams", "Council budget set"}},
		{`council -"merge"`, []string{"Council mergers letting people down", "Council opens a new centre", "Council budget set"}},
	} {
		got := headlines(search(t, s, tc.query).Hits)
		if len(got) != len(tc.want) || slices.ContainsFunc(tc.want, func(h string) bool { return !slices.Contains(got, h) }) {
			t.Errorf("%q found %q, want %q", tc.query, got, tc.want)
		}
	}
	// What the minus leaves out is what the word finds.
	for _, word := range []string{"merge", "mergers"} {
		found := headlines(search(t, s, word).Hits)
		left := headlines(search(t, s, "council -"+word).Hits)
		for _, h := range found {
			if slices.Contains(left, h) {
				t.Errorf("%q finds %q, and `council -%s` still shows it", word, h, word)
			}
		}
	}
}
