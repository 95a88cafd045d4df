package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/digest"
)

// TestLongReportToEditorsIsSentWhole: the editors' report of an edition's
// failed deliveries names every channel that missed it, a line each, and
// ends with what to do. Posted as one message, it was cut at Discord's
// 2,000 characters, so with a dozen or more channels gone (the bot removed
// from a server) the editors never learnt which others missed the
// edition, nor the remedy. It now continues in further messages, whole.
func TestLongReportToEditorsIsSentWhole(t *testing.T) {
	channels := map[string]string{}
	var gone []string
	for i := range 30 {
		id := fmt.Sprintf("3000000000000000%02d", i)
		channels[id] = fmt.Sprintf("council-news-%02d", i)
		gone = append(gone, id)
	}
	f := newFixtureWithAPI(t, discordtest.Options{Gone: gone}, nil)
	adaptertest.DeliverRetryingFast(t, f.bot, f.store, f.adapter)
	adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"}, channels)
	n := f.api.count()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := f.bot.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	adaptertest.WaitFor(t, "the report's end", func() bool {
		return strings.Contains(strings.Join(f.reviewTold(t, n), "\n"), "Once the cause is fixed")
	})
	told := f.reviewTold(t, n)
	all := strings.Join(told, "\n")
	for id, name := range channels {
		if !strings.Contains(all, "#"+name+" (discord "+id+")") {
			t.Errorf("the report does not name #%s", name)
		}
	}
	if len(told) < 2 || strings.Contains(all, "…") {
		t.Errorf("the report came in %d messages (%d characters in all), cut: %v", len(told), len(all), strings.Contains(all, "…"))
	}
}
