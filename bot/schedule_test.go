package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// TestScheduleAcrossDaylightSaving: with Europe/London and "0 9 * * 4",
// every Thursday of 2026 is published once at 09:00 local time, across the
// change to summer time (29 March) and back (25 October): no week is
// skipped or repeated.
func TestScheduleAcrossDaylightSaving(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	// Start just after a publication, as RunSchedule does after each one.
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, london)
	want := at
	seen := map[time.Time]bool{}
	for range 52 {
		next := f.bot.NextPublication(at)
		want = time.Date(want.Year(), want.Month(), want.Day()+7, 9, 0, 0, 0, london)
		local := next.In(london)
		if !next.Equal(want) || local.Weekday() != time.Thursday || local.Hour() != 9 || local.Minute() != 0 {
			t.Fatalf("after %s: next %s, want %s", at.In(london), local, want)
		}
		if seen[next] {
			t.Fatalf("%s repeated", local)
		}
		seen[next] = true
		at = next
	}
	// The weeks around the changes are an hour short and long in UTC.
	spring := time.Date(2026, 3, 26, 9, 0, 0, 0, london)
	if d := f.bot.NextPublication(spring).Sub(spring); d != 7*24*time.Hour-time.Hour {
		t.Errorf("week over the spring change is %s", d)
	}
	autumn := time.Date(2026, 10, 22, 9, 0, 0, 0, london)
	if d := f.bot.NextPublication(autumn).Sub(autumn); d != 7*24*time.Hour+time.Hour {
		t.Errorf("week over the autumn change is %s", d)
	}
	// From any instant in the hour that happens twice (01:00–02:00 on 25
	// October) or the hour that never happens, the next time is the same Thursday.
	for _, t0 := range []time.Time{
		time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC),
	} {
		got := f.bot.NextPublication(t0).In(london)
		if got.Weekday() != time.Thursday || got.Hour() != 9 || got.Sub(t0) > 5*24*time.Hour {
			t.Errorf("after %s: %s", t0, got)
		}
	}
}

// TestScheduledPublicationOfAnEmptyDraftTellsEditors: nothing is published
// and the review channel hears why and when the next chance is.
func TestScheduledPublicationOfAnEmptyDraftTellsEditors(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	slot := time.Date(2026, 11, 19, 9, 0, 0, 0, f.bot.Location())
	f.bot.PublishScheduled(context.Background(), slot)
	if len(f.slack.review) != 1 || !strings.Contains(f.slack.review[0], "No edition was published at 09:00 on Thursday 19 November") ||
		!strings.Contains(f.slack.review[0], "Thursday 26 November at 09:00") {
		t.Errorf("review channel got %q", f.slack.review)
	}
	if _, err := f.store.LatestEdition(context.Background()); err == nil {
		t.Error("an edition was published")
	}
}

// TestRunScheduleStopsWithItsContext: the scheduler returns when ctx ends.
func TestRunScheduleStopsWithItsContext(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.bot.RunSchedule(ctx); err != nil {
		t.Fatal(err)
	}
}
