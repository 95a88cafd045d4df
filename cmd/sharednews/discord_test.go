package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/server"
)

// startDiscord serves a fake Discord whose gateway cannot be reached (it
// names none).
func startDiscord(t *testing.T) (*discordtest.Fake, *httptest.Server) {
	t.Helper()
	fake := discordtest.New(discordtest.Options{})
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv
}

func TestSetupDiscord(t *testing.T) {
	fake, api := startDiscord(t)
	pub, _, _ := ed25519.GenerateKey(nil)
	a := openTestApp(t, `
[discord]
enabled = true
api_url = "`+api.URL+`/api/v10/"
guild_ids = ["290926798626357999"]
`, map[string]string{
		"DISCORD_BOT_TOKEN": "env-token", "DISCORD_APPLICATION_ID": "845027738276462632",
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
	})
	srv := server.New("127.0.0.1:0", a.reg, a.log)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := onlyChatAdapter(t, a)
	d.Mount(srv)
	// The endpoint is mounted and refuses unsigned requests.
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(`{"type":1}`)))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("unsigned interaction: HTTP %d", rec.Code)
	}
	// Run registers the command, then, with the gateway unreachable, keeps
	// retrying and stops cleanly with its context.
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	for deadline := time.Now().Add(5 * time.Second); len(fake.Calls()) == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if calls := fake.Calls(); len(calls) == 0 || calls[0].Method != http.MethodPut ||
		calls[0].Path != "applications/845027738276462632/guilds/290926798626357999/commands" || calls[0].Auth != "Bot env-token" {
		t.Errorf("registration: %+v", calls)
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the Discord loop did not stop")
	}
}

func TestSetupDiscordWithoutPublicKeyOrConfig(t *testing.T) {
	_, api := startDiscord(t)
	a := openTestApp(t, "[discord]\nenabled = true\napi_url = \""+api.URL+"/api/v10/\"\n",
		map[string]string{"DISCORD_BOT_TOKEN": "t", "DISCORD_APPLICATION_ID": "845027738276462632"})
	srv := server.New("127.0.0.1:0", a.reg, a.log)
	onlyChatAdapter(t, a).Mount(srv)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(`{}`)))
	if rec.Code != http.StatusNotFound {
		t.Errorf("without a public key the endpoint should not exist: HTTP %d", rec.Code)
	}

	off := openTestApp(t, "", nil)
	if chats, err := off.chatAdapters(); len(chats) != 0 || err != nil {
		t.Errorf("not configured: %d adapters, err %v", len(chats), err)
	}
}

func TestSetupDiscordReportsRegistrationFailure(t *testing.T) {
	a := openTestApp(t, "[discord]\nenabled = true\napi_url = \"http://127.0.0.1:1/api/v10/\"\n",
		map[string]string{"DISCORD_BOT_TOKEN": "secret-token-value", "DISCORD_APPLICATION_ID": "845027738276462632"})
	err := onlyChatAdapter(t, a).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "register /shared") || strings.Contains(err.Error(), "secret-token-value") {
		t.Errorf("error: %v", err)
	}
}

func TestRenderDiscordPreview(t *testing.T) {
	e := digest.Edition{Number: 3, State: digest.EditionPublished, Title: "News Summary", Date: time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC),
		Intro: "Hello @everyone.", Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health & Social Care"},
			Stories: []digest.Story{{ID: 1, URL: "https://example.org/a", Headline: "A story", Source: "Example"}}}}}
	got, err := renderDiscordPreview(e)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := discord.RenderEditionJSON(e)
	if got != string(want) {
		t.Errorf("preview differs from the adapter's payloads:\n%s", got)
	}
	var payloads []map[string]any
	if err := json.Unmarshal([]byte(got), &payloads); err != nil || len(payloads) != 1 {
		t.Fatalf("preview is not a JSON array of messages: %v\n%s", err, got)
	}
	if !bytes.Contains([]byte(got), []byte(`"parse": []`)) || strings.Contains(got, "@everyone") {
		t.Errorf("preview mentions:\n%s", got)
	}
}

// onlyChatAdapter is the one chat adapter a's configuration enables.
func onlyChatAdapter(t *testing.T, a *app) chatAdapter {
	t.Helper()
	chats, err := a.chatAdapters()
	if err != nil || len(chats) != 1 {
		t.Fatalf("chat adapters: %d, %v", len(chats), err)
	}
	return chats[0]
}
