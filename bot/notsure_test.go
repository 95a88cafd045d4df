package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReviewCardSaysNotSure: a submission filed under the suggested sector
// says "not sure" on its card when the sector model's calibrated
// confidence is low, and not when the story is plainly in its sector or
// the member chose the sector; the queue lists each story's sector as its
// card does.
func TestReviewCardSaysNotSure(t *testing.T) {
	pages := map[string][2]string{
		"/clear": {"NHS hospital trusts merge as patients wait for GP appointments", "Two NHS foundation trusts and their hospitals share clinical staff."},
		"/vague": {"Plans announced", "More details will follow next week."},
	}
	srv := titledPages(t, pages)
	f := newFixture(t, nil)
	for _, cmd := range []string{"submit " + srv.URL + "/clear", "submit " + srv.URL + "/vague", "submit " + srv.URL + "/vague?chosen=1 housing"} {
		if r := f.say(member, cmd); tone(r) != Success {
			t.Fatalf("%s: %q", cmd, text(r))
		}
	}
	if len(f.slack.cards) != 3 {
		t.Fatalf("%d cards", len(f.slack.cards))
	}
	for i, want := range []bool{false, true, false} {
		c := f.slack.cards[i]
		if c.NotSure != want {
			t.Errorf("card %d (%q in %s, suggested %s): not sure %v, want %v", i, c.Story.Headline, c.Story.Sector, c.Story.SuggestedSector, c.NotSure, want)
		}
		if c.SectorName != f.bot.SectorName(c.Story.Sector) || c.SuggestedName != f.bot.SectorName(c.Story.SuggestedSector) || c.SuggestedName == "" {
			t.Errorf("card %d names its sectors %q and %q (filed under %s, suggested %s)", i, c.SectorName, c.SuggestedName, c.Story.Sector, c.Story.SuggestedSector)
		}
	}
	r := f.say(editor, "queue")
	list, ok := r.Body.(StoryList)
	if !ok || len(list.Items) != 3 {
		t.Fatalf("queue: %s %+v", text(r), r)
	}
	for i, it := range list.Items {
		card := f.slack.cards[i]
		if it.Story.ID != card.Story.ID || it.SectorName != card.sector() {
			t.Errorf("queue item %d: #%d in %q, its card #%d in %q", i, it.Story.ID, it.SectorName, card.Story.ID, card.sector())
		}
	}
	if want := "Plans announced"; list.Items[1].Story.Headline != want || !strings.HasSuffix(list.Items[1].SectorName, "(suggested, not sure)") {
		t.Errorf("queue item 1: %q in %q, want %q not sure", list.Items[1].Story.Headline, list.Items[1].SectorName, want)
	}
}

// titledPages serves pages by path, each with the headline and summary
// given as its OpenGraph title and description, for submissions.
func titledPages(t *testing.T, pages map[string][2]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := pages[r.URL.Path]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta property="og:title" content="%s"><meta property="og:description" content="%s"></head></html>`, p[0], p[1])
	}))
	t.Cleanup(srv.Close)
	return srv
}
