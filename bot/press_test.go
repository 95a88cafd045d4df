package bot

import (
	"context"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestPressDecidesWhatACardsControlDoes: a press of a card's control does
// on every platform what the bot decides (Press): the sector choice files
// the story at once; Approve approves a waiting story into the sector the
// card shows, and leaves a rejection standing; Approve after all approves
// the rejected story into its own sector; a member's press is refused.
// Reject and Edit open their forms (FormOn) and decide nothing, as an
// action that is not a card's.
func TestPressDecidesWhatACardsControlDoes(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	a := f.queued(t, "health", "Two trusts share a chief executive")
	b := f.queued(t, "health", "Fire services merge control rooms")
	stands := func(why string, id int64, state digest.State, sector string) {
		t.Helper()
		if s, err := f.store.Story(ctx, id); err != nil || s.State != state || s.Sector != sector {
			t.Errorf("%s: story #%d is %s in %q (%v), want %s in %q", why, id, s.State, s.Sector, err, state, sector)
		}
	}

	for _, action := range []string{ActionReject, ActionEdit, "", "frobnicate"} {
		if r, ok := f.bot.Press(ctx, editor, action, a.ID, "housing"); ok || r.Body != nil {
			t.Errorf("Press(%q) decided: %v, %q", action, ok, text(r))
		}
	}
	stands("after the presses that decide nothing", a.ID, digest.StateQueued, "health")
	for action, want := range map[string]FormKind{ActionReject: RejectForm, ActionEdit: EditForm} {
		if got, ok := FormOn(action); !ok || got != want {
			t.Errorf("FormOn(%q) = %v, %v; want %v", action, got, ok, want)
		}
	}
	for _, action := range []string{ActionApprove, ActionApproveAfterAll, ActionSector, ""} {
		if _, ok := FormOn(action); ok {
			t.Errorf("%q opens a form", action)
		}
	}

	if r, ok := f.bot.Press(ctx, member, ActionApprove, a.ID, ""); !ok || tone(r) != Problem || text(r) != "Only editors can approve stories." {
		t.Errorf("a member's Approve: %v, %q", ok, text(r))
	}
	if r, ok := f.bot.Press(ctx, editor, ActionSector, a.ID, "housing"); !ok || tone(r) != Success {
		t.Errorf("the sector choice: %v, %q", ok, text(r))
	}
	stands("after the sector choice", a.ID, digest.StateQueued, "housing")
	if r, ok := f.bot.Press(ctx, editor, ActionApprove, a.ID, "education"); !ok || tone(r) != Success {
		t.Errorf("Approve: %v, %q", ok, text(r))
	}
	stands("after Approve", a.ID, digest.StateApproved, "education")

	if r := f.say(editor, "reject 2 Covered last week"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r, ok := f.bot.Press(ctx, editor, ActionApprove, b.ID, "housing"); !ok || tone(r) != Problem {
		t.Errorf("a waiting card's Approve after a rejection: %v, %q", ok, text(r))
	}
	stands("after a late Approve", b.ID, digest.StateRejected, "health")
	if r, ok := f.bot.Press(ctx, editor, ActionApproveAfterAll, b.ID, "housing"); !ok || tone(r) != Success {
		t.Errorf("Approve after all: %v, %q", ok, text(r))
	}
	stands("after Approve after all", b.ID, digest.StateApproved, "health")
}

// PressControl, the one path from every platform's card controls: Reject
// and Edit open their form for the story as it stands, unless the caller
// may not have it; Approve takes the select's value read back at the
// platform's limit; a control the bot did not draw is answered
// ForeignControl.
func TestPressControlOpensFormsAndDecides(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	a := f.queued(t, "health", "Two trusts share a chief executive")
	if p := f.bot.PressControl(ctx, editor, ActionReject, a.ID, "", 100); !p.Opens || p.Form != RejectForm || p.Story.ID != a.ID {
		t.Errorf("Reject: %+v, want its form for #%d", p, a.ID)
	}
	if p := f.bot.PressControl(ctx, member, ActionEdit, a.ID, "", 100); p.Opens || text(p.Reply) != "Only editors can edit stories." {
		t.Errorf("a member's Edit: %+v", p)
	}
	if p := f.bot.PressControl(ctx, editor, "frobnicate", a.ID, "", 100); p.Opens || text(p.Reply) != text(Reply{Body: f.bot.ForeignControl()}) {
		t.Errorf("an unknown control: %+v", p)
	}
	p := f.bot.PressControl(ctx, editor, ActionApprove, a.ID, digest.ChoiceValue("housing", 100), 100)
	if s, err := f.store.Story(ctx, a.ID); p.Opens || tone(p.Reply) != Success || err != nil || s.State != digest.StateApproved || s.Sector != "housing" {
		t.Errorf("Approve into housing: %q; story %+v (%v)", text(p.Reply), s, err)
	}
}

// TestAfterPressRedrawsOnlyAStaleCardItRefused: a story decided where its
// card could not be redrawn (the console, in another process) kept its
// waiting card. A press there that the bot refuses redraws the card as the
// decision stands, on every platform alike; a press on a card that already
// showed the decision, a press that went through, and a press on a story
// still waiting redraw nothing.
func TestAfterPressRedrawsOnlyAStaleCardItRefused(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	decided := f.queued(t, "health", "Two trusts share a chief executive")
	waiting := f.queued(t, "health", "Fire services merge control rooms")
	for _, s := range []digest.Story{decided, waiting} {
		if !f.bot.PostReviewCards(ctx, s) {
			t.Fatalf("no card for #%d", s.ID)
		}
	}
	operator := digest.Person{Platform: "console", ID: "operator", Name: "operator"}
	if _, err := f.store.Reject(ctx, store.Decision{StoryID: decided.ID, By: operator, Reason: "Covered last week"}); err != nil {
		t.Fatal(err)
	}
	refused, _ := f.bot.Press(ctx, editor, ActionApprove, decided.ID, "")
	if !IsProblem(refused) {
		t.Fatalf("Approve on a rejected story: %q", text(refused))
	}
	ok := Reply{Body: Message{Tone: Success, Text: "Approved."}}
	redraws := func() int {
		f.slack.mu.Lock()
		defer f.slack.mu.Unlock()
		return len(f.slack.updates)
	}

	f.bot.AfterPress(ctx, decided.ID, refused, false)
	f.bot.AfterPress(ctx, decided.ID, ok, true)
	f.bot.AfterPress(ctx, waiting.ID, problem("Only editors can approve stories."), true)
	if n := redraws(); n != 0 {
		t.Fatalf("%d cards redrawn, want none: %+v", n, f.slack.updates)
	}
	f.bot.AfterPress(ctx, decided.ID, refused, true)
	if n := redraws(); n != 1 {
		t.Fatalf("%d cards redrawn, want the stale one", n)
	}
	card := f.slack.updates[0]
	if card.Story.ID != decided.ID || card.Outcome != "Rejected by @operator: Covered last week" || card.Waiting() {
		t.Errorf("redrawn card: #%d, outcome %q, waiting %v", card.Story.ID, card.Outcome, card.Waiting())
	}
}
