package discord

import (
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/syncbuf"
)

// TestGatewaySessionNotResumableIdentifiesAnew: the bot's session drops
// and, when it comes back (a long outage, a suspended host), Discord will
// not resume it: it closes the Resume with 4009 (the session timed out)
// or 4007 (an invalid sequence), or answers it with op 9 INVALID_SESSION,
// d false. Each means "start a new session": the bot identifies anew and
// is connected again within seconds, and its log says why. discordgo
// never forgets a session ID, so it sent the same Resume for ever, each
// refused, and the bot stayed off Discord until restarted, logging only
// that the gateway was unreachable.
func TestGatewaySessionNotResumableIdentifiesAnew(t *testing.T) {
	for _, refusal := range []string{"4009", "4007", "op 9"} {
		t.Run(refusal, func(t *testing.T) {
			logs := &syncbuf.Buffer{}
			f := newFixture(t, func(_ *config.Config, o *Options) { o.Logger = slog.New(slog.NewJSONHandler(logs, nil)) })
			var resumed, identified atomic.Bool
			dropFirst := make(chan struct{})
			droppingGateway(t, f, dropFirst, func(c *websocket.Conn) {
				c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
				var first struct {
					Op int `json:"op"`
				}
				if c.ReadJSON(&first) != nil {
					return
				}
				if first.Op == 6 {
					resumed.Store(true)
					if refusal != "op 9" {
						code := map[string]int{"4009": 4009, "4007": 4007}[refusal]
						c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "not resumable"))
						return
					}
					c.WriteJSON(map[string]any{"op": 9, "d": false})
					if c.ReadJSON(&first) != nil {
						return
					}
				}
				if first.Op != 2 {
					t.Errorf("the bot sent op %d, want an Identify (2)", first.Op)
					return
				}
				identified.Store(true)
				c.WriteJSON(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
					"v": 10, "session_id": "session-2", "user": map[string]any{"id": botUserID, "username": "Shared News", "bot": true}, "guilds": []any{}}})
				for {
					if _, _, err := c.ReadMessage(); err != nil {
						return
					}
				}
			})
			stop := adaptertest.Run(t, f.adapter.Run)
			adaptertest.WaitFor(t, "connected", f.adapter.Connected)
			close(dropFirst)
			// After op 9 the Identify waits up to five seconds, as Discord
			// asks (gatewayDialer), longer than WaitFor waits.
			for deadline := time.Now().Add(10 * time.Second); !identified.Load(); time.Sleep(2 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("timed out waiting for an Identify after the refused Resume")
				}
			}
			adaptertest.WaitFor(t, "connected again", f.adapter.Connected)
			stop()
			if !resumed.Load() {
				t.Error("the bot did not try to resume the dropped session first")
			}
			if out := logs.String(); refusal != "op 9" && !strings.Contains(out, "not resumable") {
				t.Errorf("no line saying the session was not resumable in the log:\n%s", out)
			}
		})
	}
}
