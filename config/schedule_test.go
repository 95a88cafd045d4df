package config

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScheduleTakesSundayAsSeven: crontab(5) names Sunday 0 or 7, so a
// schedule copied from a crontab line ("0 9 * * 7", "0 9 * * 5-7") fires on
// the days it names, as it would under cron; the parser underneath takes
// only 0.
func TestScheduleTakesSundayAsSeven(t *testing.T) {
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) // a Monday
	for _, tc := range []struct {
		schedule string
		want     []time.Weekday // the days it fires in one week from Monday
	}{
		{"0 9 * * 7", []time.Weekday{time.Sunday}},
		{"0 9 * * 0", []time.Weekday{time.Sunday}},
		{"0 9 * * 5-7", []time.Weekday{time.Friday, time.Saturday, time.Sunday}},
		{"0 9 * * fri-7", []time.Weekday{time.Friday, time.Saturday, time.Sunday}},
		{"0 9 * * 1-7", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}},
		{"0 9 * * 1-7/2", []time.Weekday{time.Monday, time.Wednesday, time.Friday, time.Sunday}},
		{"0 9 * * 4,7", []time.Weekday{time.Thursday, time.Sunday}},
		{"0 9 * * 7/3", []time.Weekday{time.Sunday}},
		{"0 9 * * 4", []time.Weekday{time.Thursday}},
		{"0 9 * * *", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}},
	} {
		sched, err := ParseSchedule(tc.schedule)
		if err != nil {
			t.Errorf("%q: %v", tc.schedule, err)
			continue
		}
		var got []time.Weekday
		for at := sched.Next(monday); at.Before(monday.AddDate(0, 0, 7)); at = sched.Next(at) {
			if at.Hour() != 9 || at.Minute() != 0 {
				t.Errorf("%q fires at %s", tc.schedule, at)
			}
			got = append(got, at.Weekday())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q fires on %v, want %v", tc.schedule, got, tc.want)
		}
	}
	// What no crontab takes stays refused.
	for _, bad := range []string{"0 9 * * 8", "0 9 * * 7-1", "0 9 * * 5-8", "0 9 * * 5-7/0", "0 9 * * sunday"} {
		if _, err := ParseSchedule(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

// TestScheduleRefusalNamesSevenAsSunday: a day of the week check-config
// refuses is told what the field takes (0-7) without the parser's own
// "above maximum (6)", which 7 for Sunday contradicts.
func TestScheduleRefusalNamesSevenAsSunday(t *testing.T) {
	for _, bad := range []string{"0 9 * * 8", "0 9 * * 5-8", "0 9 * * 7-8"} {
		c := Default()
		c.Digest.Schedule = bad
		msg := scheduleMessage(c.Validate())
		if !strings.Contains(msg, "is not 0-7 (0 and 7 are Sunday)") || strings.Contains(msg, "maximum (6)") {
			t.Errorf("%q: %s", bad, msg)
		}
	}
}

// TestScheduleRefusalHasNoParserInternals: a field that is not a number
// ("Thurs", "nine") is told what the field takes, in one sentence, without
// the cron parser's "failed to parse int from Thurs: strconv.Atoi: …",
// which check-config used to print to the operator.
func TestScheduleRefusalHasNoParserInternals(t *testing.T) {
	for bad, want := range map[string]string{
		"0 9 * * Thurs":    `its day of the week, "Thurs", is not 0-7 (0 and 7 are Sunday) or sun-sat; use`,
		"0 9 * * thursday": `its day of the week, "thursday", is not 0-7 (0 and 7 are Sunday) or sun-sat; use`,
		"0 nine * * 4":     `its hour, "nine", is not 0-23; use`,
		"0 9 * Sept 4":     `its month, "Sept", is not 1-12 or jan-dec; use`,
	} {
		c := Default()
		c.Digest.Schedule = bad
		msg := scheduleMessage(c.Validate())
		if !strings.Contains(msg, want) || strings.Contains(msg, "strconv") || strings.Contains(msg, "parse int") {
			t.Errorf("%q:\n got %s\nwant %s", bad, msg, want)
		}
	}
}

// TestScheduleFiringMoreThanOnceADayIsWarnedOf: a schedule that fires
// more than once a day publishes each story approved between two of its
// times as an edition of its own; check-config says so, and does not fail.
func TestScheduleFiringMoreThanOnceADayIsWarnedOf(t *testing.T) {
	for _, tc := range []struct {
		schedule, every string // "" when there is no warning
	}{
		{"* * * * *", "every minute"},
		{"*/15 9-17 * * 1-5", "every 15 minutes"},
		{"0 9,17 * * 4", "every 8 hours"},
		{"0 * * * *", "every hour"},
		{"0 9 * * 4", ""},
		{"0 9 * * *", ""},
		{"0 9 * * 1-5", ""},
		{"0 9 1 * *", ""},
		{"0 9 30 2 *", ""}, // never fires: Validate's problem, not a warning
	} {
		c := Default()
		c.Digest.Schedule = tc.schedule
		got := scheduleMessage(c.Warnings())
		switch {
		case tc.every == "" && got != "":
			t.Errorf("%q: warned %q", tc.schedule, got)
		case tc.every != "" && !strings.Contains(got, "fires as often as "+tc.every+": each time, the stories approved since go out as an edition of their own"):
			t.Errorf("%q: warning %q, want one saying %q", tc.schedule, got, tc.every)
		}
		if tc.every != "" {
			if ps := c.Validate(); ps != nil {
				t.Errorf("%q: the warning made Validate fail: %v", tc.schedule, ps)
			}
		}
	}
}

// scheduleMessage is what ps says of digest.schedule ("" when nothing).
func scheduleMessage(ps Problems) string {
	for _, p := range ps {
		if p.Key == "digest.schedule" {
			return p.Message
		}
	}
	return ""
}

// TestScheduleSlipsNameTheirRemedy: the schedules people paste from other
// tools are refused with what to write instead: a six-field line from a
// scheduler with seconds is the five fields after its first, a prefix
// naming another zone than bot.timezone is that zone to set there, and a
// line of one word is not said to have "1 fields".
func TestScheduleSlipsNameTheirRemedy(t *testing.T) {
	for _, tc := range []struct {
		timezone, schedule, want string
	}{
		{"Europe/London", "0 0 9 * * 4", `six fields: a first field of seconds is not read; write "0 9 * * 4"`},
		{"Europe/London", "0 0 9 * * THU", `six fields: a first field of seconds is not read; write "0 9 * * THU"`},
		{"Europe/London", "garbage", `"garbage" has 1 field where`},
		{"Europe/London", "TZ=Asia/Kolkata 0 9 * * 4", `set bot.timezone = "Asia/Kolkata" and write "0 9 * * 4"`},
		{"Europe/London", "CRON_TZ=Europe/London 0 9 * * 4", `bot.timezone is already "Europe/London": write "0 9 * * 4"`},
	} {
		c := Default()
		c.Bot.Timezone = tc.timezone
		c.Digest.Schedule = tc.schedule
		if msg := scheduleMessage(c.Validate()); !strings.Contains(msg, tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.schedule, msg, tc.want)
		}
	}
}

// TestTimezoneWithSpacesIsNamed: a zone pasted with a space around it is
// refused (the zone database has no such name) and told the name meant.
func TestTimezoneWithSpacesIsNamed(t *testing.T) {
	c := Default()
	c.Bot.Timezone = " Europe/London "
	var msg string
	for _, p := range c.Validate() {
		if p.Key == "bot.timezone" {
			msg = p.Message
		}
	}
	if want := `did you mean "Europe/London"?`; !strings.Contains(msg, want) {
		t.Errorf("got %q, want %q", msg, want)
	}
}

// TestTimezoneThatNeverChangesIsWarnedOf: "GMT" (a UK council's slip for
// the UK's clock) and the other names of one offset all year that are not
// a place's ("EST", "Etc/GMT+1") never change for summer time, so 09:00
// there is 10:00 on the clocks of readers who do half the year; and an
// Etc/GMT name's sign is POSIX's, the opposite of what it seems.
// check-config warns of them, and runs them; a place's zone, "UTC" and a
// place that keeps one offset all year ("Asia/Kolkata") are not warned of.
func TestTimezoneThatNeverChangesIsWarnedOf(t *testing.T) {
	for _, tc := range []struct{ timezone, want string }{
		{"GMT", `"GMT" keeps one offset all year: it never changes for summer time`},
		{"EST", `"EST" keeps one offset all year: it never changes for summer time`},
		{"Etc/GMT+1", `"Etc/GMT+1" is UTC-01:00 (an Etc/GMT name's sign is POSIX's, the opposite of ISO 8601's)`},
		{"Etc/GMT-5", `"Etc/GMT-5" is UTC+05:00`},
		{"UTC", ""},
		{"Etc/UTC", ""},
		{"Europe/London", ""},
		{"GB", ""},
		{"Asia/Kolkata", ""},
	} {
		c := Default()
		c.Bot.Timezone = tc.timezone
		var got string
		for _, w := range c.Warnings() {
			if w.Key == "bot.timezone" {
				got = w.Message
			}
		}
		warnedAsWanted(t, c, tc.timezone, got, tc.want)
	}
}

// TestScheduleWithADayOfTheMonthAndOfTheWeekIsWarnedOf: "0 9 1-7 * 4",
// written for the first Thursday of the month, fires as cron reads it: on
// each of the 1st to the 7th and on every Thursday, a day matching either
// field. check-config says so; it still runs (crontab(5) allows it).
func TestScheduleWithADayOfTheMonthAndOfTheWeekIsWarnedOf(t *testing.T) {
	for _, tc := range []struct{ schedule, want string }{
		{"0 9 1-7 * 4", `"0 9 1-7 * 4" names both a day of the month (1-7) and a day of the week (4): cron publishes on a day matching either, not both`},
		{"0 9 1 * mon", `a day of the month (1) and a day of the week (mon)`},
		{"0 9 * * 4", ""},
		{"0 9 1 * *", ""},
		{"0 9 ? * 4", ""},
		{"@weekly", ""},
	} {
		c := Default()
		c.Digest.Schedule = tc.schedule
		warnedAsWanted(t, c, tc.schedule, scheduleMessage(c.Warnings()), tc.want)
	}
}

// warnedAsWanted checks the warning got of the setting written: none when
// want is "", else one saying want; and that c, warned of or not, runs.
func warnedAsWanted(t *testing.T, c *Config, written, got, want string) {
	t.Helper()
	switch {
	case want == "" && got != "":
		t.Errorf("%q: warned %q", written, got)
	case want != "" && !strings.Contains(got, want):
		t.Errorf("%q:\n got %q\nwant %q", written, got, want)
	}
	if ps := c.Validate(); ps != nil {
		t.Errorf("%q: %v", written, ps)
	}
}
