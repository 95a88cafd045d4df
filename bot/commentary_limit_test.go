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
