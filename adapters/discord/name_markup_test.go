package discord

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// TestSentencesShowTheBotsNameAsWritten: with a bot.name holding
// Discord's markup characters, status's title showed it as written
// ("*Council* News_"), but the sentences that name the bot formatted it:
// subscribing, unsubscribing, another command or a foreign control
// refused, and the restarting notice said "Council" in italics and lost
// the underscore. Each shows the name escaped, as the title does, and
// keeps the bot's own markup.
func TestSentencesShowTheBotsNameAsWritten(t *testing.T) {
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Bot.Name = "*Council* News_" })
	const shown = `\*Council\* News\_`
	said := map[string]string{
		"subscribe":            f.say(manager, "subscribe").Data.Content,
		"another command":      f.interact(foreignCommand(t, f.slash(member, "help"))).Data.Content,
		"unsubscribe":          f.say(manager, "unsubscribe").Data.Content,
		"a foreign control":    f.interact(f.button(editor, "othergame:play", "1")).Data.Content,
		"status's title":       f.say(member, "status").Data.Embeds[0].Title,
		"restarting, rendered": renderReply(bot.Reply{Body: f.bot.Restarting()})[0].Content,
	}
	for what, text := range said {
		if !strings.Contains(text, shown) {
			t.Errorf("%s shows the name as %q, want %q", what, text, shown)
		}
	}
	if !strings.Contains(said["another command"], "try `/shared help`") {
		t.Errorf("the refusal of another command lost the bot's markup: %q", said["another command"])
	}
}

// foreignCommand is body, a slash command's interaction, as another
// application's command of the same server would arrive.
func foreignCommand(t *testing.T, body []byte) []byte {
	t.Helper()
	return reshaped(t, body, func(m map[string]any) { m["data"].(map[string]any)["name"] = "othergame" })
}
