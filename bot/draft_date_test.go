package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
)

// draftView answers /shared draft as the editor, and fails unless it is an
// edition.
func (f *fixture) draftView(t *testing.T) EditionView {
	t.Helper()
	r := f.say(editor, "draft")
	v, ok := r.Body.(EditionView)
	if !ok {
		t.Fatalf("draft answered %s", text(r))
	}
	return v
}

// TestDraftPreviewIsDatedForItsScheduledPublication: on Monday 30 November
// the draft of a Thursday 09:00 schedule is dated and titled Thursday 3
// December, as the edition the scheduler publishes then is, and the line
// above it says when it goes out; /shared publish that Monday dates it the
// Monday, as the line says.
func TestDraftPreviewIsDatedForItsScheduledPublication(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Bot.Timezone = "Europe/London"
		c.Digest.Schedule = "0 9 * * 4"
	})
	ctx := context.Background()
	monday := time.Date(2026, 11, 30, 10, 0, 0, 0, f.bot.Location())
	f.bot.now = func() time.Time { return monday }
	f.approvedStory(t, "Two trusts share a chief executive")

	v := f.draftView(t)
	if want := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC); !v.Edition.Date.Equal(want) {
		t.Errorf("the draft is dated %s, want %s", v.Edition.Date, want)
	}
	if !strings.Contains(v.Edition.Title, "3rd December 2026") {
		t.Errorf("the draft's title is %q", v.Edition.Title)
	}
	if want := "Goes out Thursday 3 December at 09:00 GMT; `/shared publish` sends it now, dated today."; v.Note != want {
		t.Errorf("the line above the draft is %q, want %q", v.Note, want)
	}
	// The subscribe answer says the same time the same way.
	if r := f.say(editor, "subscribe"); !strings.Contains(text(r), "due Thursday 3 December at 09:00 GMT.") {
		t.Errorf("subscribe says %q, want the draft's time with its zone", text(r))
	}
	if !strings.Contains(digest.RenderText(v.Edition), "3rd December 2026") {
		t.Errorf("the draft's text does not carry the Thursday:\n%s", digest.RenderText(v.Edition))
	}

	// The scheduler publishes at that time exactly what was previewed.
	slot := f.bot.NextPublication(monday)
	f.bot.now = func() time.Time { return slot }
	f.bot.PublishScheduled(ctx, slot)
	latest, err := f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !latest.Edition.Date.Equal(v.Edition.Date) || latest.Edition.Title != v.Edition.Title {
		t.Errorf("published %s %q, previewed %s %q", latest.Edition.Date, latest.Edition.Title, v.Edition.Date, v.Edition.Title)
	}
	// The preview knows the number it will carry, for a platform to
	// page it as it will be posted.
	if latest.Edition.Number != v.Edition.Number {
		t.Errorf("published as edition %d, previewed as %d", latest.Edition.Number, v.Edition.Number)
	}

	// Published by hand on a Monday, it is dated that Monday.
	f.bot.now = func() time.Time { return monday.AddDate(0, 0, 7) }
	f.approvedStory(t, "Two councils share a planning team")
	if r := f.say(editor, "publish"); tone(r) != Success {
		t.Fatal(text(r))
	}
	latest, err = f.store.LatestEdition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC); !latest.Edition.Date.Equal(want) {
		t.Errorf("published by hand on Monday 7 December, dated %s", latest.Edition.Date)
	}
}

