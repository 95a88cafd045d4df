package digest

import (
	"slices"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
}

func TestOrdinalDate(t *testing.T) {
	tests := []struct {
		day  int
		want string
	}{
		{1, "1st"}, {2, "2nd"}, {3, "3rd"}, {4, "4th"}, {9, "9th"}, {10, "10th"},
		{11, "11th"}, {12, "12th"}, {13, "13th"}, {14, "14th"}, {19, "19th"},
		{20, "20th"}, {21, "21st"}, {22, "22nd"}, {23, "23rd"}, {24, "24th"},
		{28, "28th"}, {30, "30th"}, {31, "31st"},
	}
	for _, tt := range tests {
		got := OrdinalDate(date(2014, time.May, tt.day))
		if want := tt.want + " May 2014"; got != want {
			t.Errorf("OrdinalDate(%d May) = %q, want %q", tt.day, got, want)
		}
	}
	// The dates in the titles of the real digests.
	for d, want := range map[time.Time]string{
		date(2014, time.November, 19): "19th November 2014",
		date(2014, time.July, 9):      "9th July 2014",
		date(2014, time.May, 28):      "28th May 2014",
		date(2014, time.May, 21):      "21st May 2014",
		date(2014, time.May, 14):      "14th May 2014",
	} {
		if got := OrdinalDate(d); got != want {
			t.Errorf("OrdinalDate(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDateLine(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{date(2014, time.November, 20), "Thursday 20 November 2014"},
		{date(2014, time.July, 10), "Thursday 10 July 2014"},
		{date(2014, time.May, 30), "Friday 30 May 2014"},
		{date(2014, time.May, 21), "Wednesday 21 May 2014"},
		{date(2026, time.January, 1), "Thursday 1 January 2026"},
	}
	for _, tt := range tests {
		if got := DateLine(tt.t); got != tt.want {
			t.Errorf("DateLine(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	// The date is the one where the edition goes out, not UTC's.
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	late := time.Date(2014, time.July, 10, 23, 30, 0, 0, london)
	if got := DateLine(late); got != "Thursday 10 July 2014" {
		t.Errorf("DateLine in London = %q", got)
	}
}

func TestTitle(t *testing.T) {
	const tmpl = "News Summary of Collaboration and Shared Services from {date}"
	tests := []struct {
		tmpl string
		d    time.Time
		want string
	}{
		{tmpl, date(2014, time.November, 19), "News Summary of Collaboration and Shared Services from 19th November 2014"},
		{tmpl, date(2014, time.July, 9), "News Summary of Collaboration and Shared Services from 9th July 2014"},
		{"Shared News", date(2014, time.July, 9), "Shared News"},
		{"{date}: {date}", date(2014, time.May, 1), "1st May 2014: 1st May 2014"},
		{"", date(2014, time.May, 1), ""},
	}
	for _, tt := range tests {
		if got := Title(tt.tmpl, tt.d); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.tmpl, got, tt.want)
		}
	}
}

func TestCompose(t *testing.T) {
	st := func(id int64, sector string) Story { return Story{ID: id, Sector: sector} }
	type section struct {
		slug, name string
		ids        []int64
	}
	tests := []struct {
		name    string
		stories []Story
		want    []section
	}{
		{"none", nil, nil},
		{"sector order, story order kept",
			[]Story{st(1, "health"), st(2, "local-government"), st(3, "health"), st(4, "highway-code"), st(5, "local-government")},
			[]section{
				{"local-government", "Local Government", []int64{2, 5}},
				{"health", "Health & Social Care", []int64{1, 3}},
				{"highway-code", "Highway Code", []int64{4}},
			}},
		{"unknown slugs last, in order of appearance",
			[]Story{st(1, "sport"), st(2, "other"), st(3, "arts"), st(4, "sport"), st(5, "health")},
			[]section{
				{"health", "Health & Social Care", []int64{5}},
				{"other", "Other", []int64{2}},
				{"sport", "sport", []int64{1, 4}},
				{"arts", "arts", []int64{3}},
			}},
		{"no sector at all", []Story{st(1, ""), st(2, "housing")},
			[]section{
				{"housing", "Housing", []int64{2}},
				{"", "", []int64{1}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compose(testSectors, tt.stories)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sections, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Sector.Slug != w.slug || g.Sector.Name != w.name {
					t.Errorf("section %d is %q %q, want %q %q", i, g.Sector.Slug, g.Sector.Name, w.slug, w.name)
				}
				var ids []int64
				for _, s := range g.Stories {
					ids = append(ids, s.ID)
				}
				if !slices.Equal(ids, w.ids) {
					t.Errorf("section %q has stories %v, want %v", w.slug, ids, w.ids)
				}
			}
		})
	}
}

func TestComposeKeepsConfiguredSector(t *testing.T) {
	// The section carries the whole configured sector, aliases included, so
	// renderers and adapters need not look it up again.
	got := Compose(testSectors, []Story{{ID: 1, Sector: "blue-light"}})
	if len(got) != 1 || !slices.Equal(got[0].Sector.Aliases, testSectors[3].Aliases) {
		t.Errorf("Compose lost the sector's details: %+v", got)
	}
}

func TestArrange(t *testing.T) {
	st := func(id int64, sector string) Story { return Story{ID: id, Sector: sector} }
	stories := []Story{st(1, "health"), st(2, "local-government"), st(3, "health"), st(4, "housing"), st(5, "sport"), st(6, "housing")}
	ids := func(ss []Story) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	type section struct {
		slug, heading string
		ids           []int64
	}
	for _, tt := range []struct {
		name   string
		layout Layout
		lead   []int64
		want   []section
	}{
		{"no layout: configured order", Layout{}, nil, []section{
			{"local-government", "", []int64{2}}, {"health", "", []int64{1, 3}}, {"housing", "", []int64{4, 6}}, {"sport", "", []int64{5}},
		}},
		{"the edition's order first, the rest in configured order",
			Layout{Sections: []LayoutSection{{Sector: "housing"}, {Sector: "health"}, {Sector: "education"}}}, nil, []section{
				{"housing", "", []int64{4, 6}}, {"health", "", []int64{1, 3}}, {"local-government", "", []int64{2}}, {"sport", "", []int64{5}},
			}},
		{"a lead story leaves its section",
			Layout{Places: map[int64]int{3: LeadPlace}}, []int64{3}, []section{
				{"local-government", "", []int64{2}}, {"health", "", []int64{1}}, {"housing", "", []int64{4, 6}}, {"sport", "", []int64{5}},
			}},
		{"placed stories stay where they were placed, headings and text kept",
			Layout{
				Sections: []LayoutSection{{Sector: "health", Heading: "Social care"}, {Sector: "housing"}, {Sector: "health", Heading: "NHS"}, {Sector: "other", Heading: "Jobs", Text: "Apply now."}},
				Places:   map[int64]int{1: 3, 2: LeadPlace, 3: 1, 4: 2, 5: 2, 6: 2},
			}, []int64{2}, []section{
				{"health", "Social care", []int64{3}}, {"housing", "", []int64{4, 5, 6}}, {"health", "NHS", []int64{1}}, {"other", "Jobs", nil},
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lead, got := Arrange(testSectors, tt.layout, stories)
			if !slices.Equal(ids(lead), tt.lead) {
				t.Errorf("lead %v, want %v", ids(lead), tt.lead)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sections, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				if got[i].Sector.Slug != w.slug || got[i].Heading != w.heading || !slices.Equal(ids(got[i].Stories), w.ids) {
					t.Errorf("section %d: %s %q %v, want %s %q %v", i, got[i].Sector.Slug, got[i].Heading, ids(got[i].Stories), w.slug, w.heading, w.ids)
				}
			}
			// What Arrange gives, LayoutOf freezes: arranging again by it
			// gives the same edition.
			e := Edition{Lead: lead, Sections: got}
			lead2, again := Arrange(testSectors, LayoutOf(e), stories)
			if !slices.Equal(ids(lead2), ids(lead)) || len(again) != len(got) {
				t.Fatalf("arranged by its own layout: lead %v, %d sections", ids(lead2), len(again))
			}
			for i := range got {
				if again[i].Sector.Slug != got[i].Sector.Slug || !slices.Equal(ids(again[i].Stories), ids(got[i].Stories)) {
					t.Errorf("arranged by its own layout, section %d: %s %v, want %s %v", i, again[i].Sector.Slug, ids(again[i].Stories), got[i].Sector.Slug, ids(got[i].Stories))
				}
			}
		})
	}
}

func TestFilterSectorsFiltersTheLead(t *testing.T) {
	e := Edition{Lead: []Story{{ID: 1, Sector: "health"}}, Sections: Compose(testSectors, []Story{{ID: 2, Sector: "housing"}})}
	if got := FilterSectors(e, []string{"housing"}); len(got.Lead) != 0 || got.StoryCount() != 1 {
		t.Errorf("filtered to housing: %+v", got)
	}
	if got := FilterSectors(e, []string{"health"}); len(got.Lead) != 1 || got.StoryCount() != 1 {
		t.Errorf("filtered to health: %+v", got)
	}
}
