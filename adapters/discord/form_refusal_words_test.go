package discord

import (
	"context"
	"strings"
	"testing"
)

// TestEditFormRefusalSaysNothingChangedOnce: Discord's form cannot show a
// refusal under its field, so the answer gathers them. A form whose new
// summary went through and whose headline was too long answered "Updated
// the summary of #1, but: A headline can be at most 300 characters; yours
// has 400. Nothing was changed.", contradicting itself; a form with three
// fields too long said "Nothing was changed." three times. Now the
// updated fields are named and "Nothing was changed." is said once, and
// only when nothing was.
func TestEditFormRefusalSaysNothingChangedOnce(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	long := strings.Repeat("H", 400)

	r := f.interact(f.modal(editor, "sharednews:editform:1", cardID,
		labelInput("headline", long), labelInput("summary", "A summary the editor rewrote.")))
	expect(t, "a form with a headline too long and a new summary", r, true,
		"Updated the summary of #1, but: A headline can be at most 300 characters; yours has 400.")
	if strings.Contains(r.text(), "Nothing was changed") {
		t.Errorf("the answer says nothing was changed after updating the summary: %s", r.text())
	}

	r = f.interact(f.modal(editor, "sharednews:editform:1", cardID,
		labelInput("headline", long), labelInput("summary", strings.Repeat("S", 1200)), labelInput("commentary", strings.Repeat("C", 1200))))
	expect(t, "a form with three fields too long", r, true,
		"A headline can be at most 300 characters; yours has 400.", "Commentary can be at most 1,000 characters; yours has 1,200. Nothing was changed.")
	if n := strings.Count(r.text(), "Nothing was changed"); n != 1 {
		t.Errorf("the answer says nothing was changed %d times: %s", n, r.text())
	}
	if s, err := f.bot.Story(context.Background(), 1); err != nil || s.Summary != "A summary the editor rewrote." {
		t.Errorf("summary after the refused form: %q (%v)", s.Summary, err)
	}
}