// TestDraftPreviewDateAtTheEdges: the date is the day of the next
// publication on the wall clock of bot.timezone, whatever its day in UTC,
// across the clocks changing, the turn of the year, and on the day itself;
// a schedule with no time ahead leaves the draft dated today and says so.
func TestDraftPreviewDateAtTheEdges(t *testing.T) {
	for _, c := range []struct {
		name, tz, schedule string
		now                [5]int // year, month, day, hour, minute in tz
		date               [3]int // the date the draft carries
		note               string
	}{
		// 00:30 BST on a Thursday is 23:30 on the Wednesday in UTC.
		{"after midnight in summer time", "Europe/London", "30 0 * * 4", [5]int{2026, 6, 1, 12, 0}, [3]int{2026, 6, 4},
			"Goes out Thursday 4 June at 00:30 BST; `/shared publish` sends it now, dated today."},
		// 21:00 on a Wednesday in New York is 02:00 on the Thursday in UTC.
		{"evening west of Greenwich", "America/New_York", "0 21 * * 3", [5]int{2026, 11, 30, 9, 0}, [3]int{2026, 12, 2},
			"Goes out Wednesday 2 December at 21:00 EST; `/shared publish` sends it now, dated today."},
		// 01:30 does not happen on 29 March 2026 in London: it goes out
		// when the clocks change, at 02:00 BST, that Sunday.
		{"a time the clocks skip", "Europe/London", "30 1 * * 0", [5]int{2026, 3, 27, 12, 0}, [3]int{2026, 3, 29},
			"Goes out Sunday 29 March at 02:00 BST; `/shared publish` sends it now, dated today."},
		// 01:30 happens twice on 25 October 2026: the first.
		{"a time the clocks repeat", "Europe/London", "30 1 * * 0", [5]int{2026, 10, 24, 12, 0}, [3]int{2026, 10, 25},
			"Goes out Sunday 25 October at 01:30 BST; `/shared publish` sends it now, dated today."},
		// Midnight is skipped in Santiago on 6 September 2026.
		{"a midnight the clocks skip", "America/Santiago", "0 0 * * 0", [5]int{2026, 9, 3, 12, 0}, [3]int{2026, 9, 6},
			"Goes out Sunday 6 September at 01:00 -03; `/shared publish` sends it now, dated today."},
		{"into the next year", "Europe/London", "0 9 * * 5", [5]int{2026, 12, 30, 12, 0}, [3]int{2027, 1, 1},
			"Goes out Friday 1 January 2027 at 09:00 GMT; `/shared publish` sends it now, dated today."},
		{"later the same day", "Europe/London", "0 9 * * 4", [5]int{2026, 12, 3, 8, 0}, [3]int{2026, 12, 3},
			"Goes out Thursday 3 December at 09:00 GMT; `/shared publish` sends it now."},
		// The next 29 February after 2097 is in 2104 (2100 is no leap
		// year), past the five years the schedule looks ahead.
		{"no time ahead", "Europe/London", "0 9 29 2 *", [5]int{2097, 3, 1, 12, 0}, [3]int{2097, 3, 1},
			"The schedule names no time ahead, so this edition goes out only when `/shared publish` sends it, dated today."},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, func(cfg *config.Config) {
				cfg.Bot.Timezone = c.tz
				cfg.Digest.Schedule = c.schedule
			})
			now := time.Date(c.now[0], time.Month(c.now[1]), c.now[2], c.now[3], c.now[4], 0, 0, f.bot.Location())
			f.bot.now = func() time.Time { return now }
			f.approvedStory(t, "Two trusts share a chief executive")
			v := f.draftView(t)
			want := time.Date(c.date[0], time.Month(c.date[1]), c.date[2], 0, 0, 0, 0, time.UTC)
			if !v.Edition.Date.Equal(want) || v.Edition.Title != digest.Title(f.bot.cfg.Digest.Title, want) {
				t.Errorf("the draft is dated %s, titled %q; want %s", v.Edition.Date, v.Edition.Title, want)
			}
			if v.Note != c.note {
				t.Errorf("the line above the draft is %q, want %q", v.Note, c.note)
			}
			// Published at the time it names, the edition carries that date.
			next := f.bot.NextPublication(now)
			if next.IsZero() {
				return
			}
			f.bot.now = func() time.Time { return next }
			if _, err := f.bot.Publish(context.Background()); err != nil {
				t.Fatal(err)
			}
			latest, err := f.store.LatestEdition(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !latest.Edition.Date.Equal(v.Edition.Date) {
				t.Errorf("published at %s dated %s, previewed %s", next, latest.Edition.Date, v.Edition.Date)
			}
		})
	}
}

// TestSubscribeWithNoTimeAhead: a schedule that names no time within the
// years it looks ahead gave subscribe "The next edition is due Sunday 31
// December 0000 at 23:58 LMT" (the zero time): it says that editors
// publish instead.
func TestSubscribeWithNoTimeAhead(t *testing.T) {
	f := newFixture(t, func(cfg *config.Config) { cfg.Digest.Schedule = "0 9 29 2 *" })
	now := time.Date(2097, 3, 1, 12, 0, 0, 0, f.bot.Location())
	f.bot.now = func() time.Time { return now }
	r := f.say(editor, "subscribe")
	want := "The next edition is not scheduled: the schedule names no time ahead, so editions go out when an editor publishes them."
	if tone(r) != Success || !strings.Contains(text(r), want) || strings.Contains(text(r), "0001") {
		t.Errorf("subscribe with no time ahead: %q", text(r))
	}
}
