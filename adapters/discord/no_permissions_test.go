package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestSubscribeWhereTheBotHasNoPermissionAtAll: Discord sends
// app_permissions, the set of permissions the app has in the channel, with
// every interaction; "0" is none at all. It was read as the field left
// out, so nothing was lacking and a channel where the bot can neither see
// nor post was subscribed, to receive no edition. It is now refused, naming
// what the bot lacks; an interaction without the field is read as before.
func TestSubscribeWhereTheBotHasNoPermissionAtAll(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	r := f.interact(reshaped(t, f.slash(editor, "subscribe"), func(m map[string]any) { m["app_permissions"] = "0" }))
	expect(t, `subscribe with app_permissions "0"`, r, true, "not subscribed", "View Channel", "Send Messages", "Embed Links", "Nothing was changed")
	if _, err := f.store.Subscription(ctx, PlatformName, newsChannel); err == nil {
		t.Fatal("the channel was subscribed")
	}
	r = f.interact(reshaped(t, f.slash(editor, "subscribe"), func(m map[string]any) { delete(m, "app_permissions") }))
	expect(t, "subscribe without app_permissions", r, false, "subscribed")
}

// TestRateLimitNamesTheHostCalled: discordgo words a 429 with the URL it
// built, on discord.com, though the request went to discord.api_url: the
// log sent an operator of a proxy or a test server to the wrong host. The
// error now names the URL called.
func TestRateLimitNamesTheHostCalled(t *testing.T) {
	f := newFixture(t, nil)
	f.api.LimitOnceFor("channels/"+reviewChannel+"/messages", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := f.adapter.PostReviewCard(ctx, bot.ReviewCard{Story: digest.Story{ID: 7, Headline: "Councils merge back offices", URL: "https://example.org/merge"}})
	want := f.api.apiURL() + "channels/" + reviewChannel + "/messages"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "discord.com") {
		t.Errorf("error %v, want it to name %s and not discord.com", err, want)
	}
}
