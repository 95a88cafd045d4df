package bot

import (
	"strings"
	"testing"
)

// Every command that takes no arguments refuses words after it with one
// sentence naming its usage, the read-only ones too ("status now", "feeds
// extra"): silently answering as if the words were not there left the
// caller wondering whether they were read. Help is the exception: "help
// search" still lists the commands.
func TestWordsAfterACommandThatTakesNoneAreRefused(t *testing.T) {
	f := newFixture(t, nil)
	n := 0
	for _, c := range f.bot.Commands() {
		if c.Args != "" || len(c.Params) > 0 || c.Name == "help" {
			continue
		}
		n++
		r := f.say(editor, c.Name+" please now")
		want := "`/shared " + c.Name + "` takes nothing after it (not `please now`)"
		if got := text(r); tone(r) != Problem || !strings.HasPrefix(got, want) {
			t.Errorf("/shared %s please now: %v %q, want %q…", c.Name, tone(r), got, want)
		}
	}
	if n < 5 {
		t.Errorf("only %d commands take no arguments", n)
	}
	if r := f.say(editor, "help search"); !strings.HasSuffix(text(r), "HelpView") {
		t.Errorf("help search: %q", text(r))
	}
	if r := f.say(editor, "status"); tone(r) == Problem {
		t.Errorf("status alone: %q", text(r))
	}
}
