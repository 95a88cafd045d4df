package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/delivery"
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

func discordApp(t *testing.T, extra string, environ map[string]string) *app {
	t.Helper()
	path, _ := writeConfig(t, extra)
	a, err := openApp(context.Background(), path, env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(k string) string { return environ[k] }}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.store.Close() })
	return a
}

func TestSetupDiscord(t *testing.T) {
	fake, api := startDiscord(t)
	pub, _, _ := ed25519.GenerateKey(nil)
	a := discordApp(t, `
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
	run, err := setupDiscord(ctx, a, srv, testWorker(t, a))
	if err != nil || run == nil {
		t.Fatalf("setupDiscord: %v, run %v", err, run != nil)
	}
	if calls := fake.Calls(); len(calls) != 1 || calls[0].Method != http.MethodPut ||
		calls[0].Path != "applications/845027738276462632/guilds/290926798626357999/commands" || calls[0].Auth != "Bot env-token" {
		t.Errorf("registration: %+v", calls)
	}
	// The endpoint is mounted and refuses unsigned requests.
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(`{"type":1}`)))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("unsigned interaction: HTTP %d", rec.Code)
	}
	// With the gateway unreachable, the loop keeps retrying and stops
	// cleanly with its context.
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
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
	a := discordApp(t, "[discord]\nenabled = true\napi_url = \""+api.URL+"/api/v10/\"\n",
		map[string]string{"DISCORD_BOT_TOKEN": "t", "DISCORD_APPLICATION_ID": "845027738276462632"})
	srv := server.New("127.0.0.1:0", a.reg, a.log)
	run, err := setupDiscord(context.Background(), a, srv, testWorker(t, a))
	if err != nil || run == nil {
		t.Fatalf("setupDiscord: %v", err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(`{}`)))
	if rec.Code != http.StatusNotFound {
		t.Errorf("without a public key the endpoint should not exist: HTTP %d", rec.Code)
	}

	off := discordApp(t, "", nil)
	if run, err := setupDiscord(context.Background(), off, server.New("127.0.0.1:0", off.reg, off.log), testWorker(t, off)); run != nil || err != nil {
		t.Errorf("not configured: run %v, err %v", run != nil, err)
	}
}

func TestSetupDiscordReportsRegistrationFailure(t *testing.T) {
	a := discordApp(t, "[discord]\nenabled = true\napi_url = \"http://127.0.0.1:1/api/v10/\"\n",
		map[string]string{"DISCORD_BOT_TOKEN": "secret-token-value", "DISCORD_APPLICATION_ID": "845027738276462632"})
	_, err := setupDiscord(context.Background(), a, server.New("127.0.0.1:0", a.reg, a.log), testWorker(t, a))
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

// testWorker is the delivery worker of a.
func testWorker(t *testing.T, a *app) *delivery.Worker {
	t.Helper()
	w, err := a.deliveryWorker(true)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
