package discord

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
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
	killed := errors.New("killed")
	err := f.adapter.PostEdition(ctx, post, func(part int, _ string) error {
		if part == 1 {
			return killed
		}
		return nil
	})
	if !errors.Is(err, killed) {
		t.Fatalf("err = %v", err)
	}
	if n, first, err := f.adapter.PostedParts(ctx, post); err != nil || n != 2 || !strings.HasPrefix(first, newsChannel+":") {
		t.Fatalf("posted parts = %d %q %v", n, first, err)
	}
	if err := f.adapter.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	nonces := api.Nonces()[newsChannel]
	seen := map[string]bool{}
	for _, n := range nonces {
		if seen[n] {
			t.Errorf("nonce %s posted twice", n)
		}
		seen[n] = true
	}
	if len(nonces) != parts {
		t.Errorf("%d messages, want %d", len(nonces), parts)
	}
	if n, _, err := f.adapter.PostedParts(ctx, post); err != nil || n != parts {
		t.Errorf("posted parts = %d %v, want %d", n, err, parts)
	}
}

// TestEditionToGoneChannelsFailsForGood: 404 and 403 are permanent.
func TestEditionToGoneChannelsFailsForGood(t *testing.T) {
	f, _ := newResumeFixture(t, discordtest.Options{Gone: []string{"404"}, Forbidden: []string{"403"}})
	for _, ch := range []string{"404", "403"} {
		err := f.adapter.PostEdition(context.Background(), delivery.Post{ChannelID: ch, Edition: longEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if !errors.As(err, &perm) || !strings.Contains(perm.Reason, ch) {
			t.Errorf("%s: %v is not permanent", ch, err)
		}
	}
}
