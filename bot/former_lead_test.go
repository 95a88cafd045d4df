package bot

import (
	"context"
	"strings"
	"testing"
)

// TestApprovingAFormerLeadAfterAllSaysTheLeadChanged: a story that led
// the draft, rejected and then approved after all, comes back in its
// section, not as the lead: the lead does not move back unasked (another
// may have been chosen since). Its approval said nothing of it, so the
// editor who expected it back on top found the draft changed without a
// word. The answer now says it, and how to make it the lead again; a
// story that never led gets the answer it had.
func TestApprovingAFormerLeadAfterAllSaysTheLeadChanged(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a health")
	f.say(member, "submit "+page.URL+"/b health")
	f.say(editor, "approve 1")
	f.say(editor, "approve 2")
	if r := f.say(editor, "lead 1"); tone(r) != Success {
		t.Fatalf("lead: %q", text(r))
	}
	f.say(editor, "reject 1")
	f.say(editor, "reject 2")
	r := f.say(editor, "approve 1")
	const said = " It led the draft before its rejection and is in its section now: `lead 1` makes it the lead again."
	if tone(r) != Success || !strings.HasSuffix(text(r), "; it is in the draft edition."+said) {
		t.Errorf("approve after all of the former lead: %q", text(r))
	}
	draft, err := f.store.Draft(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lead := draft.Edition.Lead; len(lead) > 0 {
		t.Errorf("the former lead moved back unasked: %+v", lead)
	}
	if r := f.say(editor, "approve 2"); strings.Contains(text(r), "led the draft") {
		t.Errorf("a story that never led: %q", text(r))
	}
	// Rejected and approved again, it is told once: the record went with
	// its approval.
	f.say(editor, "reject 1")
	if r := f.say(editor, "approve 1"); strings.Contains(text(r), "led the draft") {
		t.Errorf("approved a second time after all: %q", text(r))
	}
}
