package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/store"
)

// TestParagraphFormsRefuseTextLongerThanAnInput: a Discord text input
// holds at most 4,000 characters (as UTF-16 counts them). An intro within
// the bot's 4,000 characters that counts more there (each emoji is two),
// or a commentary longer than that, would show empty or as a line in the
// form, and saving it would replace the text with what was typed. So the
// form is not opened: the editor is told, with how to set the text
// instead, and nothing changes. A paragraph form that comes back without
// its input (drawn so) changes nothing either.
func TestParagraphFormsRefuseTextLongerThanAnInput(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	intro := strings.Repeat("📰", 2100) // 2,100 characters for the bot, 4,200 for Discord
	if r := f.bot.SetIntro(ctx, f.callerFor(editor), intro); bot.IsProblem(r) {
		t.Fatalf("SetIntro: %+v", r)
	}
	expect(t, "the intro form", f.say(editor, "intro"), true,
		"The intro has 4,200 characters, more than a form here can hold (4,000)", "Nothing was changed", "`/shared intro TEXT`")

	page := pageServer(t, 0, nil)
	f.postedCard(page.URL + "/a")
	expect(t, "approve", f.say(editor, "approve", num("id", 1)), true, "Approved #1")
	long := strings.Repeat("A long commentary. ", 250) + "The end."
	if _, err := f.store.EditStory(ctx, 1, store.StoryEdit{Commentary: &long}); err != nil {
		t.Fatal(err)
	}
	expect(t, "the note form", f.say(editor, "note", num("id", 1)), true,
		"The commentary on #1 has 4,758 characters", "`/shared note 1 TEXT`")

	s, err := f.bot.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sharednews:introform", bot.FormName(bot.NoteForm, s)} {
		expect(t, id+" without its input", f.interact(f.modal(editor, id, "0")), true, bot.StaleForm)
	}
	if got, _, _ := f.bot.DraftIntro(ctx, f.callerFor(editor)); got != intro {
		t.Errorf("the intro changed: %.40q…", got)
	}
	if s, _ := f.bot.Story(ctx, 1); s.Commentary != strings.TrimSpace(long) {
		t.Errorf("the commentary changed: %.40q…", s.Commentary)
	}
}
