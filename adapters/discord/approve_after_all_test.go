package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestRejectedCardApprovesAfterAll: an editor rejects a story with the
// card's form; the card, edited in place, says so in red and carries one
// button, Approve after all (custom_id sharednews:approve-after-all:ID).
// The waiting card's Approve pressed late leaves the rejection standing;
// a member pressing Approve after all is refused privately; an editor's
// press approves the story into its sector, and the card, green and
// without components, says whose rejection it overturned; the submitter
// hears of both decisions, the approval last.
func TestRejectedCardApprovesAfterAll(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, _ := f.postedCard(page.URL + "/story")

	n := f.api.count()
	expect(t, "reject form", f.interact(f.modal(roleEditor, "sharednews:rejectform:1", cardID, labelInput("reason", "Covered last week"))),
		true, "Rejected #1")
	edits := find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
	if len(edits) != 1 {
		t.Fatalf("card edits after the rejection: %d", len(edits))
	}
	rejected := jsonOf(t, edits[0])
	if !strings.Contains(rejected["content"].(string), "❌ **Rejected by @rosa: Covered last week**") {
		t.Errorf("rejected card: %s", edits[0].Body)
	}
	if ids := customIDs(rejected); len(ids) != 1 || ids[0] != "sharednews:approve-after-all:1" {
		t.Fatalf("rejected card's components: %v", ids)
	}
	if !strings.Contains(string(edits[0].Body), `"label":"Approve after all","style":2`) {
		t.Errorf("Approve after all is not a secondary button: %s", edits[0].Body)
	}

	expect(t, "a late Approve on the waiting card", f.interact(f.button(editor, "sharednews:approve:1", cardID)),
		true, "⚠️", "Story #1 was rejected by @rosa", "press Approve after all on its card")
	f.wantState("after a late Approve", 1, digest.StateRejected)

	n = f.api.count()
	expect(t, "a member presses Approve after all", f.interact(f.button(member, "sharednews:approve-after-all:1", cardID)),
		true, "Only editors can approve stories.")
	f.wantState("after a member's press", 1, digest.StateRejected)
	if calls := f.api.since(n); len(calls) != 0 {
		t.Errorf("a refused press made REST calls: %+v", calls)
	}

	n = f.api.count()
	expect(t, "an editor presses Approve after all", f.interact(f.button(editor, "sharednews:approve-after-all:1", cardID)),
		true, "Approved #1", "after its rejection by @rosa")
	f.wantState("after the editor's press", 1, digest.StateApproved)
	edits = find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
	if len(edits) != 1 {
		t.Fatalf("card edits after the approval: %d", len(edits))
	}
	approved := jsonOf(t, edits[0])
	if !strings.Contains(approved["content"].(string), "✅ **Approved by @ed into Health & Social Care, after a rejection by @rosa**") ||
		len(approved["components"].([]any)) != 0 || !strings.Contains(string(edits[0].Body), `"color":`+jsonNumber(approvedColour)) {
		t.Errorf("card approved after all: %s", edits[0].Body)
	}
	dms := find(f.api.all(), "POST", "channels/dm"+memberID+"/messages")
	if len(dms) != 2 || !strings.Contains(string(dms[1].Body), "was approved for the next edition after all") {
		t.Errorf("the submitter was told: %d messages, last %s", len(dms), lastBody(dms))
	}
}

// TestTwoEditorsApproveAfterAllAtOnce: two editors press a rejected card's
// Approve after all at the same moment, many times over. One approval
// stands: one editor is told it is approved after the rejection, the
// other who approved it first; the story is in the draft once; the
// submitter hears of the rejection and one approval; the card's last
// redraw names the editor whose approval stands.
func TestTwoEditorsApproveAfterAllAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	names := map[string]string{editor.id: "ed", roleEditor.id: "rosa"}
	for i := range 6 {
		cardID, _ := f.postedCard(page.URL + fmt.Sprintf("/race-%d", i))
		id := int64(i + 1)
		expect(t, "reject", f.say(editor, "reject", num("id", int(id))), true, fmt.Sprintf("Rejected #%d", id))
		n := f.api.count()
		bodies := [][]byte{
			f.button(editor, fmt.Sprintf("sharednews:approve-after-all:%d", id), cardID),
			f.button(roleEditor, fmt.Sprintf("sharednews:approve-after-all:%d", id), cardID),
		}
		answers := f.interactAtOnce(bodies...)
		s, _ := f.bot.Story(context.Background(), id)
		winner := names[s.DecidedBy.ID]
		won := 0
		for _, a := range answers {
			switch {
			case strings.Contains(a, fmt.Sprintf("Approved #%d", id)) && strings.Contains(a, "after its rejection by @ed"):
				won++
			case !strings.Contains(a, "already approved for the next edition by @"+winner):
				t.Errorf("race %d: the other editor was told %q", i, a)
			}
		}
		if s.State != digest.StateApproved || won != 1 {
			t.Errorf("race %d: story %s, %d approvals answered (%q)", i, s.State, won, answers)
		}
		if dms := find(f.api.since(n), "POST", "channels/dm"+memberID+"/messages"); len(dms) != 1 {
			t.Errorf("race %d: the submitter got %d messages about the approval, want 1", i, len(dms))
		}
		edits := find(f.api.since(n), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID)
		if want := "Approved by @" + winner; len(edits) != 1 || !strings.Contains(string(edits[0].Body), want) {
			t.Errorf("race %d: %d card redraws, last %s, want %q", i, len(edits), lastBody(edits), want)
		}
	}
	d, err := f.bot.DraftEdition(context.Background())
	if err != nil || d.StoryCount() != 6 {
		t.Errorf("draft: %d stories, want 6 (%v)", d.StoryCount(), err)
	}
}
