package bot

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestADecidedCardIsNotRedrawnAsWaiting: an editor's edit redraws the card
// (still waiting, with its buttons) while another editor approves the
// story; the edit's redraw reaches the platform last. The card must end
// showing the decision, not buttons for a story that is already decided.
func TestADecidedCardIsNotRedrawnAsWaiting(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.slack.beforeUpdate = func(c ReviewCard) {
		if c.Waiting() {
			once.Do(func() { close(entered); <-release })
		}
	}
	edited := make(chan Reply)
	go func() { edited <- f.bot.Edit(ctx, editor, 1, "headline", "Two trusts, one chief executive") }()
	<-entered // the edit's redraw is on its way
	approved := make(chan Reply)
	go func() { approved <- f.bot.Approve(ctx, inGrp, 1, "") }()
	select {
	case r := <-approved: // without ordering of redraws, the approval's lands first
		close(release)
		if tone(r) != Success {
			t.Fatal(text(r))
		}
		<-edited
	case <-time.After(300 * time.Millisecond): // the approval's redraw waits its turn
		close(release)
		<-edited
		if r := <-approved; tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	last := f.slack.updates[len(f.slack.updates)-1]
	if last.Waiting() || last.Outcome != "Approved by @gus into Health & Social Care" {
		t.Errorf("the card's last redraw: outcome %q, waiting %v (of %d redraws)", last.Outcome, last.Waiting(), len(f.slack.updates))
	}
}
