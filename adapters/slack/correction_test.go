package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestPublishersCorrectionRedrawsTheCardInPlace: a feed queues two
// stories, each with its card in the review channel; an editor edits the
// second's headline; the publisher then corrects both in the feed. The
// first story's card is updated in place with the corrected headline and
// summary and a line saying the publisher corrected it; no card is posted
// again, the edited story keeps the editor's headline and its card is
// left alone, and the queue's order stands.
func TestPublishersCorrectionRedrawsTheCardInPlace(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	feed := adaptertest.NewFeed(t, adaptertest.CorrectionFeed(""))
	p := adaptertest.Newswire(t, f.bot, f.store, feed)
	if r := adaptertest.Poll(t, p); r.Queued != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	refs := map[int64]string{}
	for _, id := range []int64{1, 2} {
		cards, err := f.store.ReviewCards(ctx, id)
		if err != nil || cards["slack"] == "" {
			t.Fatalf("story %d's cards: %v, %v", id, cards, err)
		}
		refs[id] = cards["slack"]
	}
	if ans := f.command(editorID, "edit 2 headline Three fire services share one control room"); !strings.Contains(allText(ans), "Updated the headline of #2") {
		t.Fatalf("edit: %s", allText(ans))
	}
	posted, editedUpdates := len(f.slack.Calls("chat.postMessage")), len(f.cardUpdates(refs[2]))

	feed.Set(adaptertest.CorrectionFeed(" corrected"))
	if r := adaptertest.Poll(t, p); r.Corrected != 1 || r.New != 0 {
		t.Fatalf("the corrected feed's poll: %+v", r)
	}
	adaptertest.WaitFor(t, "the first card redrawn", func() bool { return len(f.cardUpdates(refs[1])) > 0 })
	ups := f.cardUpdates(refs[1])
	card := ups[len(ups)-1].Form.Get("blocks")
	for _, want := range []string{"Two councils agree to share a chief executive corrected", "The districts expect savings corrected.",
		"Corrected by the publisher in its feed", "sharednews:approve"} {
		if !strings.Contains(card, want) {
			t.Errorf("the redrawn card lacks %q:\n%s", want, card)
		}
	}
	if n := len(f.cardUpdates(refs[2])); n != editedUpdates {
		t.Errorf("the edited story's card was redrawn %d more times", n-editedUpdates)
	}
	if s := f.story(2); s.Headline != "Three fire services share one control room" {
		t.Errorf("the edited story is headed %q", s.Headline)
	}
	if n := len(f.slack.Calls("chat.postMessage")); n != posted {
		t.Errorf("%d messages posted after the correction", n-posted)
	}
	queue := allText(f.command(editorID, "queue"))
	if a, b := strings.Index(queue, "#1"), strings.Index(queue, "#2"); a < 0 || b < a || !strings.Contains(queue, "share a chief executive corrected") {
		t.Errorf("the queue after the correction:\n%s", queue)
	}
}
