package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// TestReplayAfterARestartIsRefused: a signed interaction captured and sent
// again within its five minutes is refused with 401 and does nothing even
// when the bot restarted in between: the interactions taken are on the
// database, as Slack's signatures are, so a captured "/shared subscribe"
// cannot subscribe again a channel an editor has since unsubscribed.
func TestReplayAfterARestartIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	before := newFixture(t, func(c *config.Config, _ *Options) { c.Bot.Database = db })
	body := before.slash(editor, "subscribe")
	sig, ts := before.sign(body)
	if rec := before.post(body, sig, ts); rec.Code != http.StatusOK {
		t.Fatalf("first: HTTP %d %s", rec.Code, rec.Body.String())
	}
	var in struct {
		Channel string `json:"channel_id"`
	}
	if err := json.Unmarshal(body, &in); err != nil || in.Channel == "" {
		t.Fatalf("no channel in the interaction: %v", err)
	}
	channel := in.Channel
	ctx := context.Background()
	if _, err := before.store.Subscription(ctx, PlatformName, channel); err != nil {
		t.Fatalf("the first subscribe did not subscribe %s: %v", channel, err)
	}
	if err := before.store.Unsubscribe(ctx, PlatformName, channel); err != nil {
		t.Fatal(err)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := before.adapter.tasks.Shutdown(stopCtx); err != nil {
		t.Fatal(err)
	}

	after := newFixture(t, func(c *config.Config, _ *Options) {
		c.Bot.Database = db
		c.Discord.PublicKey = before.cfg.Discord.PublicKey // the same application
	})
	if rec := after.post(body, sig, ts); rec.Code != http.StatusUnauthorized {
		t.Errorf("replayed after a restart: HTTP %d %s", rec.Code, rec.Body.String())
	}
	time.Sleep(200 * time.Millisecond) // a replay wrongly taken shows itself
	if _, err := after.store.Subscription(ctx, PlatformName, channel); err == nil {
		t.Error("the replayed subscribe subscribed the channel again")
	}
	if n := after.api.count(); n != 0 {
		t.Errorf("the replay made %d REST calls", n)
	}
}
