package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// reviewTold is what the editors were told in the review channel, one
// notice a string.
func (f *fixture) reviewTold() []string {
	var told []string
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == reviewChan {
			told = append(told, c.Form.Get("text"))
		}
	}
	return told
}

// TestChannelRateLimitedForEverIsReported: a channel where Slack answers
// every post 429 kept its copy open for ever (rate limits count as no
// attempt), so the editors never heard of it, nor of the edition's other
// failed channels, which are reported once every copy is settled. A 429
// that comes when the copy's tries have been rate-limited for longer than
// the retry window the other passing failures get (47 ms with this
// worker's backoffs; 1 h 43 min with the defaults) ends it, and the
// editors are told of both channels.
func TestChannelRateLimitedForEverIsReported(t *testing.T) {
	f := newFixture(t)
	w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.Add(f.ad)
	f.bot.DeliverWith(w)
	f.slack.Throttle("CSLOW")
	f.slack.Refuse("COUT", "not_in_channel")
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"CSLOW": "slow-news", "COUT": "news", "COK": "ok-news"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the throttled channel's copy was still being tried after 20 s")
	}
	if n := f.slack.Stats().RateLimited; n == 0 {
		t.Error("no post was answered 429")
	}
	told := f.reviewTold()
	slow := "• #slow-news (slack CSLOW) — Slack kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after "
	if len(told) != 1 || !strings.Contains(told[0], slow) || !strings.Contains(told[0], "#news (slack COUT)") {
		t.Errorf("editors were told %q\nwant one report with %q", told, slow)
	}
}
