package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
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

// TestScheduleAtTimesTheClocksSkipOrRepeat: a schedule at a time that does
// not exist on the day the clocks go forward (01:30 on 29 March 2026 in
// London, 02:30 on 8 March in New York, midnight in Santiago and Havana,
// 02:15 in Lord Howe's half-hour change) publishes once that day, when the
// clocks change; a time that happens twice when they go back (01:30 on 25
// October in London, 01:30 on 1 November in New York) publishes once, the
// first time. Every other day publishes once, at the time named.
func TestScheduleAtTimesTheClocksSkipOrRepeat(t *testing.T) {
	for _, c := range []struct {
		tz, schedule string
		from         time.Time // a few days before the change, in tz
		days         int       // days to walk
		hour, minute int       // the time named
		change       [3]int    // the day of the change: year, month, day
		changeAt     string    // the local time it publishes that day
	}{
		{"Europe/London", "30 1 * * *", time.Date(2026, 3, 26, 12, 0, 0, 0, time.UTC), 7, 1, 30, [3]int{2026, 3, 29}, "02:00 BST"},
		{"Europe/London", "30 1 * * *", time.Date(2026, 10, 22, 12, 0, 0, 0, time.UTC), 7, 1, 30, [3]int{2026, 10, 25}, "01:30 BST"},
		{"America/New_York", "30 2 * * *", time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), 7, 2, 30, [3]int{2026, 3, 8}, "03:00 EDT"},
		{"America/New_York", "30 1 * * *", time.Date(2026, 10, 29, 12, 0, 0, 0, time.UTC), 7, 1, 30, [3]int{2026, 11, 1}, "01:30 EDT"},
		{"America/Santiago", "0 0 * * *", time.Date(2026, 9, 3, 12, 0, 0, 0, time.UTC), 7, 0, 0, [3]int{2026, 9, 6}, "01:00 -03"},
		{"America/Havana", "0 0 * * *", time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC), 7, 0, 0, [3]int{2026, 3, 8}, "01:00 CDT"},
		{"Australia/Lord_Howe", "15 2 * * *", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), 7, 2, 15, [3]int{2026, 10, 4}, "02:30 +11"},
	} {
		loc, err := time.LoadLocation(c.tz)
		if err != nil {
			t.Skip("no time zone database:", err)
		}
		f := newFixture(t, func(cf *config.Config) {
			cf.Bot.Timezone = c.tz
			cf.Digest.Schedule = c.schedule
		})
		perDay := map[string]int{}
		at := c.from.In(loc)
		first := time.Date(at.Year(), at.Month(), at.Day()+1, 0, 0, 0, 0, loc)
		end := first.AddDate(0, 0, c.days)
		for {
			next := f.bot.NextPublication(at)
			if !next.After(at) {
				t.Fatalf("%s %q: after %s, next %s is not later", c.tz, c.schedule, at, next)
			}
			if !next.Before(end) {
				break
			}
			local := next.In(loc)
			day := local.Format("2006-01-02")
			perDay[day]++
			change := local.Year() == c.change[0] && int(local.Month()) == c.change[1] && local.Day() == c.change[2]
			switch {
			case change && local.Format("15:04 MST") != c.changeAt:
				t.Errorf("%s %q: on the day of the change it publishes at %s, want %s", c.tz, c.schedule, local.Format("15:04 MST"), c.changeAt)
			case !change && (local.Hour() != c.hour || local.Minute() != c.minute):
				t.Errorf("%s %q: publishes at %s", c.tz, c.schedule, local)
			}
			at = next
		}
		for d := first; d.Before(end); d = d.AddDate(0, 0, 1) {
			if n := perDay[d.Format("2006-01-02")]; n != 1 {
				t.Errorf("%s %q: %s publishes %d times, want once", c.tz, c.schedule, d.Format("Mon 2 Jan 2006"), n)
			}
		}
	}
}

// TestWeeklyScheduleOnTheSundaysTheClocksChange: "30 1 * * 0" in London
// publishes on 29 March 2026 (01:30 does not exist) and once on 25 October
// (01:30 happens twice); no week is skipped or doubled.
func TestWeeklyScheduleOnTheSundaysTheClocksChange(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "30 1 * * 0"
	})
	london := f.bot.Location()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, london)
	var got []string
	for end := time.Date(2026, 11, 9, 0, 0, 0, 0, london); ; {
		at = f.bot.NextPublication(at)
		if !at.Before(end) {
			break
		}
		got = append(got, at.In(london).Format("2 Jan 15:04 MST"))
	}
	for _, want := range []string{"22 Mar 01:30 GMT", "29 Mar 02:00 BST", "5 Apr 01:30 BST", "25 Oct 01:30 BST", "1 Nov 01:30 GMT"} {
		if !slices.Contains(got, want) {
			t.Errorf("no publication at %s: %q", want, got)
		}
	}
	if len(got) != 36 {
		t.Errorf("%d publications from 1 March to 8 November, want 36 (one a week): %q", len(got), got)
	}
}

// TestScheduledPublicationJustAfterAManualOne: an editor publishes with
// /shared publish a few minutes before the scheduled time; at that time the
// new draft is empty, and the editors are not told that "no edition was
// published": this week's edition went out. A week later an empty draft is
// reported as usual.
func TestScheduledPublicationJustAfterAManualOne(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "* * * * *" // the next slot is within a minute of the manual publication
	})
	ctx := context.Background()
	latest := f.publishedByHand(t, "Two trusts share a chief executive")
	slot := f.bot.NextPublication(latest.Edition.PublishedAt)
	f.bot.now = func() time.Time { return slot }
	f.bot.PublishScheduled(ctx, slot)
	for _, m := range f.slack.review {
		if strings.Contains(m, "No edition was published") {
			t.Errorf("edition %d went out just before the slot, yet the editors were told %q", latest.Edition.Number, m)
		}
	}
	// The slot after: nothing published since the one before it.
	next := f.bot.NextPublication(slot)
	f.bot.now = func() time.Time { return next }
	f.bot.PublishScheduled(ctx, next)
	if n := len(f.slack.review); n == 0 || !strings.Contains(f.slack.review[n-1], "No edition was published") {
		t.Errorf("an empty draft a slot later was not reported: %q", f.slack.review)
	}
}

