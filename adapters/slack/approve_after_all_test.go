package slack

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// actionIDs are the action_ids of a card's actions block, in order; none
// when it has no actions block.
func actionIDs(blocks []map[string]any) []string {
	var ids []string
	for _, b := range blocks {
		if b["type"] != "actions" {
			continue
		}
		for _, e := range b["elements"].([]any) {
			ids = append(ids, e.(map[string]any)["action_id"].(string))
		}
	}
	return ids
}

// TestRejectedCardApprovesAfterAll: an editor rejects a story with the
// card's form; the card, updated in place, says so and carries one
// button, Approve after all. A stale Approve on the waiting card does not
// undo the rejection; a member pressing Approve after all is refused
// privately; an editor's press approves the story into its sector, and
// the card says whose rejection it overturned, losing its button; the
// submitter hears of both decisions, the approval last.
func TestRejectedCardApprovesAfterAll(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "housing")

	_, open := f.openForm(groupieID, actionReject, id, ref)
	meta := open["view"].(map[string]any)["private_metadata"].(string)
	sub := f.submitView(groupieID, callbackReject, meta, map[string]string{bot.FieldReason: "Covered last week"})
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub)); rec.Code != http.StatusOK {
		t.Fatalf("reject form: %d %s", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "the rejection", func() bool { return len(f.cardUpdates(ref)) == 1 && len(f.dmsTo(memberID)) == 1 })
	rejected := blocksOf(t, f.cardUpdates(ref)[0])
	if !strings.Contains(allText(rejected), "❌ Rejected by @Gus: Covered last week") {
		t.Errorf("rejected card:\n%s", allText(rejected))
	}
	if ids := actionIDs(rejected); len(ids) != 1 || ids[0] != "sharednews:approve-after-all" {
		t.Fatalf("rejected card's controls: %v", ids)
	}
	button := rejected[len(rejected)-1]["elements"].([]any)[0].(map[string]any)
	if button["value"] != "1" || button["text"].(map[string]any)["text"] != "Approve after all" || button["style"] != nil {
		t.Errorf("Approve after all button: %v", button)
	}

	// The waiting card's Approve, pressed on a view drawn before the rejection.
	stale, path := f.press(editorID, actionApprove, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, stale))
	adaptertest.WaitFor(t, "the refusal", func() bool { return len(f.slack.Responses(path)) == 1 })
	if ans := f.slack.Responses(path)[0].Body; ans["response_type"] != "ephemeral" ||
		!strings.Contains(allText(ans), "Story #1 was rejected by @Gus") || !strings.Contains(allText(ans), "press Approve after all on its card") {
		t.Errorf("a stale Approve: %v", ans)
	}
	if s := f.story(id); s.State != digest.StateRejected {
		t.Fatalf("after a stale Approve: %s", s.State)
	}

	// A member presses Approve after all.
	press, path := f.press(memberID, actionAfterAll, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
	adaptertest.WaitFor(t, "the member's refusal", func() bool { return len(f.slack.Responses(path)) == 1 })
	if ans := f.slack.Responses(path)[0].Body; ans["response_type"] != "ephemeral" || !strings.Contains(allText(ans), "Only editors can approve stories.") {
		t.Errorf("a member's press: %v", ans)
	}
	if s := f.story(id); s.State != digest.StateRejected || len(f.cardUpdates(ref)) != 1 {
		t.Fatalf("after a member's press: %s, %d card updates", s.State, len(f.cardUpdates(ref)))
	}

	// The editor thinks better of it.
	press, path = f.press(editorID, actionAfterAll, id, ref, "")
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, press)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("ack: %d %q", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "the approval", func() bool { return len(f.cardUpdates(ref)) == 2 && len(f.dmsTo(memberID)) == 2 })
	approved := blocksOf(t, f.cardUpdates(ref)[1])
	if !strings.Contains(allText(approved), "✅ Approved by @Ed into Housing, after a rejection by @Gus") || len(actionIDs(approved)) != 0 {
		t.Errorf("card approved after all:\n%s", allText(approved))
	}
	if dm := allText(blocksOf(t, f.dmsTo(memberID)[1])); !strings.Contains(dm, "was approved for the next edition after all") {
		t.Errorf("the submitter was told: %s", dm)
	}
	if s := f.story(id); s.State != digest.StateApproved || s.Sector != "housing" || s.DecidedBy.ID != editorID {
		t.Errorf("story: %+v", s)
	}
	if n := len(f.slack.Responses(path)); n != 0 {
		t.Errorf("a successful press needs no answer beyond the card; got %d", n)
	}
}
