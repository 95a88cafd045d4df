package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
)

// newResumeFixture is a fixture whose fake Discord has the given limits
// and missing channels.
func newResumeFixture(t *testing.T, opts discordtest.Options) (*fixture, *discordtest.Fake) {
	t.Helper()
	api := newFakeDiscord(t, opts)
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Discord.APIURL = api.apiURL() })
	return f, api.Fake
}

// TestEditionIsNotPostedTwice: a delivery interrupted after part 1 and
// started again from the beginning (its progress lost) posts nothing
// twice, because every part carries the same enforced nonce; reading the
// channel finds every part already there.
func TestEditionIsNotPostedTwice(t *testing.T) {
	f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000})
	ctx := context.Background()
	e := longEdition()
	parts := len(EditionPayloads(e))
	if parts < 3 {
		t.Fatalf("%d parts; the test needs at least 3", parts)
	}
	post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e1:discord:" + newsChannel}
	adaptertest.PostUntilKilled(t, f.adapter, post, 1)
	if n, first, err := f.adapter.PostedParts(ctx, post); err != nil || n != 2 || !strings.HasPrefix(first, newsChannel+":") {
		t.Fatalf("posted parts = %d %q %v", n, first, err)
	}
	if err := f.adapter.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	onceEach(t, api, parts)
	if n, _, err := f.adapter.PostedParts(ctx, post); err != nil || n != parts {
		t.Errorf("posted parts = %d %v, want %d", n, err, parts)
	}
}

// TestEditionToGoneChannelsFailsForGood: Discord's refusals (404, 403)
// are permanent, each worded for editors with what to do and Discord's
// code; a server error and a dropped connection are retried, and the
// sentence editors read for them names no API address.
func TestEditionToGoneChannelsFailsForGood(t *testing.T) {
	f, _ := newResumeFixture(t, discordtest.Options{Gone: []string{"GONE"}, Forbidden: []string{"HIDDEN"}, Muted: []string{"MUTED"}})
	for ch, want := range map[string]string{
		"GONE":   "the channel no longer exists (Discord error 10003)",
		"HIDDEN": "the bot cannot see the channel: give it View Channel, Send Messages and Embed Links there (Discord error 50001)",
		"MUTED":  "the bot may not post in the channel: give it Send Messages and Embed Links there (Discord error 50013)",
	} {
		err := f.adapter.PostEdition(context.Background(), delivery.Post{ChannelID: ch, Edition: longEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if !errors.As(err, &perm) || perm.Reason != want {
			t.Errorf("%s: %v, want permanent: %q", ch, err, want)
		}
	}
	for faults, want := range map[discordtest.Faults]string{
		{ServerError: 1}: "Discord had a server error (HTTP 500)",
		{DropBefore: 1}:  "Discord could not be reached (the connection was dropped)",
	} {
		f, _ := newResumeFixture(t, discordtest.Options{Faults: faults})
		err := f.adapter.PostEdition(context.Background(), delivery.Post{ChannelID: newsChannel, Edition: longEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if err == nil || errors.As(err, &perm) {
			t.Errorf("%+v: %v, want a failure worth retrying", faults, err)
		}
		if got := delivery.Reason("discord", err); got != want {
			t.Errorf("%+v: editors read %q, want %q (error %v)", faults, got, want, err)
		}
	}
}

// TestRateLimitedEditionIsLeftToTheLedger: a 429 on an edition's message
// comes back at once as a RetryAfterError with Discord's Retry-After, for
// the worker to record, count and wait out. discordgo would sleep it out
// inside the request whatever the context says, holding a `run` that is
// stopping for as long as Discord asked, with the wait seen nowhere (not
// in the ledger, the log or /metrics).
func TestRateLimitedEditionIsLeftToTheLedger(t *testing.T) {
	f, api := newResumeFixture(t, discordtest.Options{})
	const wait = 20 * time.Second
	api.LimitOnceFor("channels/"+newsChannel+"/messages", wait)
	post := delivery.Post{ChannelID: newsChannel, Edition: longEdition(), Key: "e1:discord:" + newsChannel}
	start := time.Now()
	err := f.adapter.PostEdition(context.Background(), post, func(int, string) error { return nil })
	took := time.Since(start)
	var limited *delivery.RetryAfterError
	if !errors.As(err, &limited) || limited.After != wait {
		t.Errorf("err = %v, want a RetryAfterError of %s", err, wait)
	}
	if took > wait/4 {
		t.Errorf("PostEdition returned after %s: it waited out the rate limit itself", took.Round(time.Millisecond))
	}
	if n := len(api.Nonces()[newsChannel]); n != 0 {
		t.Errorf("%d messages posted after the 429, want none until the worker tries again", n)
	}
}

// TestPostedPartsAreTheDeliverysOwn: a part that reads like one of an
// earlier edition's (a last message holding only the footer, which every
// edition shares) is not taken for this delivery's unless it came after
// the parts before it. The earlier edition's footer was counted, so a
// delivery interrupted before its last part ended without it.
func TestPostedPartsAreTheDeliverysOwn(t *testing.T) {
	f, _ := newResumeFixture(t, discordtest.Options{})
	ctx := context.Background()
	footer := strings.Repeat("You receive Shared News because this channel subscribed to it. ", 60)
	last, this := longEdition(), longEdition()
	last.Footer, this.Footer = footer, footer
	last.ID, last.Number, last.Title, last.Date = 49, 49, "An earlier week", date(2024, time.April, 25)
	payloads := EditionPayloads(this)
	n := len(payloads)
	lastPart := payloads[n-1].Embeds
	if len(lastPart) != 1 || !strings.HasPrefix(lastPart[0].Description, "You receive Shared News") {
		t.Fatalf("the edition's last message is not the footer alone: %d embeds", len(lastPart))
	}
	if _, err := postAll(ctx, f.adapter, newsChannel, last); err != nil {
		t.Fatal(err)
	}
	post := delivery.Post{ChannelID: newsChannel, Edition: this, Key: "e50:discord:" + newsChannel}
	adaptertest.PostUntilKilled(t, f.adapter, post, n-2) // killed before the footer was posted
	if got, _, err := f.adapter.PostedParts(ctx, post); err != nil || got != n-1 {
		t.Errorf("posted parts = %d %v, want %d: the footer is still to post", got, err, n-1)
	}
}

// TestResumeInABusyChannel: a delivery resumed after more messages than
// one page of the channel were posted since its first part (a bot down
// overnight in a busy channel) still finds that part, and posts only the
// rest. It read the newest 100 messages only and, past the nonce window,
// posted the whole edition again.
func TestResumeInABusyChannel(t *testing.T) {
	f, _ := newResumeFixture(t, discordtest.Options{})
	ctx := context.Background()
	e := longEdition()
	e.PublishedAt = time.Now().Add(-time.Hour)
	post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e50:discord:" + newsChannel}
	adaptertest.PostUntilKilled(t, f.adapter, post, 0)
	for i := range 250 {
		if _, err := f.adapter.createMessage(ctx, newsChannel, Payload{Content: fmt.Sprintf("chatter %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	n, first, err := f.adapter.PostedParts(ctx, post)
	if err != nil || n != 1 || first != newsChannel+":"+messageIDForCall(0) {
		t.Errorf("posted parts = %d %q %v, want part 0 found under the chatter", n, first, err)
	}
}
