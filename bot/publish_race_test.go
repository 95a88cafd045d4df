package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// TestPublishTwiceAtOnce: /shared publish pressed twice quickly (or by two
// editors) makes one edition; the other is told there is nothing to
// publish, and every channel receives the edition once.
func TestPublishTwiceAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	page := pageServer(t)
	if r := f.say(member, "submit "+page.URL+"/a health"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "approve 1"); tone(r) != Success {
		t.Fatal(text(r))
	}
	if r := f.say(editor, "subscribe"); tone(r) != Success {
		t.Fatal(text(r))
	}
	replies := make([]Reply, 2)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Add(1)
		go func() { defer wg.Done(); replies[i] = f.say(editor, "publish") }()
	}
	wg.Wait()
	published := 0
	for _, r := range replies {
		if strings.Contains(text(r), "Published edition 1") {
			published++
		} else if tone(r) == Success {
			t.Errorf("the other publish: %q", text(r))
		}
	}
	if published != 1 {
		t.Errorf("replies: %q / %q", text(replies[0]), text(replies[1]))
	}
	if _, err := f.store.Edition(context.Background(), 2); err == nil {
		t.Error("a second edition was published")
	}
	f.worker.Deliver(context.Background())
	f.slack.mu.Lock()
	defer f.slack.mu.Unlock()
	if n := len(f.slack.editions["C1"]); n != 1 {
		t.Errorf("channel C1 received %d editions", n)
	}
}

// TestScheduledTimeDuringAPublishByHand: the scheduled time comes while an
// editor's /shared publish of the same draft is under way: one edition,
// whichever is first, and the editors are told neither that nothing was
// published (the draft is empty because it went out) nor of a failure.
func TestScheduledTimeDuringAPublishByHand(t *testing.T) {
	ctx := context.Background()
	for range 10 { // the race is narrow: run it often
		f := newFixture(t, func(c *config.Config) { c.Digest.Schedule = "* * * * *" })
		f.approvedStory(t, "Two trusts share a chief executive")
		slot := f.bot.NextPublication(time.Now())
		f.bot.now = func() time.Time { return slot }
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); f.say(editor, "publish") }()
		go func() { defer wg.Done(); f.bot.PublishScheduled(ctx, slot) }()
		wg.Wait()
		if _, err := f.store.Edition(ctx, 2); err == nil {
			t.Fatal("a second edition was published")
		}
		if _, err := f.store.Edition(ctx, 1); err != nil {
			t.Fatal("nothing was published:", err)
		}
		for _, m := range f.slack.review {
			if strings.Contains(m, "No edition was published") || strings.Contains(m, "failed") {
				t.Fatalf("editors were told %q", m)
			}
		}
	}
}

// TestAPublishByHandBetweenTheSchedulersLookAndItsPublish: at the weekly
// time the scheduler looks, finds no edition published by hand just
// before, and goes to publish; in that instant an editor publishes the
// draft by hand and approves a late story. The edition published by hand
// is that time's: the scheduler publishes no second edition of the late
// story alone, which waits in the draft. It used to go out as edition 2,
// as the look and the publish were two transactions.
func TestAPublishByHandBetweenTheSchedulersLookAndItsPublish(t *testing.T) {
	ctx := context.Background()
	f, slot := slotAhead(t, 5*time.Minute)
	f.approvedStory(t, "Two trusts share a chief executive")
	calls, inside := 0, false
	f.bot.now = func() time.Time {
		calls++
		// The scheduler reads the clock as it looks, and again as it
		// publishes: the editor comes in between.
		if calls == 2 && !inside {
			inside = true
			if r := f.say(editor, "publish"); tone(r) != Success {
				t.Fatal(text(r))
			}
			f.approvedStory(t, "A late story for next week")
			inside = false
		}
		return slot
	}
	f.bot.PublishScheduled(ctx, slot)
	if calls < 2 {
		t.Fatal("the scheduler read the clock once: the editor never came in")
	}
	if e, err := f.store.Edition(ctx, 2); err == nil {
		t.Fatalf("a second edition was published at the time, just after the one published by hand: %d stories, %q",
			len(e.Stories), e.Stories[0].Headline)
	}
	if draft, err := f.store.Draft(ctx); err != nil || len(draft.Stories) != 1 {
		t.Errorf("the draft after the time: %d stories, %v; want the late story waiting", len(draft.Stories), err)
	}
}