// TestAStoryApprovedAfterAPublishByHandWaitsForTheNextTime: an editor
// publishes with /shared publish minutes before the weekly time, then
// approves a late story meant for next week. At the time, the edition
// published by hand is that time's edition: no second one goes out with
// the late story alone, the story stays in the draft, and the editors are
// told once, naming the edition, the story waiting, when it goes out and
// that `publish` sends it now. It used to go out at once, as edition 2, to
// every subscribed channel.
func TestAStoryApprovedAfterAPublishByHandWaitsForTheNextTime(t *testing.T) {
	ctx := context.Background()
	f, slot := slotAhead(t, 5*time.Minute)
	byHand := f.publishedByHand(t, "Two trusts share a chief executive")
	f.approvedStory(t, "A late story for next week")
	f.bot.now = func() time.Time { return slot }
	told := len(f.slack.review)
	f.bot.PublishScheduled(ctx, slot)
	if _, err := f.store.Edition(ctx, 2); err == nil {
		t.Fatal("a second edition was published at the time, just after the one published by hand")
	}
	if draft, err := f.store.Draft(ctx); err != nil || len(draft.Stories) != 1 {
		t.Errorf("the draft after the time: %d stories, %v; want the late story waiting", len(draft.Stories), err)
	}
	got := f.slack.review[told:]
	next := slot.AddDate(0, 0, 7).In(f.bot.Location()).Format("Monday 2 January at 15:04")
	if len(got) != 1 {
		t.Fatalf("the editors were told %q, want one message", got)
	}
	for _, want := range []string{fmt.Sprintf("Edition %d", byHand.Edition.Number), "1 story", next, "`publish`"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the editors were told %q, which does not say %q", got[0], want)
		}
	}
}

// TestAPublishByHandMoreThanADayBeforeTheTime: an edition published by
// hand more than a day before the weekly time (a special edition) is not
// that time's: a story approved after it goes out at the time as usual.
// (TestCatchUpAfterAnEditionPublishedByHandTheDayBefore is the same when
// the bot was down at the time.)
func TestAPublishByHandMoreThanADayBeforeTheTime(t *testing.T) {
	ctx := context.Background()
	f, slot := slotAhead(t, 26*time.Hour)
	f.publishedByHand(t, "Two trusts share a chief executive")
	f.approvedStory(t, "Three districts merge their back offices")
	f.bot.now = func() time.Time { return slot }
	f.bot.PublishScheduled(ctx, slot)
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Edition.Number != 2 || len(latest.Stories) != 1 {
		t.Errorf("latest edition %d with %d stories, want the scheduled 2 with the story approved since", latest.Edition.Number, len(latest.Stories))
	}
}

// TestADailyScheduleIsNotHeldUpByTheEditionBefore: a daily schedule's
// edition goes out at its time, and the next day's time, less than a day
// later, publishes the stories approved since as usual: only an edition
// an editor published by hand is the next time's own. Told apart by its
// time alone, yesterday's scheduled edition (after the time before
// today's, in the day before it) held today's stories over.
func TestADailyScheduleIsNotHeldUpByTheEditionBefore(t *testing.T) {
	ctx := context.Background()
	at := time.Now().UTC().Add(-time.Minute)
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "UTC"
		c.Digest.Schedule = fmt.Sprintf("%d %d * * *", at.Minute(), at.Hour())
	})
	// Yesterday's time, just passed on the real clock that stamps the
	// edition (as a scheduler's edition is published a moment after it).
	yesterday := f.bot.NextPublication(time.Now().Add(-24 * time.Hour))
	today := f.bot.NextPublication(yesterday)
	f.approvedStory(t, "Two trusts share a chief executive")
	f.bot.now = func() time.Time { return yesterday }
	f.bot.PublishScheduled(ctx, yesterday)
	f.approvedStory(t, "Three districts merge their back offices")
	f.bot.now = func() time.Time { return today }
	f.bot.PublishScheduled(ctx, today)
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Edition.Number != 2 || len(latest.Stories) != 1 {
		t.Errorf("latest edition %d with %d stories, want the next day's 2 with the story approved since", latest.Edition.Number, len(latest.Stories))
	}
	if len(f.slack.review) != 0 {
		t.Errorf("the editors were told %q", f.slack.review)
	}
}

// TestTheDraftAfterAPublishByHandNamesTheNextWeek: minutes before the
// weekly time, after an editor published by hand and approved a late
// story, `draft` says the draft goes out the week after, as the schedule
// will have it, not at the time minutes away.
func TestTheDraftAfterAPublishByHandNamesTheNextWeek(t *testing.T) {
	f, slot := slotAhead(t, 5*time.Minute)
	f.publishedByHand(t, "Two trusts share a chief executive")
	f.approvedStory(t, "A late story for next week")
	f.bot.now = func() time.Time { return slot.Add(-time.Minute) }
	view, ok := f.say(editor, "draft").Body.(EditionView)
	if !ok {
		t.Fatal("draft showed no edition")
	}
	if want := "Goes out " + f.bot.publicationTime(slot, slot.AddDate(0, 0, 7)); !strings.HasPrefix(view.Note, want) {
		t.Errorf("the draft says %q, want %q", view.Note, want)
	}
}

// TestAStartAfterTheTimeKeepsThePublishByHandAsItsEdition: the bot is
// restarted after the time that an edition published by hand minutes
// before stood for, with a story approved since: the start publishes no
// second edition, whether the scheduler of the process before handled
// the time (and told the editors) or none ran then; the editors are told
// once, however often it starts.
func TestAStartAfterTheTimeKeepsThePublishByHandAsItsEdition(t *testing.T) {
	ctx := context.Background()
	for _, ranAtTheTime := range []bool{true, false} {
		t.Run(fmt.Sprintf("scheduler ran at the time %t", ranAtTheTime), func(t *testing.T) {
			f, slot := slotAhead(t, 5*time.Minute)
			f.publishedByHand(t, "Two trusts share a chief executive")
			f.approvedStory(t, "A late story for next week")
			if ranAtTheTime {
				f.bot.now = func() time.Time { return slot }
				f.bot.PublishScheduled(ctx, slot)
			}
			told := len(f.slack.review)
			started := slot.Add(time.Hour)
			rec := &recorder{}
			for range 2 { // restarted, then again
				other, err := New(Options{Config: f.bot.cfg, Store: f.store, Now: func() time.Time { return started }})
				if err != nil {
					t.Fatal(err)
				}
				other.AddPlatform(rec)
				if got := other.CatchUp(ctx); !got.Equal(slot) {
					t.Errorf("CatchUp handled %s, want %s", got, slot)
				}
			}
			if _, err := f.store.Edition(ctx, 2); err == nil {
				t.Fatal("a start after the time published a second edition")
			}
			want := 1
			if ranAtTheTime {
				want = 0 // the scheduler told them
			}
			if len(rec.review) != want || len(f.slack.review) != told {
				t.Errorf("the starts told the editors %q, want %d message(s)", rec.review, want)
			}
		})
	}
}

