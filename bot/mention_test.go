package bot

import (
	"strings"
	"testing"
)

// TestMentionedCommand: the command in a message that mentions the bot,
// as Slack (<@U1>, <@U1|name>) and Discord (<@42>, <@!42>, <@&77>) write
// the mention, with the punctuation people put around a name.
func TestMentionedCommand(t *testing.T) {
	slack := []string{"<@U111>", "<@U111|"}
	discord := []string{"<@42>", "<@!42>", "<@&77>"}
	for _, c := range []struct {
		text     string
		mentions []string
		want     string
		found    bool
	}{
		{"<@U111> news health", slack, "news health", true},
		{"hey <@U111> news", slack, "news", true},
		{"news health <@U111>", slack, "news health", true},
		{"<@U111|bot> news", slack, "news", true},
		{"<@U111>: news health", slack, "news health", true},
		{"Hey <@U111>, news health", slack, "news health", true},
		{"news health - <@U111>", slack, "news health", true},
		{"<@U111> — news", slack, "news", true},
		{"<@UOTHER> news", slack, "", false},
		{"news", slack, "", false},
		{"<@42> news health", discord, "news health", true},
		{"<@!42>   news   health ", discord, "news   health", true},
		{"<@42>: news health", discord, "news health", true},
		{"<@7> can you <@42> help", discord, "help", true},
		{"<@&77>, news health", discord, "news health", true},
		{"<@42> then <@!42> twice", discord, "then <@!42> twice", true},
		{"<@!42> first <@42>", discord, "first <@42>", true},
		{"<@42>", discord, "", true},
		{"<@420> news", discord, "", false},
		{"<@&78> news health", discord, "", false},
		{"<@U111 news", []string{"<@U111"}, "", false},
	} {
		got, found := MentionedCommand(c.text, c.mentions)
		if got != c.want || found != c.found {
			t.Errorf("MentionedCommand(%q) = %q, %v; want %q, %v", c.text, got, found, c.want, c.found)
		}
	}
}

// TestMessageCommand: the command in a message, as Discord writes the bot's
// mention (<@42>, <@!42>, its role <@&77>): a direct message is a command
// whole, a server message only when it mentions the bot.
func TestMessageCommand(t *testing.T) {
	for _, c := range []struct {
		content string
		direct  bool
		want    string
		ok      bool
	}{
		{"<@42> news health", false, "news health", true},
		{"<@!42>   news   health ", false, "news   health", true},
		{"news health <@42>", false, "news health", true},
		{"<@7> can you <@42> help", false, "help", true},
		{"<@42>", false, "", true},
		{"<@420> news", false, "", false},
		{"news health", false, "", false},
		{"news health", true, "news health", true},
		{" <@42> sectors", true, "sectors", true},
		{"<@&77> news health", false, "news health", true},
		{"<@&78> news health", false, "", false},
		{"<@42>: news health", false, "news health", true},
		{"Hey <@!42>, news health", false, "news health", true},
	} {
		got, ok := MessageCommand(c.content, []string{"<@42>", "<@!42>", "<@&77>"}, c.direct)
		if got != c.want || ok != c.ok {
			t.Errorf("MessageCommand(%q, direct %v) = %q, %v; want %q, %v", c.content, c.direct, got, ok, c.want, c.ok)
		}
	}
}

// TestNeedsChannelAdmin: by message, only a command a channel admin may
// run besides editors, and help (a bare mention too), are worth looking
// the caller's permissions up for; any other command answers the same.
func TestNeedsChannelAdmin(t *testing.T) {
	f := newFixture(t, nil)
	for text, want := range map[string]bool{
		"": true, "help": true, "HELP me": true, "subscribe health": true, "unsubscribe": true, "/shared subscribe": true,
		"news": false, "queue": false, "approve 3": false, "nonsense": false,
	} {
		if got := f.bot.NeedsChannelAdmin("discord", text); got != want {
			t.Errorf("NeedsChannelAdmin(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestDirectMessagesClosed: the channel is told that the answer could not
// be sent, and the slash command to type instead, with the command given
// when it is one, and nothing of the answer.
func TestDirectMessagesClosed(t *testing.T) {
	f := newFixture(t, nil)
	for text, want := range map[string]string{"queue 3": "`/shared queue`", "/shared draft": "`/shared draft`", "nonsense": "`/shared`"} {
		m := f.bot.DirectMessagesClosed("discord", text)
		if m.Tone != Problem || !strings.Contains(m.Text, "direct message") || !strings.Contains(m.Text, want) {
			t.Errorf("%q: %+v, want a problem naming %s", text, m, want)
		}
	}
}
