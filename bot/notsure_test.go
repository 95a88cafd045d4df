package bot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestReviewCardSaysNotSure: a submission filed under the suggested sector
// says "not sure" on its card when the sector model's calibrated
// confidence is low, and not when the story is plainly in its sector or
// the member chose the sector.
func TestReviewCardSaysNotSure(t *testing.T) {
	pages := map[string][2]string{
		"/clear": {"NHS hospital trusts merge as patients wait for GP appointments", "Two NHS foundation trusts and their hospitals share clinical staff."},
		"/vague": {"Plans announced", "More details will follow next week."},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := pages[r.URL.Path]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta property="og:title" content="%s"><meta property="og:description" content="%s"></head></html>`, p[0], p[1])
	}))
	t.Cleanup(srv.Close)
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
}
