package bot

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// announcingRecorder is the recorder with a channel notice, as Slack
// posts one when a channel is subscribed.
type announcingRecorder struct {
	*recorder
	mu      sync.Mutex
	notices []Message
}

func (a *announcingRecorder) Announce(_ context.Context, _ string, m Message) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.notices = append(a.notices, m)
	return nil
}

// replyWords is everything a reply says, as every platform says it: a
// sentence and its usage, or an outline's title, lines, entries and facts.
func replyWords(r Reply) string {
	if m, ok := r.Body.(Message); ok {
		return m.Text + "\n" + m.UsageLine()
	}
	o := r.Outline(nil)
	out := []string{o.Title}
	for _, l := range append(append([]Line(nil), o.Before...), o.After...) {
		out = append(out, l.Text())
	}
	for _, g := range o.Groups {
		out = append(out, g.Heading)
		for _, e := range g.Entries {
			out = append(out, e.Name, strings.Join(e.Facts, " · "))
			for _, l := range e.Lines {
				out = append(out, l.Text())
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestTheBotSaysItsConfiguredName: bot.name is the bot's name in every
// sentence that names it (help's and status's titles, subscribing and its
// channel notice, unsubscribing, a channel it cannot post in, the notice
// while restarting); none says "Shared News" when it is called otherwise.
func TestTheBotSaysItsConfiguredName(t *testing.T) {
	const name = "Council Digest"
	f := newFixture(t, func(c *config.Config) { c.Bot.Name = name })
	ann := &announcingRecorder{recorder: f.slack}
	f.bot.AddPlatform(ann)
	ctx := context.Background()
	locked := Channel{Platform: "slack", ID: "C9", Name: "locked", Lacks: []string{"Send Messages"}, LacksHistory: "Read Message History"}

	said := map[string]string{
		"help":        replyWords(f.say(editor, "help")),
		"subscribe":   replyWords(f.say(editor, "subscribe health")),
		"status":      replyWords(f.say(editor, "status")),
		"unsubscribe": replyWords(f.say(editor, "unsubscribe")),
		"subscribe where it cannot post": replyWords(f.bot.Handle(ctx, Request{Caller: editor, Channel: locked,
			Text: "/shared subscribe"})),
		"restarting": f.bot.Restarting().Text,
	}
	ann.mu.Lock()
	for _, m := range ann.notices {
		said["the subscription's notice"] += m.Text
	}
	ann.mu.Unlock()
	if said["the subscription's notice"] == "" {
		t.Fatal("subscribing posted no notice in the channel")
	}
	for what, words := range said {
		if strings.Contains(words, "Shared News") || !strings.Contains(words, name) {
			t.Errorf("%s does not call the bot %q:\n%s", what, name, words)
		}
	}
}

// TestChatFooterGivesThePlatformsCommand: in chat, an edition's default
// footer tells the channel's members the command that subscribes a
// channel on that platform, as configured ("/news subscribe" where Slack's
// command is /news), where it used to say "/shared subscribe" whatever
// the command.
func TestChatFooterGivesThePlatformsCommand(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Slack.Command = "/news" })
	if _, err := f.store.AddStory(context.Background(), digest.Story{URL: "https://example.org/a", Headline: "Councils merge",
		Sector: "health", State: digest.StateQueued}); err != nil {
		t.Fatal(err)
	}
	if r := f.bot.Handle(context.Background(), Request{Caller: editor, Channel: Channel{Platform: "slack", ID: "C1"},
		Text: "/news approve 1"}); tone(r) != Success {
		t.Fatal(text(r))
	}
	draft, ok := f.bot.Handle(context.Background(), Request{Caller: editor, Channel: Channel{Platform: "slack", ID: "C1"},
		Text: "/news draft"}).Body.(EditionView)
	const want = "Receive this Shared Service News Summary every week: ask your editor to subscribe your channel with /news subscribe."
	if !ok || draft.Edition.FooterText() != want {
		t.Errorf("the draft's footer in Slack = %q, want %q", draft.Edition.FooterText(), want)
	}
}
