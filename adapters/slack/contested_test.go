package slack

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/delivery"
)

// contestedPost is a three-message edition for channel CNEWS.
func contestedPost() delivery.Post {
	e := bigEdition(50)
	e.Number = 7
	return delivery.Post{ChannelID: "CNEWS", Edition: e, Key: "e7:slack:CNEWS"}
}

// refsSent records the references PostEdition hands the worker.
func refsSent(refs map[int]string) func(int, string) error {
	return func(part int, ref string) error {
		refs[part] = ref
		return nil
	}
}

// TestContestedFirstPartKeepsTheEarlierCopy: a worker frozen past its
// lease posts part 0 after the worker that took the delivery over looked
// in the channel. The new owner, whose post is contested, finds that
// earlier copy once its own is in, takes its own back, and goes on in the
// earlier copy's thread: the channel has each part once.
func TestContestedFirstPartKeepsTheEarlierCopy(t *testing.T) {
	ad, api := newResumeFixture(t, slacktest.Options{PerChannelRate: 1000, Burst: 100})
	post := contestedPost()
	adaptertest.PostUntilKilled(t, ad, post, 0) // the frozen worker's part 0, never recorded
	post.Contested = true
	refs := map[int]string{}
	if err := ad.PostEdition(context.Background(), post, refsSent(refs)); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(api.Parts()["CNEWS"]); got != "[{e7:slack:CNEWS 0} {e7:slack:CNEWS 1} {e7:slack:CNEWS 2}]" {
		t.Errorf("channel has %s, want each part once", got)
	}
	if refs[0] != "CNEWS/1700000000.000001" {
		t.Errorf("part 0 recorded as %q, want the earlier copy CNEWS/1700000000.000001", refs[0])
	}
	for _, c := range api.Calls("chat.postMessage")[2:] {
		if c.Form.Get("thread_ts") != "1700000000.000001" {
			t.Errorf("a later part went in thread %q, not the kept copy's", c.Form.Get("thread_ts"))
		}
	}
	if n := len(api.Calls("chat.delete")); n != 1 {
		t.Errorf("%d messages taken back, want 1", n)
	}
}

// TestPartWhoseRecordIsRefusedIsTakenBackOnlyWhenLater: the frozen worker
// wakes, posts, and its record is refused (another worker holds the
// delivery). Its copy is taken back when the new owner's copy was in
// first; when its own was first, it stays, and the new owner's contested
// post takes its own back instead.
func TestPartWhoseRecordIsRefusedIsTakenBackOnlyWhenLater(t *testing.T) {
	lost := func(int, string) error { return fmt.Errorf("record part of delivery 3: %w", delivery.ErrLeaseLost) }
	ctx := context.Background()

	t.Run("the new owner's copy first", func(t *testing.T) {
		ad, api := newResumeFixture(t, slacktest.Options{PerChannelRate: 1000, Burst: 100})
		post := contestedPost()
		if err := ad.PostEdition(ctx, post, refsSent(map[int]string{})); err != nil {
			t.Fatal(err)
		}
		if err := ad.PostEdition(ctx, post, lost); !errors.Is(err, delivery.ErrLeaseLost) {
			t.Fatalf("err = %v, want the lost lease", err)
		}
		if got := fmt.Sprint(api.Parts()["CNEWS"]); got != "[{e7:slack:CNEWS 0} {e7:slack:CNEWS 1} {e7:slack:CNEWS 2}]" {
			t.Errorf("channel has %s, want the new owner's copy alone", got)
		}
	})

	t.Run("the frozen worker's copy first", func(t *testing.T) {
		ad, api := newResumeFixture(t, slacktest.Options{PerChannelRate: 1000, Burst: 100})
		post := contestedPost()
		if err := ad.PostEdition(ctx, post, lost); !errors.Is(err, delivery.ErrLeaseLost) {
			t.Fatalf("err = %v, want the lost lease", err)
		}
		if len(api.Calls("chat.delete")) != 0 {
			t.Fatal("the only copy was taken back")
		}
		post.Contested = true
		if err := ad.PostEdition(ctx, post, refsSent(map[int]string{})); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(api.Parts()["CNEWS"]); got != "[{e7:slack:CNEWS 0} {e7:slack:CNEWS 1} {e7:slack:CNEWS 2}]" {
			t.Errorf("channel has %s, want each part once", got)
		}
	})
}

// TestContestedPostWithoutHistoryKeepsItsCopy: an app installed without
// channels:history cannot look; its contested post is kept, not lost.
func TestContestedPostWithoutHistoryKeepsItsCopy(t *testing.T) {
	ad, api := newResumeFixture(t, slacktest.Options{PerChannelRate: 1000, Burst: 100, NoHistory: true})
	post := contestedPost()
	post.Contested = true
	if err := ad.PostEdition(context.Background(), post, refsSent(map[int]string{})); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(api.Parts()["CNEWS"]); got != "[{e7:slack:CNEWS 0} {e7:slack:CNEWS 1} {e7:slack:CNEWS 2}]" {
		t.Errorf("channel has %s", got)
	}
	if n := len(api.Calls("chat.delete")); n != 0 {
		t.Errorf("%d messages taken back without a look", n)
	}
}
