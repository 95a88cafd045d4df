package discord

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
)

// TestALongBotNameFitsTheTitlesItHeads: bot.name takes any length, and
// help and status are titled by it ("… commands", "… status") in their
// embed's title, which Discord refuses beyond 256 characters, so that the
// whole answer would not be shown. Under a name of 300 characters, each
// answer is within Discord's limits and its title still starts with the
// name.
func TestALongBotNameFitsTheTitlesItHeads(t *testing.T) {
	name := strings.TrimSpace(strings.Repeat("Shared Services Partnership ", 11))
	if length(name) <= maxEmbedTitle {
		t.Fatalf("the name has %d characters: no longer than a title", length(name))
	}
	f := newFixture(t, func(c *config.Config, _ *Options) { c.Bot.Name = name })
	for _, sub := range []string{"help", "status"} {
		for _, p := range []person{editor, member} {
			r := f.say(p, sub)
			if err := checkLimits(Payload{Content: r.Data.Content, Embeds: r.Data.Embeds}); err != nil {
				t.Errorf("%s: %v", sub, err)
			}
			if len(r.Data.Embeds) == 0 || !strings.HasPrefix(r.Data.Embeds[0].Title, "Shared Services Partnership Shared Services") {
				t.Errorf("%s: %s", sub, r.raw)
			}
		}
	}
}
