package slack

import (
	"context"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
)

func TestDirectory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := f.ad

	ada := d.caller(ctx, adminID, "ada")
	if ada.Name != "Ada" || !ada.ChannelAdmin || len(ada.Groups) != 0 || mayReview(f, ada) {
		t.Errorf("workspace admin = %+v", ada)
	}
	gus := d.caller(ctx, groupieID, "gus")
	if len(gus.Groups) != 1 || gus.Groups[0] != editorsGrp || !mayReview(f, gus) {
		t.Errorf("user-group member = %+v", gus)
	}
	ghost := d.caller(ctx, "UGHOST", "ghost")
	if ghost.Name != "ghost" || ghost.ChannelAdmin || mayReview(f, ghost) {
		t.Errorf("a user Slack cannot find keeps the payload's name and no rights: %+v", ghost)
	}

	// Cached: a second look costs no call until the entries expire.
	before := len(f.slack.Calls(""))
	d.caller(ctx, adminID, "")
	d.caller(ctx, groupieID, "")
	if n := len(f.slack.Calls("")) - before; n != 0 {
		t.Errorf("%d calls for cached users", n)
	}
	// Gus leaves the group; after the group's cache expires he is no editor.
	f.slack.SetGroup(nil)
	f.now = f.now.Add(groupTTL + time.Second)
	if gus := d.caller(ctx, groupieID, ""); len(gus.Groups) != 0 {
		t.Errorf("membership not refreshed: %+v", gus)
	}
	if n := len(f.slack.Calls("usergroups.users.list")); n != 2 {
		t.Errorf("usergroups.users.list called %d times, want 2", n)
	}
}

// mayReview asks the bot whether c may see the review queue: what an
// editor may do and nobody else.
func mayReview(f *fixture, c bot.Caller) bool {
	r := f.bot.Handle(context.Background(), bot.Request{Caller: c, Channel: bot.Channel{Platform: PlatformName, ID: "C1"}, Text: "queue"})
	return !bot.IsProblem(r)
}
