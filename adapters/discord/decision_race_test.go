package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestOneDecisionWinsOnACard: two editors press Approve and send the Reject
// form on the same card (in either order, or at once). Exactly one decision is made;
// the other editor is told plainly who decided first; the submitter gets
// one message; the card's last redraw shows the decision that stands.
// Rejecting an approved story stays possible by command (/shared reject),
// where the editor names the story on purpose; a card's button decides a
// waiting story only.
func TestOneDecisionWinsOnACard(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)

	// In order: Approve first, then a Reject on the card drawn before it.
	cardID, _ := f.postedCard(page.URL + "/first")
	expect(t, "Approve", f.interact(f.button(editor, "sharednews:approve:1", cardID)), true, "Approved #1")
	r := f.interact(f.button(roleEditor, "sharednews:reject:1", cardID))
	expect(t, "Reject after Approve", r, true, "⚠️", "already approved for the next edition by @ed")
	f.wantState("after a late Reject", 1, digest.StateApproved)

	// At once, many times over.
	for i := 0; i < 8; i++ {
		cardID, _ := f.postedCard(page.URL + fmt.Sprintf("/race-%d", i))
		id := int64(i + 2)
		n := f.api.count()
		bodies := [][]byte{
			f.button(editor, fmt.Sprintf("sharednews:approve:%d", id), cardID),
			f.modal(roleEditor, fmt.Sprintf("sharednews:rejectform:%d", id), cardID, labelInput("reason", "")),
		}
		answers := f.interactAtOnce(bodies...)
		s, _ := f.bot.Story(context.Background(), id)
		won, lost := 0, 1
		if s.State == digest.StateRejected {
			won, lost = 1, 0
		}
		if !strings.Contains(answers[won], fmt.Sprintf("#%d", id)) || strings.Contains(answers[won], "⚠️") {
			t.Errorf("race %d: the winner (%s) was told %q", i, s.State, answers[won])
		}
		if want := map[digest.State]string{digest.StateApproved: "already approved for the next edition by @ed",
			digest.StateRejected: "was rejected by @rosa"}[s.State]; want == "" || !strings.Contains(answers[lost], want) {
			t.Errorf("race %d: story %s; the other editor was told %q, want %q", i, s.State, answers[lost], want)
		}
		calls := f.api.since(n)
		if dms := find(calls, "POST", "channels/dm"+memberID+"/messages"); len(dms) != 1 {
			t.Errorf("race %d: the submitter got %d messages, want 1", i, len(dms))
		}
		edits := find(calls, "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
		want := map[digest.State]string{digest.StateApproved: "Approved by @ed", digest.StateRejected: "Rejected by @rosa"}[s.State]
		if len(edits) == 0 || !strings.Contains(string(edits[len(edits)-1].Body), want) {
			t.Errorf("race %d: story %s, card redraws %d, last %s", i, s.State, len(edits), lastBody(edits))
		}
	}
}

func lastBody(calls []call) string {
	if len(calls) == 0 {
		return "(none)"
	}
	return string(calls[len(calls)-1].Body)
}

// TestEditFormKeepsAnotherEditorsChange: an editor opens the Edit form;
// another corrects the headline by command meanwhile; the first changes
// only the commentary and submits. Discord sends back every field, the
// old headline among them; it is left alone, not put back. A form for a
// story published meanwhile changes nothing and says why.
func TestEditFormKeepsAnotherEditorsChange(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")
	form := f.interact(f.button(editor, "sharednews:edit:1", cardID))
	formID := form.Data.CustomID
	if !strings.HasPrefix(formID, "sharednews:editform:1") || len(formID) > 100 {
		t.Fatalf("form custom_id %q", formID)
	}
	s, _ := f.bot.Story(context.Background(), 1)

	expect(t, "the other editor", f.say(roleEditor, "edit", num("id", 1), str("field", "headline"), str("text", "Two trusts, one chief executive")),
		true, "Updated the headline")
	r := f.interact(f.modal(editor, formID, cardID,
		labelInput("headline", s.Headline), labelInput("summary", s.Summary), labelSelect("sector", s.Sector),
		labelInput("commentary", "A first for the region.")))
	expect(t, "form", r, true, "Updated the commentary of #1.")
	if s, _ := f.bot.Story(context.Background(), 1); s.Headline != "Two trusts, one chief executive" || s.Commentary != "A first for the region." {
		t.Errorf("story after the form: headline %q, commentary %q", s.Headline, s.Commentary)
	}

	// Published meanwhile.
	expect(t, "approve", f.say(editor, "approve", num("id", 1)), true, "Approved #1")
	expect(t, "publish", f.say(editor, "publish"), false)
	r = f.interact(f.modal(editor, formID, cardID, labelInput("headline", "Too late"), labelInput("commentary", "Too late")))
	expect(t, "form after publication", r, true, "⚠️", "was published in edition 1 and can no longer change")
	if s, _ := f.bot.Story(context.Background(), 1); s.Headline == "Too late" || s.Commentary == "Too late" {
		t.Errorf("a published story changed: %+v", s)
	}
}
