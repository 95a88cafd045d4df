package feeds

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// untextedWeeks is a council's feed of the weekly list it gives one
// headline and no text, newest first: week n under its own link and GUID,
// dated that week.
func untextedWeeks(weeks ...int) []byte {
	var b strings.Builder
	for _, n := range weeks {
		fmt.Fprintf(&b, `<item><title>Planning applications received this week</title><link>https://council.example.gov.uk/planning/week-%d</link>`+
			`<guid isPermaLink="false">planning-%d</guid><pubDate>%s</pubDate></item>`, n, n,
			fmt.Sprintf("Mon, %02d Nov 2026 09:00:00 GMT", 2+7*(n-1)))
	}
	return rssOf(b.String())
}

// TestUntextedWeeksAreNotLost: the weeks a feed gives one headline and no
// text, each under its own link and GUID and dated its own week, cannot
// be told from the first by their text: each is held back for an editor,
// week after week and when several arrive at once. None is taken for a
// duplicate of the week held back before it, as the same entry under a
// new link at every poll (a cache-buster, dated as it was) is, and lost
// without a word while that one waits; polling again holds none twice.
func TestUntextedWeeksAreNotLost(t *testing.T) {
	fs := newFeedServer(t)
	url := fs.serveBody("/planning.xml", untextedWeeks(1))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(url)))
	var held []string
	poll := func(wantNew, wantHeld int, weeks ...int) {
		t.Helper()
		fs.serveBody("/planning.xml", untextedWeeks(weeks...))
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r := results[0]
		if r.Status == StatusFailed || r.New != wantNew || len(r.HeldBack) != wantHeld {
			t.Errorf("weeks %v: new %d, held back %d, duplicates %d (%s); want new %d, held back %d",
				weeks, r.New, len(r.HeldBack), r.Duplicates, r.Reason, wantNew, wantHeld)
		}
		for _, h := range r.HeldBack {
			held = append(held, h.Entry.URL[strings.LastIndexByte(h.Entry.URL, '/')+1:])
		}
	}
	poll(1, 0, 1)
	poll(0, 1, 2, 1)
	poll(0, 1, 3, 2, 1)
	poll(0, 0, 3, 2, 1)
	// Two weeks at once, after the feed was not polled for a fortnight.
	poll(0, 2, 5, 4, 3, 2, 1)
	poll(0, 0, 5, 4, 3, 2, 1)
	slices.Sort(held)
	if want := []string{"week-2", "week-3", "week-4", "week-5"}; !slices.Equal(held, want) {
		t.Errorf("held back %q, want %q", held, want)
	}
	// A feed that makes up its links and GUIDs at every request, and
	// dates its entries with the time of the request, gives the same
	// entries again at every poll: held back once a day at most.
	requests := 0
	busted := fs.URL + "/busted.xml"
	bust := func() {
		requests++
		var b strings.Builder
		for n := 1; n <= 3; n++ {
			fmt.Fprintf(&b, `<item><title>Planning applications received this week</title><link>https://council.example.gov.uk/planning/week-%d?nocache=%d</link>`+
				`<guid isPermaLink="false">planning-%d-%d</guid><pubDate>Mon, 23 Nov 2026 09:%02d:00 GMT</pubDate></item>`, n, requests, n, requests, requests)
		}
		fs.serveBody("/busted.xml", rssOf(b.String()))
	}
	bustedStore := storetest.Open(t, "")
	bp := newPoller(t, bustedStore, feedsConfig(src(busted)))
	for poll := range 4 {
		bust()
		results, err := bp.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r := results[0]; poll > 0 && len(r.HeldBack) != 0 || r.Status != StatusFetched {
			t.Errorf("busted feed, poll %d: %s, new %d, held back %d", poll+1, r.Status, r.New, len(r.HeldBack))
		}
	}
	health, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h := health[url]; h.HeldBackTotal != 4 {
		t.Errorf("/shared feeds counts %d held back, want 4", h.HeldBackTotal)
	}
}

// untextedDay is a feed of the notices a council gives one headline and
// no text, several on one day, newest first: notice n under its own link
// and GUID, an hour after the one before.
func untextedDay(notices ...int) []byte {
	var b strings.Builder
	for _, n := range notices {
		fmt.Fprintf(&b, `<item><title>Planning applications received this week</title><link>https://council.example.gov.uk/planning/notice-%d</link>`+
			`<guid isPermaLink="false">notice-%d</guid><pubDate>Fri, 04 Dec 2026 %02d:00:00 GMT</pubDate></item>`, n, n, 8+n)
	}
	return rssOf(b.String())
}

// TestUntextedEntriesOfOneDayAreNotLost: entries a feed gives one
// headline, no text and one day, each under its own link and GUID, are
// each held back, several at once or one after another, and none twice
// when the feed lists them again. Before, the first held back stood for
// every other of its day: they were counted as duplicates of it and lost
// unsaid. What tells them from a cache-buster's entries (the same ones
// under new links at every poll) is that the feed still lists the entry
// held back before under its own link.
func TestUntextedEntriesOfOneDayAreNotLost(t *testing.T) {
	fs := newFeedServer(t)
	url := fs.serveBody("/notices.xml", untextedDay(1))
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(url)))
	var held []string
	poll := func(wantNew, wantHeld int, notices ...int) {
		t.Helper()
		fs.serveBody("/notices.xml", untextedDay(notices...))
		results, err := p.PollOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r := results[0]
		if r.Status == StatusFailed || r.New != wantNew || len(r.HeldBack) != wantHeld {
			t.Errorf("notices %v: new %d, held back %d, duplicates %d (%s); want new %d, held back %d",
				notices, r.New, len(r.HeldBack), r.Duplicates, r.Reason, wantNew, wantHeld)
		}
		for _, h := range r.HeldBack {
			held = append(held, h.Entry.URL[strings.LastIndexByte(h.Entry.URL, '/')+1:])
		}
	}
	poll(1, 0, 1)
	poll(0, 2, 3, 2, 1)
	poll(0, 0, 1, 2, 3)
	poll(0, 1, 4, 3, 2, 1)
	poll(0, 0, 1, 2, 3, 4)
	slices.Sort(held)
	if want := []string{"notice-2", "notice-3", "notice-4"}; !slices.Equal(held, want) {
		t.Errorf("held back %q, want %q", held, want)
	}
	health, err := st.FeedHealths(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h := health[url]; h.HeldBackTotal != 3 {
		t.Errorf("/shared feeds counts %d held back, want 3", h.HeldBackTotal)
	}
}
