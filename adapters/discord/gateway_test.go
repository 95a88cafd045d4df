package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
)

// callback returns the interaction response posted to the callback
// endpoint for interaction id.
func callback(t *testing.T, f *fixture, id string) response {
	t.Helper()
	var r response
	for _, c := range find(f.api.all(), "POST", "interactions/"+id+"/") {
		if !strings.HasSuffix(c.Path, "/callback") {
			continue
		}
		if err := json.Unmarshal(c.Body, &r); err != nil {
			t.Fatal(err)
		}
		r.raw = string(c.Body)
		return r
	}
	t.Fatalf("no callback for interaction %s in %+v", id, f.api.all())
	return r
}

// TestGatewayDispatch hands the gateway handler interactions built from
// the real payloads, as Discord sends them: commands, buttons and both
// modal shapes go through the same dispatch as HTTP, answered on the
// callback endpoint, each once.
func TestGatewayDispatch(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t, 0, nil)
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

	id := send(f.slash(member, "submit", str("url", page.URL+"/story")))
	expect(t, "submit over the gateway", callback(t, f, id), true, "Queued as #1")

	id = send(f.slash(member, "news", str("sector", "health")))
	expect(t, "news over the gateway", callback(t, f, id), true, "No stories in Health & Social Care yet.")

	id = send(f.button(member, "sharednews:approve:1", "1"))
	expect(t, "member presses Approve", callback(t, f, id), true, "Only editors can approve stories.")

	id = send(f.button(editor, "sharednews:edit:1", "1"))
	if r := callback(t, f, id); r.Type != int(discordgo.InteractionResponseModal) {
		t.Errorf("Edit over the gateway: %s", r.raw)
	}

	// The legacy modal shape, action rows of text inputs.
	id = send(f.modal(editor, "sharednews:editform:1", "1", legacyInput("summary", "From the gateway.")))
	expect(t, "legacy modal over the gateway", callback(t, f, id), true, "Updated the summary of #1.")

	// The Label shape, which discordgo v0.28 cannot decode.
	raw := f.modal(editor, "sharednews:editform:1", "1", labelSelect("sector", "housing"))
	var probe discordgo.InteractionCreate
	if err := json.Unmarshal(raw, &probe); err == nil {
		t.Log("discordgo now decodes Label modals")
	}
	id = send(raw)
	expect(t, "Label modal over the gateway", callback(t, f, id), true, "Updated the sector of #1.")
	if got := len(find(f.api.all(), "POST", "interactions/"+id+"/")); got != 1 {
		t.Errorf("the Label modal was answered %d times", got)
	}
	if st, _ := f.bot.Story(context.Background(), 1); st.Sector != "housing" || st.Summary != "From the gateway." {
		t.Errorf("story: %+v", st)
	}

	id = send(f.button(editor, "sharednews:approve:1", "1"))
	expect(t, "editor approves", callback(t, f, id), true, "Approved #1", "into Housing")
	if st, _ := f.bot.Story(context.Background(), 1); st.State != digest.StateApproved {
		t.Errorf("story state %s", st.State)
	}
}

// botUserID is the bot's user ID, as READY tells it; unlike most real
// bots', it is not the application ID, so that tests show which one the
// adapter uses.
const botUserID = "845027738276469999"

// dispatch is one gateway event: its name and data.
type dispatch struct {
	name string
	data []byte
}

// fakeGateway is a Discord gateway that says Hello, reads Identify, sends
// READY and then the events it is given (interactions unless send names
// another).
type fakeGateway struct {
	srv      *httptest.Server
	events   chan dispatch
	mu       sync.Mutex
	identify map[string]any
	closed   chan struct{}
}

func newFakeGateway(t *testing.T) *fakeGateway {
	g := &fakeGateway{events: make(chan dispatch, 4), closed: make(chan struct{})}
	up := websocket.Upgrader{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		defer close(g.closed)
		id, readDone, ok := openSession(c)
		if !ok {
			return
		}
		g.mu.Lock()
		g.identify = id
		g.mu.Unlock()
		seq := 1
		for {
			select {
			case e := <-g.events:
				seq++
				c.WriteJSON(map[string]any{"op": 0, "t": e.name, "s": seq, "d": json.RawMessage(e.data)})
			case <-readDone:
				return
			}
		}
	}))
	t.Cleanup(g.srv.Close)
	return g
}

// openSession plays the gateway's side of a session's start on c: Hello,
// the client's Identify (or Resume), READY. It returns what the client
// sent and a channel closed once the client's side of c closes, reading
// (and dropping) what the client sends until then; ok is false if the
// client went away first.
func openSession(c *websocket.Conn) (identify map[string]any, closed <-chan struct{}, ok bool) {
	c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
	if err := c.ReadJSON(&identify); err != nil {
		return nil, nil, false
	}
	c.WriteJSON(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
		"v": 10, "session_id": "session-1", "user": map[string]any{"id": botUserID, "username": "Shared News", "bot": true}, "guilds": []any{}}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}()
	return identify, done, true
}

