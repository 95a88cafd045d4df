package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// publishingLearner publishes the draft the first time it learns, as an
// editor's /shared publish landing in the middle of an edit form.
type publishingLearner struct {
	bot       *Bot
	published bool
}

func (p *publishingLearner) Suggest(context.Context, digest.Story) string { return "" }

func (p *publishingLearner) LearnStory(digest.Story) error {
	if !p.published {
		p.published = true
		_, err := p.bot.Publish(context.Background())
		return err
	}
	return nil
}

// TestAnEditFormIsSavedWhole: an edit form's fields are saved together or
// not at all. A publication that lands while the form is being saved
// cannot freeze a story with half the form in it.
func TestAnEditFormIsSavedWhole(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "approve 1"); tone(r) != Success {
		t.Fatal(text(r))
	}
	f.bot.suggester = &publishingLearner{bot: f.bot}
	sector, commentary := "housing", "A first for the region."
	out := f.bot.EditStory(ctx, editor, 1, StoryChanges{Sector: &sector, Commentary: &commentary})
	s, _ := f.store.Story(ctx, 1)
	if s.State != digest.StatePublished {
		t.Fatalf("story: %s", s.State)
	}
	if (s.Sector == "housing") != (s.Commentary == commentary) {
		t.Errorf("half the form was saved: sector %q, commentary %q; reply %q", s.Sector, s.Commentary, text(out.Reply))
	}
	if s.Sector == "housing" && (len(out.Changed) != 2 || !strings.Contains(text(out.Reply), "Updated the sector and commentary of #1")) {
		t.Errorf("reply: %q, changed %v", text(out.Reply), out.Changed)
	}
}
