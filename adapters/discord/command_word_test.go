package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
)

// TestMessageWithTheCommandWord: in a direct message with the bot, or
// after mentioning it, people type the command as they would the slash
// command, often without its slash: "shared news health" was answered
// "Unknown command `shared`." It runs; a slip in the word is answered
// with the line to type; a message that is no command keeps its answer;
// and someone whose direct messages are closed is told the slash command
// that was meant, not the bare "/shared".
func TestMessageWithTheCommandWord(t *testing.T) {
	closed := person{"100000000000000077", []string{}, "0"}
	f := newFixtureWithAPI(t, discordtest.Options{ClosedDMs: []string{closed.id}}, nil)
	g := newFakeGateway(t)
	f.api.SetGateway("ws://" + g.srv.Listener.Addr().String() + "/")
	stop := adaptertest.Run(t, f.adapter.Run)
	defer stop()
	adaptertest.WaitFor(t, "the gateway session", func() bool { return f.adapter.self.Load() != nil })

	dm := "dm" + memberID
	for i, c := range []struct {
		channel, guild string
		who            person
		content, want  string
	}{
		{dm, "", member, "shared news health", "No stories in Health & Social Care"},
		{dm, "", member, "/sahred news health", "Unknown command `/sahred`. Did you mean `/shared news health`?"},
		{dm, "", member, "thanks!", "Unknown command `thanks!`."},
		{newsChannel, guildID, closed, "<@" + botUserID + "> shared queue", "Use the slash command `/shared queue` instead"},
	} {
		from := f.api.count()
		mentioned := []map[string]any{}
		if c.guild != "" {
			mentioned = append(mentioned, theBot)
		}
		g.send("MESSAGE_CREATE", messageEvent(t, fmt.Sprintf("110000000000000020%d", i), c.channel, c.guild, c.who, c.content, mentioned...))
		var msgs []map[string]any
		adaptertest.WaitFor(t, "the answer to "+c.content, func() bool {
			msgs = messagesTo(f, from, c.channel)
			return len(msgs) > 0
		})
		if got := contentOf(msgs); !strings.Contains(got, c.want) {
			t.Errorf("%q was answered: %s", c.content, got)
		}
	}
}