// slotAhead is a fixture with a weekly schedule, in UTC, whose next time
// is ahead of the real clock (less a minute at most), and that time. The
// store stamps publications and approvals with the real clock, so a test
// places the time relative to them with ahead.
func slotAhead(t *testing.T, ahead time.Duration) (*fixture, time.Time) {
	t.Helper()
	at := time.Now().UTC().Add(ahead)
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "UTC"
		c.Digest.Schedule = fmt.Sprintf("%d %d * * %d", at.Minute(), at.Hour(), at.Weekday())
	})
	return f, f.bot.NextPublication(time.Now())
}

// approvedStory queues a story and approves it into the draft.
func (f *fixture) approvedStory(t *testing.T, headline string) {
	t.Helper()
	st := f.queued(t, "health", headline)
	if r := f.say(editor, fmt.Sprintf("approve %d", st.ID)); tone(r) != Success {
		t.Fatal(text(r))
	}
}

// publishedByHand approves a story and publishes the draft with /shared
// publish, as an editor would, and returns the edition that went out.
func (f *fixture) publishedByHand(t *testing.T, headline string) store.EditionRecord {
	t.Helper()
	f.approvedStory(t, headline)
	if r := f.say(editor, "publish"); tone(r) != Success {
		t.Fatal(text(r))
	}
	latest, err := f.store.LatestEdition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return latest
}

// publishedOnSchedule approves a story and publishes the draft as the
// schedule does at its time (not by hand: the next time does not count it
// as its own), and returns the edition that went out.
func (f *fixture) publishedOnSchedule(t *testing.T, headline string) store.EditionRecord {
	t.Helper()
	f.approvedStory(t, headline)
	pub, err := f.bot.Publish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pub.Edition
}

// TestAStartAfterAMissedSlotPublishesOnce: the bot was not running at
// Thursday 09:00 and starts minutes, hours or days later: the edition
// goes out once, when it starts, and the editors are told it is late.
// Starting again (a crash loop, a second restart) publishes nothing more.
func TestAStartAfterAMissedSlotPublishesOnce(t *testing.T) {
	for _, late := range []time.Duration{time.Second, 5 * time.Minute, 3 * time.Hour, 2 * 24 * time.Hour, 6*24*time.Hour + 23*time.Hour} {
		t.Run(late.String(), func(t *testing.T) {
			f := newFixture(t, func(c *config.Config) {
				c.Bot.Timezone = "Europe/London"
				c.Digest.Schedule = "0 9 * * 4"
			})
			ctx := context.Background()
			f.approvedStory(t, "Two trusts share a chief executive")
			slot := f.bot.NextPublication(time.Now())
			started := slot.Add(late)
			f.bot.now = func() time.Time { return started }
			if got := f.bot.CatchUp(ctx); !got.Equal(slot) {
				t.Errorf("CatchUp handled %s, want the missed %s", got, slot)
			}
			for range 2 { // started again, as in a crash loop
				f.bot.CatchUp(ctx)
			}
			latest, err := f.store.LatestEdition(ctx)
			if err != nil {
				t.Fatal("nothing was published:", err)
			}
			if latest.Edition.Number != 1 || len(latest.Stories) != 1 {
				t.Errorf("latest edition %d with %d stories", latest.Edition.Number, len(latest.Stories))
			}
			if want := dateOnly(started.In(f.bot.Location())); !latest.Edition.Date.Equal(want) {
				t.Errorf("dated %s, want the day it went out, %s", latest.Edition.Date, want)
			}
			if len(f.slack.review) != 1 || !strings.Contains(f.slack.review[0], "Edition 1 was due at "+slot.In(f.bot.Location()).Format("15:04 on Monday 2 January")) {
				t.Errorf("review channel got %q", f.slack.review)
			}
		})
	}
}

