package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestMovingAStoryToItsOwnSectorChangesNothing: an editor who names the
// sector a story is already in, by its slug, name, alias or another case
// (typed, chosen again in the card's select, or sent back in the edit form
// as its words), is told the story is already there; the review card is
// not redrawn saying the sector was changed, and a form that changed
// another field says it updated that field alone.
func TestMovingAStoryToItsOwnSectorChangesNothing(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/story health"); tone(r) != Success {
		t.Fatalf("submit: %q", text(r))
	}
	ctx := context.Background()
	before, err := f.store.Story(ctx, 1)
	if err != nil || before.Sector != "health" {
		t.Fatalf("story #1 is in %q (%v)", before.Sector, err)
	}
	same := func(what string, r Reply) {
		t.Helper()
		if tone(r) == Problem || !strings.Contains(text(r), "already in Health & Social Care") {
			t.Errorf("%s: %q, want it to say #1 is already in Health & Social Care", what, text(r))
		}
	}
	for _, typed := range []string{"health", "HEALTH", "nhs", "Health & Social Care"} {
		same("edit 1 sector "+typed, f.say(editor, "edit 1 sector "+typed))
	}
	r, _ := f.bot.Press(ctx, editor, ActionSector, 1, "health")
	same("the card's select, the sector it shows", r)

	for _, typed := range []string{"HEALTH", "nhs", "Health & Social Care"} {
		out := f.bot.EditStory(ctx, editor, 1, StoryChanges{Sector: &typed})
		if len(out.Changed) != 0 || text(out.Reply) != "Nothing changed in #1." {
			t.Errorf("the edit form with sector %q: changed %v, %q", typed, out.Changed, text(out.Reply))
		}
	}
	headline, sector := "Two NHS trusts will share a chief executive", "Health & Social Care"
	out := f.bot.EditStory(ctx, editor, 1, StoryChanges{Headline: &headline, Sector: &sector})
	if fmt.Sprint(out.Changed) != "[headline]" || text(out.Reply) != "Updated the headline of #1." {
		t.Errorf("the edit form with a new headline and the same sector: changed %v, %q", out.Changed, text(out.Reply))
	}

	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	for _, c := range f.slack.updates {
		if strings.Contains(c.Note, "Sector changed") {
			t.Errorf("the card was redrawn saying %q", c.Note)
		}
	}
	if n := len(f.slack.updates); n != 1 {
		t.Errorf("the card was redrawn %d times, want once (for the headline)", n)
	}
	if s, _ := f.store.Story(ctx, 1); s.Sector != "health" || s.State != digest.StateQueued {
		t.Errorf("story after: %q, %s", s.Sector, s.State)
	}
}
