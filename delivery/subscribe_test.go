package delivery

import (
	"context"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// footers is a destination that posts every edition in one part and keeps
// how each channel's copy says its members subscribe, which its footer
// shows (digest.Edition.Subscribe).
type footers struct {
	name string
	mu   sync.Mutex
	got  map[string]string // channel → the copy's Subscribe
}

func (f *footers) Name() string { return f.name }

func (f *footers) PostEdition(_ context.Context, post Post, sent func(int, string) error) error {
	f.mu.Lock()
	f.got[post.ChannelID] = post.Edition.Subscribe
	f.mu.Unlock()
	return post.EachPart(1, sent, func(int) (string, error) { return post.ChannelID, nil })
}

// TestCopyFooterSaysHowThePlatformSubscribes: the worker fills in how a
// chat channel's members subscribe (Options.Subscribe, asked with the
// delivery's platform), so that every platform's copy says it in its own
// command without the destination doing it; an email's copy is left to
// the mailer, whose footer names its sign-up page.
func TestCopyFooterSaysHowThePlatformSubscribes(t *testing.T) {
	subscribe := func(platform string) string { return "type /news-" + platform + " subscribe" }
	f := newFixture(t, Options{Subscribe: subscribe})
	slack, discord := &footers{name: "slack", got: map[string]string{}}, &footers{name: "discord", got: map[string]string{}}
	f.worker.Add(slack)
	f.worker.Add(discord)
	ctx := context.Background()
	for _, s := range []store.Subscription{{Platform: "slack", ChannelID: "C1"}, {Platform: "discord", ChannelID: "D1"}} {
		if _, err := f.store.Subscribe(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	f.publish(t, "slack")
	f.worker.Deliver(ctx)
	if got, want := slack.got["C1"], "type /news-slack subscribe"; got != want {
		t.Errorf("Slack's copy says %q, want %q", got, want)
	}
	if got, want := discord.got["D1"], "type /news-discord subscribe"; got != want {
		t.Errorf("Discord's copy says %q, want %q", got, want)
	}
	d := f.states(t)["C1"]
	d.Platform, d.ChannelID = store.EmailPlatform, "1"
	e, err := f.worker.ChannelEdition(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if e.Subscribe != "" {
		t.Errorf("an email's copy says %q; the mailer names its sign-up page", e.Subscribe)
	}
}