// TestAMovedScheduleIsNotCaughtUp: the operator moves the publication from
// Thursday to Friday and restarts the bot on the Monday after. Last Friday
// was no time of the schedule then in force, so nothing was missed: the
// draft is not sent out at once, and waits for Friday. A Friday of the new
// schedule missed later is caught up as before.
func TestAMovedScheduleIsNotCaughtUp(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	ctx := context.Background()
	f.bot.CatchUp(ctx) // a run on the Thursday schedule
	f.approvedStory(t, "Two trusts share a chief executive")

	friday := *f.bot.cfg
	friday.Digest.Schedule = "0 9  * * 5" // spaced as an operator may write it
	moved, err := New(Options{Config: &friday, Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	moved.AddPlatform(f.slack)
	slot := moved.NextPublication(time.Now())
	restarted := slot.Add(3 * 24 * time.Hour) // the Monday after
	moved.now = func() time.Time { return restarted }
	for range 2 { // and restarted again
		if got := moved.CatchUp(ctx); !got.IsZero() {
			t.Errorf("CatchUp after the move handled %s, want no missed time", got)
		}
	}
	if latest, err := f.store.LatestEdition(ctx); err == nil {
		t.Fatalf("edition %d published at once after the schedule moved", latest.Edition.Number)
	}
	if len(f.slack.review) != 0 {
		t.Errorf("review channel got %q", f.slack.review)
	}

	// The next Friday is missed (the bot was down): caught up when it starts.
	next := moved.NextPublication(restarted)
	moved.now = func() time.Time { return next.Add(time.Hour) }
	if got := moved.CatchUp(ctx); !got.Equal(next) {
		t.Errorf("CatchUp handled %s, want the missed %s", got, next)
	}
	if _, err := f.store.LatestEdition(ctx); err != nil {
		t.Errorf("a Friday of the new schedule, missed, was not caught up: %v", err)
	}
}

// TestARewrittenScheduleStillCatchesUp: the bot was not running at
// Thursday 09:00, and the operator, restarting it on the Friday, also
// rewrote the schedule: the same times spelled another way ("thu" for 4),
// or Monday added beside Thursday. Thursday 09:00 was a time of the
// schedule in force then and is one of the new, so the edition missed then
// is caught up, as it would be had the line not been touched.
func TestARewrittenScheduleStillCatchesUp(t *testing.T) {
	for _, rewritten := range []string{"0 9 * * thu", "0 9 * * 1,4", "00 09 * * 4-4"} {
		t.Run(rewritten, func(t *testing.T) {
			f := newFixture(t, func(c *config.Config) {
				c.Bot.Timezone = "Europe/London"
				c.Digest.Schedule = "0 9 * * 4"
			})
			ctx := context.Background()
			f.bot.CatchUp(ctx) // a run on the schedule as first written
			f.approvedStory(t, "Two trusts share a chief executive")
			slot := f.bot.NextPublication(time.Now())

			cfg := *f.bot.cfg
			cfg.Digest.Schedule = rewritten
			restarted, err := New(Options{Config: &cfg, Store: f.store})
			if err != nil {
				t.Fatal(err)
			}
			restarted.AddPlatform(f.slack)
			restarted.now = func() time.Time { return slot.Add(24 * time.Hour) }
			if got := restarted.CatchUp(ctx); !got.Equal(slot) {
				t.Errorf("CatchUp handled %s, want the missed %s", got, slot)
			}
			if _, err := f.store.LatestEdition(ctx); err != nil {
				t.Errorf("the missed Thursday was not caught up after the schedule was rewritten: %v", err)
			}
		})
	}
}

// TestAScheduleChangedTwiceIsNotCaughtUp: B replaced A, and C replaced B
// days later. A time B names from before B itself was in force was missed
// by nobody, though C names it too: the edition is not sent out at once.
func TestAScheduleChangedTwiceIsNotCaughtUp(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Minute)
	weekly := func(t time.Time, more string) string {
		return fmt.Sprintf("%d %d * * %d%s", t.Minute(), t.Hour(), t.Weekday(), more)
	}
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "UTC"
		c.Digest.Schedule = weekly(now.Add(-time.Hour), "") // A, handled an hour ago
	})
	ctx := context.Background()
	f.bot.CatchUp(ctx)
	f.approvedStory(t, "Two trusts share a chief executive")

	restart := func(schedule string, at time.Time) *Bot {
		t.Helper()
		cfg := *f.bot.cfg
		cfg.Digest.Schedule = schedule
		b, err := New(Options{Config: &cfg, Store: f.store})
		if err != nil {
			t.Fatal(err)
		}
		b.AddPlatform(f.slack)
		b.now = func() time.Time { return at }
		return b
	}
	bTime := now.Add(time.Hour) // a time of B before B was in force
	if got := restart(weekly(bTime, ""), now.Add(48*time.Hour)).CatchUp(ctx); !got.IsZero() {
		t.Errorf("B: CatchUp handled %s, want no missed time", got)
	}
	c := weekly(bTime, fmt.Sprintf(",%d", bTime.Add(24*time.Hour).Weekday()))
	if got := restart(c, now.Add(72*time.Hour)).CatchUp(ctx); !got.IsZero() {
		t.Errorf("C: CatchUp handled %s, want no missed time", got)
	}
	if latest, err := f.store.LatestEdition(ctx); err == nil {
		t.Fatalf("edition %d published at once after the schedule changed twice", latest.Edition.Number)
	}
}

// TestRunScheduleCatchesUpWhenItStarts: `run` starting just after the slot
// (a restart that straddles 09:00) publishes the edition, once.
func TestRunScheduleCatchesUpWhenItStarts(t *testing.T) {
	f := newFixture(t, nil)
	f.approvedStory(t, "Two trusts share a chief executive")
	started := f.bot.NextPublication(time.Now()).Add(time.Second)
	f.bot.now = func() time.Time { return started }
	stop := f.runSchedule(t)
	f.waitForEdition(t, 10*time.Second, "RunSchedule started a second after the slot and published nothing")
	stop()
}

// runSchedule runs the bot's RunSchedule until the returned stop is called.
func (f *fixture) runSchedule(t *testing.T) (stop func()) {
	t.Helper()
	return runSchedule(t, f.bot)
}

