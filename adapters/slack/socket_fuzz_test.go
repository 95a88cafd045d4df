package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/tasks"
)

// socketEnvelope decodes a Socket Mode message as slack-go's client does
// before it hands the adapter an event (socketmode.Client.parseEvent,
// which is not exported): the envelope, then its payload by its type. It
// reports false for what the client would not hand over.
func socketEnvelope(raw []byte) (socketmode.Event, bool) {
	var req socketmode.Request
	if json.Unmarshal(raw, &req) != nil {
		return socketmode.Event{}, false
	}
	evt := socketmode.Event{Request: &req}
	switch req.Type {
	case socketmode.RequestTypeEventsAPI:
		ev, err := slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			return evt, false
		}
		evt.Type, evt.Data = socketmode.EventTypeEventsAPI, ev
	case socketmode.RequestTypeSlashCommands:
		var sc slackgo.SlashCommand
		if json.Unmarshal(req.Payload, &sc) != nil {
			return evt, false
		}
		evt.Type, evt.Data = socketmode.EventTypeSlashCommand, sc
	case socketmode.RequestTypeInteractive:
		var cb slackgo.InteractionCallback
		if json.Unmarshal(req.Payload, &cb) != nil {
			return evt, false
		}
		evt.Type, evt.Data = socketmode.EventTypeInteractive, cb
	case socketmode.RequestTypeHello:
		evt.Type = socketmode.EventTypeHello
	case socketmode.RequestTypeDisconnect:
		evt.Type = socketmode.EventTypeDisconnect
	default:
		return evt, false
	}
	return evt, true
}

// envelope wraps a payload as Socket Mode sends it.
func envelope(tb testing.TB, kind string, payload any) []byte {
	tb.Helper()
	raw, err := json.Marshal(map[string]any{"envelope_id": "env-1", "type": kind, "payload": payload,
		"accepts_response_payload": kind != socketmode.RequestTypeEventsAPI})
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// FuzzSocketEvent hands the adapter any Socket Mode envelope, decoded as
// slack-go decodes it, with a real bot on SQLite behind it and a story
// waiting for review. In Socket Mode the adapter runs the handlers on the
// connection's own goroutine, where net/http recovers nothing: a panic
// there stops the bot. The handlers' background work runs to its end
// before the next input, and a panic it recovered from (logged with a
// "panic" attribute) fails the input that caused it.
func FuzzSocketEvent(f *testing.F) {
	panics := adaptertest.NewPanicLog()
	fx := newFixtureWith(f, fixtureOptions{offline: true, logger: slog.New(panics)})
	id, ref := fx.submit("https://news.example/councils", "health Two councils share a chief executive")

	// Seeds: the real payloads of the shared collection as they are, and
	// as the tests address them to this story and its card.
	slash, _ := fx.socketSlash(editorID, "queue")
	f.Add(envelope(f, socketmode.RequestTypeSlashCommands, slash))
	if raw, err := os.ReadFile(filepath.Join(testdata, "slash-command-hello-world.form")); err == nil {
		form, _ := url.ParseQuery(string(raw))
		m := map[string]string{}
		for k := range form {
			m[k] = form.Get(k)
		}
		f.Add(envelope(f, socketmode.RequestTypeSlashCommands, m))
	}
	for _, name := range []string{"block-actions-button-minimal.json", "block-actions-button-in-message.json", "view-submission.json"} {
		f.Add(envelope(f, socketmode.RequestTypeInteractive, loadJSON(f, name)))
	}
	for _, name := range []string{"event-callback-app-mention.json", "event-callback-message.json", "url-verification.json"} {
		f.Add(envelope(f, socketmode.RequestTypeEventsAPI, loadJSON(f, name)))
	}
	for _, action := range []string{actionApprove, actionReject, actionEdit, actionAfterAll} {
		press, _ := fx.press(editorID, action, id, ref, "")
		f.Add(envelope(f, socketmode.RequestTypeInteractive, press))
	}
	f.Add(envelope(f, socketmode.RequestTypeInteractive, fx.selectSector(editorID, id, ref, "housing", "Housing")))
	meta, _ := json.Marshal(formMeta{Story: id, Card: ref})
	f.Add(envelope(f, socketmode.RequestTypeInteractive, fx.submitView(editorID, callbackEdit, string(meta),
		map[string]string{bot.FieldHeadline: "Two councils merge", bot.FieldSector: "housing"})))
	f.Add(envelope(f, socketmode.RequestTypeInteractive, fx.submitView(editorID, callbackReject, string(meta),
		map[string]string{bot.FieldReason: "Covered last week"})))
	mention := loadJSON(f, "event-callback-app-mention.json")
	mention["event"].(map[string]any)["text"] = "<@U111> status"
	f.Add(envelope(f, socketmode.RequestTypeEventsAPI, mention))

	shutdown := func(tb testing.TB, g *tasks.Group) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := g.Shutdown(ctx); err != nil {
			tb.Fatalf("background work still running after 30s: %v", err)
		}
	}
	shutdown(f, fx.ad.tasks)
	panics.Take()
	f.Fuzz(func(t *testing.T, raw []byte) {
		evt, ok := socketEnvelope(raw)
		if !ok {
			return
		}
		// A group of its own for each input: its Shutdown waits for this
		// input's work alone.
		g := tasks.New(10*time.Second, fx.ad.log)
		fx.ad.tasks = g
		fx.ad.socketEvent(context.Background(), &ackRecorder{}, evt)
		shutdown(t, g)
		if p := panics.Take(); len(p) > 0 {
			t.Fatalf("%d recovered panic(s) handling %s; the first: %s", len(p), strings.TrimSpace(string(raw)), p[0])
		}
	})
}
