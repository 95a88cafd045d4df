package bot

import (
	"strings"
	"testing"
)

func TestEditsRefreshWaitingReviewCards(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a health")
	if r := f.say(editor, "edit 1 headline A clearer headline"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "note 1 Worth a read."); tone(r) != Success {
		t.Fatal(text(r))
	}
	if len(f.slack.updates) != 2 {
		t.Fatalf("card updates after two edits = %d", len(f.slack.updates))
	}
	last := f.slack.updates[1]
	if last.Outcome != "" || last.Story.Headline != "A clearer headline" || last.Story.Commentary != "Worth a read." {
		t.Errorf("refreshed card = %+v", last)
	}
	// Once decided, the card shows the decision; later edits leave it alone.
	f.say(editor, "approve 1")
	f.say(editor, "edit 1 summary Changed after approval.")
	if n := len(f.slack.updates); n != 3 || !strings.HasPrefix(f.slack.updates[2].Outcome, "Approved by") {
		t.Errorf("updates after approval = %+v", f.slack.updates[2:])
	}
}