// runSchedule runs b's RunSchedule until the returned stop is called.
func runSchedule(t *testing.T, b *Bot) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunSchedule(ctx) }()
	return func() {
		t.Helper()
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// waitForEdition waits until an edition is published, failing with why
// after within.
func (f *fixture) waitForEdition(t *testing.T, within time.Duration, why string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if _, err := f.store.LatestEdition(context.Background()); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(why)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestNoCatchUpWithoutAMissedEdition: nothing is published on start when
// the slot's edition went out (a restart right after it), when the draft
// was empty at the slot (its stories were approved after it), or when no
// slot passed in the last week.
func TestNoCatchUpWithoutAMissedEdition(t *testing.T) {
	ctx := context.Background()
	t.Run("published at the slot", func(t *testing.T) {
		f := newFixture(t, nil)
		latest := f.publishedByHand(t, "Two trusts share a chief executive")
		f.approvedStory(t, "A story for next week")
		// Restarted a moment after the edition went out; then again a day
		// later, or just before the next slot when that comes sooner: a
		// slot passed since the edition went out is a missed edition, which
		// a run on the day before the slot would meet.
		published := latest.Edition.PublishedAt
		later := published.Add(24 * time.Hour)
		if next := f.bot.NextPublication(published).Add(-time.Second); next.Before(later) {
			later = next
		}
		for _, at := range []time.Time{published.Add(time.Second), later} {
			f.bot.now = func() time.Time { return at }
			f.bot.CatchUp(ctx)
		}
		if again, _ := f.store.LatestEdition(ctx); again.Edition.Number != latest.Edition.Number {
			t.Errorf("a restart published edition %d", again.Edition.Number)
		}
	})
	t.Run("empty at the slot", func(t *testing.T) {
		f := newFixture(t, func(c *config.Config) { c.Digest.Schedule = "* * * * *" })
		slot := time.Now().Truncate(time.Minute) // the story is approved after it
		f.approvedStory(t, "Approved after the slot")
		f.bot.now = func() time.Time { return slot.Add(30 * time.Second) }
		if got := f.bot.CatchUp(ctx); !got.Equal(slot) {
			t.Errorf("CatchUp handled %s, want %s", got, slot)
		}
		if _, err := f.store.LatestEdition(ctx); err == nil {
			t.Error("a story approved after the missed slot was published on start")
		}
		if len(f.slack.review) != 0 {
			t.Errorf("review channel got %q", f.slack.review)
		}
	})
	t.Run("no slot in the last week", func(t *testing.T) {
		f := newFixture(t, func(c *config.Config) { c.Digest.Schedule = "0 9 1 1 *" })
		f.approvedStory(t, "New year")
		f.bot.now = func() time.Time { return time.Date(2027, 1, 9, 9, 0, 0, 0, time.UTC) }
		if got := f.bot.CatchUp(ctx); !got.IsZero() {
			t.Errorf("caught up %s", got)
		}
		if _, err := f.store.LatestEdition(ctx); err == nil {
			t.Error("published")
		}
	})
}

// TestRunScheduleFollowsTheWallClock: Go's timers count the monotonic
// clock, which stands still while the machine is suspended (a paused
// virtual machine, a laptop) and ignores a corrected wall clock; a timer
// set for the week would publish late by as long. Here the wall clock
// jumps from an hour before the slot to just after it while RunSchedule
// waits: the edition goes out at once, not an hour later.
//
// The story is approved on the real clock (the store stamps it), so the
// slot is put three days from it: with the default Thursday 09:00, a run
// between 08:00 and 09:00 on a Thursday took next week's slot, an hour
// before which today's, with the story approved before it, was rightly
// caught up as missed, and the test failed ("published an hour early").
func TestRunScheduleFollowsTheWallClock(t *testing.T) {
	f, slot, now, stop := waitingForTheSlot(t)
	if _, err := f.store.LatestEdition(context.Background()); err == nil {
		t.Fatal("published an hour early")
	}
	now.Store(slot.Add(time.Second).UnixNano()) // the machine wakes up
	f.waitForEdition(t, 5*time.Second, "the wall clock passed the slot and nothing was published")
	stop()
}

// waitingForTheSlot is RunSchedule waiting, on a wall clock now an hour
// before it, for a weekly slot three days from the real clock, with a
// story approved for it: the caller moves the clock with now.
func waitingForTheSlot(t *testing.T) (f *fixture, slot time.Time, now *atomic.Int64, stop func()) {
	t.Helper()
	f, slot = slotAhead(t, 72*time.Hour)
	f.bot.recheck = 10 * time.Millisecond // a minute in `run`
	f.approvedStory(t, "Two trusts share a chief executive")
	if d := time.Until(slot); d < 71*time.Hour || d > 72*time.Hour {
		t.Fatalf("the slot is %s away, want about three days", d)
	}
	now = new(atomic.Int64)
	now.Store(slot.Add(-time.Hour).UnixNano())
	f.bot.now = func() time.Time { return time.Unix(0, now.Load()) }
	stop = f.runSchedule(t)
	time.Sleep(50 * time.Millisecond) // RunSchedule is waiting for the slot
	return f, slot, now, stop
}

// TestEditionDateIsTheLocalDayOfPublication: the date line and the title's
// {date} are the day in bot.timezone when the edition goes out (23:30 UTC
// on 31 March is 1st April in London, summer time), and an edition
// published with an earlier date than one already out takes its place by
// date in the numbering. (The bot's clock alone moves here: the store,
// which stamps publications, has none stamped in its future. One that is
// went out under a clock since put back, and keeps its place:
// TestAnEditionSentUnderAFastClockKeepsItsPlace.)
func TestEditionDateIsTheLocalDayOfPublication(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Bot.Timezone = "Europe/London" })
	ctx := context.Background()
	for i, at := range []time.Time{
		time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC),  // 00:30 BST on 1 April
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), // 23:59 GMT on 31 December
		time.Date(2026, 3, 19, 23, 30, 0, 0, time.UTC),  // 23:30 GMT on 19 March, published last
	} {
		f.approvedStory(t, fmt.Sprintf("Story %d", i))
		f.bot.now = func() time.Time { return at }
		if r := f.say(editor, "publish"); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	for n, want := range []string{"19th March 2026", "1st April 2026", "31st December 2026"} {
		e, err := f.store.Edition(ctx, n+1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(e.Edition.Title, " from "+want) || e.Edition.Date.Format("2 January 2006") != strings.NewReplacer("st ", " ", "th ", " ").Replace(want) {
			t.Errorf("edition %d: %q dated %s, want %s", n+1, e.Edition.Title, e.Edition.Date.Format("2 January 2006"), want)
		}
	}
}

// TestStatusNextEditionOnTheSundaysTheClocksChange: /shared status names
// the time the edition will really go out: on 29 March 2026 at 02:00 BST
// (01:30 does not exist), and after the 01:30 BST edition of 25 October
// the Sunday after, not 01:30 GMT an hour later.
func TestStatusNextEditionOnTheSundaysTheClocksChange(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "30 1 * * 0"
	})
	london := f.bot.Location()
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 3, 28, 12, 0, 0, 0, london), "29 Mar 02:00 BST"},
		{time.Date(2026, 10, 25, 1, 31, 0, 0, london), "1 Nov 01:30 GMT"},
		{time.Date(2026, 10, 25, 1, 20, 0, 0, time.UTC), "1 Nov 01:30 GMT"}, // 01:20 GMT, the hour again
	} {
		f.bot.now = func() time.Time { return c.now }
		v, ok := f.say(member, "status").Body.(StatusView)
		if !ok {
			t.Fatalf("status answered %T", f.say(member, "status").Body)
		}
		if got := v.NextPublication.In(london).Format("2 Jan 15:04 MST"); got != c.want {
			t.Errorf("at %s the next edition is %s, want %s", c.now.In(london), got, c.want)
		}
	}
}

// TestEmptyDraftDaysAfterAnEditionIsReported: an edition published by hand
// two days or more before the scheduled time (or caught up late after the
// last one) does not silence the report of an empty draft at that time.
func TestEmptyDraftDaysAfterAnEditionIsReported(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	latest := f.publishedByHand(t, "Two trusts share a chief executive")
	slot := f.bot.NextPublication(latest.Edition.PublishedAt.Add(48 * time.Hour))
	f.bot.now = func() time.Time { return slot }
	f.bot.PublishScheduled(ctx, slot)
	if len(f.slack.review) != 1 || !strings.Contains(f.slack.review[0], "No edition was published") {
		t.Errorf("review channel got %q", f.slack.review)
	}
}

// TestCatchUpAfterAnEditionPublishedByHandTheDayBefore: an editor published
// on Wednesday, more than a day before the time, and approved more
// stories; the bot was down at Thursday 09:00, when the scheduler would
// have published those: it does so on start. The time is placed 26 hours
// after the publication: with the default Thursday 09:00, a run on a
// Wednesday after 09:00 published within the day before it, which makes
// the edition by hand that time's (TestAStartAfterTheTimeKeepsThePublishByHandAsItsEdition).
func TestCatchUpAfterAnEditionPublishedByHandTheDayBefore(t *testing.T) {
	f, missed := slotAhead(t, 26*time.Hour)
	ctx := context.Background()
	f.publishedByHand(t, "Two trusts share a chief executive")
	f.approvedStory(t, "Three districts merge their back offices")
	f.bot.now = func() time.Time { return missed.Add(time.Hour) }
	f.bot.CatchUp(ctx)
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Edition.Number != 2 {
		t.Errorf("latest edition is %d, want the caught-up 2", latest.Edition.Number)
	}
}

