package bot

import (
	"context"
	"math"
	"testing"

	"github.com/sharednews/sharednews/classify"
)

// TestAnEditedStoryIsLearnedAsARestartLearnsIt: the sector model learned
// an approved story again when its sector was edited, but not when its
// headline or summary was, by command or form: the running bot kept
// suggesting from the words the editor had corrected, and a restart,
// which learns every approved story from the store, suggested otherwise
// ("Council answers police calls": health at 0.66 before a restart,
// at 0.96 after). After every edit the running model is the one a
// restart builds.
func TestAnEditedStoryIsLearnedAsARestartLearnsIt(t *testing.T) {
	ctx := context.Background()
	pages := map[string][2]string{
		"/a": {"Council contact centre to take calls for the police", "The district council's contact centre will answer the police force's non-emergency calls."},
		"/b": {"Two hospital trusts share a finance director", "The trusts expect savings."},
	}
	srv := titledPages(t, pages)
	f := newFixture(t, nil)
	for _, path := range []string{"/a", "/b"} {
		if r := f.say(member, "submit "+srv.URL+path); tone(r) != Success {
			t.Fatalf("submit %s: %q", path, text(r))
		}
	}
	summary := "Surgery receptionists will book the trusts' outpatient appointments."
	for _, step := range []struct {
		name string
		do   func() Reply
	}{
		{"approve 1 health", func() Reply { return f.say(editor, "approve 1 health") }},
		{"approve 2 leadership", func() Reply { return f.say(editor, "approve 2 leadership") }},
		{"edit 1 headline", func() Reply { return f.say(editor, "edit 1 headline Council contact centre answers police calls") }},
		{"the edit form's summary of 2", func() Reply {
			return f.bot.EditStory(ctx, editor, 2, StoryChanges{Summary: &summary}).Reply
		}},
	} {
		if r := step.do(); tone(r) != Success {
			t.Fatalf("%s: %q", step.name, text(r))
		}
		live := f.bot.suggester.(*classify.Model)
		restarted, err := classify.FromStore(ctx, f.bot.Sectors(), f.store)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"Council answers police calls", "Receptionists book outpatient appointments", "Trusts share a director"} {
			got, want := live.Classify(classify.Input{Headline: h}), restarted.Classify(classify.Input{Headline: h})
			if got.Sector != want.Sector || math.Abs(got.Confidence-want.Confidence) > 1e-9 {
				t.Errorf("after %s, %q: the running bot suggests %s at %.3f, a restart %s at %.3f",
					step.name, h, got.Sector, got.Confidence, want.Sector, want.Confidence)
			}
		}
	}
}
