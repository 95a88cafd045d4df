package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// TestCommandWordTypedAsAWord: after a mention, in a direct message or on
// the console, where no slash is needed, people type the command as they
// would the slash command, "shared news health". It was answered
// "Unknown command `shared`." The configured command's own name, without
// its slash, is the command word there and runs the command (as the
// slash command would, permissions and all); a slip in it ("/share news",
// "shraed news") is answered with the line as it should be typed. A line
// that is no slip of it keeps the answer it had.
func TestCommandWordTypedAsAWord(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a")
	ask := func(c Caller, line string) Reply {
		return f.bot.Handle(context.Background(), Request{Caller: c,
			Channel: Channel{Platform: "slack", ID: "C1", Name: "general"}, Text: line})
	}
	// Each line is answered exactly as the slash command it stands for.
	for line, as := range map[string]string{
		"shared news health":        "/shared news health",
		"Shared News health":        "/shared news health",
		"shared\u00a0sectors":       "/shared sectors",
		"shared":                    "/shared",
		"shared queue":              "/shared queue",
		"shared nws health":         "/shared nws health",
		`shared search "merger"`:    `/shared search "merger"`,
		"shared status now":         "/shared status now",
		"/shared shared news":       "/shared news",
		"hello":                     "/shared hello",
		"thanks!":                   "/shared thanks!",
		"share it with the team":    "/shared share it with the team",
		"shraed":                    "/shared shraed",
		"shraed nws":                "/shared shraed nws",
		"sharing news is good, ana": "/shared sharing news is good, ana",
	} {
		for _, c := range []Caller{member, editor} {
			if got, want := ask(c, line), ask(c, as); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %q answered %q, want %q as for %q", c.Name, line, text(got), text(want), as)
			}
		}
	}
	// A slip in the command word is answered with the whole line as it
	// should be typed.
	for line, want := range map[string]string{
		"/share news":         "Unknown command `/share`. Did you mean `/shared news`?",
		"/sahred news health": "Unknown command `/sahred`. Did you mean `/shared news health`?",
		"shraed news":         "Unknown command `shraed`. Did you mean `/shared news`?",
		"Sahred News health":  "Unknown command `sahred`. Did you mean `/shared News health`?",
		"/share nws health":   "Unknown command `/share`. Did you mean `/shared news health`?",
		"/shraed":             "Unknown command `/shraed`. Did you mean `/shared`?",
		"/shraed frobnicate":  "Unknown command `/shraed`. Did you mean `/shared`?",
		"/sahred approve 1":   "Unknown command `/sahred`. Did you mean `/shared approve 1`?",
		"/sh status":          "Unknown command `/sh`. Did you mean `/shared status`?",
	} {
		r := ask(editor, line)
		m, _ := r.Body.(Message)
		if m.Tone != Problem || m.Text != want || m.Usage != "/shared help" {
			t.Errorf("%q answered %q (usage %q), want %q", line, m.Text, m.Usage, want)
		}
	}
	if s, _ := f.store.Story(context.Background(), 1); s.State != digest.StateQueued {
		t.Errorf("a line with a slip in the command word changed the story: %s", s.State)
	}
}

// TestCommandWordThatNamesACommand: a command configured under the name of
// one of its own commands (/news) keeps that command for the bare word:
// "news health" asks for the news, as it always did, and is not read as
// "/news health".
func TestCommandWordThatNamesACommand(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Slack.Command = "/news" })
	ask := func(line string) Reply {
		return f.bot.Handle(context.Background(), Request{Caller: member,
			Channel: Channel{Platform: "slack", ID: "C1"}, Text: line})
	}
	if got, want := ask("news health"), ask("/news news health"); !reflect.DeepEqual(got, want) {
		t.Errorf("news health: %q, want %q", text(got), text(want))
	}
	if got, want := text(ask("/nwes news health")), "Unknown command `/nwes`. Did you mean `/news news health`?"; got != want {
		t.Errorf("a slip in /news: %q, want %q", got, want)
	}
	// A command typed with a slash, one letter from the command word
	// (/notes), is that command typed with the wrong word.
	f = newFixture(t, func(c *config.Config) { c.Slack.Command = "/notes" })
	if got, want := text(f.bot.Handle(context.Background(), Request{Caller: editor,
		Channel: Channel{Platform: "slack", ID: "C1"}, Text: "/note 1 Thanks"})), "Unknown command `/note`. Did you mean `/notes note`?"; got != want {
		t.Errorf("/note under /notes: %q, want %q", got, want)
	}
}

// TestCommandWordOfEachPlatform: the word is the platform's own command
// (Discord's is configured without its slash), and the console's is
// /shared.
func TestCommandWordOfEachPlatform(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Discord.Command = "digest" })
	ask := func(platform, line string) string {
		return text(f.bot.Handle(context.Background(), Request{Caller: member,
			Channel: Channel{Platform: platform, ID: "C1"}, Text: line}))
	}
	if got, want := ask("discord", "digest sectors"), ask("discord", "/digest sectors"); got != want {
		t.Errorf("discord: %q, want %q", got, want)
	}
	if got, want := ask("discord", "/digets sectors"), "Unknown command `/digets`. Did you mean `/digest sectors`?"; got != want {
		t.Errorf("discord slip: %q, want %q", got, want)
	}
	if got, want := ask("console", "shraed sectors"), "Unknown command `shraed`. Did you mean `/shared sectors`?"; got != want {
		t.Errorf("console slip: %q, want %q", got, want)
	}
}

// TestCommandWordDecidesWhoIsAsked: a platform that must look up whether
// the caller is a channel admin, or that cannot send the answer as a
// direct message, reads the line as the router does.
func TestCommandWordDecidesWhoIsAsked(t *testing.T) {
	f := newFixture(t, nil)
	if !f.bot.NeedsChannelAdmin("slack", "shared subscribe health") {
		t.Error("shared subscribe: no channel admin look-up")
	}
	if f.bot.NeedsChannelAdmin("slack", "shared news") {
		t.Error("shared news: a channel admin look-up")
	}
	if got := f.bot.DirectMessagesClosed("slack", "shared queue").Text; !strings.Contains(got, "`/shared queue`") {
		t.Errorf("closed direct messages: %q", got)
	}
}
