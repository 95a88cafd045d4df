package discord

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// failFirstFollowUp fails the first follow-up message (a POST to the
// interaction's webhook) as fault says, and passes the rest through:
// "5xx" answers 503 without posting, "dial" fails the connection before
// anything is sent, "lost" posts it for real and then reports the
// connection reset, as when Discord took it and only its answer was lost;
// "429 brief" and "429 for an hour" answer Discord's rate limit with that
// Retry-After, without posting.
type failFirstFollowUp struct {
	fault  string
	failed *atomic.Bool
}

func (p failFirstFollowUp) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || !strings.Contains(r.URL.Path, "/webhooks/"+appID+"/") || !p.failed.CompareAndSwap(false, true) {
		return http.DefaultTransport.RoundTrip(r)
	}
	switch p.fault {
	case "429 brief", "429 for an hour":
		after := "0.2"
		if p.fault == "429 for an hour" {
			after = "3600"
		}
		return &http.Response{StatusCode: http.StatusTooManyRequests, Status: "429 Too Many Requests", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {after}},
			Body:   io.NopCloser(strings.NewReader(`{"message": "You are being rate limited.", "retry_after": ` + after + `, "global": false}`)), Request: r}, nil
	case "5xx":
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("upstream connect error")), Request: r}, nil
	case "dial":
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	if resp, err := http.DefaultTransport.RoundTrip(r); err == nil {
		resp.Body.Close()
	}
	return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
}

// longDraft approves enough stories that the draft takes several
// messages, and returns how many follow-ups /shared draft sends after its
// first.
func longDraft(t *testing.T, f *fixture) int {
	t.Helper()
	ctx := context.Background()
	for _, s := range longEdition().Sections {
		for _, st := range s.Stories {
			st.ID, st.State = 0, digest.StateQueued
			saved, err := f.store.AddStory(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if r := f.bot.Approve(ctx, bot.Caller{Person: digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"}}, saved.ID, ""); r.Body.(bot.Message).Tone != bot.Success {
				t.Fatal(r)
			}
		}
	}
	draft, err := f.bot.DraftEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := len(EditionPayloads(draft)) - 1
	if want < 2 {
		t.Fatalf("the draft fits %d messages", want+1)
	}
	return want
}

// draftWithAFailedFollowUp asks for a draft of several messages with the
// first follow-up failed as fault says (failFirstFollowUp), waits for the
// answer's task, and returns how many follow-ups the draft takes, how
// many reached Discord, and whether one was failed. An answer still
// waiting after 20 s fails the test.
func draftWithAFailedFollowUp(t *testing.T, fault string) (want, got int, failed bool) {
	t.Helper()
	failedOne := &atomic.Bool{}
	f := newFixture(t, func(_ *config.Config, o *Options) {
		o.Transport = failFirstFollowUp{fault: fault, failed: failedOne}
	})
	want = longDraft(t, f)
	expect(t, "draft", f.say(editor, "draft"), true, "DRAFT — not yet published")
	drained := make(chan error, 1)
	go func() { drained <- f.adapter.tasks.Drain(context.Background()) }()
	select {
	case err := <-drained:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the answer is still waiting after 20 s")
	}
	return want, len(find(f.api.all(), "POST", "webhooks/"+appID+"/")), failedOne.Load()
}

// TestFollowUpIsSentAgainOnlyWhenItCannotBeTwice: a follow-up message of
// a long answer that met a server error or a connection that could not be
// made was dropped with the rest of the answer after it, so the member
// saw the draft cut short; it is now sent again after a moment, as the
// deferred answer's edit is. A follow-up is a message of its own (Discord
// takes no nonce when a webhook posts), so one whose connection dropped
// after it was sent is not sent again: the member would read it twice.
func TestFollowUpIsSentAgainOnlyWhenItCannotBeTwice(t *testing.T) {
	for _, c := range []struct {
		fault string
		again bool
	}{{"5xx", true}, {"dial", true}, {"lost", false}} {
		t.Run(c.fault, func(t *testing.T) {
			want, got, failed := draftWithAFailedFollowUp(t, c.fault)
			switch {
			case !failed:
				t.Fatal("no follow-up was failed")
			case c.again && got != want:
				t.Errorf("%d follow-ups reached Discord, want all %d: the one that failed was not sent again", got, want)
			case !c.again && got != 1:
				t.Errorf("%d follow-ups reached Discord, want the first alone (posted once, its answer lost)", got)
			}
		})
	}
}

// failFirstDelete fails the first delete of an interaction's original
// response as fault says: "5xx" answers 503 without deleting, "lost"
// deletes it for real and then reports the connection reset.
type failFirstDelete struct {
	fault  string
	failed *atomic.Bool
}

func (p failFirstDelete) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodDelete || !strings.HasSuffix(r.URL.Path, "/messages/@original") || !p.failed.CompareAndSwap(false, true) {
		return http.DefaultTransport.RoundTrip(r)
	}
	if p.fault == "5xx" {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{"Content-Type": {"text/plain"}}, Body: io.NopCloser(strings.NewReader("upstream connect error")), Request: r}, nil
	}
	if resp, err := http.DefaultTransport.RoundTrip(r); err == nil {
		resp.Body.Close()
	}
	return nil, syscall.ECONNRESET
}

