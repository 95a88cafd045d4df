package bot

import (
	"time"

	"github.com/robfig/cron/v3"
)

// wallSchedule reads a cron schedule on the wall clock of loc, so that each
// time it names is one publication, whatever the clocks do that day.
// cron's own Next walks instants in loc, and so skips a time that does not
// exist when the clocks go forward (01:30 on the last Sunday of March in
// London: a weekly schedule would lose a week) and names both instants of a
// time that happens twice when they go back (two publications at 01:30 on
// the last Sunday of October). Here the schedule steps through wall-clock
// times (as if in UTC, which has no changes), and each is then placed in
// loc: a time the clocks skipped at the moment they changed, a time that
// happens twice at its first instant only.
type wallSchedule struct {
	cron cron.Schedule // parsed without a time zone: it runs in the zone of the time it is given
	loc  *time.Location
}

// Next is the first time after t that the schedule names, in loc, or the
// zero time if it names none in the next five years.
func (s wallSchedule) Next(t time.Time) time.Time {
	t = t.In(s.loc)
	wall := wallOf(t)
	for {
		wall = s.cron.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		// Wall-clock times only move on, and each instant below is at or
		// after the one before, so this ends; it goes round more than once
		// only in an hour that happens twice (its second pass names
		// times already past).
		if at := s.instant(wall); at.After(t) {
			return at
		}
	}
}

// names reports whether t is one of the schedule's times.
func (s wallSchedule) names(t time.Time) bool {
	return s.Next(t.Add(-time.Second)).Equal(t)
}

// instant is when the wall clock of loc shows wall: its first instant if it
// shows it twice, the moment the clocks changed if they skipped it.
func (s wallSchedule) instant(wall time.Time) time.Time {
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, s.loc)
	if !showsWall(t, wall) {
		// In a gap: time.Date gave an instant on one side of it.
		start, end := t.ZoneBounds()
		if later(t, wall) {
			return start
		}
		return end
	}
	// The same wall time an hour (or half an hour) earlier, in the zone
	// that ended when this one began, is the first of the two.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, before := start.Add(-time.Nanosecond).Zone()
	_, now := t.Zone()
	if d := time.Duration(before-now) * time.Second; d > 0 {
		if first := t.Add(-d); showsWall(first, wall) {
			return first
		}
	}
	return t
}

// wallOf is t's clock reading (in its own location) as a time in UTC,
// the form in which the schedule steps through wall-clock times.
func wallOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// showsWall tells whether t's clock (in its own location) reads wall's (in UTC).
func showsWall(t, wall time.Time) bool { return wallOf(t).Equal(wall) }

// later tells whether t's clock reads later than wall's.
func later(t, wall time.Time) bool { return wallOf(t).After(wall) }
