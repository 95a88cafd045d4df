package slack

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// failUpdates answers every chat.update with a 503, as a Slack in trouble
// does.
type failUpdates struct{ rt http.RoundTripper }

func (p failUpdates) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.update") {
		return p.rt.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("<html>upstream trouble</html>")), Request: r}, nil
}

// TestEditorIsToldTheCardStillShowsTheStoryWaiting: a decision whose review
// card Slack would not update left the card showing the story waiting,
// with its buttons, and only the log knew: other editors would take the
// story for undecided. The editor who decided is now told, in the answer
// to the decision; the decision stands.
func TestEditorIsToldTheCardStillShowsTheStoryWaiting(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper { return failUpdates{rt: rt} }})
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "housing")
	text := allText(f.command(editorID, "approve 1"))
	want := "I could not update the story's review card in Slack (the log has the details), so it still shows the story as it was before."
	if !strings.Contains(text, "Approved #1") || !strings.Contains(text, want) {
		t.Errorf("the answer: %s\nwant it to say %q", text, want)
	}
	if s := f.story(id); s.State != "approved" {
		t.Errorf("story #%d is %s, want approved", id, s.State)
	}
}

// failFirstResponses answers the first n posts to a response_url with a
// 503, as a Slack in trouble does, and counts them.
type failFirstResponses struct {
	rt     http.RoundTripper
	n      int32
	failed *atomic.Int32
}

func (p failFirstResponses) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/api/") || p.failed.Add(1) > p.n {
		return p.rt.RoundTrip(r)
	}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: io.NopCloser(strings.NewReader("<html>upstream trouble</html>")), Request: r}, nil
}

// TestAnswerIsPostedAgainAfterAServerError: an answer to a command whose
// post to the response_url Slack answered with a 5xx was dropped (the
// member saw nothing, though the command was done); it is posted again
// after a moment, and the member gets it once.
func TestAnswerIsPostedAgainAfterAServerError(t *testing.T) {
	failed := &atomic.Int32{}
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
		return failFirstResponses{rt: rt, n: 2, failed: failed}
	}})
	body, path := f.slashForm(memberID, "CGENERAL", "sectors")
	if rec := f.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK {
		t.Fatalf("ack %d", rec.Code)
	}
	if err := f.ad.tasks.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := failed.Load(); n < 3 {
		t.Fatalf("%d posts to the response_url, want the two failed and one more", n)
	}
	rs := f.slack.Responses(path)
	if len(rs) != 1 || !strings.Contains(allText(rs[0].Body), "Health") {
		t.Errorf("%d answers to the member, want the list of sectors once: %v", len(rs), rs)
	}
}

// lostAnswer posts the first response_url request for real and then
// reports the connection reset, as when Slack took the post and only its
// answer was lost; dialFails fails the first one before it is sent.
type lostAnswer struct {
	rt       http.RoundTripper
	dialOnly bool
	failed   *atomic.Int32
}

func (p lostAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/api/") || p.failed.Add(1) > 1 {
		return p.rt.RoundTrip(r)
	}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	if p.dialOnly {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	if resp, err := p.rt.RoundTrip(r); err == nil {
		resp.Body.Close()
	}
	return nil, reset
}

// TestAnswerLostInTransitIsNotPostedTwice: a response_url post that may
// have reached Slack (the connection dropped or timed out after it was
// sent) is not sent again, since each post is a message of its own and
// the member would read the answer twice; one that never left (the
// connection could not be made) is.
func TestAnswerLostInTransitIsNotPostedTwice(t *testing.T) {
	for _, dialOnly := range []bool{false, true} {
		failed := &atomic.Int32{}
		f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper {
			return lostAnswer{rt: rt, dialOnly: dialOnly, failed: failed}
		}})
		body, path := f.slashForm(memberID, "CGENERAL", "sectors")
		if rec := f.sendSigned("/slack/commands", formType, body); rec.Code != http.StatusOK {
			t.Fatalf("ack %d", rec.Code)
		}
		if err := f.ad.tasks.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if rs := f.slack.Responses(path); len(rs) != 1 {
			t.Errorf("dial failed %v: %d answers to the member, want 1", dialOnly, len(rs))
		}
	}
}

// TestEditorIsToldTheCardStillShowsTheOldStory: an edit whose review card
// Slack would not redraw (chat.update answered 503) left the card showing
// the story as it was, and only the log said so; the editor who edited is
// now told, as one who decides is, and the edit stands.
func TestEditorIsToldTheCardStillShowsTheOldStory(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{transport: func(rt http.RoundTripper) http.RoundTripper { return failUpdates{rt: rt} }})
	page := pageServer(t, "Councils merge", "Summary", "LocalGov")
	id, _ := f.submit(page.URL+"/a", "housing")
	text := allText(f.command(editorID, "edit 1 headline Two councils merge"))
	want := "I could not redraw the story's review card in Slack (the log has the details), so it still shows the story as it was before this change."
	if !strings.Contains(text, "Updated the headline of #1") || !strings.Contains(text, want) {
		t.Errorf("the answer: %s\nwant it to say %q", text, want)
	}
	if s := f.story(id); s.Headline != "Two councils merge" {
		t.Errorf("story #%d's headline is %q", id, s.Headline)
	}
}
