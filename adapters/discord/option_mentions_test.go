package discord

import (
	"context"
	"strings"
	"testing"
)

// TestOptionMentionsKeepTheirNames: a person picked while typing an option
// ("note: thanks to @Nelly") reaches the bot as <@ID>, with the user in
// the interaction's resolved data. It was stored as written, so the card
// and every edition showed readers "<@80351110224678912>". The command now
// takes the name the member saw, as a message mentioning the bot does.
func TestOptionMentionsKeepTheirNames(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
	withResolved := func(body []byte) []byte {
		return reshaped(t, body, func(m map[string]any) {
			m["data"].(map[string]any)["resolved"] = map[string]any{"users": map[string]any{
				"80351110224678912": map[string]any{"id": "80351110224678912", "username": "nelly", "global_name": "Nelly", "discriminator": "0"},
			}}
		})
	}
	r := f.interact(withResolved(f.slash(member, "submit", str("url", page.URL+"/a"), str("note", "thanks to <@80351110224678912> for this"))))
	if !strings.Contains(r.text(), "Queued as #1") {
		t.Fatalf("submit: %s", r.text())
	}
	r = f.interact(withResolved(f.slash(editor, "note", num("id", 1), str("text", "Via <@!80351110224678912> and <@99>."))))
	if !strings.Contains(r.text(), "Updated the commentary") {
		t.Fatalf("note: %s", r.text())
	}
	s, err := f.bot.Story(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.SubmitNote != "thanks to @Nelly for this" {
		t.Errorf("note %q", s.SubmitNote)
	}
	// Someone the interaction does not resolve stays as written (and is
	// neutralised wherever it is shown).
	if s.Commentary != "Via @Nelly and <@99>." {
		t.Errorf("commentary %q", s.Commentary)
	}
}
