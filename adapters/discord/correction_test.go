package discord

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
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

// failCardEdits answers every edit of a message in the review channel
// (a review card redrawn) with a 503, as a Discord in trouble does.
type failCardEdits struct{}

func (failCardEdits) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPatch || !strings.Contains(r.URL.Path, "/channels/"+reviewChannel+"/messages/") {
		return http.DefaultTransport.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("upstream connect error")), Request: r}, nil
}

// TestEditorsAreToldACorrectedCardWasNotRedrawn: a waiting story whose
// publisher corrected it in the feed, and whose review card Discord would
// not redraw, kept a card showing the story as first published, and only
// the log said so, where an editor who edits or decides is told. The
// editors are now told in the review channel, naming the story; a story
// an editor had edited is not corrected, and not named.
func TestEditorsAreToldACorrectedCardWasNotRedrawn(t *testing.T) {
	f := newFixture(t, func(_ *config.Config, o *Options) { o.Transport = failCardEdits{} })
	feed := adaptertest.NewFeed(t, adaptertest.CorrectionFeed(""))
	p := adaptertest.Newswire(t, f.bot, f.store, feed)
	if r := adaptertest.Poll(t, p); r.Queued != 2 {
		t.Fatalf("first poll: %+v", r)
	}
	expect(t, "edit", f.say(editor, "edit", num("id", 2), str("field", "headline"), str("text", "Three fire services share one control room")),
		true, "Updated the headline of #2")
	n := f.api.count()
	feed.Set(adaptertest.CorrectionFeed(" corrected"))
	if r := adaptertest.Poll(t, p); r.Corrected != 1 {
		t.Fatalf("the corrected feed's poll: %+v", r)
	}
	want := "I could not redraw the review card of a story its publisher corrected in its feed (the log has the details), " +
		"so it still shows the story as first published: #1 “Two councils agree to share a chief executive corrected” in Discord."
	var told []string
	adaptertest.WaitFor(t, "the editors told", func() bool {
		told = nil
		for _, c := range find(f.api.since(n), "POST", "channels/"+reviewChannel+"/messages") {
			told = append(told, string(c.Body))
		}
		return len(told) > 0
	})
	if len(told) != 1 || !strings.Contains(told[0], want) {
		t.Errorf("the review channel was told %q\nwant %q", told, want)
	}
}
