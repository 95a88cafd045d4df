package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// rejectingLearner rejects story 1 by command while the bot is between an
// approval and its card update, as a second editor's /shared reject
// landing at that moment.
type rejectingLearner struct {
	f    *fixture
	done bool
}

func (l *rejectingLearner) Suggest(context.Context, digest.Story) string { return "" }

func (l *rejectingLearner) LearnStory(s digest.Story) error {
	if !l.done && s.State == digest.StateApproved {
		l.done = true
		l.f.say(inGrp, "reject 1 Covered last week")
	}
	return nil
}

// TestALaterDecisionIsTheOneShown: an approval and a rejection by command
// land one after the other, and the rejection's card update and message
// go out before the approval's. The card ends showing the rejection, and
// the submitter is not told last that the story was approved.
func TestALaterDecisionIsTheOneShown(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.bot.suggester = &rejectingLearner{f: f}
	f.say(editor, "approve 1")
	if s, _ := f.store.Story(context.Background(), 1); s.State != digest.StateRejected {
		t.Fatalf("story: %s", s.State)
	}
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if last := f.slack.updates[len(f.slack.updates)-1]; !strings.HasPrefix(last.Outcome, "Rejected by @gus") {
		t.Errorf("the card's last update: %q", last.Outcome)
	}
	if last := f.slack.notes[len(f.slack.notes)-1]; !strings.Contains(last, "was not taken") {
		t.Errorf("the submitter was told last: %q (all: %q)", last, f.slack.notes)
	}
}

// TestAnApprovalPublishedAtOnceIsStillShown: a publication that lands
// between an approval and its card update does not hide the approval.
func TestAnApprovalPublishedAtOnceIsStillShown(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.bot.suggester = &publishingLearner{bot: f.bot}
	f.say(editor, "approve 1")
	if s, _ := f.store.Story(context.Background(), 1); s.State != digest.StatePublished {
		t.Fatalf("story: %s", s.State)
	}
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if len(f.slack.updates) != 1 || !strings.HasPrefix(f.slack.updates[0].Outcome, "Approved by @ed") {
		t.Errorf("card updates: %d", len(f.slack.updates))
	}
	if len(f.slack.notes) != 1 || !strings.Contains(f.slack.notes[0], "Good news") {
		t.Errorf("the submitter was told: %q", f.slack.notes)
	}
}
