package slack

import (
	"context"
	"net/http"
	"slices"
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

// TestEditorsAreToldACorrectedCardWasNotRedrawn: a waiting story whose
// publisher corrected it in the feed, and whose review card Slack would
// not redraw (chat.update answered 503), kept a card showing the story as
// first published, and only the log said so, where an editor who edits or
// decides is told. The editors are now told in the review channel, naming
// the story, as they are of other things no one asked about; the
// correction stands.
func TestEditorsAreToldACorrectedCardWasNotRedrawn(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper { return failUpdates{rt: rt} }})
	feed := adaptertest.NewFeed(t, adaptertest.CorrectionFeed(""))
	p := adaptertest.Newswire(t, f.bot, f.store, feed)
	if r := adaptertest.Poll(t, p); r.Queued != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	feed.Set(adaptertest.CorrectionFeed(" corrected"))
	if r := adaptertest.Poll(t, p); r.Corrected != 2 {
		t.Fatalf("the corrected feed's poll: %+v", r)
	}
	want := "I could not redraw the review cards of stories their publishers corrected in their feeds (the log has the details), " +
		"so they still show the stories as first published: #1 “Two councils agree to share a chief executive corrected” in Slack, " +
		"#2 “Fire services merge control rooms corrected” in Slack."
	var told []string
	adaptertest.WaitFor(t, "the editors told", func() bool {
		told = f.reviewTold()
		return slices.ContainsFunc(told, func(s string) bool { return strings.Contains(s, "could not redraw") })
	})
	if !slices.ContainsFunc(told, func(s string) bool { return strings.Contains(s, want) }) {
		t.Errorf("the review channel was told %q\nwant %q", told, want)
	}
	if s := f.story(1); s.Headline != "Two councils agree to share a chief executive corrected" {
		t.Errorf("story #1 is headed %q", s.Headline)
	}
}
