package discord

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// invalidatingGateway is a gateway that says Hello, reads the bot's
// Identify and answers it with op 9 INVALID_SESSION (d false) invalid
// times, each time noting when it was sent and when the next Identify
// came (on waits); then it sends READY.
func invalidatingGateway(t *testing.T, f *fixture, invalid int, waits chan<- time.Duration) {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		var p struct{ Op int }
		if c.ReadJSON(&p) != nil || p.Op != 2 {
			return
		}
		for range invalid {
			sent := time.Now()
			c.WriteJSON(map[string]any{"op": 9, "d": false})
			for p.Op = 0; p.Op != 2; {
				if c.ReadJSON(&p) != nil {
					close(waits)
					return
				}
			}
			waits <- time.Since(sent)
		}
		c.WriteJSON(map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
			"v": 10, "session_id": "session-1", "user": map[string]any{"id": botUserID, "username": "Shared News", "bot": true}, "guilds": []any{}}})
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	f.api.SetGateway("ws://" + srv.Listener.Addr().String() + "/")
}

// TestInvalidSessionWaitsBeforeIdentifying: Discord answers an Identify
// it will not take now (too many at once: the session start limit) with
// op 9 INVALID_SESSION, and asks for a random wait of one to five seconds
// before the next. discordgo identifies again at once, inside its read
// loop, so a gateway that answered each Identify with op 9 was sent
// sixty thousand a second, where Discord allows a thousand a day and then
// resets the bot's token. Each Identify after op 9 now waits.
func TestInvalidSessionWaitsBeforeIdentifying(t *testing.T) {
	f := newFixture(t, nil)
	waits := make(chan time.Duration, 3)
	invalidatingGateway(t, f, 2, waits)
	stop := adaptertest.Run(t, f.adapter.Run)
	defer stop()
	for i := range 2 {
		select {
		case d, ok := <-waits:
			if !ok {
				t.Fatal("the bot went away instead of identifying again")
			}
			t.Logf("identify %d came %s after op 9", i+2, d)
			if d < time.Second || d > 5*time.Second+500*time.Millisecond {
				t.Errorf("identify %d came %s after op 9, want one to five seconds", i+2, d)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no Identify %d within ten seconds of op 9", i+2)
		}
	}
	adaptertest.WaitFor(t, "connected", f.adapter.Connected)
}

// TestInvalidSessionWaitEndsWithShutdown: the wait after op 9 ends
// when the bot is stopped, sending no Identify: a shutdown does not wait
// it out.
func TestInvalidSessionWaitEndsWithShutdown(t *testing.T) {
	f := newFixture(t, nil)
	waits := make(chan time.Duration, 1)
	invalidatingGateway(t, f, 1, waits)
	stop := adaptertest.Run(t, f.adapter.Run)
	time.Sleep(300 * time.Millisecond) // the op 9 is sent and the wait begun
	// discordgo's Close waits a second for the gateway to close first.
	start := time.Now()
	stop()
	if d := time.Since(start); d > 1600*time.Millisecond {
		t.Errorf("Run took %s to stop during the wait after op 9", d)
	}
	select {
	case d, ok := <-waits:
		if ok {
			t.Errorf("an Identify was sent %s after op 9 during shutdown", d)
		}
	case <-time.After(2 * time.Second):
	}
}
