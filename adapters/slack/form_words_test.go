package slack

import (
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestFormsTakeTheBotsWords draws Slack's edit and reject forms and checks
// each input block against bot's outline of the form: the same title,
// label, hint, placeholder, max_length, multi-line and optional, clipped
// only where Slack takes fewer characters. A long headline makes the
// reject form's placeholder one that must be clipped to Slack's 150.
func TestFormsTakeTheBotsWords(t *testing.T) {
	st := digest.Story{ID: 7, Headline: strings.Repeat("Councils share a chief executive ", 6),
		Summary: "Two councils.", Commentary: "First.\n\nSecond.", Sector: "health"}
	sectors := digest.Sectors{{Slug: "health", Name: "Health"}, {Slug: "police", Name: "Police"}}
	cases := []struct {
		name  string
		view  map[string]any
		words bot.FormOutline
	}{
		{"edit", toAny(t, cardForm(bot.EditForm, formMeta{Story: 7}, st, sectors)).(map[string]any), bot.EditFormOutline(st)},
		{"reject", toAny(t, cardForm(bot.RejectForm, formMeta{Story: 7}, st, sectors)).(map[string]any), bot.RejectFormOutline(st)},
	}
	text := func(v any) string {
		if m, ok := v.(map[string]any); ok {
			s, _ := m["text"].(string)
			return s
		}
		return ""
	}
	for _, c := range cases {
		if got := text(c.view["title"]); got != clipPlain(c.words.Title, maxModalTitle) || text(c.view["submit"]) != c.words.Submit {
			t.Errorf("%s: title %q, submit %q; the bot's are %q, %q", c.name, got, text(c.view["submit"]), c.words.Title, c.words.Submit)
		}
		inputs := map[string]map[string]any{}
		for _, b := range c.view["blocks"].([]any) {
			if b := b.(map[string]any); b["type"] == "input" {
				inputs[b["block_id"].(string)] = b
			}
		}
		if len(inputs) != len(c.words.Fields) {
			t.Fatalf("%s: %d inputs for %d fields: %v", c.name, len(inputs), len(c.words.Fields), c.view)
		}
		for _, in := range c.words.Fields {
			b := inputs[in.Name]
			optional, _ := b["optional"].(bool)
			if b == nil || text(b["label"]) != in.Label || text(b["hint"]) != in.Hint || optional == in.Required {
				t.Errorf("%s: field %s drawn as %v, the bot words it %+v", c.name, in.Name, b, in)
				continue
			}
			if in.Choice {
				continue // a select of the sectors
			}
			el := b["element"].(map[string]any)
			multiline, _ := el["multiline"].(bool)
			if text(el["placeholder"]) != clipPlain(in.Placeholder, maxPlaceholder) || el["max_length"] != float64(in.Limit) ||
				multiline != in.Multiline || textLen(text(el["placeholder"])) > 150 {
				t.Errorf("%s: field %s input %v, the bot's %+v", c.name, in.Name, el, in)
			}
		}
	}
	if p := bot.RejectFormOutline(st).Fields[0].Placeholder; textLen(p) <= maxPlaceholder {
		t.Fatalf("the reject placeholder %q is short enough not to need clipping: the test proves nothing", p)
	}
}