// TestTwoStartsCatchUpOnce: two bots starting at once on one database (the
// run lock keeps a second `run` out; this is the database's own guard)
// publish the missed edition once, and neither tells the editors it failed.
func TestTwoStartsCatchUpOnce(t *testing.T) {
	ctx := context.Background()
	for range 10 { // the race is narrow: run it often
		f := newFixture(t, nil)
		f.approvedStory(t, "Two trusts share a chief executive")
		started := f.bot.NextPublication(time.Now()).Add(time.Minute)
		f.bot.now = func() time.Time { return started }
		other, err := New(Options{Config: f.bot.cfg, Store: f.store, Now: f.bot.now})
		if err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		other.AddPlatform(rec)
		var wg sync.WaitGroup
		for _, b := range []*Bot{f.bot, other} {
			wg.Add(1)
			go func() { defer wg.Done(); b.CatchUp(ctx) }()
		}
		wg.Wait()
		for _, m := range append(f.slack.review, rec.review...) {
			if strings.Contains(m, "failed") {
				t.Fatalf("editors were told %q", m)
			}
		}
		latest, err := f.store.LatestEdition(ctx)
		if err != nil || latest.Edition.Number != 1 {
			t.Fatalf("latest edition %d, %v", latest.Edition.Number, err)
		}
	}
}

// TestEmptyDraftToldOnceADay: a schedule of every hour with nothing
// approved tells the editors once, not at every hour; the next day, and
// the next time of a daily schedule, they hear it again.
func TestEmptyDraftToldOnceADay(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 * * * *"
	})
	ctx := context.Background()
	slot := time.Date(2026, 11, 19, 9, 0, 0, 0, f.bot.Location())
	for h := range 23 {
		f.bot.PublishScheduled(ctx, slot.Add(time.Duration(h)*time.Hour))
	}
	if len(f.slack.review) != 1 {
		t.Fatalf("23 hourly times told the editors %d times: %q", len(f.slack.review), f.slack.review)
	}
	f.bot.PublishScheduled(ctx, slot.Add(23*time.Hour))
	if len(f.slack.review) != 2 || !strings.Contains(f.slack.review[1], "08:00 on Friday 20 November") {
		t.Errorf("a day later: %q", f.slack.review)
	}
	// A daily time on the day the clocks go forward is 23 hours after the one before.
	spring := time.Date(2027, 3, 27, 9, 0, 0, 0, f.bot.Location())
	f.bot.PublishScheduled(ctx, spring)
	f.bot.PublishScheduled(ctx, spring.AddDate(0, 0, 1))
	if len(f.slack.review) != 4 {
		t.Errorf("daily times across the clock change told %d times in all, want 4", len(f.slack.review))
	}
}

// TestAScheduleChangeIsLoggedWhenItIsMade: the operator changes
// digest.schedule and restarts `run`; the log says so then, naming the
// schedule replaced. It used to say it again at every later start for a
// week, with the replaced schedule blank, as if it had changed again.
func TestAScheduleChangeIsLoggedWhenItIsMade(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "UTC"
		c.Digest.Schedule = "0 9 * * 4"
	})
	ctx := context.Background()
	f.bot.CatchUp(ctx) // a run on the first schedule
	start := func() string {
		t.Helper()
		var logged syncbuf.Buffer
		cfg := *f.bot.cfg
		cfg.Digest.Schedule = "0 9 * * 5"
		b, err := New(Options{Config: &cfg, Store: f.store, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
		if err != nil {
			t.Fatal(err)
		}
		b.CatchUp(ctx)
		return logged.String()
	}
	const changed = "the publication schedule changed"
	if got := start(); !strings.Contains(got, changed) || !strings.Contains(got, `replaced="0 9 * * 4 UTC"`) {
		t.Errorf("first start on the new schedule logged %q, want %q naming the schedule replaced", got, changed)
	}
	for range 2 {
		if got := start(); strings.Contains(got, changed) {
			t.Errorf("a later start on the same schedule logged %q", got)
		}
	}
}

// TestAStartStoppedWhileCatchingUpAfterAScheduleChange: the bot was not
// running at Thursday 09:00; the operator adds Monday to the schedule and
// restarts it on the Friday, and that start is stopped (SIGTERM, or a
// platform refusing its token ends run) as it publishes the missed
// edition. The next start must still catch Thursday up: the first start
// had recorded the new schedule, and the one it replaced, which alone
// said Thursday was a time in force, was known to that start only, so the
// edition waited for the Monday.
func TestAStartStoppedWhileCatchingUpAfterAScheduleChange(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	f.bot.CatchUp(context.Background()) // a run on the Thursday schedule
	f.approvedStory(t, "Two trusts share a chief executive")
	slot := f.bot.NextPublication(time.Now())
	start := func(at time.Time, log slog.Handler) *Bot {
		t.Helper()
		cfg := *f.bot.cfg
		cfg.Digest.Schedule = "0 9 * * 1,4"
		b, err := New(Options{Config: &cfg, Store: f.store, Logger: slog.New(log)})
		if err != nil {
			t.Fatal(err)
		}
		b.AddPlatform(f.slack)
		b.now = func() time.Time { return at }
		return b
	}
	ctx, stop := context.WithCancel(context.Background())
	stopping := stopAt{Handler: slog.NewTextHandler(io.Discard, nil), msg: "the bot was not running at the scheduled time: publishing now", stop: stop}
	start(slot.Add(24*time.Hour), stopping).CatchUp(ctx)
	if latest, err := f.store.LatestEdition(context.Background()); err == nil {
		t.Fatalf("edition %d was published by the start that was stopped", latest.Edition.Number)
	}
	if got := start(slot.Add(25*time.Hour), slog.DiscardHandler).CatchUp(context.Background()); !got.Equal(slot) {
		t.Errorf("the next start handled %s, want the missed %s", got, slot)
	}
	if _, err := f.store.LatestEdition(context.Background()); err != nil {
		t.Errorf("the missed Thursday was not caught up by the next start: %v", err)
	}
}

// stopAt is a log that ends a context when a record says msg: a process
// stopped at that point of its work.
type stopAt struct {
	slog.Handler
	msg  string
	stop func()
}

func (s stopAt) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == s.msg {
		s.stop()
	}
	return s.Handler.Handle(ctx, r)
}

