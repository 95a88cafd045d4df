package discord

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
)

// onceEach fails t unless the channel holds each of the edition's parts
// once: as many messages as parts, no nonce twice.
func onceEach(t *testing.T, api *discordtest.Fake, parts int) {
	t.Helper()
	nonces := api.Nonces()[newsChannel]
	seen := map[string]bool{}
	for _, n := range nonces {
		if seen[n] {
			t.Errorf("a part is in the channel twice (nonce %s)", n)
		}
		seen[n] = true
	}
	if len(nonces) != parts {
		t.Errorf("%d messages in the channel, want %d", len(nonces), parts)
	}
}

// TestContestedFirstPartKeepsTheEarlierCopy: a worker frozen past its
// lease, and past Discord's nonce window, posts part 0 after the worker
// that took the delivery over looked in the channel. The new owner, whose
// post is contested, finds that earlier copy once its own is in, deletes
// its own and goes on: the channel has each part once, and the ledger
// names the earlier copy. Within the nonce window Discord itself answers
// with the earlier copy, and nothing is deleted.
func TestContestedFirstPartKeepsTheEarlierCopy(t *testing.T) {
	for _, window := range []time.Duration{time.Nanosecond, time.Hour} {
		t.Run(fmt.Sprint("nonce window ", window), func(t *testing.T) {
			f, api := newResumeFixture(t, discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000, NonceWindow: window})
			e := longEdition()
			parts := len(EditionPayloads(e))
			post := delivery.Post{ChannelID: newsChannel, Edition: e, Key: "e1:discord:" + newsChannel}
			adaptertest.PostUntilKilled(t, f.adapter, post, 0) // the frozen worker's part 0, never recorded
			post.Contested = true
			refs := map[int]string{}
			if err := f.adapter.PostEdition(context.Background(), post, func(part int, ref string) error {
				refs[part] = ref
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			onceEach(t, api, parts)
			if n, ref, err := f.adapter.PostedParts(context.Background(), post); err != nil || n != parts || ref != refs[0] {
				t.Errorf("the channel's first part %q (%d parts, %v); recorded %q", ref, n, err, refs[0])
			}
		})
	}
}

// TestPartWhoseRecordIsRefusedIsTakenBackOnlyWhenLater: the frozen worker
// wakes past the nonce window, posts, and its record is refused (another
// worker holds the delivery). Its copy is deleted when the new owner's
// was in first, and kept when its own was first.
func TestPartWhoseRecordIsRefusedIsTakenBackOnlyWhenLater(t *testing.T) {
	lost := func(int, string) error { return fmt.Errorf("record part of delivery 3: %w", delivery.ErrLeaseLost) }
	ctx := context.Background()
	opts := discordtest.Options{GlobalPerSecond: 1000, RouteLimit: 1000, NonceWindow: time.Nanosecond}

	t.Run("the new owner's copy first", func(t *testing.T) {
		f, api := newResumeFixture(t, opts)
		post := delivery.Post{ChannelID: newsChannel, Edition: longEdition(), Key: "e1:discord:" + newsChannel}
		if err := f.adapter.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if err := f.adapter.PostEdition(ctx, post, lost); !errors.Is(err, delivery.ErrLeaseLost) {
			t.Fatalf("err = %v, want the lost lease", err)
		}
		onceEach(t, api, len(EditionPayloads(post.Edition)))
	})

	t.Run("the frozen worker's copy first", func(t *testing.T) {
		f, api := newResumeFixture(t, opts)
		post := delivery.Post{ChannelID: newsChannel, Edition: longEdition(), Key: "e1:discord:" + newsChannel}
		if err := f.adapter.PostEdition(ctx, post, lost); !errors.Is(err, delivery.ErrLeaseLost) {
			t.Fatalf("err = %v, want the lost lease", err)
		}
		if n := len(api.Nonces()[newsChannel]); n != 1 {
			t.Fatalf("%d messages after the frozen worker's part 0, want it kept", n)
		}
		post.Contested = true
		if err := f.adapter.PostEdition(ctx, post, func(int, string) error { return nil }); err != nil {
			t.Fatal(err)
		}
		onceEach(t, api, len(EditionPayloads(post.Edition)))
	})
}

// TestAnAnswerShowingThePartIsNotACopy: a member's command answered in the
// channel with the same edition (an interaction's reply) is neither a part
// already posted nor an earlier copy to keep in place of the bot's own.
func TestAnAnswerShowingThePartIsNotACopy(t *testing.T) {
	embeds := EditionPayloads(longEdition())[0].Embeds
	if !isCopy(listedMessage{Type: discordgo.MessageTypeDefault, Embeds: embeds}, embeds) {
		t.Error("the bot's own part is not recognised")
	}
	if isCopy(listedMessage{Type: discordgo.MessageTypeChatInputCommand, Embeds: embeds}, embeds) {
		t.Error("an answer to a command is taken for a part")
	}
}
