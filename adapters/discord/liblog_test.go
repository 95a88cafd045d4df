package discord

import (
	"bytes"
	"encoding/json"
	"log"
	"log/slog"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/internal/syncbuf"
)

// TestLibraryLogIsStructured: discordgo logs an event it cannot decode
// (another app's message built from layout components it does not know)
// as an error of its own, "[DG0] … error unmarshalling MESSAGE_CREATE",
// written through the standard log package, at warning level in the
// run's log, once for every such message. The adapter reads that event's
// raw JSON itself (and says so if it cannot), so the line is routed
// through slog at debug level, with the event named, and nothing is
// written to the standard log.
func TestLibraryLogIsStructured(t *testing.T) {
	logs := &syncbuf.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	std := &syncbuf.Buffer{}
	prev, prevFlags := log.Writer(), log.Flags()
	log.SetOutput(std)
	t.Cleanup(func() { log.SetOutput(prev); log.SetFlags(prevFlags) })
	t.Cleanup(RouteLibraryLog(logger))

	f := newFixture(t, nil)
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")
	stop := adaptertest.Run(t, f.adapter.Run)
	defer stop()
	adaptertest.WaitFor(t, "connected", f.adapter.Connected)

	m := map[string]any{"id": "1100000000000000099", "channel_id": newsChannel, "type": 0, "timestamp": "2026-11-30T04:00:00.000000+00:00",
		"mentions": []any{}, "attachments": []any{}}
	for k, v := range componentsV2Message {
		m[k] = v
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	g.send("MESSAGE_CREATE", raw)
	var rec struct{ Level, Msg, Message string }
	adaptertest.WaitFor(t, "discordgo's line in the structured log", func() bool {
		for line := range strings.Lines(logs.String()) {
			if json.Unmarshal([]byte(line), &rec) == nil && strings.Contains(rec.Message, "error unmarshalling MESSAGE_CREATE") {
				return true
			}
		}
		return std.String() != ""
	})
	if out := std.String(); out != "" {
		t.Errorf("discordgo wrote to the standard log: %q", out)
	}
	if rec.Level != "DEBUG" || rec.Msg != "discordgo" {
		t.Errorf("discordgo's line logged as %+v, want a DEBUG record named discordgo", rec)
	}
	if bytes.Contains([]byte(logs.String()), []byte(botToken)) {
		t.Error("the log names the bot token")
	}
}
