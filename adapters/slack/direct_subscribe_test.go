package slack

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestSubscribeInADirectMessageIsRefused: /shared works in a direct
// message between people, but the app is not part of that conversation and
// Slack will not let it post an edition there (channel_not_found, every
// week, to the editors). So subscribe says where to run it instead, and
// nothing is subscribed; other commands still answer there.
func TestSubscribeInADirectMessageIsRefused(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ id, name string }{
		{"D0DIRECT", "directmessage"},
		{"G0GROUPDM", "mpdm-ana--ed--gus-1"},
	} {
		body, path := f.slashForm(editorID, c.id, "subscribe health")
		form, _ := url.ParseQuery(string(body))
		form.Set("channel_name", c.name)
		if rec := f.sendSigned("/slack/commands", formType, []byte(form.Encode())); rec.Code != http.StatusOK {
			t.Fatalf("ack %d", rec.Code)
		}
		adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(path)) > 0 })
		ans := f.slack.Responses(path)[0].Body
		if text := allText(ans); ans["response_type"] != "ephemeral" || !strings.Contains(text, "direct message") ||
			!strings.Contains(text, "/shared subscribe") {
			t.Errorf("subscribe in %s: %v\n%s", c.name, ans["response_type"], text)
		}
		if _, err := f.store.Subscription(context.Background(), PlatformName, c.id); err == nil {
			t.Errorf("%s was subscribed", c.name)
		}
	}
	// The same editor in a channel subscribes it; status answers in a DM.
	if text := allText(f.commandIn(editorID, "CHEALTH", "subscribe health")); !strings.Contains(text, "This channel is subscribed") {
		t.Errorf("subscribe in a channel: %s", text)
	}
	if text := allText(f.commandIn(editorID, "D0DIRECT", "status")); !strings.Contains(text, "Shared News status") {
		t.Errorf("status in a direct message: %s", text)
	}
}
