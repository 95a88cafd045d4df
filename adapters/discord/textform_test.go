package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// formOf decodes a modal response: its custom_id and its one input.
func formOf(t *testing.T, what string, r response) (string, modalComponent) {
	t.Helper()
	var form struct {
		Type int `json:"type"`
		Data struct {
			CustomID   string           `json:"custom_id"`
			Title      string           `json:"title"`
			Components []modalComponent `json:"components"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.raw), &form); err != nil || form.Type != int(discordgo.InteractionResponseModal) ||
		len(form.Data.Components) != 1 || form.Data.Components[0].Component == nil {
		t.Fatalf("%s: not a form with one input: %.400s (%v)", what, r.raw, err)
	}
	if length(form.Data.Title) > maxModalTitle {
		t.Errorf("%s: title %q", what, form.Data.Title)
	}
	return form.Data.CustomID, *form.Data.Components[0].Component
}

// TestParagraphFormsForIntroAndNote: a slash command's option is one line,
// so /shared intro and /shared note ID without their text open a form
// that takes paragraphs (PRODUCT.md §3: "Intro, note and commentary accept
// several paragraphs (Slack and Discord through the edit form…)"), showing
// the text as it stands; typed text still works as before.
func TestParagraphFormsForIntroAndNote(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t, 0, nil)
	draftIntro := func() string {
		t.Helper()
		intro, _, ok := f.bot.DraftIntro(ctx, f.callerFor(editor))
		if !ok {
			t.Fatal("DraftIntro refused the editor")
		}
		return intro
	}

	expect(t, "member asks for the intro form", f.say(member, "intro"), true, "Only editors can write the intro.")

	id, input := formOf(t, "intro form", f.say(roleEditor, "intro"))
	if id != "sharednews:introform" || input.CustomID != "text" || input.Type != int(discordgo.TextInputComponent) ||
		input.Value != nil && *input.Value != "" || input.MaxLength != 4000 {
		t.Errorf("intro form: %s %+v", id, input)
	}
	expect(t, "intro form sent", f.interact(f.modal(roleEditor, id, "0", labelInput("text", "Hello all.\nA busy week.\n\n  Third paragraph. "))),
		true, "intro is set")
	if got := draftIntro(); got != "Hello all.\n\nA busy week.\n\nThird paragraph." {
		t.Errorf("intro stored as %q", got)
	}
	_, input = formOf(t, "intro form again", f.say(editor, "intro"))
	if input.Value == nil || *input.Value != "Hello all.\n\nA busy week.\n\nThird paragraph." {
		t.Errorf("the form does not show the intro as it stands: %+v", input)
	}

	// Refused forms change nothing.
	expect(t, "a member sends the intro form", f.interact(f.modal(member, id, "0", labelInput("text", "Hijacked"))), true, "Only editors can write the intro.")
	expect(t, "an empty intro", f.interact(f.modal(editor, id, "0", legacyInput("text", " \n "))), true, "cannot be empty")
	if got := draftIntro(); !strings.HasPrefix(got, "Hello all.") {
		t.Errorf("a refused form changed the intro: %q", got)
	}
	// Typed, it is set at once.
	expect(t, "typed intro", f.say(editor, "intro", str("text", `One line.\nTwo.`)), true, "intro is set")
	if got := draftIntro(); got != "One line.\n\nTwo." {
		t.Errorf("typed intro stored as %q", got)
	}

	// Commentary on an approved story, whose card has no buttons any more.
	f.postedCard(page.URL + "/a")
	expect(t, "approve", f.say(editor, "approve", num("id", 1)), true, "Approved #1")
	expect(t, "member asks for the note form", f.say(member, "note", num("id", 1)), true, "Only editors")
	expect(t, "note form for no story", f.say(editor, "note", num("id", 99)), true, "There is no story #99.")
	id, input = formOf(t, "note form", f.say(editor, "note", num("id", 1)))
	if !strings.HasPrefix(id, "sharednews:noteform:1:") || input.CustomID != "text" || input.MaxLength != 1000 {
		t.Errorf("note form: %s %+v", id, input)
	}
	expect(t, "note form sent", f.interact(f.modal(editor, id, "0", labelInput("text", "Another pair takes the plunge.\nWatch this space."))),
		true, "commentary of #1")
	if s, _ := f.bot.Story(ctx, 1); s.Commentary != "Another pair takes the plunge.\n\nWatch this space." {
		t.Errorf("commentary stored as %q", s.Commentary)
	}
	_, input = formOf(t, "note form again", f.say(editor, "note", num("id", 1)))
	if input.Value == nil || !strings.Contains(*input.Value, "Watch this space.") {
		t.Errorf("the note form does not show the commentary: %+v", input)
	}
	expect(t, "typed note", f.say(editor, "note", num("id", 1), str("text", "Short.")), true, "commentary of #1")
}

// callerFor is p as the bot knows a caller.
func (f *fixture) callerFor(p person) bot.Caller {
	return bot.Caller{Person: digest.Person{Platform: PlatformName, ID: p.id}, Groups: p.roles}
}
