package feeds

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"Seg, 24 Set 2018 19:42:40 -0300", utc(2018, 9, 24, 22, 42, 40)},
		{"Sáb, 1 Dez 2018 08:00:00 -0200", utc(2018, 12, 1, 10, 0, 0)},
		{"Sat, Dec 16 2023 02:02:33 PM", utc(2023, 12, 16, 14, 2, 33)},
		{"2020/1/10 14:33:00", utc(2020, 1, 10, 14, 33, 0)},
		{"2018-01-06T08:00", utc(2018, 1, 6, 8, 0, 0)},
		{"Mo, 3 Mär. 2025 10:15:00 +0100", utc(2025, 3, 3, 9, 15, 0)},
		{"12 juil. 2021 09:30", utc(2021, 7, 12, 9, 30, 0)},
		{"  Thu,\n 19 November 2026  09:00:00 GMT ", utc(2026, 11, 19, 9, 0, 0)},
		{"24.09.2018 19:42", utc(2018, 9, 24, 19, 42, 0)},
		// A zone offset written with a colon, as ISO 8601 writes it.
		{"Mon, 2 Jan 2006 15:04:05 +01:00", utc(2006, 1, 2, 14, 4, 5)},
		{"Mon, 2 Jan 2006 15:04 -05:30", utc(2006, 1, 2, 20, 34, 0)},
		// A comment after the date, as RFC 5322 allows ("+0000 (UTC)").
		{"Mon, 02 Jan 2006 15:04:05 +0000 (UTC)", utc(2006, 1, 2, 15, 4, 5)},
		{"Tue, 3 Feb 2015 11:20:00 +0100 (CET)", utc(2015, 2, 3, 10, 20, 0)},
		// German writes the day with a full stop.
		{"Montag, 02. Januar 2006 15:04", utc(2006, 1, 2, 15, 4, 0)},
		{"3. März 2025", utc(2025, 3, 3, 0, 0, 0)},
		// French abbreviates the day with a full stop.
		{"mar., 05 mars 2024 09:30:00 +0100", utc(2024, 3, 5, 8, 30, 0)},
		// Zones written as words, which gofeed reads as UTC when it does
		// not know them.
		{"Thu, 30 Apr 2015 08:57:00 MEST", utc(2015, 4, 30, 6, 57, 0)},
		{"Tue, 05 Mar 2024 20:30:00 aedt", utc(2024, 3, 5, 9, 30, 0)},
		{"Wed, 19 Feb 2012 22:40:00 GMT-01:01", utc(2012, 2, 19, 23, 41, 0)},
		{"2024-03-05 11:30:00 UTC+2", utc(2024, 3, 5, 9, 30, 0)},
		// JavaScript's Date.toString(), and ISO with a space before the
		// offset.
		{"Tue Mar 05 2024 10:30:00 GMT+0100 (Central European Standard Time)", utc(2024, 3, 5, 9, 30, 0)},
		{"2004-07-08 23:56:58 -00:20", utc(2004, 7, 9, 0, 16, 58)},
		// Drupal's default long date format.
		{"Tuesday, March 5, 2024 - 09:30", utc(2024, 3, 5, 9, 30, 0)},
		// English months written short with a full stop, as the AP
		// writes them, read as "Sept." was.
		{"Nov. 5, 2024", utc(2024, 11, 5, 0, 0, 0)},
		{"Tuesday, Nov. 5, 2024 - 09:30", utc(2024, 11, 5, 9, 30, 0)},
		{"Tue, 5 NOV. 2024 09:30:00 +0000", utc(2024, 11, 5, 9, 30, 0)},
		{"Sept. 3, 2024", utc(2024, 9, 3, 0, 0, 0)},
		// Days with their ordinal ending, as the archive's date lines
		// read them.
		{"March 5th, 2024", utc(2024, 3, 5, 0, 0, 0)},
		{"Fri, 1st Mar 2024 09:30:00 +0000", utc(2024, 3, 1, 9, 30, 0)},
		{"22nd November 2024", utc(2024, 11, 22, 0, 0, 0)},
	} {
		got, ok := parseDate(tc.in)
		if !ok || !got.Equal(tc.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "32 Foo 2018", "2th March 2024", "March 32nd, 2024", "Seg, 99 Set 2018 19:42:40 -0300", "Tue, 05 Mar 2024 11:30:00 GMT+25"} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %v, want no date", bad, got)
		}
	}
}

