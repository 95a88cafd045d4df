package archive_test

import (
	"strings"
	"testing"
)

// TestALinkWithBracketsInItsAddressKeepsThem: a plain-text edition's link
// whose address has brackets (Wikipedia's "…/Local_government_(UK)") was
// cut before them, the story keeping ".../Local_government_": a bracket
// glued to the link is the link's; one after a space is still a source
// or a note about the link.
func TestALinkWithBracketsInItsAddressKeepsThem(t *testing.T) {
	text := `Thursday 5 February 2015

News Summary of Collaboration and Shared Services from 4th February 2015

************
Health

Trusts pool their back offices

Two trusts pool finance and payroll. Read more >>> https://en.wikipedia.org/wiki/Local_government_(UK)

Trusts share a chief executive

Two trusts share one. Read more >>> https://www.example.org/nhs_(report) (NHS England)

A third trust joins

It joins. Read more >>> https://www.example.org/a (PDF) (NHS England)
`
	pf, err := parser(t).ParseFile("plain.txt", strings.NewReader(text))
	if err != nil || len(pf.Editions) != 1 || len(pf.Editions[0].Sections) != 1 {
		t.Fatalf("%v %+v", err, pf)
	}
	want := [][2]string{
		{"https://en.wikipedia.org/wiki/Local_government_(UK)", ""},
		{"https://www.example.org/nhs_(report)", "NHS England"},
		{"https://www.example.org/a", "NHS England"},
	}
	stories := pf.Editions[0].Sections[0].Stories
	if len(stories) != len(want) {
		t.Fatalf("%d stories, want %d", len(stories), len(want))
	}
	for i, st := range stories {
		if st.Link != want[i][0] || st.Source != want[i][1] {
			t.Errorf("story %d: link %q, source %q; want %q, %q", i+1, st.Link, st.Source, want[i][0], want[i][1])
		}
	}
}
