package bot

import (
	"strings"
	"testing"
)

// TestCommandTableAdvertisesTheLimitsTheRouterApplies types, for every
// free-text argument the table advertises a limit for, exactly that many
// characters (accepted) and one more (refused): a platform that enforces
// the table's limits as people type (Discord) never lets through text the
// router then refuses, nor stops text it would take.
func TestCommandTableAdvertisesTheLimitsTheRouterApplies(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	f.say(member, "submit "+page.URL+"/a")
	lead := map[string]string{"search": "search ", "intro": "intro ", "note": "note 1 ", "reject": "reject 1 "}
	checked := 0
	for _, c := range f.bot.Commands() {
		for _, p := range c.Params {
			prefix, ok := lead[c.Name]
			if p.Kind != ParamText || !ok {
				continue
			}
			checked++
			if r := f.say(editor, prefix+strings.Repeat("x", p.Max+1)); tone(r) != Problem || !strings.Contains(text(r), "at most") {
				t.Errorf("%s %s: %d characters not refused: %q", c.Name, p.Name, p.Max+1, text(r))
			}
			if c.Name == "reject" {
				continue // accepting it would decide the story for the other cases
			}
			if r := f.say(editor, prefix+strings.Repeat("x", p.Max)); strings.Contains(text(r), "at most") {
				t.Errorf("%s %s: %d characters refused: %q", c.Name, p.Name, p.Max, text(r))
			}
		}
	}
	if checked != len(lead) {
		t.Errorf("checked %d arguments, want %d", checked, len(lead))
	}
}
