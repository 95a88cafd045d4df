package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// reviewTold is what the editors were told in the review channel after
// the first n calls, one notice a string.
func (f *fixture) reviewTold(t *testing.T, n int) []string {
	var told []string
	for _, c := range find(f.api.since(n), "POST", "channels/"+reviewChannel+"/messages") {
		told = append(told, jsonOf(t, c)["content"].(string))
	}
	return told
}

// TestChannelRateLimitedForEverIsReported: a channel where Discord
// answers every new message 429 kept its copy open for ever, and with it
// the report of the edition's other failures. A 429 when the copy's tries
// have been rate-limited for longer than the retry window (47 ms with this
// worker's backoffs) ends it, and the editors are told of both channels.
func TestChannelRateLimitedForEverIsReported(t *testing.T) {
	const slow, gone = "300000000000000001", "300000000000000002"
	f := newFixtureWithAPI(t, discordtest.Options{Gone: []string{gone}}, nil)
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.adapter)
	f.bot.DeliverWith(w)
	f.api.Throttle(slow)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"},
		map[string]string{slow: "slow-news", gone: "old-news"})
	n := f.api.count()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the throttled channel's copy was still being tried after 20 s")
	}
	if f.api.Stats().RateLimited == 0 {
		t.Error("no message was answered 429")
	}
	told := f.reviewTold(t, n)
	line := "• #slow-news (discord " + slow + ") — Discord kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after "
	if len(told) != 1 || !strings.Contains(told[0], line) || !strings.Contains(told[0], "#old-news (discord "+gone+")") {
		t.Errorf("editors were told %q\nwant one report with %q", told, line)
	}
}
