package discord

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// answerInstead answers the first message created in channel with body
// (HTTP 200) in place of Discord's answer, after passing the request on to
// the fake Discord when post is set (the message is created; only its
// answer is not Discord's), as a proxy or a Discord in trouble might.
type answerInstead struct {
	rt      http.RoundTripper
	channel string
	body    string
	post    bool
	done    *atomic.Bool
	every   bool // every message created in channel, not the first alone
}

func (a answerInstead) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/channels/"+a.channel+"/messages") || !a.done.CompareAndSwap(false, true) && !a.every {
		return a.rt.RoundTrip(r)
	}
	if a.post {
		resp, err := a.rt.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(a.body)), Request: r}, nil
}

// TestAnswersThatNameNoMessageAreNotTakenForPosts: an answer to a message
// created that does not name it ({} or null, HTTP 200) was taken for the
// message posted, under the reference "CHANNEL:": a copy whose first
// message never reached the channel was recorded delivered, the edition's
// start lost there. It is now a failed try: the next one finds what
// reached the channel (the nonce keeps a message created once), and the
// channel gets every message of the edition once, as the others do.
func TestAnswersThatNameNoMessageAreNotTakenForPosts(t *testing.T) {
	for _, c := range []struct {
		name, body string
		post       bool
	}{
		{"empty object, not posted", `{}`, false},
		{"null, not posted", `null`, false},
		{"empty object, posted", `{}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			done := &atomic.Bool{}
			f := newFixture(t, func(_ *config.Config, o *Options) {
				o.Transport = answerInstead{rt: http.DefaultTransport, channel: "CODD", body: c.body, post: c.post, done: done}
			})
			adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.adapter)
			ed := digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"}
			adaptertest.SubscribeWithApprovedStory(t, f.store, ed, map[string]string{"CODD": "odd-news", "CNEWS": "news"})
			adaptertest.ApproveStories(t, f.store, ed, 60) // an edition of several messages
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if _, err := f.bot.Publish(ctx); err != nil {
				t.Fatal(err)
			}
			if !done.Load() {
				t.Fatal("no message created in CODD was answered oddly")
			}
			nonces := f.api.Nonces()
			want := len(nonces["CNEWS"])
			if want < 2 {
				t.Fatalf("CNEWS got %d messages, want an edition of several", want)
			}
			seen := map[string]bool{}
			for _, n := range nonces["CODD"] {
				seen[n] = true
			}
			if got := len(nonces["CODD"]); got != want || len(seen) != want {
				t.Errorf("CODD got %d messages (%d different), want %d, each once: %v", got, len(seen), want, nonces["CODD"])
			}
			rec, err := f.store.LatestEdition(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := f.store.Deliveries(ctx, rec.Edition.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.ChannelID == "CODD" && (d.State != store.DeliveryDelivered || d.Attempts != 2 || strings.HasSuffix(d.MessageRef, ":")) {
					t.Errorf("CODD's copy: %s after %d tries, first message %q (%q); want delivered on the second, naming its message", d.State, d.Attempts, d.MessageRef, d.Error)
				}
			}
		})
	}
}

// TestReviewCardWhoseAnswerNamesNoMessageIsMissing: a review card whose
// creation Discord answered with {} was recorded under the reference
// "CHANNEL:", which no update can use, and no later start of the bot
// posted it. It is now a card the review channel is missing, and the next
// PostMissingReviewCards (as `run` starts) posts it.
func TestReviewCardWhoseAnswerNamesNoMessageIsMissing(t *testing.T) {
	done := &atomic.Bool{}
	f := newFixture(t, func(_ *config.Config, o *Options) {
		o.Transport = answerInstead{rt: http.DefaultTransport, channel: reviewChannel, body: `{}`, done: done}
	})
	page := pageServer(t, 0, nil)
	if r := f.say(member, "submit", str("url", page.URL+"/a")); !strings.Contains(r.text(), "Queued as #1") {
		t.Fatalf("submit: %s", r.text())
	}
	ctx := context.Background()
	if err := f.adapter.tasks.Drain(ctx); err != nil { // the card may be posted after the answer
		t.Fatal(err)
	}
	if !done.Load() {
		t.Fatal("the card's creation was not answered oddly")
	}
	missing, _, err := f.store.QueuedWithoutCard(ctx, PlatformName, 20)
	if err != nil || len(missing) != 1 {
		t.Fatalf("stories without a card: %v, %v; want the one submitted", missing, err)
	}
	f.bot.PostMissingReviewCards(ctx)
	refs, err := f.store.ReviewCards(ctx, missing[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := parseCardRef(refs[PlatformName]); err != nil {
		t.Errorf("after posting the missing cards: %v", err)
	}
}

// TestAnswersThatAreNotJSONAreSentences: an answer to a message's
// creation that is not Discord's JSON (a proxy's page with HTTP 200, or
// JSON of another shape) reached editors as "the delivery failed in a way
// the bot does not recognise"; it now says what Discord's side answered.
// The copy is tried as any other passing failure, and the other channel
// gets its edition.
func TestAnswersThatAreNotJSONAreSentences(t *testing.T) {
	for _, body := range []string{"<html><body>Gateway error</body></html>", `{"id":["1"]}`} {
		done := &atomic.Bool{}
		f := newFixture(t, func(_ *config.Config, o *Options) {
			o.Transport = answerInstead{rt: http.DefaultTransport, channel: "CODD", body: body, done: done, every: true}
		})
		adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.adapter)
		adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
			map[string]string{"CODD": "odd-news", "CNEWS": "news"})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := f.bot.Publish(ctx); err != nil {
			t.Fatal(err)
		}
		rec, err := f.store.LatestEdition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := f.store.Deliveries(ctx, rec.Edition.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := "Discord answered with something other than its API's JSON (a proxy's error page, say); gave up after 12 tries"
		for _, d := range ds {
			switch {
			case d.ChannelID == "CODD" && (d.State != store.DeliveryFailed || d.Error != want):
				t.Errorf("%.20s: CODD's copy: %s, %q\nwant failed: %q", body, d.State, d.Error, want)
			case d.ChannelID == "CNEWS" && d.State != store.DeliveryDelivered:
				t.Errorf("%.20s: CNEWS's copy: %s", body, d.State)
			}
		}
	}
}
