package slack

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
)

// TestEventRetriedAfterARestartIsActedOnOnce: Slack retries an event it
// thinks went unacknowledged up to three times over about five minutes,
// so a retry can reach a bot restarted in between (a deploy, a crash).
// The event ID taken before the restart is on the database, and the new
// process acknowledges the retry and does nothing: one submission, one
// answer.
func TestEventRetriedAfterARestartIsActedOnOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	onFile := fixtureOptions{config: func(c *config.Config) { c.Bot.Database = db }}
	page := pageServer(t, "Two districts share a chief executive", "A summary.", "LocalGov")
	text := "<@U111> submit " + page.URL + "/a health"

	before := newFixtureWith(t, onFile)
	before.mention(memberID, text, "EvRestart1")
	adaptertest.WaitFor(t, "the answer", func() bool { return len(before.slack.Calls("chat.postEphemeral")) == 1 })
	// The first process stops as Run does: its background work drained.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := before.ad.tasks.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	after := newFixtureWith(t, onFile)
	after.now = before.now.Add(2 * time.Minute) // Slack's second retry
	after.mention(memberID, text, "EvRestart1")
	time.Sleep(200 * time.Millisecond) // a retry wrongly taken shows itself
	if n := len(after.slack.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("the retried event was answered again after the restart: %d answers", n)
	}
	if n, err := after.store.QueueSize(ctx); err != nil || n != 1 {
		t.Errorf("queue after the retry: %d stories (%v), want 1", n, err)
	}

	// A new event after the restart is still acted on.
	after.mention(memberID, "<@U111> help", "EvRestart2")
	adaptertest.WaitFor(t, "the answer to a new event", func() bool { return len(after.slack.Calls("chat.postEphemeral")) == 1 })
}

// TestReplayAfterARestartIsRefused: a signed command captured and sent
// again within the five minutes its timestamp allows is a replay (Slack
// never sends a command twice) even when the bot restarted in between: the
// signatures taken are on the database, as the event IDs are, so the
// replay gets 401 and the channel an editor unsubscribed stays
// unsubscribed.
func TestReplayAfterARestartIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	onFile := fixtureOptions{config: func(c *config.Config) { c.Bot.Database = db }}
	before := newFixtureWith(t, onFile)
	body, path := before.slashForm(editorID, "CREPLAY", "subscribe")
	if rec := before.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK {
		t.Fatalf("first subscribe: %d", rec.Code)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(before.slack.Responses(path)) == 1 })
	if ans := allText(before.commandIn(editorID, "CREPLAY", "unsubscribe")); !strings.Contains(ans, "no longer receive") {
		t.Fatalf("unsubscribe: %s", ans)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := before.ad.tasks.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	after := newFixtureWith(t, onFile)
	after.now = before.now.Add(2 * time.Minute) // still within the five minutes
	if rec := after.send("/slack/commands", formType, body, before.now, after.secret); rec.Code != http.StatusUnauthorized {
		t.Errorf("the command replayed after a restart: %d, want 401", rec.Code)
	}
	time.Sleep(200 * time.Millisecond) // a replay wrongly taken shows itself
	if _, err := after.store.Subscription(ctx, PlatformName, "CREPLAY"); err == nil {
		t.Error("the replayed subscribe subscribed the channel again")
	}
	if n := len(before.slack.Responses(path)) + len(after.slack.Responses(path)); n != 1 {
		t.Errorf("the replayed command was answered: %d answers", n)
	}
}
