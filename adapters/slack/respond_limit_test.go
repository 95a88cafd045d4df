package slack

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/internal/syncbuf"
)

// TestRateLimitedAnswerWaitsOutRetryAfter: a post to a response_url that
// Slack answered 429 was sent again after the backoff's half second,
// whatever Retry-After said, and so was refused again while the limit
// lasted. It is now sent again after the wait Slack named, and the member
// gets the answer once.
func TestRateLimitedAnswerWaitsOutRetryAfter(t *testing.T) {
	f := newFixture(t)
	f.slack.LimitResponses(1, time.Second)
	start := time.Now()
	body, path := f.slashForm(memberID, "CGENERAL", "sectors")
	if rec := f.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK {
		t.Fatalf("ack %d", rec.Code)
	}
	if err := f.ad.tasks.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if n := f.slack.Stats().RateLimited; n != 1 {
		t.Errorf("%d posts to the response_url answered 429, want the one before the wait", n)
	}
	if rs := f.slack.Responses(path); len(rs) != 1 || !strings.Contains(allText(rs[0].Body), "Health") {
		t.Errorf("%d answers to the member, want the list of sectors once: %v", len(rs), rs)
	}
	if took < time.Second {
		t.Errorf("the answer was posted again %s after the command, before Slack's Retry-After of 1s", took.Round(time.Millisecond))
	}
}

// TestRateLimitedAnswerPastItsTimeIsGivenUp: a 429 whose Retry-After is
// longer than the answer has left (a task's two minutes) is not tried
// again after the backoff, into the same limit: the answer is given up at
// once, and the log says why.
func TestRateLimitedAnswerPastItsTimeIsGivenUp(t *testing.T) {
	logs := &syncbuf.Buffer{}
	f := newFixtureWith(t, fixtureOptions{logger: slog.New(slog.NewTextHandler(logs, nil))})
	f.slack.LimitResponses(3, 10*time.Minute)
	start := time.Now()
	body, path := f.slashForm(memberID, "CGENERAL", "sectors")
	if rec := f.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK {
		t.Fatalf("ack %d", rec.Code)
	}
	if err := f.ad.tasks.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.slack.Stats().RateLimited; n != 1 {
		t.Errorf("%d posts to the response_url answered 429, want one: the answer was sent again into Slack's limit", n)
	}
	if rs := f.slack.Responses(path); len(rs) != 0 {
		t.Errorf("%d answers taken, want none", len(rs))
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the answer was given up after %s", took.Round(time.Millisecond))
	}
	if out := logs.String(); !strings.Contains(out, "Retry-After 10m0s") || !strings.Contains(out, "longer than the task has left") {
		t.Errorf("no log line says why the answer was given up:\n%s", out)
	}
}