// TestZoneAtUTCIsNotReadAgain: a date whose zone word is UTC's ("GMT",
// "UTC": most RSS dates) keeps gofeed's reading without being parsed a
// second time, which cost every such item 30 allocations and two
// microseconds; one whose zone gofeed may have taken for UTC ("MEST") is
// read again, at its zone, and "EST" stays right.
// publishedFrom reads an RSS feed of one item dated date, fetched at
// fetched, and returns what reads its item's date as the story's
// (entryContext.published): the date, and the one not used.
func publishedFrom(t *testing.T, date string, fetched time.Time) func() (time.Time, string) {
	t.Helper()
	u := mustURL(t, "https://x.example/feed")
	pf, err := parseFeed(datedRSS("A", date), "", u)
	if err != nil {
		t.Fatalf("%s: %v", date, err)
	}
	ec := newEntryContext(pf, u, "s", 200, fetched)
	return func() (time.Time, string) { return ec.published(pf.Items[0], pf.extras[0]) }
}

func TestZoneAtUTCIsNotReadAgain(t *testing.T) {
	fetched := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	day := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		date      string
		maxAllocs float64
	}{
		{"Tue, 05 Mar 2024 09:30:00 GMT", 2},
		{"Tue, 05 Mar 2024 09:30:00 UTC", 2},
		{"Tue, 5 Mar 2024 09:30:00 UT", 2},
		{"Tue, 05 Mar 2024 04:30:00 EST", 100},
		{"Tue, 05 Mar 2024 11:30:00 MEST", 100},
	} {
		published := publishedFrom(t, tc.date, fetched)
		if got, _ := published(); !got.Equal(day) {
			t.Errorf("%s: published %v, want %v", tc.date, got, day)
		}
		if allocs := testing.AllocsPerRun(10, func() { published() }); allocs > tc.maxAllocs {
			t.Errorf("%s: %v allocations, want at most %v", tc.date, allocs, tc.maxAllocs)
		}
	}
}

// TestDatesInFiguresAreReadDayFirst: UK public-sector feeds write a date
// in figures day first ("16/11/2026", "05/11/2026"), with or without a
// time, a zone, the day's name or the century; such an entry is dated
// that day, not when it was fetched, and "05/11/2026" is 5 November, not
// 11 May, whatever the clock after it. The month comes first only when
// the day cannot ("11/16/2026").
func TestDatesInFiguresAreReadDayFirst(t *testing.T) {
	fetched := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, time.UTC) }
	for _, tc := range []struct {
		date string
		want time.Time
	}{
		{"16/11/2026", at(11, 16, 0, 0)},
		{"05/11/2026", at(11, 5, 0, 0)},
		{"16/11/2026 09:30", at(11, 16, 9, 30)},
		{"05/11/2026 14:00", at(11, 5, 14, 0)},
		{"05/11/2026 9:30 AM", at(11, 5, 9, 30)},
		{"05/11/2026 3:04:05 PM", time.Date(2026, 11, 5, 15, 4, 5, 0, time.UTC)},
		{"16/11/2026 09:30:00 +0000", at(11, 16, 9, 30)},
		{"05/11/2026 09:30:00 +0100", at(11, 5, 8, 30)},
		{"Mon, 16/11/2026", at(11, 16, 0, 0)},
		{"Thursday 05/11/2026 10:00", at(11, 5, 10, 0)},
		{"5/11/26", at(11, 5, 0, 0)},
		{"16/11/26 09:30", at(11, 16, 9, 30)},
		{"05-11-2026 09:30", at(11, 5, 9, 30)},
		{"05.11.2026", at(11, 5, 0, 0)},
		{"11/16/2026", at(11, 16, 0, 0)},
		{"11/16/2026 9:30 PM", at(11, 16, 21, 30)},
	} {
		if got, bad := publishedFrom(t, tc.date, fetched)(); !got.Equal(tc.want) || bad != "" {
			t.Errorf("%q: published %v (not used: %q), want %v", tc.date, got, bad, tc.want)
		}
	}
	for _, bad := range []string{"32/11/2026", "16/13/2026", "16/11-2026", "0/11/2026", "16/11/202"} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %v, want no date", bad, got)
		}
	}
}
