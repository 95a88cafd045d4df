package bot

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCommentaryAtTheFormsLimit: the edit forms let an editor type up to
// MaxCommentary characters, line breaks included, and each line break
// starts a paragraph (stored with a blank line between). Commentary that
// fits the form is taken whole, multi-byte letters and all; one character
// more is refused, by the count the form shows.
func TestCommentaryAtTheFormsLimit(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	lines := make([]string, 10)
	for i := range lines {
		lines[i] = strings.Repeat("é", 99)
	}
	typed := strings.Join(lines, "\n") + "ß" // 1,000 characters as typed
	if n := utf8.RuneCountInString(typed); n != MaxCommentary {
		t.Fatalf("typed %d", n)
	}
	out := f.bot.EditStory(ctx, editor, 1, StoryChanges{Commentary: &typed})
	if len(out.Changed) != 1 {
		t.Fatalf("commentary at the form's limit: %q", text(out.Reply))
	}
	s, _ := f.store.Story(ctx, 1)
	if want := strings.Join(lines, "\n\n") + "ß"; s.Commentary != want {
		t.Errorf("stored commentary is not the ten paragraphs typed")
	}
	over := typed + "x"
	out = f.bot.EditStory(ctx, editor, 1, StoryChanges{Commentary: &over})
	if len(out.Refused) != 1 || !strings.Contains(out.Refused[0].Reason, "at most 1,000 characters; yours has 1,001") {
		t.Errorf("one over: %+v", out)
	}
	// The same by command, with the breaks typed as \n.
	if r := f.say(editor, "note 1 "+strings.ReplaceAll(typed, "\n", `\n`)); tone(r) != Success {
		t.Errorf("note at the limit: %q", text(r))
	}
}

// TestNoteOfOnlyBreaksIsRefused: a note whose text is nothing but typed
// line breaks ("\n") has no commentary in it. It is refused as a note with
// no text is, and the story's commentary stays as it was; it used to be
// wiped with "Updated the commentary".
func TestNoteOfOnlyBreaksIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "note 1 Worth reading."); tone(r) != Success {
		t.Fatal(text(r))
	}
	for _, line := range []string{`note 1 \n`, `note 1 \n \n  `, `edit 1 commentary \n`, `edit 1 note: \n\n`} {
		r := f.say(editor, line)
		if tone(r) == Success || !strings.Contains(text(r), "Write the") {
			t.Errorf("%s: %q (%v); want the refusal of a note with no text", line, text(r), tone(r))
		}
		if s, _ := f.store.Story(ctx, 1); s.Commentary != "Worth reading." {
			t.Errorf("%s: commentary is now %q", line, s.Commentary)
		}
	}
}
