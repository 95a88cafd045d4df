package discord

import (
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestInteractionWithoutTokenIsNotAnswered: an interaction without its id
// or token (Discord always sends both; a malformed gateway event or a
// replayed fragment may not) cannot be answered, since the answer's route
// names both: the adapter answered it at "interactions///callback", which
// Discord has no route for. It is now refused as not understood: over
// HTTP with 400, over the gateway with a line in the log, and neither
// calls Discord. A PING is still answered over HTTP, in the response
// itself; over the gateway, where none comes, it is not answered.
func TestInteractionWithoutTokenIsNotAnswered(t *testing.T) {
	for _, missing := range []string{"id", "token"} {
		f := newFixture(t, nil)
		raw := payload(t, "application-command-slash-with-option.json", func(m map[string]any) { delete(m, missing) })
		sig, ts := f.sign(raw)
		if rec := f.post(raw, sig, ts); rec.Code != http.StatusBadRequest {
			t.Errorf("over HTTP without its %s: HTTP %d %s", missing, rec.Code, rec.Body.String())
		}
		f.adapter.onRawEvent(&discordgo.Event{Type: "INTERACTION_CREATE", RawData: raw})
		if n := f.api.count(); n != 0 {
			t.Errorf("without its %s: %d calls to Discord", missing, n)
		}
	}
	f := newFixture(t, nil)
	f.adapter.onRawEvent(&discordgo.Event{Type: "INTERACTION_CREATE", RawData: []byte(`{"type":1}`)})
	if n := f.api.count(); n != 0 {
		t.Errorf("a PING over the gateway: %d calls to Discord", n)
	}
}
