package digest

import (
	"testing"
	"time"
)

func TestReadDate(t *testing.T) {
	for s, want := range map[string]CalendarDate{
		"30 May 2014":          {2014, time.May, 30},
		"30th May, 2014":       {2014, time.May, 30},
		"the 30th of May 2014": {2014, time.May, 30},
		"May 30 2014":          {2014, time.May, 30},
		"Sept 1st 2014":        {2014, time.September, 1},
		"30/05/2014":           {2014, time.May, 30},
		"30.05.14":             {2014, time.May, 30},
		"31-12-99":             {1999, time.December, 31}, // strptime's %y
		"2014-05-30":           {2014, time.May, 30},
		"2014-5-3":             {2014, time.May, 3},
		"30 February 2014":     {2014, time.February, 30}, // read; Exists says no
		"31/4/2014":            {2014, time.April, 31},
		"45 January 2014":      {2014, time.January, 45},
		"2014/02/29":           {2014, time.February, 29},
	} {
		got, ok := ReadDate(DateWords(s))
		if !ok || got != want {
			t.Errorf("ReadDate(%q) = %+v, %v; want %+v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "May 2014", "30 Mayday 2014", "30 May 14", "2014-13-01", "13/13/2014",
		"30/05-2014", "0/05/2014", "30/05/214", "123 May 2014", "2th May 2014", "Friday 30 May 2014", "next thursday"} {
		if got, ok := ReadDate(DateWords(s)); ok {
			t.Errorf("ReadDate(%q) = %+v, want no date", s, got)
		}
	}
}

func TestCalendarDateExists(t *testing.T) {
	for _, tc := range []struct {
		d    CalendarDate
		why  string
		when time.Time
	}{
		{CalendarDate{2016, time.February, 29}, "", time.Date(2016, 2, 29, 0, 0, 0, 0, time.UTC)},
		{CalendarDate{2015, time.February, 29}, "February 2015 has no day 29", time.Time{}},
		{CalendarDate{2014, time.April, 31}, "April 2014 has no day 31", time.Time{}},
		{CalendarDate{2014, time.May, 0}, "May 2014 has no day 0", time.Time{}},
		{CalendarDate{2014, time.May, 99}, "May 2014 has no day 99", time.Time{}},
	} {
		if got := tc.d.NoSuchDay(); got != tc.why || tc.d.Exists() != (tc.why == "") {
			t.Errorf("%+v: NoSuchDay %q, Exists %v; want %q", tc.d, got, tc.d.Exists(), tc.why)
		}
		if tc.why == "" && !tc.d.Time().Equal(tc.when) {
			t.Errorf("%+v: Time %v, want %v", tc.d, tc.d.Time(), tc.when)
		}
	}
}

func TestWeekdayNamed(t *testing.T) {
	for s, want := range map[string]time.Weekday{"Friday": time.Friday, "fri": time.Friday, "SUN": time.Sunday, "thursday": time.Thursday} {
		if got, ok := WeekdayNamed(s); !ok || got != want {
			t.Errorf("WeekdayNamed(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "Fr", "Thurs", "Fridays", "next"} {
		if _, ok := WeekdayNamed(s); ok {
			t.Errorf("WeekdayNamed(%q) named a day", s)
		}
	}
}

// FuzzReadDate: any text reads without a panic, and a date read that
// exists reads the same again from its ISO form.
func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"30 May 2014", "Friday the 30th of May, 2014", "May 30 2014", "30/05/14", "2014-02-30", "31-12-99", "1/1/1", "/-/", "30 Mayday 2014"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ReadDate(DateWords(s))
		if !ok {
			return
		}
		if d.Month < time.January || d.Month > time.December {
			t.Fatalf("ReadDate(%q) = %+v: no such month", s, d)
		}
		if !d.Exists() {
			if d.NoSuchDay() == "" {
				t.Fatalf("ReadDate(%q) = %+v: does not exist, says nothing", s, d)
			}
			return
		}
		if d.Year < 1000 || d.Year > 9999 {
			return // ISO's four figures cannot write it
		}
		again, ok := ReadDate(DateWords(d.Time().Format(time.DateOnly)))
		if !ok || again != d {
			t.Fatalf("ReadDate(%q) = %+v, but its ISO form reads %+v, %v", s, d, again, ok)
		}
	})
}

func TestAllDigits(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "2014": true, "007": true, "": false, "12a": false, "-1": false, "1.5": false, "١٢": false} {
		if got := AllDigits(s); got != want {
			t.Errorf("AllDigits(%q) = %v, want %v", s, got, want)
		}
	}
}
