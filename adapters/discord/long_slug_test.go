package discord

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// longSlug is a slug of 146 characters: longer than Discord takes as a
// choice's or select option's value (100), which check-config only warns of.
var longSlug = "regional-" + strings.Repeat("partnership-", 9) + "collaborative-shared-services"

// TestEditFormShowsALongSlugWhole: with more sectors than a select holds
// (25), the edit form asks for the sector as text, starting at the story's
// slug, in an input of at most 100 characters. A longer slug (check-config
// only warns) made the value longer than the input, and Discord refused
// the form: Edit did nothing. The input now holds the slug whole.
func TestEditFormShowsALongSlugWhole(t *testing.T) {
	f := newFixture(t, func(cfg *config.Config, _ *Options) {
		cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: longSlug, Name: "Regional Partnerships"})
		for i := range 20 {
			cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: fmt.Sprintf("extra-%d", i), Name: fmt.Sprintf("Extra %d", i)})
		}
	})
	cardID, _ := f.postedCard("https://news.example.org/story")
	f.interact(f.button(editor, customID(bot.ActionSector, 1), cardID, longSlug))
	form := f.interact(f.button(editor, customID(bot.ActionEdit, 1), cardID)) // the fixture checks it against Discord's limits
	if !strings.Contains(form.raw, `"value":"`+longSlug+`"`) {
		t.Errorf("the edit form does not start at the story's sector: %.800s", form.raw)
	}
}
