package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// secondEditor types command as who, once, when the bot learns from a
// decision that left a story in state after: while the bot is between
// that decision and its card update, as a second editor's command
// landing at that moment.
type secondEditor struct {
	f       *fixture
	after   digest.State
	who     Caller
	command string
	done    bool
}

func (l *secondEditor) Suggest(context.Context, digest.Story) string { return "" }

func (l *secondEditor) LearnStory(s digest.Story) error {
	if !l.done && s.State == l.after {
		l.done = true
		l.f.say(l.who, l.command)
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
	f.bot.suggester = &secondEditor{f: f, after: digest.StateApproved, who: inGrp, command: "reject 1 Covered last week"}
	f.say(editor, "approve 1")
	if s, _ := f.store.Story(context.Background(), 1); s.State != digest.StateRejected {
		t.Fatalf("story: %s", s.State)
	}
	wantRejectionLast(t, f)
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

// TestARejectionDuringAnApprovalsRedrawIsToldLast: a /shared reject lands
// while the approval's card update is on its way. The rejection's card
// update waits its turn; its message to the submitter must wait too, so
// that the approval's message (slow to go out) does not arrive after it
// and leave the submitter believing last that the story was approved.
func TestARejectionDuringAnApprovalsRedrawIsToldLast(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	rejectDone, rejectTold := make(chan struct{}), make(chan struct{})
	var once, toldOnce sync.Once
	f.slack.beforeUpdate = func(c ReviewCard) {
		if !strings.HasPrefix(c.Outcome, "Approved") {
			return
		}
		once.Do(func() {
			go func() { defer close(rejectDone); f.say(inGrp, "reject 1 Covered last week") }()
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
				if s, _ := f.store.Story(ctx, 1); s.State == digest.StateRejected {
					return
				}
			}
			t.Error("the rejection did not land")
		})
	}
	f.slack.beforeNotify = func(m Message) {
		switch {
		case strings.Contains(m.Text, "was not taken"):
			toldOnce.Do(func() { close(rejectTold) })
		case strings.Contains(m.Text, "Good news"):
			select { // the approval's message is slow to go out
			case <-rejectTold:
			case <-time.After(300 * time.Millisecond):
			}
		}
	}
	if r := f.say(editor, "approve 1"); tone(r) != Success {
		t.Fatal(text(r))
	}
	<-rejectDone
	wantRejectionLast(t, f)
}

// wantRejectionLast checks that the card's last update shows gus's
// rejection and that the submitter was told last that the story was not
// taken.
func wantRejectionLast(t *testing.T, f *fixture) {
	t.Helper()
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if last := f.slack.updates[len(f.slack.updates)-1]; !strings.HasPrefix(last.Outcome, "Rejected by @gus") {
		t.Errorf("the card's last update: %q", last.Outcome)
	}
	if last := f.slack.notes[len(f.slack.notes)-1]; !strings.Contains(last, "was not taken") {
		t.Errorf("the submitter was told last: %q (all: %q)", last, f.slack.notes)
	}
}
