package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestRecurringHeadlineReadsTheNewestStories: an entry whose headline
// alone matched its feed's story (a weekly "Planning applications
// received this week") had every story stored since that one read in the
// newswire writer's transaction, the first week's story being where the
// headline's key leads however old it is. It reads that story and, of
// the rest, only those among the newest stored: bounded by the window,
// not the archive. A repeat of the first week's text, or of a week among
// the newest, is still held back; another week's text is a story.
func TestRecurringHeadlineReadsTheNewestStories(t *testing.T) {
	ctx := context.Background()
	const window = 10
	var reads []int
	s, _ := openTestWith(t, Options{recurringWindow: window, watch: &watchers{recurringRead: func(n int) { reads = append(reads, n) }}})
	feed := feedRow(t, s, "https://council.example/feed")
	const headline = "Planning applications received this week"
	week := func(n int, text string) NewswireEntry {
		e := wire(fmt.Sprintf("https://council.example/planning/week-%d", n), headline, fmt.Sprintf("week-%d", n))
		e.Story.Summary = text
		return e
	}
	if res, err := addWire(ctx, s, feed, []NewswireEntry{week(1, "Twelve applications, among them a care home.")}); err != nil || len(res.Added) != 1 {
		t.Fatalf("week 1: %+v, %v", res, err)
	}
	var others []NewswireEntry
	for i := range 30 {
		others = append(others, wire(fmt.Sprintf("https://council.example/news/%d", i), fmt.Sprintf("Council news item number %d", i), fmt.Sprint("n", i)))
	}
	if res, err := addWire(ctx, s, feed, others); err != nil || len(res.Added) != 30 {
		t.Fatalf("30 other stories: %+v, %v", res, err)
	}
	res, err := addWire(ctx, s, feed, []NewswireEntry{week(2, "Nine applications, two of them for solar farms.")})
	if err != nil || len(res.Added) != 1 {
		t.Fatalf("week 2: %+v, %v; want a story", res, err)
	}
	res, err = addWire(ctx, s, feed, []NewswireEntry{
		week(20, "Twelve applications, among them a care home."),
		week(21, "Nine applications, two of them for solar farms."),
	})
	if err != nil || len(res.Added) != 0 || len(res.HeldBack) != 2 {
		t.Errorf("weeks 1 and 2 again under new links: %+v, %v; want both held back", res, err)
	}
	for _, n := range reads {
		if n > 1+window {
			t.Errorf("read %d stories (all: %v), want at most the first and the newest %d", n, reads, window)
		}
	}
	if len(reads) == 0 {
		t.Error("no story read: the headline matched nothing")
	}
}

// TestRecurringReadIsARangeOfRowids: the stories after the matched one
// are read as a range of the table's rowids, from the newest window on.
func TestRecurringReadIsARangeOfRowids(t *testing.T) {
	s, _ := openTest(t)
	plan := strings.Join(queryPlan(t, s, feedTextsAfter, 1, 1, 10), "\n")
	if !strings.Contains(plan, "SEARCH stories USING INTEGER PRIMARY KEY (rowid>?)") {
		t.Errorf("plan:\n%s", plan)
	}
}
