package discord

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestGatewayRefusalMidRunEndsTheRun: the bot's token reset, or an intent
// it asks for disallowed, while it runs: its session drops, and Discord
// closes each new one with 4004 (authentication failed) or 4014
// (disallowed intents). Run ends with the error it gives for the same
// refusal at start, which names what to check, after one try (a Resume
// of the session): discordgo's own reconnection tried again for ever
// (every 10 minutes at most), with nothing in the bot's log, while the
// bot ran on without Discord.
func TestGatewayRefusalMidRunEndsTheRun(t *testing.T) {
	for _, code := range []int{4004, 4014} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			f := newFixture(t, nil)
			var resumed atomic.Bool // the try after the drop resumed the session
			dropFirst := make(chan struct{})
			conns := droppingGateway(t, f, dropFirst, func(c *websocket.Conn) {
				// Hello, then the close that answers the Identify (or Resume).
				c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
				var id struct {
					Op int `json:"op"`
					D  struct {
						SessionID string `json:"session_id"`
					} `json:"d"`
				}
				c.ReadJSON(&id)
				resumed.Store(id.Op == 6 && id.D.SessionID == "session-1")
				c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "refused"))
			})
			done := make(chan error, 1)
			go func() { done <- f.adapter.Run(t.Context()) }()
			adaptertest.WaitFor(t, "connected", f.adapter.Connected)
			close(dropFirst)
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "discord gateway refused the bot") {
					t.Errorf("Run: %v, want the gateway's refusal", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Run still running 10 s after the gateway refused the bot (%d connections)", conns.Load())
			}
			if !resumed.Load() {
				t.Error("the session was not resumed after the drop (op 6 with its session_id)")
			}
			if n := conns.Load(); n != 2 {
				t.Errorf("%d connections to the gateway, want the session and one refused try", n)
			}
		})
	}
}

// droppingGateway serves the fixture's gateway on loopback: the first
// connection is a session (openSession) that drops when drop is closed,
// and each later one is handed to later. It counts the connections.
func droppingGateway(t *testing.T, f *fixture, drop <-chan struct{}, later func(*websocket.Conn)) *atomic.Int32 {
	t.Helper()
	conns := new(atomic.Int32)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		if conns.Add(1) > 1 {
			later(c)
			return
		}
		if _, closed, ok := openSession(c); ok {
			select {
			case <-drop:
			case <-closed:
			}
		}
	}))
	t.Cleanup(srv.Close)
	f.api.SetGateway("ws://" + srv.Listener.Addr().String() + "/")
	return conns
}
