package discord

import (
	"strings"
	"testing"
)

// TestEditFormWithTheSectorItIsInChangesNothing: the edit form sent with
// the story's own sector in other words ("HEALTH", the alias "nhs") and
// the card's select chosen again at the sector it shows change nothing
// and say so; the card is not redrawn. A form whose one change is refused
// (an empty headline) says nothing was changed.
func TestEditFormWithTheSectorItIsInChangesNothing(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	n := f.api.count()
	for _, typed := range []string{"HEALTH", "nhs"} {
		expect(t, "the form with sector "+typed, f.interact(f.modal(editor, "sharednews:editform:1", cardID, labelInput("sector", typed))),
			true, "Nothing changed in #1.")
	}
	expect(t, "the select at its own sector", f.interact(f.button(editor, "sharednews:sector:1", cardID, "health")),
		true, "Story #1 is already in Health & Social Care; nothing was changed.")
	expect(t, "an empty headline", f.interact(f.modal(editor, "sharednews:editform:1", cardID, labelInput("headline", " "))),
		true, "⚠️ A headline cannot be empty. Nothing was changed.")
	if edits := find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID); len(edits) != 0 {
		t.Errorf("the card was redrawn %d times, last: %s", len(edits), lastBody(edits))
	}
	if s, _ := f.bot.Story(t.Context(), 1); s.Sector != "health" || strings.TrimSpace(s.Headline) == "" {
		t.Errorf("story after: %q, %q", s.Sector, s.Headline)
	}
}
