package discord

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/digest"
)

// sizedDraft is a draft of n stories of varied lengths under an intro of
// introWords words, numbered as the edition it will be published as.
func sizedDraft(n, introWords int) digest.Edition {
	var stories []digest.Story
	for i := 1; i <= n; i++ {
		stories = append(stories, digest.Story{ID: int64(i), Sector: []string{"local-government", "health", "housing", "other"}[i%4],
			URL:        fmt.Sprintf("https://example.org/news/%d", i),
			Headline:   fmt.Sprintf("Story %d: councils %s share services", i, strings.Repeat("and trusts ", i%7)),
			Summary:    strings.Repeat(fmt.Sprintf("Summary of story %d. ", i), 1+(i*7)%23),
			Commentary: strings.Repeat("Editor's note. ", (i*5)%9),
			Source:     "Example News"})
	}
	return digest.Edition{ID: 7, Number: 100, State: digest.EditionDraft, Title: "News Summary of 3rd December 2026",
		Date: time.Date(2026, time.December, 3, 0, 0, 0, 0, time.UTC), Intro: strings.TrimSpace(strings.Repeat("A word ", introWords)),
		Footer: "Receive this every week.", Sections: digest.Compose(testSectors(), stories)}
}

// paging is how payloads page an edition: the embeds of each message, by
// their titles.
func paging(payloads []Payload) [][]string {
	var out [][]string
	for _, p := range payloads {
		var page []string
		for _, e := range p.Embeds {
			page = append(page, e.Title)
		}
		out = append(out, page)
	}
	return out
}

// TestDraftIsPagedAsItWillBePosted: over 690 edition sizes (1 to 230
// stories, under three intros), the draft's preview is paged exactly as
// the edition publishing it posts, message by message and embed by embed,
// though the draft shows its banner and not yet its number ("· Edition
// 100"); its embeds are the posted ones but for the first one's author.
func TestDraftIsPagedAsItWillBePosted(t *testing.T) {
	differ := 0
	for _, intro := range []int{0, 300, 570} {
		for n := 1; n <= 230; n++ {
			draft := sizedDraft(n, intro)
			published := draft
			published.State = digest.EditionPublished
			shown, posted := EditionPayloads(draft), EditionPayloads(published)
			if !reflect.DeepEqual(paging(shown), paging(posted)) {
				differ++
				if differ <= 3 {
					t.Errorf("%d stories, intro of %d words: the draft is paged %v,\nposted %v", n, intro, paging(shown), paging(posted))
				}
				continue
			}
			if !strings.Contains(shown[0].Content, digest.DraftBanner) || posted[0].Content != "" {
				t.Fatalf("%d stories: the draft's first content is %q, the posted edition's %q", n, shown[0].Content, posted[0].Content)
			}
			first := *posted[0].Embeds[0]
			first.Author = &discordgo.MessageEmbedAuthor{Name: "Thursday 3 December 2026"}
			if !reflect.DeepEqual(*shown[0].Embeds[0], first) {
				t.Fatalf("%d stories: the draft's first embed %+v,\nposted %+v", n, *shown[0].Embeds[0], *posted[0].Embeds[0])
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of 690 drafts are paged unlike the edition as posted", differ)
	}
}
