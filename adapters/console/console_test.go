package console

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

func newBot(t *testing.T) *bot.Bot {
	t.Helper()
	return newNamedBot(t, config.Default().Bot.Name)
}

// newNamedBot is newBot called name (bot.name).
func newNamedBot(t *testing.T, name string) *bot.Bot {
	t.Helper()
	cfg := config.Default()
	cfg.Bot.Name = name
	cfg.Bot.Database = filepath.Join(t.TempDir(), "console.db")
	st := storetest.Open(t, cfg.Bot.Database)
	b, err := bot.New(bot.Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// session runs lines through a console on a new bot, as a piped script,
// and returns what it printed.
func session(t *testing.T, lines ...string) string {
	t.Helper()
	var out bytes.Buffer
	script := strings.Join(lines, "\n") + "\n"
	if err := New(newBot(t), Options{In: strings.NewReader(script), Out: &out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestInteractiveSessionPromptsAndQuits: the console greets the editor by
// the bot's configured name, prompts before each line, and stops at quit.
func TestInteractiveSessionPromptsAndQuits(t *testing.T) {
	var out bytes.Buffer
	c := New(newNamedBot(t, "Council Digest"), Options{In: strings.NewReader("# a comment\n\nsectors\nquit\nhelp\n"), Out: &out, Interactive: true, User: "jo"})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "Council Digest console.") || strings.Contains(got, "Shared News") || strings.Count(got, "shared> ") != 4 {
		t.Errorf("greeting and prompts wrong:\n%s", got)
	}
	if !strings.Contains(got, "Sectors\n  local-government") {
		t.Errorf("command without the /shared prefix not run:\n%s", got)
	}
	if strings.Contains(got, "Council Digest commands") {
		t.Error("a command after quit was run")
	}
}

func TestPipedSessionHasNoPrompt(t *testing.T) {
	var out bytes.Buffer
	c := New(newBot(t), Options{In: strings.NewReader("/shared status\n"), Out: &out})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "shared> ") || !strings.Contains(out.String(), "This channel is not subscribed") {
		t.Errorf("piped output:\n%s", out.String())
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A pipe nobody writes to blocks like a terminal nobody types into.
	r, w := io.Pipe()
	t.Cleanup(func() { w.Close() })
	c := New(newBot(t), Options{In: r, Out: &bytes.Buffer{}})
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestEveryAnswerSaysTheConfiguredName: a whole editorial week on the
// console, under another name than the default (bot.name), never says
// "Shared News", and names the bot as configured where it names it.
func TestEveryAnswerSaysTheConfiguredName(t *testing.T) {
	var out bytes.Buffer
	script := strings.Join([]string{"help", "status", "subscribe health", "sectors",
		"submit https://www.example.org/news/councils-merge health Two districts share a chief executive",
		"queue", "edit 1 headline Two *district* councils share a <chief> executive", "note 1 Another pair.", "approve 1",
		"lead 1", "intro A busy week.", "draft", "publish", "edition 1", "news", "search councils", "feeds",
		"reject 1", "frobnicate", "unsubscribe", "status"}, "\n") + "\n"
	if err := New(newNamedBot(t, "Council Digest"), Options{In: strings.NewReader(script), Out: &out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "Shared News") {
		t.Errorf("the console says \"Shared News\":\n%s", got)
	}
	for _, want := range []string{"Council Digest commands", "subscribed to Council Digest", "Council Digest status",
		"will no longer receive Council Digest"} {
		if !strings.Contains(got, want) {
			t.Errorf("the session does not say %q:\n%s", want, got)
		}
	}
}
