package discord

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
// waiting card in Discord. An editor pressing Approve there was told the
// story was rejected and to "press Approve after all on its card", while
// the card still showed Approve, Reject and Edit and no such button, and
// went on showing them; Reject said "already rejected" and left it too.
// The press now redraws the card as the decision stands, once answered.
func TestPressOnACardDecidedElsewhereRedrawsIt(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	cardID, card := f.postedCard(page.URL + "/story")
	// What `sharednews console` does: it decides in the database only.
	operator := digest.Person{Platform: "console", ID: "operator", Name: "operator"}
	if _, err := f.store.Reject(context.Background(), store.Decision{StoryID: 1, By: operator, Reason: "Covered last week"}); err != nil {
		t.Fatal(err)
	}
	// The press carries the card as the channel shows it: still waiting.
	pressed := func(customID string) []byte {
		var m map[string]any
		if err := json.Unmarshal(f.button(editor, customID, cardID), &m); err != nil {
			t.Fatal(err)
		}
		m["message"].(map[string]any)["components"] = card["components"]
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	edits := func() []call { return find(f.api.all(), "PATCH", "channels/"+reviewChannel+"/messages/"+cardID) }

	expect(t, "Approve on the stale card", f.interact(pressed("sharednews:approve:1")),
		true, "Story #1 was rejected by @operator", "press Approve after all on its card")
	adaptertest.WaitFor(t, "the card redrawn", func() bool { return len(edits()) == 1 })
	redrawn := jsonOf(t, edits()[0])
	if !strings.Contains(redrawn["content"].(string), "❌ **Rejected by @operator: Covered last week**") {
		t.Errorf("redrawn card: %s", edits()[0].Body)
	}
	if ids := customIDs(redrawn); len(ids) != 1 || ids[0] != "sharednews:approve-after-all:1" {
		t.Errorf("redrawn card's components: %v", ids)
	}
	f.wantState("after the press", 1, digest.StateRejected)

	expect(t, "Reject on the stale card", f.interact(pressed("sharednews:reject:1")),
		true, "Story #1 is already rejected by @operator")
	adaptertest.WaitFor(t, "the card redrawn again", func() bool { return len(edits()) == 2 })
}