// TestAClockSetBackAfterAnEditionDoesNotPublishItsTimeAgain: the daily
// edition went out at its time; an editor approved a story for the next
// one; then the machine's clock was stepped back an hour (NTP correcting a
// fast clock, a time zone put right) and `run` restarted. The clock now
// reads before today's time again, but that time's edition is out: the
// next publication is tomorrow's, not today's a second time. A clock put
// right by days (the edition went out on a date still to come) holds the
// schedule up for none of them: the next time is the clock's next.
func TestAClockSetBackAfterAnEditionDoesNotPublishItsTimeAgain(t *testing.T) {
	for _, c := range []struct {
		setBack time.Duration
		next    time.Duration // from the time the edition went out at
	}{
		{time.Hour, 24 * time.Hour},
		{49 * time.Hour, -48 * time.Hour},
	} {
		t.Run(c.setBack.String(), func(t *testing.T) {
			f := newFixture(t, nil)
			ctx := context.Background()
			out := f.publishedOnSchedule(t, "Two trusts share a chief executive").Edition.PublishedAt // stamped by the real clock
			slot := out.UTC().Truncate(time.Minute)                                                   // the time it went out at
			f.approvedStory(t, "Three districts merge their back offices")

			var logged syncbuf.Buffer
			cfg := *f.bot.cfg
			cfg.Bot.Timezone = "UTC"
			cfg.Digest.Schedule = fmt.Sprintf("%d %d * * *", slot.Minute(), slot.Hour())
			b, err := New(Options{Config: &cfg, Store: f.store, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
			if err != nil {
				t.Fatal(err)
			}
			b.now = func() time.Time { return out.Add(-c.setBack) }
			defer runSchedule(t, b)()
			const next = "next scheduled publication"
			for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logged.String(), next); time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("RunSchedule logged no next publication:\n%s", logged.String())
				}
			}
			line := logged.String()
			line = line[strings.Index(line, next):]
			line = line[:strings.IndexByte(line, '\n')]
			if want := "at=" + slot.Add(c.next).Format("2006-01-02T15:04:05.000Z07:00"); !strings.Contains(line, want) {
				t.Errorf("with the clock set back %s, RunSchedule logged %q, want %s: the edition went out at %s",
					c.setBack, line, want, out.UTC().Format(time.DateTime))
			}
			if latest, err := f.store.LatestEdition(ctx); err != nil || latest.Edition.Number != 1 {
				t.Errorf("latest edition %d (%v), want edition 1 alone", latest.Edition.Number, err)
			}
		})
	}
}

// TestAnEditionMissedMoreThanAWeekAgoIsToldOnce: a monthly edition was due
// on the 1st while the bot was down, and it starts ten days later. An
// edition is caught up only within a week of its time, so the draft waits
// for the next month's; but the editors are told, once: it used to wait
// without a word, the newsletter silently a month late. A restart (the
// same process, or another on the database) does not tell them again.
func TestAnEditionMissedMoreThanAWeekAgoIsToldOnce(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 1 * *"
	})
	ctx := context.Background()
	f.bot.CatchUp(ctx) // a run on this schedule, before the story
	f.approvedStory(t, "Two trusts share a chief executive")
	slot := f.bot.NextPublication(time.Now())
	started := slot.Add(10 * 24 * time.Hour)
	f.bot.now = func() time.Time { return started }
	f.bot.CatchUp(ctx)
	f.bot.CatchUp(ctx) // started again
	other, err := New(Options{Config: f.bot.cfg, Store: f.store, Now: f.bot.now})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	other.AddPlatform(rec)
	other.CatchUp(ctx) // another process, later
	if _, err := f.store.LatestEdition(ctx); err == nil {
		t.Error("an edition more than a week late was published on start")
	}
	if len(rec.review) != 0 {
		t.Errorf("told again by a later start: %q", rec.review)
	}
	london := f.bot.Location()
	want := []string{
		"The edition due at " + slot.In(london).Format("15:04 on Monday 2 January") + " was not published",
		"more than a week ago",
		f.bot.NextPublication(started).In(london).Format("Monday 2 January at 15:04"),
		"`publish`",
	}
	if len(f.slack.review) != 1 {
		t.Fatalf("review channel got %q, want one message", f.slack.review)
	}
	for _, w := range want {
		if !strings.Contains(f.slack.review[0], w) {
			t.Errorf("editors were told %q, want it to say %q", f.slack.review[0], w)
		}
	}
}

// TestAWakeLongAfterTheTimeTellsTheEditorsItIsLate: RunSchedule waits for
// Thursday's time and the machine is suspended over it (a paused virtual
// machine), waking two days later. The edition goes out when it wakes,
// once, and the editors are told it is late, as they are when the bot
// was stopped over the time: it used to go out two days late unannounced.
// On time, nothing is said.
func TestAWakeLongAfterTheTimeTellsTheEditorsItIsLate(t *testing.T) {
	for _, late := range []time.Duration{time.Second, 2 * 24 * time.Hour} {
		t.Run(late.String(), func(t *testing.T) {
			f, slot, now, stop := waitingForTheSlot(t)
			now.Store(slot.Add(late).UnixNano()) // the machine wakes up
			f.waitForEdition(t, 5*time.Second, "the wall clock passed the slot and nothing was published")
			time.Sleep(50 * time.Millisecond) // the editors are told after publishing
			stop()
			told := slices.ContainsFunc(f.slack.review, func(m string) bool {
				return strings.Contains(m, "Edition 1 was due at "+f.bot.clockDay(slot)) && strings.Contains(m, "published at "+f.bot.clockDay(slot.Add(late)))
			})
			if late > time.Minute && !told {
				t.Errorf("published %s late; the review channel got %q", late, f.slack.review)
			}
			if late < time.Minute && len(f.slack.review) != 0 {
				t.Errorf("published on time; the review channel got %q", f.slack.review)
			}
		})
	}
}

