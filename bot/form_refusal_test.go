package bot

import (
	"context"
	"strings"
	"testing"
)

// TestRefusedFormSaysNothingWasChanged: an edit form that closes when sent
// (Discord's) and whose every change was refused answers each refusal and
// then that nothing was changed, whichever field it was about: an empty
// headline or an unknown sector said only what was wrong, leaving the
// editor to wonder whether the rest of the form was saved. Said once, and
// not after a field that was updated.
func TestRefusedFormSaysNothingWasChanged(t *testing.T) {
	f := newFixture(t, nil)
	s := f.queued(t, "health", "Trusts merge")
	ctx := context.Background()
	empty, unknown, long, summary := "  ", "helth", strings.Repeat("s", MaxSummary+1), "A new summary."
	for _, c := range []struct {
		name    string
		changes StoryChanges
		want    string
	}{
		{"an empty headline", StoryChanges{Headline: &empty},
			"A headline cannot be empty. Nothing was changed."},
		{"an unknown sector", StoryChanges{Sector: &unknown},
			"Unknown sector `helth`. Did you mean `health`?"},
		{"an empty headline and a summary too long", StoryChanges{Headline: &empty, Summary: &long},
			"A headline cannot be empty. A summary can be at most 1,000 characters; yours has 1,001. Nothing was changed."},
		{"an empty headline and a new summary", StoryChanges{Headline: &empty, Summary: &summary},
			"Updated the summary of #1, but: A headline cannot be empty."},
	} {
		out := f.bot.EditStory(ctx, editor, s.ID, c.changes)
		got := text(out.Reply)
		if tone(out.Reply) != Problem || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if n, updated := strings.Count(got, nothingChanged), len(out.Changed) > 0; updated && n != 0 || !updated && (n != 1 || !strings.HasSuffix(got, nothingChanged)) {
			t.Errorf("%s: %q says %q %d times", c.name, got, nothingChanged, n)
		}
	}
}
