package discord

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/delivery"
)

// TestProxyRateLimitIsWaitedOut: the proxy in front of Discord
// (Cloudflare) answers a bot it limits with 429 and an HTML page, its
// wait in Retry-After alone. discordgo reads a 429's wait from Discord's
// JSON body only, and failed the post with the page it could not decode:
// a failed try ("Discord answered with something other than its API's
// JSON"), counted towards giving the channel up, and tried again after
// the worker's backoff rather than the proxy's wait, which only prolongs
// a limit on the address. It is now a rate limit of the header's wait,
// and the edition then arrives once.
func TestProxyRateLimitIsWaitedOut(t *testing.T) {
	for _, c := range []struct {
		retryAfter  string
		least, most time.Duration
	}{
		{"30", 30 * time.Second, 30 * time.Second},
		{"1.5", 1500 * time.Millisecond, 1500 * time.Millisecond},
		{"", time.Second, time.Second}, // names no wait: the worker's own
	} {
		f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000})
		e := longEdition()
		post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e1:discord:" + newsChannel}
		api.LimitOnceAsProxy("channels/"+newsChannel+"/messages", c.retryAfter)
		err := f.adapter.PostEdition(context.Background(), post, func(int, string) error { return nil })
		var limited *delivery.RetryAfterError
		if !errors.As(err, &limited) || limited.Wait() < c.least || limited.Wait() > c.most {
			t.Errorf("a proxy's 429 with Retry-After %q: err = %v, want a RetryAfterError of %s", c.retryAfter, err, c.least)
			continue
		}
		if err := f.adapter.PostEdition(context.Background(), post, func(int, string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		onceEach(t, api, len(EditionPayloads(e)))
	}
}

// TestProxyRateLimitNamingNoWaitIsNotAskedAgainAtOnce: a proxy's 429 that
// names no wait, on a request discordgo retries itself (registering the
// command at start, finding the gateway), was restated as a wait of none:
// discordgo, which tries a 429 again with no limit on the tries, asked the
// proxy again at once, as fast as it answered, for as long as it limited
// the bot's address. It now asks again after a second.
func TestProxyRateLimitNamingNoWaitIsNotAskedAgainAtOnce(t *testing.T) {
	f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000})
	commands := "applications/" + appID + "/commands"
	api.LimitOnceAsProxy(commands, "")
	start := time.Now()
	if err := f.adapter.registerCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < leastProxyWait {
		t.Errorf("the command registered %s after the proxy's 429, want a wait of %s before asking again", took, leastProxyWait)
	}
	n := 0
	for _, c := range api.Calls() {
		if c.Path == commands {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d registrations, want the one after the 429", n)
	}
}
