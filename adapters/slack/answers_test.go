package slack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// answerInstead answers the first chat.postMessage to channel with body
// (HTTP 200) in place of Slack's answer, after passing the call on to the
// fake Slack when post is set (the message is posted; only its answer is
// not Slack's), as a proxy or a Slack in trouble might.
type answerInstead struct {
	rt      http.RoundTripper
	channel string
	body    string
	post    bool
	done    *atomic.Bool
	every   bool // every post to channel, not the first alone
}

func (a answerInstead) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") || a.done.Load() && !a.every {
		return a.rt.RoundTrip(r)
	}
	form, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(form))
	if v, _ := url.ParseQuery(string(form)); v.Get("channel") != a.channel || !a.done.CompareAndSwap(false, true) && !a.every {
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

// TestAnswersThatNameNoMessageAreNotTakenForPosts: an answer to a post
// that does not name the message posted is not taken as one. Slack's
// client library reads {"ok":false} without an error as no error, so the
// copy was recorded delivered with nothing in the channel: the edition
// lost there. {"ok":true} without the message's channel and ts (the
// message posted) had the edition's later messages sent to no channel,
// which Slack refuses as channel_not_found, failing the copy for good as
// "the channel no longer exists". Either is now a failed try whose outcome
// is unknown: the next try looks in the channel first, and the channel
// gets every message of the edition once, as the others do.
func TestAnswersThatNameNoMessageAreNotTakenForPosts(t *testing.T) {
	for _, c := range []struct {
		name, body string
		post       bool
	}{
		{"ok false without an error", `{"ok":false}`, false},
		{"ok true without the message", `{"ok":true}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			done := &atomic.Bool{}
			f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
				return answerInstead{rt: rt, channel: "CODD", body: c.body, post: c.post, done: done}
			}})
			adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.ad)
			ed := digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"}
			adaptertest.SubscribeWithApprovedStory(t, f.store, ed, map[string]string{"CODD": "odd-news", "CNEWS": "news"})
			adaptertest.ApproveStories(t, f.store, ed, 60) // an edition of several messages
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if _, err := f.bot.Publish(ctx); err != nil {
				t.Fatal(err)
			}
			if !done.Load() {
				t.Fatal("no post to CODD was answered oddly")
			}
			want := fmt.Sprint(f.editionParts("CNEWS"))
			if strings.Count(want, "e1:") < 2 {
				t.Fatalf("CNEWS got %s, want an edition of several messages", want)
			}
			if got := fmt.Sprint(f.editionParts("CODD")); got != want {
				t.Errorf("CODD got %s, want %s", got, want)
			}
			if d := f.delivery(t, "CODD"); d.State != store.DeliveryDelivered || d.Attempts != 2 {
				t.Errorf("CODD's copy: %s after %d tries (%q), want delivered on the second", d.State, d.Attempts, d.Error)
			}
		})
	}
}

// TestReviewCardWhoseAnswerNamesNoMessageIsMissing: a review card whose
// post Slack answers {"ok":false} without an error was recorded as posted
// under the reference "/", which no update can use: the card never
// appeared, and no later start of the bot posted it. It is now a card the
// review channel is missing, and the next PostMissingReviewCards (as
// `run` starts) posts it.
func TestReviewCardWhoseAnswerNamesNoMessageIsMissing(t *testing.T) {
	done := &atomic.Bool{}
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
		return answerInstead{rt: rt, channel: reviewChan, body: `{"ok":false}`, done: done}
	}})
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	text := allText(f.command(memberID, "submit "+page.URL+"/a housing"))
	if !strings.Contains(text, "Queued as #1") {
		t.Fatalf("submit: %s", text)
	}
	ctx := context.Background()
	if err := f.ad.tasks.Drain(ctx); err != nil { // the card is posted after the answer
		t.Fatal(err)
	}
	if !done.Load() {
		t.Fatal("the card's post was not answered oddly")
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

// TestAnswersThatAreNotJSONAreSentences: an answer to a post that is not
// Slack's JSON (a proxy's page with HTTP 200, or JSON of another shape)
// reached editors as "the delivery failed in a way the bot does not
// recognise"; it now says what Slack's side answered. The copy is tried
// as any other passing failure, and the other channel gets its edition.
func TestAnswersThatAreNotJSONAreSentences(t *testing.T) {
	for _, body := range []string{"<html><body>Gateway error</body></html>", `{"ok":true,"channel":["CODD"],"ts":1}`} {
		done := &atomic.Bool{}
		f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
			return answerInstead{rt: rt, channel: "CODD", body: body, done: done, every: true}
		}})
		adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.ad)
		adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
			map[string]string{"CODD": "odd-news", "CNEWS": "news"})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := f.bot.Publish(ctx); err != nil {
			t.Fatal(err)
		}
		want := "Slack answered with something other than its API's JSON (a proxy's error page, say); gave up after 12 tries"
		if d := f.delivery(t, "CODD"); d.State != store.DeliveryFailed || d.Error != want {
			t.Errorf("%.20s: CODD's copy: %s, %q\nwant failed: %q", body, d.State, d.Error, want)
		}
		if d := f.delivery(t, "CNEWS"); d.State != store.DeliveryDelivered {
			t.Errorf("%.20s: CNEWS's copy: %s", body, d.State)
		}
	}
}

// TestRateLimitedInAnAnswerIsARateLimit: Slack may refuse a post with
// {"ok":false,"error":"ratelimited"} and HTTP 200 instead of a 429. That
// was taken for a failed try, counted towards giving the copy up (twelve
// such, and the editors were told "Slack did not take the message (Slack
// error ratelimited)"); it is now a rate limit, waited out and not
// counted, as a 429 that names no wait is.
func TestRateLimitedInAnAnswerIsARateLimit(t *testing.T) {
	done := &atomic.Bool{}
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
		return answerInstead{rt: rt, channel: "CODD", body: `{"ok":false,"error":"ratelimited"}`, done: done}
	}})
	adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.ad)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
		map[string]string{"CODD": "odd-news", "CNEWS": "news"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if !done.Load() {
		t.Fatal("no post to CODD was answered ratelimited")
	}
	d := f.delivery(t, "CODD")
	if d.State != store.DeliveryDelivered || d.Attempts != 1 {
		t.Errorf("CODD's copy: %s after %d counted tries, want delivered, the rate limit not counted", d.State, d.Attempts)
	}
	if took := d.UpdatedAt.Sub(start); took < rateLimitWait-time.Second {
		t.Errorf("CODD had the edition %s after publishing, before the rate limit's wait of %s", took.Round(time.Millisecond), rateLimitWait)
	}
	if got, want := fmt.Sprint(f.editionParts("CODD")), fmt.Sprint(f.editionParts("CNEWS")); got != want {
		t.Errorf("CODD got %s, want %s", got, want)
	}
}
