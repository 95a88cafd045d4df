package slack

import (
	"context"
	"path/filepath"
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
