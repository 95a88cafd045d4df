package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// ackRecorder stands in for the Socket Mode client's acknowledgements.
type ackRecorder struct {
	mu   sync.Mutex
	acks map[string]any
}

func (r *ackRecorder) AckCtx(_ context.Context, id string, payload any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.acks == nil {
		r.acks = map[string]any{}
	}
	r.acks[id] = payload
	return nil
}

func (r *ackRecorder) get(id string) (any, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.acks[id]
	return p, ok
}

// socketSlash is a slash command as Socket Mode delivers it: the HTTP form's
// fields as a JSON object.
func (f *fixture) socketSlash(user, text string) (json.RawMessage, string) {
	body, path := f.slashForm(user, "CGENERAL", text)
	form, _ := url.ParseQuery(string(body))
	m := map[string]string{}
	for k := range form {
		m[k] = form.Get(k)
	}
	raw, _ := json.Marshal(m)
	return raw, path
}

// TestSocketModeDispatch hands the adapter each kind of Socket Mode event
// the client emits, parsed from real payloads, and checks each envelope is
// acknowledged with what the shared handler returned and that the work is
// done; the client's own connection events need no acknowledgement.
func TestSocketModeDispatch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	acks := &ackRecorder{}
	page := pageServer(t, "Story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")

	slashRaw, slashPath := f.socketSlash(memberID, "sectors")
	var sc slackgo.SlashCommand
	if err := json.Unmarshal(slashRaw, &sc); err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: sc,
		Request: &socketmode.Request{Type: "slash_commands", EnvelopeID: "env-slash"}})

	press, _ := f.press(editorID, actionApprove, id, ref, "")
	var cb slackgo.InteractionCallback
	b, _ := json.Marshal(press)
	if err := json.Unmarshal(b, &cb); err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb,
		Request: &socketmode.Request{Type: "interactive", EnvelopeID: "env-press"}})

	sub := f.submitView(editorID, callbackEdit, mustJSON(t, formMeta{Story: id, Card: ref}), map[string]string{bot.FieldHeadline: strings.Repeat("x", 301)})
	var vs slackgo.InteractionCallback
	b, _ = json.Marshal(sub)
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeInteractive, Data: vs,
		Request: &socketmode.Request{Type: "interactive", EnvelopeID: "env-view"}})

	mention := loadJSON(t, "event-callback-app-mention.json")
	mention["event"].(map[string]any)["text"] = "<@U111> help"
	b, _ = json.Marshal(mention)
	ev, err := slackevents.ParseEvent(b, slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: ev,
		Request: &socketmode.Request{Type: "events_api", EnvelopeID: "env-event"}})

	for _, typ := range []socketmode.EventType{socketmode.EventTypeHello, socketmode.EventTypeConnecting, socketmode.EventTypeConnected,
		socketmode.EventTypeDisconnect, socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError} {
		f.ad.socketEvent(ctx, acks, socketmode.Event{Type: typ, Data: &slackgo.ConnectionErrorEvent{ErrorObj: context.Canceled}})
	}

	for _, env := range []string{"env-slash", "env-press", "env-event"} {
		if p, ok := acks.get(env); !ok || p != nil {
			t.Errorf("%s: ack %v (sent %v), want an empty acknowledgement", env, p, ok)
		}
	}
	if p, _ := acks.get("env-view"); p == nil || !strings.Contains(mustJSON(t, p), `"response_action":"errors"`) {
		t.Errorf("view submission acknowledged with %v, want the form errors", p)
	}
	if n := len(acks.acks); n != 4 {
		t.Errorf("%d envelopes acknowledged, want 4", n)
	}
	adaptertest.WaitFor(t, "the slash answer, the approval and the mention answer", func() bool {
		return len(f.slack.Responses(slashPath)) == 1 && len(f.cardUpdates(ref)) == 1 && len(f.slack.Calls("chat.postEphemeral")) == 1
	})
	if !strings.Contains(allText(f.slack.Responses(slashPath)[0].Body), "Sectors") {
		t.Error("socket slash command answer")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSocketModeEndToEnd runs Run against a fake Socket Mode server:
// apps.connections.open hands out a WebSocket URL; the server says hello and
// sends a slash command, a button press and a mention in Slack's envelope
// format; each comes back acknowledged by envelope ID and is acted on; and
// Run returns cleanly when its context ends.
func TestSocketModeEndToEnd(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Slack.Mode = "socket" }})
	page := pageServer(t, "Story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")

	envelopes := make(chan map[string]any, 8)
	acks := make(chan map[string]any, 8)
	// Slack's client sends Origin: https://api.slack.com, as to the real server.
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	f.slack.ServeSocket(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A111"}})
		go func() {
			for {
				var ack map[string]any
				if err := conn.ReadJSON(&ack); err != nil {
					return
				}
				acks <- ack
			}
		}()
		for {
			select {
			case env := <-envelopes:
				if err := conn.WriteJSON(env); err != nil {
					return
				}
			case <-r.Context().Done():
				return
			}
		}
	}))

	stop := adaptertest.Run(t, f.ad.Run)

	slash, slashPath := f.socketSlash(memberID, "help")
	press, _ := f.press(editorID, actionApprove, id, ref, "")
	mention := loadJSON(t, "event-callback-app-mention.json")
	mention["event"].(map[string]any)["text"] = "<@U111> sectors"
	envelopes <- map[string]any{"envelope_id": "e-slash", "type": "slash_commands", "payload": json.RawMessage(slash), "accepts_response_payload": true}
	envelopes <- map[string]any{"envelope_id": "e-press", "type": "interactive", "payload": press, "accepts_response_payload": false}
	envelopes <- map[string]any{"envelope_id": "e-event", "type": "events_api", "payload": mention, "accepts_response_payload": false, "retry_attempt": 0}

	got := map[string]bool{}
	timeout := time.After(5 * time.Second)
	for len(got) < 3 {
		select {
		case ack := <-acks:
			got[ack["envelope_id"].(string)] = true
		case <-timeout:
			t.Fatalf("acknowledged only %v", got)
		}
	}
	for _, want := range []string{"e-slash", "e-press", "e-event"} {
		if !got[want] {
			t.Errorf("%s not acknowledged", want)
		}
	}
	adaptertest.WaitFor(t, "the work behind the envelopes", func() bool {
		return len(f.slack.Responses(slashPath)) == 1 && len(f.cardUpdates(ref)) == 1 && len(f.slack.Calls("chat.postEphemeral")) == 1
	})
	if len(f.slack.Calls("apps.connections.open")) == 0 {
		t.Error("apps.connections.open was not called with the app token")
	}
	stop()
}