// TestAWakeMoreThanAWeekAfterTheTimeLeavesTheDraftWaiting: a machine that
// slept over its time for more than a week does as a bot stopped over it
// (TestAnEditionMissedMoreThanAWeekAgoIsToldOnce): the edition is not sent
// that late; the editors are told once, and the draft waits. It used to be
// published ten days late.
func TestAWakeMoreThanAWeekAfterTheTimeLeavesTheDraftWaiting(t *testing.T) {
	f, slot, now, stop := waitingForTheSlot(t)
	now.Store(slot.Add(10 * 24 * time.Hour).UnixNano()) // the machine wakes up
	told := func() int {
		f.slack.mu.Lock()
		defer f.slack.mu.Unlock()
		return len(f.slack.review)
	}
	for deadline := time.Now().Add(5 * time.Second); told() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // anything more it would do
	stop()
	if _, err := f.store.LatestEdition(context.Background()); err == nil {
		t.Error("an edition more than a week late was published when the machine woke")
	}
	review := f.slack.review
	if len(review) != 1 || !strings.Contains(review[0], "The edition due at "+f.bot.clockDay(slot)+" was not published") ||
		!strings.Contains(review[0], "more than a week later") {
		t.Errorf("the review channel got %q, want one message that the draft waits", review)
	}
}

// TestStatusAfterAClockSetBackNamesTheTimeTheSchedulerKeeps: the daily
// edition went out at its time, then the machine's clock was stepped back
// an hour (NTP correcting a fast clock). The scheduler does not publish
// that time again (TestAClockSetBackAfterAnEditionDoesNotPublishItsTimeAgain),
// so /shared status, the draft's line and its date name tomorrow's time:
// they used to name today's, an hour ahead, at which nothing goes out.
func TestStatusAfterAClockSetBackNamesTheTimeTheSchedulerKeeps(t *testing.T) {
	f := newFixture(t, nil)
	out := f.publishedOnSchedule(t, "Two trusts share a chief executive").Edition.PublishedAt // stamped by the real clock
	slot := out.UTC().Truncate(time.Minute)
	f.approvedStory(t, "Three districts merge their back offices")
	cfg := *f.bot.cfg
	cfg.Bot.Timezone = "UTC"
	cfg.Digest.Schedule = fmt.Sprintf("%d %d * * *", slot.Minute(), slot.Hour())
	b, err := New(Options{Config: &cfg, Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	b.now = func() time.Time { return out.Add(-time.Hour) }
	f.bot = b
	tomorrow := slot.AddDate(0, 0, 1)
	v, ok := f.say(member, "status").Body.(StatusView)
	if !ok {
		t.Fatal("status answered no StatusView")
	}
	if !v.NextPublication.Equal(tomorrow) {
		t.Errorf("status names %s, want %s: today's edition went out at %s", v.NextPublication, tomorrow, out.UTC())
	}
	draft := f.draftView(t)
	if want := tomorrow.Format("Monday 2 January"); !strings.Contains(draft.Note, want) || !draft.Edition.Date.Equal(dateOnly(tomorrow)) {
		t.Errorf("the draft is dated %s under %q, want %s", draft.Edition.Date, draft.Note, want)
	}
}

// TestScheduledEditionJustAfterMidnightInAHalfHourZone: a schedule at
// 00:05 in Asia/Kolkata (UTC+05:30) publishes at 18:35 UTC the evening
// before; the edition is dated, and its title's {date} names, the day in
// the zone, with the ordinal each day takes. Status names the time in the
// zone, with its offset's name.
func TestScheduledEditionJustAfterMidnightInAHalfHourZone(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Asia/Kolkata"
		c.Digest.Schedule = "5 0 * * *"
	})
	ctx := context.Background()
	kolkata := f.bot.Location()
	days := []int{1, 2, 3, 11, 12, 13, 21, 22, 23, 31}
	for _, day := range days {
		f.approvedStory(t, fmt.Sprintf("Story of the %d", day))
		slot := f.bot.NextPublication(time.Date(2027, 1, day, 0, 0, 0, 0, kolkata))
		if got := slot.UTC().Format("2 Jan 15:04"); got != time.Date(2027, 1, day-1, 18, 35, 0, 0, time.UTC).Format("2 Jan 15:04") {
			t.Fatalf("the %d's time is %s UTC", day, got)
		}
		if day == 1 {
			f.bot.now = func() time.Time { return slot.Add(-time.Minute) }
			v, ok := f.say(member, "status").Body.(StatusView)
			if !ok || v.NextPublication.In(kolkata).Format("Monday 2 January 2006 at 15:04 MST") != "Friday 1 January 2027 at 00:05 IST" {
				t.Errorf("status a minute before the time names %s", v.NextPublication.In(kolkata))
			}
		}
		f.bot.now = func() time.Time { return slot }
		f.bot.PublishScheduled(ctx, slot)
	}
	want := []string{"1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"}
	for n, day := range days {
		e, err := f.store.Edition(ctx, n+1)
		if err != nil {
			t.Fatal(err)
		}
		if w := " from " + want[n] + " January 2027"; !strings.HasSuffix(e.Edition.Title, w) || e.Edition.Date.Day() != day {
			t.Errorf("edition %d: %q dated %s, want the title to end %q", n+1, e.Edition.Title, e.Edition.Date.Format("2 January 2006"), w)
		}
	}
}

// TestAScheduledEditionThatReachesNobodyIsToldOnce: edition 1 went to
// two channels, and both unsubscribed before edition 2's time. Edition 2
// went out to nobody, its stories gone from the draft, and the review
// channel heard nothing of it: a scheduled edition that goes out is not
// announced, so the editors learned it only by looking. They are now told
// once that it reached nobody, and why.
func TestAScheduledEditionThatReachesNobodyIsToldOnce(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	ctx := context.Background()
	for _, ch := range []string{"C1", "C2"} {
		if r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: ch}, Text: "subscribe"}); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	f.publishedByHand(t, "Two trusts share a chief executive")
	f.approvedStory(t, "Two districts share a chief executive")
	for _, ch := range []string{"C1", "C2"} {
		if r := f.bot.Handle(ctx, Request{Caller: editor, Channel: Channel{Platform: "slack", ID: ch}, Text: "unsubscribe"}); tone(r) != Success {
			t.Fatal(text(r))
		}
	}
	slot := f.bot.NextPublication(time.Now().Add(48 * time.Hour))
	f.bot.now = func() time.Time { return slot }
	f.bot.PublishScheduled(ctx, slot)
	if latest, err := f.store.LatestEdition(ctx); err != nil || latest.Edition.Number != 2 {
		t.Fatalf("edition 2 did not go out: %+v %v", latest.Edition, err)
	}
	want := fmt.Sprintf("Edition 2 was published at %s but reached nobody: no channel is subscribed, and nobody gets it by email.", f.bot.clockDay(slot))
	if len(f.slack.review) != 1 || !strings.HasPrefix(f.slack.review[0], want) {
		t.Errorf("the review channel heard %q, want %q once", f.slack.review, want)
	}
}
