package bot

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// TestWallScheduleThroughAYear: every half hour through 2026 in zones with
// whole-hour, half-hour and midnight clock changes (and none), each time is
// later than the one before, no wall-clock time is published twice, and
// every wall-clock time the schedule names that the zone's clock shows is
// published (a time the clocks skipped at the change, which the clock
// shows as the time they changed to).
func TestWallScheduleThroughAYear(t *testing.T) {
	spec, err := cron.ParseStandard("*/30 * * * *")
	if err != nil {
		t.Fatal(err)
	}
	for _, tz := range []string{"Europe/London", "America/New_York", "America/Santiago", "America/Havana", "Australia/Lord_Howe", "UTC"} {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			t.Skip("no time zone database:", err)
		}
		s := wallSchedule{cron: spec, loc: loc}
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
		end := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
		seen := map[string]bool{}
		n := 0
		for {
			next := s.Next(at)
			if !next.After(at) {
				t.Fatalf("%s: after %s came %s", tz, at, next)
			}
			if !next.Before(end) {
				break
			}
			wall := next.In(loc).Format("2006-01-02 15:04")
			if seen[wall] {
				t.Errorf("%s: %s published twice", tz, wall)
			}
			seen[wall] = true
			n++
			at = next
		}
		// Every half hour the clock shows in 2026 was published.
		shown := map[string]bool{}
		for u := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC); u.Before(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)); u = u.Add(30 * time.Minute) {
			if l := u.In(loc); l.Year() == 2026 {
				shown[l.Format("2006-01-02 15:04")] = true
			}
		}
		for w := range shown {
			if !seen[w] {
				t.Errorf("%s: %s never published", tz, w)
			}
		}
		if n > len(shown) {
			t.Errorf("%s: %d publications for %d half hours", tz, n, len(shown))
		}
	}
}