// TestSocketModeRefusedToken: a revoked app token ends Run with an error.
func TestSocketModeRefusedToken(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Slack.Mode = "socket"; c.Slack.AppToken = "xapp-revoked" }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.ad.Run(ctx); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("Run with a refused token: %v", err)
	}
}

// TestSocketModeConnectedFollowsTheConnection: Connected (the gauge on
// /metrics) is true while the Socket Mode connection is up, false from the
// moment it drops while slack-go tries again and fails, true again once it
// is back, and false after Run returns.
func TestSocketModeConnectedFollowsTheConnection(t *testing.T) {
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Slack.Mode = "socket" }})
	var refuse atomic.Bool
	drop := make(chan struct{})
	upgrader := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	f.slack.ServeSocket(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		conn, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A111"}})
		go func() { // read until closed, answering pings
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
			}
		}()
		select {
		case <-drop:
		case <-r.Context().Done():
		}
	}))
	if f.ad.Connected() {
		t.Fatal("connected before Run")
	}
	stop := adaptertest.Run(t, f.ad.Run)
	adaptertest.WaitFor(t, "connected", f.ad.Connected)

	refuse.Store(true)
	close(drop) // the connection drops; the next ones are refused
	adaptertest.WaitFor(t, "not connected while Slack refuses", func() bool { return !f.ad.Connected() })
	refuse.Store(false)
	adaptertest.WaitFor(t, "connected again", f.ad.Connected)

	stop()
	if f.ad.Connected() {
		t.Error("still connected after Run returned")
	}
}

// failingAck panics acknowledging one envelope, as a bug in handling it
// would, and records the others.
type failingAck struct {
	ackRecorder
	fail string
}

func (a *failingAck) AckCtx(ctx context.Context, id string, payload any) error {
	if id == a.fail {
		panic("acknowledging " + id)
	}
	return a.ackRecorder.AckCtx(ctx, id, payload)
}

// TestSocketModePanicIsContained: a panic while handling one Socket Mode
// envelope, on the connection's own goroutine where nothing else recovers
// it, is logged with its stack and the envelope, and the next envelope is
// handled: over HTTP the same panic is a 500 and the bot goes on, so it
// must not stop the bot in Socket Mode (the default mode) either.
func TestSocketModePanicIsContained(t *testing.T) {
	panics := adaptertest.NewPanicLog()
	f := newFixtureWith(t, fixtureOptions{logger: slog.New(panics)})
	ctx := context.Background()
	acks := &failingAck{fail: "env-boom"}
	raw, _ := f.socketSlash(memberID, "sectors")
	var sc slackgo.SlashCommand
	if err := json.Unmarshal(raw, &sc); err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: sc,
		Request: &socketmode.Request{Type: "slash_commands", EnvelopeID: "env-boom"}})
	logged := panics.Take()
	if len(logged) != 1 || !strings.Contains(logged[0], "slack socket mode event panicked") ||
		!strings.Contains(logged[0], "env-boom") || !strings.Contains(logged[0], "stack") {
		t.Errorf("panic logged as %q, want one line naming the envelope, with the stack", logged)
	}

	raw, path := f.socketSlash(memberID, "sectors")
	if err := json.Unmarshal(raw, &sc); err != nil {
		t.Fatal(err)
	}
	f.ad.socketEvent(ctx, acks, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: sc,
		Request: &socketmode.Request{Type: "slash_commands", EnvelopeID: "env-next"}})
	if _, ok := acks.get("env-next"); !ok {
		t.Error("the envelope after the panic was not acknowledged")
	}
	adaptertest.WaitFor(t, "the next command's answer", func() bool { return len(f.slack.Responses(path)) == 1 })
}
