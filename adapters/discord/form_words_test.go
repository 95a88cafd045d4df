package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// TestFormsTakeTheBotsWords draws every form Discord opens (edit, reject,
// intro, commentary) and checks each Label against bot's outline of the
// form: the same title, label, description (the outline's hint),
// placeholder and max_length. Labels and hints arrive whole; only a
// placeholder that quotes a headline is clipped to what Discord takes. A long headline makes the reject form's placeholder
// one that must be clipped to Discord's 100.
func TestFormsTakeTheBotsWords(t *testing.T) {
	st := digest.Story{ID: 7, Headline: strings.Repeat("Councils share a chief executive ", 5),
		Summary: "Two councils.", Commentary: "First.\n\nSecond.", Sector: "health"}
	sectors := digest.Sectors{{Slug: "health", Name: "Health"}, {Slug: "police", Name: "Police"}}
	// The form a command opens, as onCommand opens it.
	commandForm := func(f bot.CommandForm) *interactionResponse {
		return modal(bot.FormName(f.Kind(), f.Story), f.Outline(), nil, formInput)
	}
	cases := []struct {
		name  string
		form  *interactionResponse
		words bot.FormOutline
		ids   func(bot.FormInput) string
	}{
		{"edit", modal(bot.FormName(bot.EditForm, st), bot.CardFormOutline(bot.EditForm, st), sectors, ""), bot.EditFormOutline(st), func(in bot.FormInput) string { return in.Name }},
		{"reject", modal(bot.FormName(bot.RejectForm, st), bot.CardFormOutline(bot.RejectForm, st), nil, ""), bot.RejectFormOutline(st), func(in bot.FormInput) string { return in.Name }},
		{"intro", commandForm(bot.CommandForm{Intro: "A busy week."}), bot.IntroFormOutline("A busy week."), func(bot.FormInput) string { return formInput }},
		{"commentary", commandForm(bot.CommandForm{Story: st}), bot.NoteFormOutline(st), func(bot.FormInput) string { return formInput }},
	}
	for _, c := range cases {
		raw, err := json.Marshal(c.form)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Data struct {
				Title      string           `json:"title"`
				Components []modalComponent `json:"components"`
			} `json:"data"`
		}
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if got.Data.Title != clip(c.words.Title, maxModalTitle) {
			t.Errorf("%s: title %q, the bot's is %q", c.name, got.Data.Title, c.words.Title)
		}
		if len(got.Data.Components) != len(c.words.Fields) {
			t.Fatalf("%s: %d labels for %d fields: %s", c.name, len(got.Data.Components), len(c.words.Fields), raw)
		}
		for i, in := range c.words.Fields {
			l := got.Data.Components[i]
			// Labels and hints are the bot's words whole: worded once to fit
			// the smallest platform, never cut mid-sentence by Discord.
			if l.Label != in.Label || l.Description != in.Hint || l.Component == nil ||
				l.Component.CustomID != c.ids(in) {
				t.Errorf("%s: field %s drawn as %+v, the bot words it %+v", c.name, in.Name, l, in)
				continue
			}
			if in.Choice {
				continue // a select of the sectors: no placeholder, no length
			}
			if l.Component.Placeholder != clip(in.Placeholder, maxPlaceholder) || l.Component.MaxLength != min(in.Limit, maxTextInputLength) ||
				length(l.Component.Placeholder) > 100 || length(l.Label) > 45 || length(l.Description) > 100 {
				t.Errorf("%s: field %s input %+v, the bot's %+v", c.name, in.Name, *l.Component, in)
			}
		}
	}
	if p := bot.RejectFormOutline(st).Fields[0].Placeholder; length(p) <= maxPlaceholder {
		t.Fatalf("the reject placeholder %q is short enough not to need clipping: the test proves nothing", p)
	}
}
