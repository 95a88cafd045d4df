package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestPublishersCorrectionRedrawsTheCardInPlace: a feed queues two
// stories, each with its card in the review channel; an editor edits the
// second's headline; the publisher then corrects both in the feed. The
// first card is edited in place with the corrected headline and summary,
// its buttons and a line saying the publisher corrected it; nothing is
// posted again, and the edited story's card is left alone.
func TestPublishersCorrectionRedrawsTheCardInPlace(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	feed := adaptertest.NewFeed(t, adaptertest.CorrectionFeed(""))
	p := adaptertest.Newswire(t, f.bot, f.store, feed)
	if r := adaptertest.Poll(t, p); r.Queued != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	cardPath := map[int64]string{}
	for _, id := range []int64{1, 2} {
		cards, err := f.store.ReviewCards(ctx, id)
		ref := cards[PlatformName]
		if err != nil || ref == "" {
			t.Fatalf("story %d's cards: %v, %v", id, cards, err)
		}
		cardPath[id] = "channels/" + reviewChannel + "/messages/" + ref[strings.LastIndexByte(ref, ':')+1:] // channel:message
	}
	expect(t, "edit", f.say(editor, "edit", num("id", 2), str("field", "headline"), str("text", "Three fire services share one control room")),
		true, "Updated the headline of #2")

	n := f.api.count()
	feed.Set(adaptertest.CorrectionFeed(" corrected"))
	if r := adaptertest.Poll(t, p); r.Corrected != 1 || r.New != 0 {
		t.Fatalf("the corrected feed's poll: %+v", r)
	}
	adaptertest.WaitFor(t, "the first card redrawn", func() bool { return len(find(f.api.since(n), "PATCH", cardPath[1])) > 0 })
	edits := find(f.api.since(n), "PATCH", cardPath[1])
	card := string(edits[len(edits)-1].Body)
	for _, want := range []string{"Two councils agree to share a chief executive corrected", "The districts expect savings corrected.",
		"Corrected by the publisher in its feed", "sharednews:approve:1"} {
		if !strings.Contains(card, want) {
			t.Errorf("the redrawn card lacks %q:\n%s", want, card)
		}
	}
	if edits := find(f.api.since(n), "PATCH", cardPath[2]); len(edits) != 0 {
		t.Errorf("the edited story's card was redrawn: %s", edits[0].Body)
	}
	if posts := find(f.api.since(n), "POST", "channels/"+reviewChannel+"/messages"); len(posts) != 0 {
		t.Errorf("%d cards posted after the correction", len(posts))
	}
	if s, _ := f.bot.Story(ctx, 2); s.Headline != "Three fire services share one control room" {
		t.Errorf("the edited story is headed %q", s.Headline)
	}
}
