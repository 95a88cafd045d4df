package bot

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// TestAnEditionSentUnderAFastClockKeepsItsPlace: the machine's clock ran
// five days fast (Monday 7 December read Saturday 12th) when an editor
// published, and was put right. Readers got that edition as number 2,
// dated the 12th. What they see after is the order the editions went
// out in: the next scheduled time, Thursday the 10th, publishes (the
// edition stamped Saturday is not "published just before" it), the new
// edition is number 3 and the latest, and number 2 stays the edition
// sent as number 2, dated no later than the one after it. The scheduled
// edition used to be held over for the fast one, and once published was
// numbered before it by date, moving the number links sent with it had
// named, and the fast one stayed "latest" until its date came.
func TestAnEditionSentUnderAFastClockKeepsItsPlace(t *testing.T) {
	var clock atomic.Int64
	set := func(at time.Time) { clock.Store(at.UnixNano()) }
	set(time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC))
	f := newFixtureAt(t, func(c *config.Config) { c.Bot.Timezone = "Europe/London" },
		func() time.Time { return time.Unix(0, clock.Load()) })
	ctx := context.Background()
	f.publishedByHand(t, "Before the clock ran fast")
	set(time.Date(2026, 12, 12, 10, 0, 0, 0, time.UTC)) // really Monday the 7th
	fast := f.publishedByHand(t, "Sent under a fast clock")
	set(time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC)) // put right
	f.approvedStory(t, "Sent once the clock was right")

	slot := f.bot.NextPublication(time.Unix(0, clock.Load()))
	if want := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC); !slot.Equal(want) {
		t.Fatalf("the next time is %s, want %s", slot, want)
	}
	set(slot)
	f.bot.PublishScheduled(ctx, slot)

	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Edition.Number != 3 || latest.Stories[0].Headline != "Sent once the clock was right" {
		t.Fatalf("the latest edition is number %d with %q, want number 3, published at the time after the clock was put right",
			latest.Edition.Number, latest.Stories[0].Headline)
	}
	two, err := f.store.Edition(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if two.Edition.ID != fast.Edition.ID {
		t.Errorf("number 2 is now %q, not the edition sent as number 2", two.Stories[0].Headline)
	}
	if two.Edition.Title != fast.Edition.Title {
		t.Errorf("the fast edition's title is now %q, want %q as it was sent", two.Edition.Title, fast.Edition.Title)
	}
	if two.Edition.Date.After(latest.Edition.Date) {
		t.Errorf("number 2 is dated %s, after number 3's %s", two.Edition.Date.Format(time.DateOnly), latest.Edition.Date.Format(time.DateOnly))
	}
}
