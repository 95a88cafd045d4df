package discord

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
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
// worker's backoffs) and twelve times over ends it, and the editors are
// told of both channels.
func TestChannelRateLimitedForEverIsReported(t *testing.T) {
	const slow, gone = "300000000000000001", "300000000000000002"
	f := newFixtureWithAPI(t, discordtest.Options{Gone: []string{gone}}, nil)
	adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.adapter)
	f.api.Throttle(slow)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"},
		map[string]string{slow: "slow-news", gone: "old-news"})
	n := f.api.count()
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
	if f.api.Stats().RateLimited == 0 {
		t.Error("no message was answered 429")
	}
	told := f.reviewTold(t, n)
	line := "• #slow-news (discord " + slow + ") — Discord kept answering that the bot was sending too fast and never took the edition (HTTP 429, rate limited); gave up after "
	if len(told) != 1 || !strings.Contains(told[0], line) || !strings.Contains(told[0], "#old-news (discord "+gone+")") {
		t.Errorf("editors were told %q\nwant one report with %q", told, line)
	}
}

// editionParts lists the parts of edition copies channel received, in
// order, by their nonces' part numbers ("sn….2" is part 2).
func editionParts(api *fakeAPI, channel string) []string {
	var out []string
	for _, n := range api.Nonces()[channel] {
		if i := strings.LastIndexByte(n, '.'); strings.HasPrefix(n, "sn") && i > 0 {
			out = append(out, n[i+1:])
		}
	}
	return out
}

// TestSubscribingAgainSendsTheMissedEdition: an edition that failed where
// the bot lacked Send Messages could never reach the channel, even once
// the permission was given. Now the editors' report says what to do, and
// subscribing the channel again sends it the edition, once; one that
// failed half-way is finished, the messages already there not posted
// again (Discord's nonces forget them after the window, here at once).
func TestSubscribingAgainSendsTheMissedEdition(t *testing.T) {
	for _, halfway := range []bool{false, true} {
		opts := discordtest.Options{NonceWindow: time.Nanosecond}
		if !halfway {
			opts.Muted = []string{newsChannel}
		}
		f := newFixtureWithAPI(t, opts, nil)
		ed := digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"}
		adaptertest.SubscribeWithApprovedStory(t, f.store, ed, map[string]string{newsChannel: "news"})
		if halfway {
			adaptertest.ApproveStories(t, f.store, ed, 40)
			adaptertest.Deliver(t, f.bot, f.store, adaptertest.RemovedMidway{Destination: f.adapter, After: 1, Remove: func() { f.api.Mute(newsChannel) }})
		}
		n := f.api.count()
		expect(t, "publish", f.say(editor, "publish"), false, "Published edition 1", "1 failed")
		told := f.reviewTold(t, n)
		remedy := "Once the cause is fixed, `/shared subscribe` in the channel sends it edition 1 (until the next edition is out)."
		if len(told) != 1 || !strings.HasSuffix(told[0], remedy) {
			t.Errorf("halfway %v: editors were told %q\nwant it to end %q", halfway, told, remedy)
		}
		before := editionParts(f.api, newsChannel)
		if halfway && len(before) != 2 || !halfway && len(before) != 0 {
			t.Fatalf("halfway %v: the channel got %v before the bot could post", halfway, before)
		}

		adaptertest.Deliver(t, f.bot, f.store, f.adapter)
		f.api.Permit(newsChannel)
		failedOn := adaptertest.FailedOn(t, f.bot, f.store, PlatformName, newsChannel)
		expect(t, "subscribe", f.say(editor, "subscribe"), false,
			"and edition 1, which could not be posted here on "+failedOn+", is on its way.")
		got := editionParts(f.api, newsChannel)
		if halfway && len(got) < 3 || len(got) == 0 {
			t.Fatalf("halfway %v: the channel got parts %v", halfway, got)
		}
		for i, p := range got {
			if p != strconv.Itoa(i) {
				t.Errorf("halfway %v: the channel got parts %v, want each once, in order", halfway, got)
				break
			}
		}
		if r := f.say(editor, "subscribe"); strings.Contains(r.text(), "on its way") {
			t.Errorf("halfway %v: subscribing once more: %s", halfway, r.text())
		}
		if again := editionParts(f.api, newsChannel); len(again) != len(got) {
			t.Errorf("halfway %v: after subscribing once more the channel got %v", halfway, again)
		}
	}
}