// TestAcknowledgementIsDeletedAgainWhenTheAnswerChangesVisibility: an
// answer acknowledged publicly that turns out to be the caller's alone
// deletes the public acknowledgement first; a delete Discord answered
// with a 5xx, or whose answer was lost, ended the answer there, leaving
// "thinking…" in the channel and the caller without a reply. The delete
// is sent again, and one that finds the acknowledgement already gone
// (Discord's 404 "Unknown Message") is taken as done.
func TestAcknowledgementIsDeletedAgainWhenTheAnswerChangesVisibility(t *testing.T) {
	for _, fault := range []string{"5xx", "lost"} {
		t.Run(fault, func(t *testing.T) {
			failed := &atomic.Bool{}
			f := newFixture(t, func(_ *config.Config, o *Options) {
				o.DeferAfter = 10 * time.Millisecond
				o.Transport = failFirstDelete{fault: fault, failed: failed}
			})
			in, err := decodeInteraction(f.slash(editor, "publish"))
			if err != nil {
				t.Fatal(err)
			}
			in.AppID = appID
			x := &exchange{in: in, respond: func(context.Context, *interactionResponse) error { return nil }}
			err = f.adapter.reply(context.Background(), x, true, func(context.Context) bot.Reply {
				time.Sleep(100 * time.Millisecond)
				return bot.Reply{Body: bot.Message{Tone: bot.Problem, Text: "The draft has no stories."}}
			})
			if err != nil {
				t.Fatalf("the answer: %v", err)
			}
			if !failed.Load() {
				t.Fatal("no delete of the acknowledgement was sent")
			}
			var posted, deleted bool
			for _, c := range f.api.all() {
				deleted = deleted || c.Method == "DELETE" && strings.HasSuffix(c.Path, "/messages/@original")
				if c.Method == "POST" && strings.Contains(string(c.Body), `"flags":64`) && strings.Contains(string(c.Body), "The draft has no stories.") {
					posted = true
				}
			}
			if !posted || !deleted {
				t.Errorf("answer sent %v, acknowledgement deleted %v: %+v", posted, deleted, f.api.all())
			}
		})
	}
}

// TestRateLimitedFollowUpWaitsOnlyWhatTheAnswerHasLeft: a follow-up
// Discord answered 429 was waited out by discordgo itself, for as long as
// its Retry-After said, whatever the answer's context: an hour's limit kept
// the answer's task, and with it the adapter's shutdown, waiting an hour.
// A 429 is now the adapter's to wait out, as Slack's answers do: within
// the answer's time it is waited and the follow-up sent again (a 429 posts
// nothing); longer, the answer gives up at once and says so in the log.
func TestRateLimitedFollowUpWaitsOnlyWhatTheAnswerHasLeft(t *testing.T) {
	for _, c := range []struct {
		fault string
		all   bool
	}{{"429 brief", true}, {"429 for an hour", false}} {
		t.Run(c.fault, func(t *testing.T) {
			want, got, failed := draftWithAFailedFollowUp(t, c.fault)
			switch {
			case !failed:
				t.Fatal("no follow-up was rate limited")
			case c.all && got != want:
				t.Errorf("%d follow-ups reached Discord, want all %d", got, want)
			case !c.all && got != 0:
				t.Errorf("%d follow-ups reached Discord after a 429 longer than the answer has, want none", got)
			}
		})
	}
}

// TestReviewCardWaitsOutOnlyA429ThatFits: a review card Discord answered
// 429 is posted once the Retry-After has passed when the caller's context
// has time for it, and given up at once, as the error says, when it has
// not; discordgo used to sleep out any Retry-After whatever the context.
func TestReviewCardWaitsOutOnlyA429ThatFits(t *testing.T) {
	for _, c := range []struct {
		name   string
		after  time.Duration
		posted bool
	}{{"brief", 200 * time.Millisecond, true}, {"an hour", time.Hour, false}} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.api.LimitOnceFor("channels/"+reviewChannel+"/messages", c.after)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			start := time.Now()
			card := bot.ReviewCard{Story: digest.Story{ID: 7, Headline: "Councils merge back offices", URL: "https://example.org/merge"}}
			ref, err := f.adapter.PostReviewCard(ctx, card)
			took := time.Since(start)
			cards := len(find(f.api.all(), "POST", "channels/"+reviewChannel+"/messages"))
			switch {
			case took > 20*time.Second:
				t.Fatalf("the card took %s", took)
			case c.posted && (err != nil || ref == "" || cards != 1):
				t.Errorf("ref %q, err %v, %d cards posted, want one", ref, err, cards)
			case !c.posted && (err == nil || !strings.Contains(err.Error(), "longer than the task has left") || cards != 0):
				t.Errorf("ref %q, err %v, %d posts: want the 429 given up at once", ref, err, cards)
			}
		})
	}
}
