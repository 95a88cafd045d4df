package slack

import (
	"io"
	"net/http"
	"strings"
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
