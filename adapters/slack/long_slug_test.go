package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// TestALongSlugStaysChoosable: a sector whose slug is longer than Slack
// takes as a select option's value (150; check-config only warns) was
// offered by its whole slug, so Slack refused every review card
// (invalid_blocks: the editors never saw a submission) and every edit
// form. It is now offered by its slug's first 150 characters, read back as
// the sector, so Approve on the card files the story under it.
func TestALongSlugStaysChoosable(t *testing.T) {
	long := "regional-" + strings.Repeat("partnership-", 13) + "collaborative-shared-services"
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) {
		c.Sectors = append(c.Sectors, config.Sector{Slug: long, Name: "Regional Partnerships"})
	}})
	page := pageServer(t, "Councils share a chief executive", "Two councils agree to share their most senior officer.", "LocalGov")
	id, ref := f.submit(page.URL+"/news", "")
	cards := f.slack.Calls("chat.postMessage")
	if len(cards) != 1 {
		t.Fatalf("%d posts", len(cards))
	}
	checkSlack(t, "review card", callPayload(t, cards[0]))
	_, open := f.openForm(editorID, actionEdit, id, ref)
	checkSlack(t, "edit form", open["view"])

	press, _ := f.press(editorID, actionApprove, id, ref, digest.ChoiceValue(long, maxOptionValue))
	if rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, press)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("ack: %d %q", rec.Code, rec.Body)
	}
	adaptertest.WaitFor(t, "the approval", func() bool {
		s, err := f.store.Story(context.Background(), id)
		return err == nil && s.State == digest.StateApproved
	})
	if s, _ := f.store.Story(context.Background(), id); s.Sector != long {
		t.Errorf("approved into %q, want %q", s.Sector, long)
	}
}

// TestLongSlugsThatStartAlikeAreOneChoice: two slugs that start with the
// same 150 characters have one option value, read back as the first, so
// choosing the second in the card's sector select filed the story under
// the first. The second is now left out (check-config warns of the pair).
func TestLongSlugsThatStartAlikeAreOneChoice(t *testing.T) {
	long := "regional-" + strings.Repeat("partnership-", 13) + "collaborative-shared-services"
	f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) {
		c.Sectors = append(c.Sectors, config.Sector{Slug: long, Name: "Regional Partnerships"},
			config.Sector{Slug: long[:160] + "-north", Name: "Northern Partnerships"})
	}})
	page := pageServer(t, "Councils share a chief executive", "Two councils agree to share their most senior officer.", "LocalGov")
	f.submit(page.URL+"/news", "")
	cards := f.slack.Calls("chat.postMessage")
	if len(cards) != 1 {
		t.Fatalf("%d posts", len(cards))
	}
	card := callPayload(t, cards[0])
	checkSlack(t, "review card", card)
	if blocks := fmt.Sprint(card["blocks"]); !strings.Contains(blocks, "Regional Partnerships") || strings.Contains(blocks, "Northern Partnerships") {
		t.Errorf("the card's sectors: %s", blocks)
	}
}
