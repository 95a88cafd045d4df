package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestPressOnACardDecidedElsewhereRedrawsIt: a story rejected on the
// console (another process, with no platform to redraw its card) kept its
// waiting card in Slack. An editor pressing Approve there was told the story
// was rejected and to "press Approve after all on its card", while the card
// still showed Approve, Reject and Edit and no such button, and it went on
// showing them. The press now redraws the card as the decision stands, with
// the Approve after all button the answer names.
func TestPressOnACardDecidedElsewhereRedrawsIt(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, ref := f.submit(page.URL+"/a", "housing")
	channel, ts, _ := strings.Cut(ref, "/")
	var shown []any
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == channel {
			if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &shown); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(shown) == 0 {
		t.Fatal("no review card posted")
	}
	// What `sharednews console` does: it decides in the database only.
	operator := digest.Person{Platform: "console", ID: "operator", Name: "operator"}
	if _, err := f.store.Reject(context.Background(), store.Decision{StoryID: id, By: operator, Reason: "Covered last week"}); err != nil {
		t.Fatal(err)
	}

	press, path := f.press(editorID, actionApprove, id, ref, "")
	press["message"] = map[string]any{"type": "message", "ts": ts, "text": "card", "blocks": shown}
	f.sendSigned("/slack/interactions", formType, interactionForm(t, press))
	adaptertest.WaitFor(t, "the answer and the redrawn card", func() bool {
		return len(f.slack.Responses(path)) == 1 && len(f.cardUpdates(ref)) == 1
	})
	if ans := allText(f.slack.Responses(path)[0].Body); !strings.Contains(ans, "press Approve after all on its card") {
		t.Errorf("answer: %s", ans)
	}
	card := blocksOf(t, f.cardUpdates(ref)[0])
	if !strings.Contains(allText(card), "❌ Rejected by @operator: Covered last week") {
		t.Errorf("redrawn card:\n%s", allText(card))
	}
	if ids := actionIDs(card); len(ids) != 1 || ids[0] != actionAfterAll {
		t.Errorf("redrawn card's controls: %v", ids)
	}
	if s := f.story(id); s.State != digest.StateRejected {
		t.Errorf("the press changed the story: %s", s.State)
	}
}
