package archive_test

import (
	"strings"
	"testing"
)

// TestADateLineUnderTheTitleDatesTheEdition: an edition saved with its
// title above its date line ("News Summary … from 9th July 2014" over
// "Thursday 10 July 2014") was dated by its title, a day early, and its
// date line read as the first line of its intro. The date line under
// the title dates it, as it does above, and is no part of the intro.
func TestADateLineUnderTheTitleDatesTheEdition(t *testing.T) {
	text := "News Summary of Collaboration and Shared Services from 9th July 2014\n\nThursday 10 July 2014\n\n" +
		"It has been a quiet week.\n\nLocal Government\n\nDorset councils propose shared working\n\n" +
		"Three Dorset councils are considering sharing. Read more >>>\n"
	pf, err := parser(t).ParseFile("edition.txt", strings.NewReader(text))
	if err != nil || len(pf.Editions) != 1 {
		t.Fatalf("%v %+v", err, pf)
	}
	e := pf.Editions[0]
	if got := e.Date.Format("2006-01-02"); got != "2014-07-10" || e.Intro != "It has been a quiet week." || e.StoryCount() != 1 {
		t.Errorf("dated %s, intro %q, %d stories", got, e.Intro, e.StoryCount())
	}
	if e.Title != "News Summary of Collaboration and Shared Services from 9th July 2014" {
		t.Errorf("title %q", e.Title)
	}
	for _, w := range e.Warnings {
		if strings.Contains(w.Msg, "dated from its title") {
			t.Errorf("warning %v", w)
		}
	}
}
