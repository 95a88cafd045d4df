package slack

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestRejectFormAfterAnotherEditorApproved: one editor opens the Reject
// form; another approves the story meanwhile. Submitting the form does not
// undo the approval: the first editor is told privately who approved it,
// and the submitter hears once, of the approval. Pressing Reject on a card
// of an approved story opens no form and says why.
func TestRejectFormAfterAnotherEditorApproved(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "")

	_, open := f.openForm(groupieID, actionReject, id, ref)
	meta := open["view"].(map[string]any)["private_metadata"].(string)

	approve, _ := f.press(editorID, actionApprove, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, approve))
	adaptertest.WaitFor(t, "the approval", func() bool { return len(f.dmsTo(memberID)) == 1 })

	sub := f.submitView(groupieID, callbackReject, meta, map[string]string{bot.FieldReason: "Covered last week"})
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, sub)); rec.Code != http.StatusOK {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "the refusal", func() bool { return len(f.slack.Calls("chat.postEphemeral")) == 1 })
	e := f.slack.Calls("chat.postEphemeral")[0]
	if e.Form.Get("user") != groupieID || !strings.Contains(e.Form.Get("text"), "already approved for the next edition by @Ed") {
		t.Errorf("refusal: %v", e.Form)
	}
	if s := f.story(id); s.State != digest.StateApproved {
		t.Errorf("story after the late Reject form: %s", s.State)
	}
	if n := len(f.dmsTo(memberID)); n != 1 {
		t.Errorf("the submitter got %d messages, want 1", n)
	}
	if ups := f.cardUpdates(ref); len(ups) != 1 || !strings.Contains(allText(blocksOf(t, ups[0])), "Approved by @Ed") {
		t.Errorf("card updates: %d", len(ups))
	}

	// A stale card's Reject button: no form, a plain answer.
	stale, path := f.press(groupieID, actionReject, id, ref, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(t, stale))
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(path)) == 1 })
	if ans := f.slack.Responses(path)[0].Body; ans["response_type"] != "ephemeral" ||
		!strings.Contains(allText(ans), "already approved for the next edition by @Ed") {
		t.Errorf("Reject on a stale card: %v", ans)
	}
	if n := len(f.slack.Calls("views.open")); n != 1 {
		t.Errorf("Reject on an approved story's card opened a form")
	}
}
