package bot

import (
	"fmt"
	"strings"
	"testing"
)

// "headline:Two councils merge", the colon typed against both words, is
// the same correction as "headline: Two councils merge".
func TestEditFieldWithAColonAndNoSpace(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	for _, c := range []struct{ cmd, want string }{
		{fmt.Sprintf("edit %d headline:Two councils merge", s.ID), "Updated the headline"},
		{fmt.Sprintf("edit %d Summary:They share a chief executive.", s.ID), "Updated the summary"},
		{fmt.Sprintf("edit %d sector:housing", s.ID), "is now in Housing"},
	} {
		if r := f.say(editor, c.cmd); tone(r) != Success || !strings.Contains(text(r), c.want) {
			t.Errorf("%s: %q", c.cmd, text(r))
		}
	}
	got, err := f.store.Story(t.Context(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "Two councils merge" || got.Summary != "They share a chief executive." || got.Sector != "housing" {
		t.Errorf("story after the edits: %q, %q, %q", got.Headline, got.Summary, got.Sector)
	}
	// A word that is no field is named without its colon and text.
	if r := f.say(editor, fmt.Sprintf("edit %d byline:Ana", s.ID)); tone(r) != Problem || !strings.Contains(text(r), "`byline` is not a field") {
		t.Errorf("unknown field: %q", text(r))
	}
	if r := f.say(editor, fmt.Sprintf("edit %d headline:", s.ID)); tone(r) != Problem || !strings.Contains(text(r), "Write the new headline after the field name.") {
		t.Errorf("no text: %q", text(r))
	}
}

// The punctuation people type after a story's number ("note 4: …",
// "reject #5, off topic") is no part of the number, as a colon after a
// field's name is no part of the field.
func TestStoryNumberFollowedByPunctuation(t *testing.T) {
	f := newFixture(t, nil)
	noted := f.queued(t, "health", "Trusts merge")
	rejected := f.queued(t, "health", "Trusts split")
	for _, cmd := range []string{
		fmt.Sprintf("note %d: A good one", noted.ID),
		fmt.Sprintf("approve #%d: housing", noted.ID),
		fmt.Sprintf("reject #%d, off topic", rejected.ID),
	} {
		if r := f.say(editor, cmd); tone(r) != Success {
			t.Errorf("%s: %q", cmd, text(r))
		}
	}
	n, err := f.store.Story(t.Context(), noted.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.store.Story(t.Context(), rejected.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Commentary != "A good one" || n.Sector != "housing" || r.RejectReason != "off topic" {
		t.Errorf("commentary %q, sector %q, reason %q", n.Commentary, n.Sector, r.RejectReason)
	}
	if r := f.say(editor, "note 4x: text"); tone(r) != Problem || !strings.Contains(text(r), "`4x:` is not a story number") {
		t.Errorf("not a number: %q", text(r))
	}
}

// A headline typed or pasted over two lines ("edit 1 headline Two
// councils⏎share a chief executive", as Slack's composer and a mention
// carry it) is stored on one line, so the answer and every later reply
// quoting it ("Approved #1 “…”") do not break inside the quotes.
func TestEditedHeadlineIsOneLine(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	r := f.say(editor, fmt.Sprintf("edit %d headline Two councils\nshare a chief  executive\n", s.ID))
	if tone(r) != Success || !strings.Contains(text(r), "“Two councils share a chief executive”") {
		t.Errorf("edit answered %q", text(r))
	}
	got, err := f.store.Story(t.Context(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "Two councils share a chief executive" {
		t.Errorf("stored headline %q", got.Headline)
	}
	if r := f.say(editor, fmt.Sprintf("approve %d", s.ID)); !strings.Contains(text(r), "“Two councils share a chief executive”") {
		t.Errorf("approve answered %q", text(r))
	}
}

// A summary or commentary can be removed as an intro or lead is, with
// "none": before, "edit 4 summary none" published the word "none" as the
// story's summary ("none Read more >>>"), and on the console, which has no
// edit form, nothing could remove a commentary once written.
func TestEditSummaryOrCommentaryNoneRemovesIt(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	for _, c := range []struct{ cmd, want string }{
		{fmt.Sprintf("note %d A good one", s.ID), "Updated the commentary"},
		{fmt.Sprintf("edit %d summary None", s.ID), "Removed the summary of #"},
		{fmt.Sprintf("edit %d commentary none", s.ID), "Removed the commentary of #"},
		{fmt.Sprintf("edit %d commentary: none", s.ID), "has no commentary, so there is nothing to remove"},
		{fmt.Sprintf("note %d A second one", s.ID), "Updated the commentary"},
		{fmt.Sprintf("note %d none", s.ID), "Removed the commentary of #"},
	} {
		r := f.say(editor, c.cmd)
		if !strings.Contains(text(r), c.want) {
			t.Errorf("%s: %q, want %q", c.cmd, text(r), c.want)
		}
	}
	got, err := f.store.Story(t.Context(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Summary != "" || got.Commentary != "" {
		t.Errorf("after none: summary %q, commentary %q", got.Summary, got.Commentary)
	}
	// "none" within a text is text, and a headline cannot be removed:
	// "edit ID headline none" published the headline "none" (this test
	// expected it), where the editor meant what `none` does to a summary.
	// It is refused, saying why, as is a headline with nothing after it.
	if r := f.say(editor, fmt.Sprintf("edit %d summary none of the councils agreed", s.ID)); tone(r) != Success {
		t.Errorf("summary with none in it: %q", text(r))
	}
	for _, cmd := range []string{"edit %d headline none", "edit %d headline: None", "edit %d title NONE", "edit %d headline"} {
		cmd = fmt.Sprintf(cmd, s.ID)
		if r := f.say(editor, cmd); tone(r) != Problem || !strings.Contains(text(r), "A story needs a headline, so it cannot be removed") ||
			!strings.Contains(text(r), "nothing was changed") {
			t.Errorf("%s: %q", cmd, text(r))
		}
	}
	if r := f.say(editor, fmt.Sprintf("edit %d headline None of the councils agreed", s.ID)); tone(r) != Success {
		t.Errorf("headline with none in it: %q", text(r))
	}
	if got, _ := f.store.Story(t.Context(), s.ID); got.Summary != "none of the councils agreed" || got.Headline != "None of the councils agreed" {
		t.Errorf("summary %q, headline %q", got.Summary, got.Headline)
	}
}

// The console (and a typed command) writes a line break as "\n", which
// starts a paragraph in an intro or a commentary. A headline or summary
// is one paragraph: before, the two characters were stored and published
// as typed ("Two\nlines", "First.\nSecond. Read more >>>"); now the break
// is a space, as a line break typed in the headline already was.
func TestTypedLineBreakInAHeadlineOrSummaryIsASpace(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	for _, cmd := range []string{
		fmt.Sprintf(`edit %d headline Two trusts\nshare a chief executive`, s.ID),
		fmt.Sprintf(`edit %d summary They expect savings. \n The boards meet in May.`, s.ID),
	} {
		if r := f.say(editor, cmd); tone(r) != Success {
			t.Fatalf("%s: %q", cmd, text(r))
		}
	}
	got, err := f.store.Story(t.Context(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != "Two trusts share a chief executive" || got.Summary != "They expect savings. The boards meet in May." {
		t.Errorf("headline %q, summary %q", got.Headline, got.Summary)
	}
}
