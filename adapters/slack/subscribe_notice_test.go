package slack

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// TestSubscribeTellsTheChannel: Slack lets anyone type /shared subscribe
// in any channel, but the app posts only where it is a member. Subscribing
// posts a notice to the channel through chat.postMessage, as an edition is
// posted, so the subscription is known to work; the caller's answer is
// theirs alone.
func TestSubscribeTellsTheChannel(t *testing.T) {
	f := newFixture(t)
	ans := f.commandIn(editorID, "CNEWS", "subscribe health")
	if text := allText(ans); ans["response_type"] != "ephemeral" || !strings.Contains(text, "This channel is subscribed to Shared News (Health &amp; Social Care)") {
		t.Errorf("the caller's answer: %v\n%s", ans["response_type"], text)
	}
	posts := f.slack.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "CNEWS" {
		t.Fatalf("chat.postMessage calls %v, want one notice in CNEWS", posts)
	}
	if text := allText(blocksOf(t, posts[0])); !strings.Contains(text, "@Ed subscribed this channel to Shared News (Health &amp; Social Care). The next edition is due") ||
		!strings.Contains(text, "`/shared unsubscribe` stops it.") {
		t.Errorf("the notice: %s", text)
	}
	sub, err := f.store.Subscription(context.Background(), PlatformName, "CNEWS")
	if err != nil || strings.Join(sub.Sectors, ",") != "health" {
		t.Errorf("subscription %v, %v; want health", sub.Sectors, err)
	}
}

// TestSubscribeWhereTheAppMayNotPostIsRefused: in a channel the app was
// never added to, it used to say "This channel is subscribed", and every
// edition then failed there with not_in_channel, reported to the editors
// each week. Now Slack's refusal of the notice refuses the subscription,
// nothing is stored, and the caller is told how to add the app and what to
// run again (with the sectors they asked for).
func TestSubscribeWhereTheAppMayNotPostIsRefused(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		channel, slackError string
		want                []string
	}{
		{"COUTSIDE", "not_in_channel", []string{"Shared News is not a member of this channel", "nothing was subscribed",
			"add it with `/invite @Shared News`, then run `/shared subscribe health housing` again."}},
		{"CPRIVATE", "channel_not_found", []string{"Shared News is not a member of this channel", "`/invite @Shared News`"}},
		{"CARCHIVED", "is_archived", []string{"Shared News cannot post in this channel (the channel is archived), so nothing was subscribed."}},
		{"CLOCKED", "restricted_action", []string{"Shared News cannot post in this channel (the workspace does not let the bot post there)"}},
		{"CADMINS", "restricted_action_read_only_channel", []string{"Shared News cannot post in this channel (only admins may post in the channel), so nothing was subscribed."}},
		{"CTHREADS", "restricted_action_thread_only_channel", []string{"Shared News cannot post in this channel (the channel takes messages only in threads)"}},
		{"CDENIED", "access_denied", []string{"Shared News cannot post in this channel (the workspace does not let the bot post there)"}},
		{"CEXPIRED", "token_expired", []string{"Shared News cannot post in this channel (the bot's token has expired)"}},
	} {
		f.slack.Refuse(c.channel, c.slackError)
		ans := f.commandIn(editorID, c.channel, "subscribe health housing")
		text := allText(ans)
		if ans["response_type"] != "ephemeral" {
			t.Errorf("%s: a refusal shown to the channel", c.slackError)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the answer lacks %q:\n%s", c.slackError, w, text)
			}
		}
		if strings.Contains(text, "is subscribed") {
			t.Errorf("%s: the answer says subscribed:\n%s", c.slackError, text)
		}
		if _, err := f.store.Subscription(context.Background(), PlatformName, c.channel); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: the channel was subscribed (%v)", c.slackError, err)
		}
	}

	// A channel subscribed while the app was in it keeps its sectors when
	// they are changed after the app was removed.
	if text := allText(f.commandIn(editorID, "CNEWS", "subscribe health")); !strings.Contains(text, "This channel is subscribed") {
		t.Fatalf("subscribe in a joined channel: %s", text)
	}
	f.slack.Refuse("CNEWS", "not_in_channel")
	if text := allText(f.commandIn(editorID, "CNEWS", "subscribe housing")); !strings.Contains(text, "`/invite @Shared News`") {
		t.Errorf("a change of sectors where the app was removed: %s", text)
	}
	if sub, err := f.store.Subscription(context.Background(), PlatformName, "CNEWS"); err != nil || strings.Join(sub.Sectors, ",") != "health" {
		t.Errorf("after a refused change: %v, %v; want health still", sub.Sectors, err)
	}

	// Unsubscribe posts nothing in the channel, so it works there all the
	// same.
	if text := allText(f.commandIn(editorID, "CNEWS", "unsubscribe")); !strings.Contains(text, "This channel will no longer receive Shared News.") {
		t.Errorf("unsubscribe where the app was removed: %s", text)
	}
	if _, err := f.store.Subscription(context.Background(), PlatformName, "CNEWS"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("still subscribed after unsubscribe (%v)", err)
	}
}

// TestSubscribeWhenSlackFails: a Slack failure of its own (a 5xx) while
// posting the notice is not the channel's fault: the caller is told the app
// could not post just now and to try again, and nothing is stored.
func TestSubscribeWhenSlackFails(t *testing.T) {
	var failed atomic.Int32
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
		return failPosts{rt: rt, failed: &failed}
	}})
	ans := f.commandIn(editorID, "CNEWS", "subscribe")
	text := allText(ans)
	if ans["response_type"] != "ephemeral" || !strings.Contains(text, "Shared News could not post in this channel just now, so nothing was subscribed; please try again in a few minutes.") {
		t.Errorf("the answer: %v\n%s", ans["response_type"], text)
	}
	if failed.Load() == 0 {
		t.Error("the notice was never posted")
	}
	if _, err := f.store.Subscription(context.Background(), PlatformName, "CNEWS"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the channel was subscribed (%v)", err)
	}
}

// failPosts answers every chat.postMessage with a 503, as a Slack in
// trouble does, and counts them.
type failPosts struct {
	rt     http.RoundTripper
	failed *atomic.Int32
}

func (p failPosts) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
		return p.rt.RoundTrip(r)
	}
	p.failed.Add(1)
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("<html>upstream trouble</html>")), Request: r}, nil
}
