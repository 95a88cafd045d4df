package discord

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestGatewayInteractionDuringShutdownIsAnswered: an interaction that the
// gateway delivers once the bot has begun to shut down used to be dropped
// (logged only), and the member saw Discord's "The application did not
// respond", where the HTTP endpoint answers with bot.Restarting. The
// gateway now answers the same sentence, to the member alone, and does
// nothing else; an autocomplete, which cannot take a message, is still
// left unanswered.
func TestGatewayInteractionDuringShutdownIsAnswered(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	if err := f.adapter.tasks.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	send := func(raw []byte) string {
		f.adapter.onRawEvent(&discordgo.Event{Type: "INTERACTION_CREATE", RawData: raw})
		var id struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &id); err != nil {
			t.Fatal(err)
		}
		return id.ID
	}

	n := f.api.count()
	id := send(f.slash(member, "submit", str("url", page.URL+"/story")))
	expect(t, "a command during shutdown", callback(t, f, id), true, "⚠️ "+f.bot.Restarting().Text)
	if calls := f.api.since(n); len(calls) != 1 {
		t.Errorf("a command during shutdown made %d calls to Discord, want its one answer: %+v", len(calls), calls)
	}
	if size, err := f.store.QueueSize(context.Background()); err != nil || size != 0 {
		t.Errorf("a submission during shutdown was queued: %d, %v", size, err)
	}

	id = send(f.button(editor, "sharednews:approve:1", "1"))
	expect(t, "a press during shutdown", callback(t, f, id), true, f.bot.Restarting().Text)

	n = f.api.count()
	send(payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
		m["type"] = 4
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
			"type": 1, "name": "news", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "heal", "focused": true}}}}}
	}))
	if calls := f.api.since(n); len(calls) != 0 {
		t.Errorf("an autocomplete during shutdown was answered: %+v", calls)
	}
}
