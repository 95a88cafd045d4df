package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// longSlug is a slug of 146 characters: longer than Discord takes as a
// choice's or select option's value (100), which check-config only warns of.
var longSlug = "regional-" + strings.Repeat("partnership-", 9) + "collaborative-shared-services"

// TestALongSlugStaysChoosable: a sector whose slug is longer than
// Discord's 100 characters was offered by its whole slug, so Discord
// refused the command registration (/shared never appeared), every review
// card (the editors never saw a submission) and every autocomplete answer.
// It is now offered by its slug's first 100 characters, read back as the
// sector, so the command, the card and a choice of it all work.
func TestALongSlugStaysChoosable(t *testing.T) {
	for _, extra := range []int{0, 20} { // 11 sectors listed as choices; 31 autocompleted
		t.Run(fmt.Sprintf("%d sectors", 11+extra), func(t *testing.T) {
			f := newFixture(t, func(cfg *config.Config, _ *Options) {
				cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: longSlug, Name: "Regional Partnerships"})
				for i := range extra {
					cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: fmt.Sprintf("extra-%d", i), Name: fmt.Sprintf("Extra %d", i)})
				}
			})
			if err := f.adapter.registerCommands(context.Background()); err != nil {
				t.Fatalf("registering /shared: %v", err)
			}
			// A card shows a sector select while the sectors fit one (25).
			cardID, card := f.postedCard("https://news.example.org/story")
			if extra == 0 && !strings.Contains(fmt.Sprint(card["components"]), "Regional Partnerships") {
				t.Errorf("the card does not offer the sector: %v", card["components"])
			}
			if r := f.interact(f.button(editor, bot.ControlName(bot.ActionSector, 1), cardID, digest.ChoiceValue(longSlug, maxChoiceValue))); !strings.Contains(r.text(), "Regional Partnerships") {
				t.Errorf("choosing the sector on the card: %s", r.text())
			}
			if s, err := f.bot.Story(context.Background(), 1); err != nil || s.Sector != longSlug {
				t.Errorf("the story is filed under %q, want %q (%v)", s.Sector, longSlug, err)
			}
			// The edit form's select offers it too, and saving the form
			// keeps it.
			form := f.interact(f.button(editor, bot.ControlName(bot.ActionEdit, 1), cardID))
			if extra == 0 && !strings.Contains(form.raw, `"Regional Partnerships"`) {
				t.Errorf("the edit form does not offer the sector: %.600s", form.raw)
			}
			f.interact(f.modal(editor, form.Data.CustomID, cardID, labelInput("headline", "Councils share a chief executive"),
				labelSelect("sector", digest.ChoiceValue(longSlug, maxChoiceValue))))
			if s, _ := f.bot.Story(context.Background(), 1); s.Sector != longSlug || s.Headline != "Councils share a chief executive" {
				t.Errorf("after saving the edit form: sector %q, headline %q", s.Sector, s.Headline)
			}
			// Autocomplete offers it by a value Discord takes (the fixture
			// checks the answer against Discord's limits).
			raw := payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
				m["type"] = 4
				m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
					"type": 1, "name": "news", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "regional", "focused": true}}}}}
			})
			r := f.interact(raw)
			if len(r.Data.Choices) != 1 || r.Data.Choices[0]["value"] != digest.ChoiceValue(longSlug, maxChoiceValue) {
				b, _ := json.Marshal(r.Data.Choices)
				t.Errorf("autocomplete of %q: %s", "regional", b)
			}
			// A command given that value (a choice, or the answer's) reads
			// it as the sector: the bot resolves a unique prefix of a slug.
			if r := f.say(editor, "news", str("sector", digest.ChoiceValue(longSlug, maxChoiceValue))); !strings.Contains(r.text(), "Latest in Regional Partnerships") {
				t.Errorf("/shared news with the offered value: %s", r.text())
			}
		})
	}
}

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
	f.interact(f.button(editor, bot.ControlName(bot.ActionSector, 1), cardID, longSlug))
	form := f.interact(f.button(editor, bot.ControlName(bot.ActionEdit, 1), cardID)) // the fixture checks it against Discord's limits
	if !strings.Contains(form.raw, `"value":"`+longSlug+`"`) {
		t.Errorf("the edit form does not start at the story's sector: %.800s", form.raw)
	}
}

// TestLongSlugsThatStartAlikeKeepTheCard: two slugs that start with the
// same 100 characters have one choice value. The card's and the edit
// form's sector selects offered both, and Discord refuses a select whose
// options share a value (SELECT_COMPONENT_OPTION_VALUE_DUPLICATED), so the
// editors never saw the card and Edit did nothing. The second is now left
// out (check-config warns of the pair); the first is chosen as before.
func TestLongSlugsThatStartAlikeKeepTheCard(t *testing.T) {
	twin := longSlug[:110] + "-north"
	f := newFixture(t, func(cfg *config.Config, _ *Options) {
		cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: longSlug, Name: "Regional Partnerships"},
			config.Sector{Slug: twin, Name: "Northern Partnerships"})
	})
	cardID, card := f.postedCard("https://news.example.org/story")
	body, _ := json.Marshal(card)
	if probs := discordtest.RequestProblems("POST", "channels/"+reviewChannel+"/messages", body); len(probs) > 0 {
		t.Errorf("Discord refuses the review card: %v", probs)
	}
	if cs := fmt.Sprint(card["components"]); !strings.Contains(cs, "Regional Partnerships") || strings.Contains(cs, "Northern Partnerships") {
		t.Errorf("the card's sectors: %v", cs)
	}
	if r := f.interact(f.button(editor, bot.ControlName(bot.ActionSector, 1), cardID, digest.ChoiceValue(longSlug, maxChoiceValue))); !strings.Contains(r.text(), "Regional Partnerships") {
		t.Errorf("choosing the sector on the card: %s", r.text())
	}
	// The fixture checks the form against Discord's limits.
	if form := f.interact(f.button(editor, bot.ControlName(bot.ActionEdit, 1), cardID)); !strings.Contains(form.raw, `"Regional Partnerships"`) {
		t.Errorf("the edit form does not offer the sector: %.600s", form.raw)
	}
}

// TestLongSlugsThatStartAlikeAreOneCommandChoice: the command's sector
// choices (and autocomplete's) offered two slugs that start with the same
// 100 characters as two choices of one value, as the selects did before
// they offered the first alone; a choice of that value reads back as the
// first anyway. Now every sector choice has a value of its own.
func TestLongSlugsThatStartAlikeAreOneCommandChoice(t *testing.T) {
	twin := longSlug[:110] + "-north"
	sectors := append(testSectors(), digest.Sector{Slug: longSlug, Name: "Regional Partnerships"},
		digest.Sector{Slug: twin, Name: "Northern Partnerships"})
	values := map[any]string{}
	for _, c := range choices(nil, sectors) {
		if other, ok := values[c.Value]; ok {
			t.Errorf("%q and %q are offered by one value", other, c.Name)
		}
		values[c.Value] = c.Name
	}
	if values[digest.ChoiceValue(longSlug, maxChoiceValue)] != "Regional Partnerships" {
		t.Errorf("the first of the two is not offered: %v", values)
	}
}
