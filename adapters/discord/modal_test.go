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

// modalResponse is an interaction response that opens a modal, as the
// adapter sends it.
type modalResponse struct {
	Type int `json:"type"`
	Data struct {
		CustomID   string           `json:"custom_id"`
		Title      string           `json:"title"`
		Components []modalComponent `json:"components"`
	} `json:"data"`
}

// modalComponent is a component of a modal as the adapter sends it.
type modalComponent struct {
	Type        int              `json:"type"`
	Content     string           `json:"content"`
	Label       string           `json:"label"`
	Description string           `json:"description"`
	CustomID    string           `json:"custom_id"`
	Value       *string          `json:"value"`
	Placeholder string           `json:"placeholder"`
	MaxLength   int              `json:"max_length"`
	Options     []selectOption   `json:"options"`
	Component   *modalComponent  `json:"component"`
	Components  []modalComponent `json:"components"`
}

// TestEditFormRoundTripsTheLongestStory opens the edit form on a story at
// the longest the bot keeps, in multi-byte text and emoji, checks the form
// against Discord's limits on a modal (title 45, label 45, description
// 100, custom_id 100, placeholder 100, value and max_length 4,000, the
// value within its max_length, select options 25 of 100 characters), and
// submits it back as shown: nothing may change.
func TestEditFormRoundTripsTheLongestStory(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	para := strings.Repeat("Zusammenarbeit 🤝 über Grenzen — ", 12) // 408 characters, 420 in UTF-16
	summary := []rune(strings.Repeat(para, 8))[:3000]              // feeds.summary_chars at its 3,000
	st, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/long", Source: "Example",
		Headline:   string([]rune(strings.Repeat("Überschrift 📰 ", 30))[:300]),
		Summary:    string(summary),
		Commentary: strings.TrimSpace(string([]rune(strings.Repeat(para+"\n\n", 3))[:1000])),
		Sector:     "health", State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.bot.Story(ctx, st.ID)
	id := jsonNumber(int(st.ID))
	r := f.interact(f.button(editor, "sharednews:edit:"+id, "1"))
	var form modalResponse
	if err := json.Unmarshal([]byte(r.raw), &form); err != nil || form.Type != 9 {
		t.Fatalf("Edit: %.300s (%v)", r.raw, err)
	}
	if length(form.Data.Title) > 45 || length(form.Data.CustomID) > 100 || len(form.Data.Components) > 5 {
		t.Errorf("modal: title %q, custom_id %q, %d components", form.Data.Title, form.Data.CustomID, len(form.Data.Components))
	}
	var back []any
	for _, l := range form.Data.Components {
		c := l.Component
		if l.Type != int(labelComponentType) || c == nil || length(l.Label) > 45 || length(l.Description) > 100 {
			t.Fatalf("not a Label within limits: %+v", l)
		}
		if length(c.CustomID) > 100 || length(c.Placeholder) > 100 || len(c.Options) > 25 {
			t.Errorf("%s: custom_id, placeholder or options beyond Discord's limits", c.CustomID)
		}
		for _, o := range c.Options {
			if length(o.Label) > 100 || length(o.Value) > 100 || length(o.Description) > 100 {
				t.Errorf("%s: option %+v", c.CustomID, o)
			}
			if o.Default {
				back = append(back, labelSelect(c.CustomID, o.Value))
			}
		}
		if c.Value != nil {
			if n := length(*c.Value); n > maxTextInputLength || c.MaxLength > maxTextInputLength || n > c.MaxLength {
				t.Errorf("%s: value of %d characters, max_length %d (Discord: both at most 4,000, the value within max_length)",
					c.CustomID, n, c.MaxLength)
			}
			back = append(back, labelInput(c.CustomID, *c.Value))
		}
	}
	if len(back) != 4 {
		t.Fatalf("the form shows %d of the story's 4 fields: %.500s", len(back), r.raw)
	}
	expect(t, "the form sent back as shown", f.interact(f.modal(editor, "sharednews:editform:"+id, "1", back...)),
		true, "Nothing changed in #"+id+".")
	if after, _ := f.bot.Story(ctx, st.ID); after.Headline != before.Headline || after.Summary != before.Summary ||
		after.Commentary != before.Commentary || after.Sector != before.Sector {
		t.Errorf("the story changed:\n%+v\n%+v", before, after)
	}
}

// TestEditFormLeavesATooLongValueAlone: an imported story's summary may be
// longer than Discord's text input takes (4,000), and a form whose input
// starts beyond its max_length is refused whole, so the editor could not
// edit the story at all. The summary is a line saying so instead, the
// others are inputs, and saving the form changes what was edited and
// leaves the summary whole.
func TestEditFormLeavesATooLongValueAlone(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	summary := strings.TrimSpace(strings.Repeat("Two councils share a chief executive and a back office. ", 90)) // 5,039 characters
	st, err := f.store.AddStory(ctx, digest.Story{URL: "https://example.org/imported", Headline: "Councils share",
		Summary: summary, Sector: "health", State: digest.StateQueued})
	if err != nil {
		t.Fatal(err)
	}
	id := jsonNumber(int(st.ID))
	r := f.interact(f.button(editor, "sharednews:edit:"+id, "1"))
	var form struct {
		Type int `json:"type"`
		Data struct {
			Components []modalComponent `json:"components"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.raw), &form); err != nil || form.Type != 9 {
		t.Fatalf("Edit: %.300s (%v)", r.raw, err)
	}
	var back []any
	note := ""
	for _, c := range form.Data.Components {
		switch {
		case c.Type == 10:
			note = c.Content
		case c.Component != nil && c.Component.CustomID == bot.FieldSummary:
			t.Errorf("the summary is an input of %d characters, max_length %d", length(deref(c.Component.Value)), c.Component.MaxLength)
		case c.Component != nil && c.Component.CustomID == bot.FieldHeadline:
			back = append(back, labelInput(bot.FieldHeadline, "Two councils share a chief executive"))
		case c.Component != nil && c.Component.Type == 4:
			back = append(back, labelInput(c.Component.CustomID, deref(c.Component.Value)))
		case c.Component != nil:
			for _, o := range c.Component.Options {
				if o.Default {
					back = append(back, labelSelect(c.Component.CustomID, o.Value))
				}
			}
		}
	}
	if want := "**Summary:** 5039 characters, more than a form can show; it is kept as it is."; note != want {
		t.Errorf("the summary's line: %q, want %q", note, want)
	}
	if len(back) != 3 {
		t.Fatalf("the form shows %d inputs, want 3 (headline, sector, commentary): %.500s", len(back), r.raw)
	}
	f.interact(f.modal(editor, "sharednews:editform:"+id, "1", back...))
	after, _ := f.bot.Story(ctx, st.ID)
	if after.Headline != "Two councils share a chief executive" || after.Summary != summary {
		t.Errorf("after the form: headline %q, summary of %d characters (want %d)", after.Headline, len(after.Summary), len(summary))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// formOf decodes a modal response: its custom_id and its one input.
func formOf(t *testing.T, what string, r response) (string, modalComponent) {
	t.Helper()
	var form modalResponse
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
