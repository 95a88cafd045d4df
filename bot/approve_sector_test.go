package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TestApproveFilesOnlyUnderAConfiguredSector: a review card sends the
// sector chosen in its select with Approve; a card drawn before a sector
// was removed from the configuration, or a forged payload, sends one that
// is not configured. The story is not filed under it (the edition would
// show a section headed by a bare slug, or by whatever text was sent);
// nor is a story whose own sector was removed approved into it unasked.
func TestApproveFilesOnlyUnderAConfiguredSector(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	for _, sector := range []string{"retired-sector", "<!channel> Breaking", strings.Repeat("x", 5000)} {
		r := f.bot.Approve(ctx, editor, 1, sector)
		if tone(r) != Problem || !strings.Contains(text(r), "Nothing was changed") {
			t.Errorf("approve into %.20q: %q", sector, text(r))
		}
		if s, _ := f.store.Story(ctx, 1); s.State != digest.StateQueued || s.Sector != "health" {
			t.Fatalf("story after approve into %.20q: %s in %.20q", sector, s.State, s.Sector)
		}
	}
	if len(f.slack.notes) != 0 {
		t.Errorf("submitter told: %q", f.slack.notes)
	}
	// A slug as the select sends it is fine.
	if r := f.bot.Approve(ctx, editor, 1, "housing"); tone(r) != Success || !strings.Contains(text(r), "into Housing") {
		t.Errorf("approve into housing: %q", text(r))
	}

	// The story's own sector was removed from the configuration.
	if r := f.say(member, "submit "+page.URL+"/b health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	retired := "retired-sector"
	if _, err := f.store.EditStory(ctx, 2, store.StoryEdit{Sector: &retired}); err != nil {
		t.Fatal(err)
	}
	r := f.say(editor, "approve 2")
	if tone(r) != Problem || !strings.Contains(text(r), "`retired-sector`") || !strings.Contains(text(r), "approve 2 SECTOR") {
		t.Errorf("approve a story of a retired sector: %q", text(r))
	}
	if s, _ := f.store.Story(ctx, 2); s.State != digest.StateQueued {
		t.Errorf("story 2: %s", s.State)
	}
	if r := f.say(editor, "approve 2 health"); tone(r) != Success || !strings.Contains(text(r), "into Health & Social Care") {
		t.Errorf("approve 2 health: %q", text(r))
	}

	// A rejected story of a retired sector, approved after all (by its
	// card's button, which sends no sector): the card has no sector
	// choice, so the answer names only the command.
	if r := f.say(member, "submit "+page.URL+"/c health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "reject 3"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if _, err := f.store.EditStory(ctx, 3, store.StoryEdit{Sector: &retired}); err != nil {
		t.Fatal(err)
	}
	r = f.bot.Approve(ctx, editor, 3, "")
	if tone(r) != Problem || !strings.Contains(text(r), "Nothing was changed: use `approve 3 SECTOR`") {
		t.Errorf("approve after all a rejected story of a retired sector: %q", text(r))
	}
	if s, _ := f.store.Story(ctx, 3); s.State != digest.StateRejected {
		t.Errorf("story 3: %s", s.State)
	}
}

// A story goes in one sector: "approve 1 health housing" named two, and
// was refused as an unknown sector "health housing", as if misspelt. It
// is refused as two sectors, changing nothing, while a sector of several
// words ("blue light"), "into" before one, or one sector named twice,
// still approves. "edit ID sector" reads a sector the same way.
func TestApproveIntoTwoSectorsSaysAStoryHasOne(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	page := pageServer(t)
	for i := range 5 {
		if r := f.say(member, "submit "+page.URL+"/"+string(rune('a'+i))+" health"); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	for _, cmd := range []string{"approve 1 health housing", "approve 1 into health and housing", "approve 1 health, blue light",
		"approve 1 blue light housing", "edit 1 sector health housing"} {
		r := f.say(editor, cmd)
		if tone(r) != Problem || !strings.Contains(text(r), "A story goes in one sector") || strings.Contains(text(r), "Unknown sector") ||
			!strings.Contains(text(r), "Nothing was changed") {
			t.Errorf("%s: %q", cmd, text(r))
		}
		if s, _ := f.store.Story(ctx, 1); s.State != digest.StateQueued || s.Sector != "health" {
			t.Fatalf("story after %s: %s in %q", cmd, s.State, s.Sector)
		}
	}
	if r := f.say(editor, "approve 1 health housing"); !strings.Contains(text(r), "`health` or `housing`") {
		t.Errorf("approve 1 health housing does not offer each: %q", text(r))
	}
	for _, c := range []struct{ cmd, want string }{
		{"approve 1 health", "into Health & Social Care"},
		{"approve 2 blue light", "into Blue Light Services"},
		{"approve 3 into housing", "into Housing"},
		{"approve 4 housing housing", "into Housing"},
		{"edit 5 sector blue light", "now in Blue Light Services"},
	} {
		if r := f.say(editor, c.cmd); tone(r) != Success || !strings.Contains(text(r), c.want) {
			t.Errorf("%s: %q, want %q", c.cmd, text(r), c.want)
		}
	}
	// A misspelt sector is still an unknown one, and none (a card's select
	// with nothing chosen) is none.
	if r := f.say(editor, "approve 5 helth"); !strings.Contains(text(r), "Unknown sector `helth`") {
		t.Errorf("approve 5 helth: %q", text(r))
	}
	if r := f.bot.Edit(ctx, editor, 5, "sector", ""); text(r) != "No sector given. Sectors: "+f.bot.sectorSlugs()+"." {
		t.Errorf("a sector select with nothing chosen: %q", text(r))
	}
}

// TestApproveSectorTypedWithASlip: a sector typed with a slip, twice, or
// with a word of the editor's own ("health helth", "housing & planning")
// is answered with the sector meant, and the sectors, not a bare "Unknown
// sector"; the story stays queued, its sector as it was.
func TestApproveSectorTypedWithASlip(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if r := f.say(member, "submit "+pageServer(t).URL+"/a other"); tone(r) != Success {
		t.Fatal(text(r))
	}
	for typed, meant := range map[string]string{
		"health helth":       "Did you mean `health`?",
		"housing & planning": "Did you mean `housing`?",
		"heath":              "Did you mean `health`?",
	} {
		r := f.say(editor, "approve 1 "+typed)
		if tone(r) != Problem || !strings.Contains(text(r), meant) || !strings.Contains(text(r), "Sectors: `local-government`") {
			t.Errorf("approve 1 %s: %q", typed, text(r))
		}
		if s, _ := f.store.Story(ctx, 1); s.State != digest.StateQueued || s.Sector != "other" {
			t.Fatalf("story after approve 1 %s: %s in %q", typed, s.State, s.Sector)
		}
	}
}
