package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// trustingAdapter is an adapter that checks nothing: every button press,
// select and form it receives goes straight to the bot with whoever
// pressed it. The bot alone must keep non-editors out.
type trustingAdapter struct{ bot *Bot }

func (a trustingAdapter) press(ctx context.Context, c Caller, action string, id int64) Reply {
	switch action {
	case "approve":
		return a.bot.Approve(ctx, c, id, "housing")
	case "reject":
		return a.bot.Reject(ctx, c, id, "not for us")
	case "reject-on-card":
		return a.bot.RejectOnCard(ctx, c, id, "not for us")
	case "sector":
		return a.bot.Edit(ctx, c, id, "sector", "housing")
	case "edit-form":
		headline := "Hijacked"
		return a.bot.EditStory(ctx, c, id, StoryChanges{Headline: &headline}).Reply
	case "open-edit-form":
		_, r, _ := a.bot.StoryForForm(ctx, c, id, EditForm)
		return r
	case "open-reject-form":
		_, r, _ := a.bot.StoryForForm(ctx, c, id, RejectForm)
		return r
	}
	// Anything else is a command, passed on as typed.
	return a.bot.Handle(ctx, Request{Caller: c, Channel: Channel{Platform: "slack", ID: "C1"}, Text: action})
}

func TestTheBotRefusesNonEditorsWhateverTheAdapterChecks(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	ctx := context.Background()
	f.say(member, "submit "+page.URL+"/a health")
	cardsBefore := len(f.slack.updates)
	a := trustingAdapter{bot: f.bot}
	for _, action := range []string{"approve", "reject", "reject-on-card", "sector", "edit-form", "open-edit-form", "open-reject-form",
		"note 1 hi", "edit 1 headline Hijacked", "intro hi", "publish", "lead 1", "order housing health", "draft", "queue", "subscribe", "unsubscribe"} {
		for _, c := range []Caller{member, admin, {}} {
			r := a.press(ctx, c, action, 1)
			if (action == "subscribe" || action == "unsubscribe") && c.ChannelAdmin {
				continue // channel admins may (un)subscribe their channel
			}
			if tone(r) != Problem || !strings.HasPrefix(text(r), "Only editors") {
				t.Errorf("%s by %q: %q", action, c.ID, text(r))
			}
		}
	}
	s, err := f.store.Story(ctx, 1)
	if err != nil || s.State != digest.StateQueued || s.Sector != "health" || s.Headline == "Hijacked" || s.Commentary != "" {
		t.Fatalf("story changed by refused presses: %+v %v", s, err)
	}
	if len(f.slack.updates) != cardsBefore || len(f.slack.notes) != 0 {
		t.Errorf("refused presses touched cards (%d) or told the submitter (%q)", len(f.slack.updates)-cardsBefore, f.slack.notes)
	}
	if _, err := f.store.Draft(ctx); err == nil {
		t.Error("a refused intro made a draft")
	}
	// The same presses by an editor go through.
	if r := a.press(ctx, editor, "edit-form", 1); tone(r) != Success || !strings.Contains(text(r), "Updated the headline of #1") {
		t.Errorf("editor's form: %q", text(r))
	}
	if r := a.press(ctx, inGrp, "approve", 1); tone(r) != Success {
		t.Errorf("user-group editor's approve: %q", text(r))
	}
}
