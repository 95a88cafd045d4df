package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
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
// worker's backoffs; 1 h 43 min with the defaults), and twelve times over,
// ends it, and the editors are told of both channels.
func TestChannelRateLimitedForEverIsReported(t *testing.T) {
	f := newFixture(t)
	adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.ad)
	f.slack.Throttle("CSLOW")
	f.slack.Refuse("COUT", "not_in_channel")
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"CSLOW": "slow-news", "COUT": "news", "COK": "ok-news"})
	// The fake asks for a second's wait each time, so the copy ends after
	// about twelve seconds; the bound only keeps a copy tried for ever
	// from hanging the test, with room for a loaded machine.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the throttled channel's copy was still being tried after 60 s")
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

// editionParts lists the parts of delivery copies channel received, in
// order ("e1:0" for part 0 of a copy of edition row 1), leaving out the
// other messages (a subscription's notice).
func (f *fixture) editionParts(channel string) []string {
	var out []string
	for _, p := range f.slack.Parts()[channel] {
		if p.Key != "" {
			out = append(out, fmt.Sprintf("%s:%d", strings.SplitN(p.Key, ":", 2)[0], p.Part))
		}
	}
	return out
}

// TestSubscribingAgainSendsTheMissedEdition: an edition that failed in a
// channel the app was removed from could never reach it, even once the app
// was invited back. Now the editors' report says what to do, and
// subscribing the channel again sends that edition there, once: the
// answer says so, and a second subscribe, or one in a channel that got
// the edition, sends nothing more.
func TestSubscribingAgainSendsTheMissedEdition(t *testing.T) {
	f := newFixture(t)
	f.slack.Refuse("COUT", "not_in_channel")
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"COUT": "news", "CNEWS": "more-news"})
	f.command(editorID, "publish")
	told := f.reviewTold()
	remedy := "Once the cause is fixed, `/shared subscribe` in the channel sends it edition 1 (until the next edition is out)."
	if len(told) != 1 || !strings.HasSuffix(told[0], remedy) {
		t.Errorf("editors were told %q\nwant it to end %q", told, remedy)
	}
	if got := f.editionParts("COUT"); len(got) != 0 {
		t.Fatalf("COUT got %v while the app was out", got)
	}
	delivered := fmt.Sprint(f.editionParts("CNEWS"))

	f.slack.Admit("COUT") // the app is invited back
	failedOn := adaptertest.FailedOn(t, f.bot, f.store, PlatformName, "COUT")
	ans := allText(f.commandIn(editorID, "COUT", "subscribe"))
	if want := "and edition 1, which could not be posted here on " + failedOn + ", is on its way."; !strings.Contains(ans, want) {
		t.Errorf("the answer: %s\nwant %q", ans, want)
	}
	if got := fmt.Sprint(f.editionParts("COUT")); got != delivered {
		t.Errorf("COUT got %s, want the edition as CNEWS got it: %s", got, delivered)
	}
	d := f.delivery(t, "COUT")
	if d.State != store.DeliveryDelivered {
		t.Errorf("COUT's copy: %+v", d)
	}
	for _, ch := range []string{"COUT", "CNEWS"} {
		if ans := allText(f.commandIn(editorID, ch, "subscribe")); strings.Contains(ans, "on its way") {
			t.Errorf("subscribing %s once more: %s", ch, ans)
		}
	}
	if got, again := fmt.Sprint(f.editionParts("COUT")), fmt.Sprint(f.editionParts("CNEWS")); got != delivered || again != delivered {
		t.Errorf("after subscribing again: COUT got %s, CNEWS %s; want %s each", got, again, delivered)
	}
	if told := f.reviewTold(); len(told) != 1 {
		t.Errorf("editors were told %d times", len(told))
	}
}

// delivery is channel's copy of the latest edition.
func (f *fixture) delivery(t *testing.T, channel string) store.Delivery {
	t.Helper()
	ctx := context.Background()
	rec, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := f.store.Deliveries(ctx, rec.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Platform == PlatformName && d.ChannelID == channel {
			return d
		}
	}
	t.Fatalf("no copy for %s", channel)
	return store.Delivery{}
}

// TestSubscribingAgainFinishesAHalfPostedEdition: an edition that failed
// half-way through (the app removed after its first two messages) is
// finished when the channel subscribes again: the messages already there
// are not posted again, the rest follow in the first one's thread.
func TestSubscribingAgainFinishesAHalfPostedEdition(t *testing.T) {
	f := newFixture(t)
	ed := digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"}
	adaptertest.SubscribeWithApprovedStory(t, f.store, ed, map[string]string{"CNEWS": "news"})
	adaptertest.ApproveStories(t, f.store, ed, 70)
	adaptertest.Deliver(t, f.bot, f.store, adaptertest.RemovedMidway{Destination: f.ad, After: 1, Remove: func() { f.slack.Refuse("CNEWS", "not_in_channel") }})
	f.command(editorID, "publish")
	if d := f.delivery(t, "CNEWS"); d.State != store.DeliveryFailed || d.PartsSent != 2 {
		t.Fatalf("the copy after the app was removed: %+v", d)
	}

	adaptertest.Deliver(t, f.bot, f.store, f.ad)
	f.slack.Admit("CNEWS")
	if ans := allText(f.commandIn(editorID, "CNEWS", "subscribe")); !strings.Contains(ans, "and edition 1, which could not be posted here on") {
		t.Errorf("the answer: %s", ans)
	}
	d := f.delivery(t, "CNEWS")
	got := f.editionParts("CNEWS")
	if d.State != store.DeliveryDelivered || d.PartsSent < 3 || len(got) != d.PartsSent {
		t.Fatalf("the copy finished: %+v, the channel got %v", d, got)
	}
	for i, p := range got {
		if want := fmt.Sprintf("%s:%d", strings.SplitN(got[0], ":", 2)[0], i); p != want {
			t.Errorf("message %d is %s, want %s: %v", i, p, want, got)
		}
	}
	// The later parts are in the first one's thread, as on a copy posted in one go.
	for _, c := range f.slack.Calls("chat.postMessage") {
		if c.Form.Get("channel") == "CNEWS" && c.Form.Get("metadata") != "" && !strings.Contains(c.Form.Get("metadata"), `"part":0`) &&
			c.Form.Get("thread_ts") == "" {
			t.Errorf("a later part outside the thread: %s", c.Form.Get("metadata"))
		}
	}
}