// interaction sends an INTERACTION_CREATE.
func (g *fakeGateway) interaction(raw []byte) { g.send("INTERACTION_CREATE", raw) }

// send sends an event.
func (g *fakeGateway) send(name string, data []byte) { g.events <- dispatch{name, data} }

// TestGatewayRun connects through the real discordgo gateway client to a
// fake gateway, answers an interaction delivered over it, and shuts down
// cleanly when its context ends.
func TestGatewayRun(t *testing.T) {
	f := newFixture(t, nil)
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")

	stop := adaptertest.Run(t, f.adapter.Run)

	raw := f.slash(member, "sectors")
	g.interaction(raw)
	var id struct {
		ID string `json:"id"`
	}
	json.Unmarshal(raw, &id)
	adaptertest.WaitFor(t, "the gateway interaction's answer", func() bool {
		return len(find(f.api.all(), "POST", "interactions/"+id.ID+"/")) > 0
	})
	expect(t, "sectors over a live gateway", callback(t, f, id.ID), true, "Local Government")

	g.mu.Lock()
	identify := g.identify
	g.mu.Unlock()
	d, _ := identify["d"].(map[string]any)
	// Guilds, and the messages that may mention the bot; nothing privileged
	// (Message Content, Server Members, Presence).
	wantIntents := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if d["token"] != "Bot "+botToken || d["intents"] != float64(wantIntents) {
		t.Errorf("identify: token ok %v, intents %v", d["token"] == "Bot "+botToken, d["intents"])
	}

	stop()
	select {
	case <-g.closed:
	case <-time.After(5 * time.Second):
		t.Error("the gateway connection was not closed")
	}
	// Once stopped, interactions are refused rather than half answered:
	// the member is told, to them alone, in the words Slack uses (it got
	// HTTP 503, which Discord shows as "The application did not respond").
	n := f.api.count()
	expect(t, "a command after shutdown", f.interact(f.slash(member, "help")), true, "⚠️ "+f.bot.Restarting().Text)
	if f.api.count() != n {
		t.Errorf("a command after shutdown called Discord: %v", f.api.all()[n:])
	}
	// An autocomplete cannot take a message: it is refused as before.
	body := payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
		m["type"] = 4
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
			"type": 1, "name": "news", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "heal", "focused": true}}}}}
	})
	sig, ts := f.sign(body)
	if rec := f.post(body, sig, ts); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("an autocomplete after shutdown: HTTP %d", rec.Code)
	}
}

// TestGatewayRefusalsNameTheirRemedy: each close code retrying cannot
// fix names what to check, and only 4004 sends the operator to the token.
func TestGatewayRefusalsNameTheirRemedy(t *testing.T) {
	for code, want := range map[int]string{4004: "DISCORD_BOT_TOKEN", 4011: "sharding", 4012: "upgrade", 4014: "intent"} {
		remedy, fatal := gatewayRefusal(&websocket.CloseError{Code: code, Text: "refused"})
		if !fatal || !strings.Contains(remedy, want) {
			t.Errorf("close %d: %q, %v; want a refusal naming %q", code, remedy, fatal, want)
		}
		if code != 4004 && strings.Contains(remedy, "TOKEN") {
			t.Errorf("close %d sends the operator to the token: %q", code, remedy)
		}
	}
	for _, err := range []error{&websocket.CloseError{Code: 4000}, &websocket.CloseError{Code: 4009}, context.DeadlineExceeded} {
		if _, fatal := gatewayRefusal(err); fatal {
			t.Errorf("%v should be retried", err)
		}
	}
}

// TestGatewayConnectedFollowsTheSession: Connected (the gauge on /metrics)
// is true while the gateway session is up, false once it drops and while
// the gateway refuses discordgo's attempts to connect again, true again
// once it is back, and false after Run returns.
func TestGatewayConnectedFollowsTheSession(t *testing.T) {
	f := newFixture(t, nil)
	var refuse atomic.Bool
	var conns atomic.Int32
	dropFirst := make(chan struct{})
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_, closed, ok := openSession(c) // Identify, or Resume after the drop
		if !ok {
			return
		}
		drop := dropFirst
		if conns.Add(1) > 1 {
			drop = nil // only the first session is dropped
		}
		select {
		case <-drop:
		case <-closed:
		}
	}))
	defer srv.Close()
	f.api.SetGateway("ws://" + srv.Listener.Addr().String() + "/")
	if f.adapter.Connected() {
		t.Fatal("connected before Run")
	}
	stop := adaptertest.Run(t, f.adapter.Run)
	adaptertest.WaitFor(t, "connected", f.adapter.Connected)

	refuse.Store(true)
	close(dropFirst) // the session drops; the next attempts are refused
	adaptertest.WaitFor(t, "not connected while the gateway refuses", func() bool { return !f.adapter.Connected() })
	refuse.Store(false)
	adaptertest.WaitFor(t, "connected again", f.adapter.Connected)

	stop()
	adaptertest.WaitFor(t, "not connected after Run", func() bool { return !f.adapter.Connected() })
}
