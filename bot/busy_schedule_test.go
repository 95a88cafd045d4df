package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestAScheduledEditionWaitsForADatabaseHeldByAnotherProgram: at the
// scheduled time another program holds the database's write lock (a
// sqlite3 shell left in BEGIN IMMEDIATE) for longer than a write waits
// (store.BusyTimeout). The edition goes out once the lock is let go,
// once, and the editors are not told it failed. It used to be given up
// at the first busy answer: the editors were told to publish by hand.
func TestAScheduledEditionWaitsForADatabaseHeldByAnotherProgram(t *testing.T) {
	f, logged, slot, release := storyDueWhileHeld(t)
	done := make(chan struct{})
	go func() { defer close(done); f.bot.PublishScheduled(context.Background(), slot) }()
	held := 8 * time.Second // past one busy timeout
	time.Sleep(held)
	release()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the scheduled publication had not returned a minute after the lock was let go")
	}
	latest, err := f.store.LatestEdition(context.Background())
	if err != nil {
		t.Fatalf("no edition went out once the database was let go: %v", err)
	}
	if latest.Edition.Number != 1 {
		t.Errorf("the latest edition is number %d, want 1", latest.Edition.Number)
	}
	if n := strings.Count(logged.String(), "scheduled publication waits: another program holds the database"); n != 1 {
		t.Errorf("the log says %d times that the publication waits for the database, want once:\n%s", n, logged.String())
	}
	for _, m := range f.slack.review {
		if strings.Contains(m, "failed") {
			t.Errorf("the editors were told %q", m)
		}
	}
}

// TestAScheduledEditionOnAFullDiskIsToldAsSuch: at the scheduled time the
// disk is full (the store may grow the file no further: SQLITE_FULL). The
// editors are told that, in the sentence a command on a full disk gets,
// and nothing is published: the draft waits, whole. It used to say only
// that the publication failed, and to look in the log. The publication
// waits for room (TestAScheduledEditionOnAFullDiskGoesOutWhenThereIsRoomAgain);
// a run stopped meanwhile tells the editors nothing more.
func TestAScheduledEditionOnAFullDiskIsToldAsSuch(t *testing.T) {
	var db string
	f := newFixture(t, func(c *config.Config) { db = c.Bot.Database })
	ctx := context.Background()
	f.approvedStory(t, "Two districts share a chief executive")
	for i := range 300 {
		if _, err := f.store.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: fmt.Sprintf("C%04d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	full := storetest.OpenFull(t, db)
	b, err := New(Options{Config: f.bot.cfg, Store: full})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	b.AddPlatform(rec)
	review := func() []string {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return append([]string(nil), rec.review...)
	}
	stopped, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() { defer close(done); b.PublishScheduled(stopped, b.NextPublication(time.Now())) }()
	for deadline := time.Now().Add(30 * time.Second); len(review()) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	stop()
	<-done
	want := "The bot's disk is full, so I couldn't publish the scheduled edition; nothing was changed."
	if told := review(); len(told) != 1 || !strings.HasPrefix(told[0], want) {
		t.Errorf("the editors were told %q, want %q once", told, want)
	}
	if _, err := full.LatestEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an edition was published on a full disk: %v", err)
	}
	if draft, err := full.Draft(ctx); err != nil || len(draft.Stories) != 1 {
		t.Errorf("the draft is %d stories (%v), want its one story waiting", len(draft.Stories), err)
	}
}

// TestAScheduledEditionStoppedWhileTheDatabaseIsHeldSaysWhy: the run
// stops while the scheduled publication waits for a database another
// program holds. The log and the editors hear that the database was held,
// not only that the wait was cancelled ("context canceled"), which named
// no cause.
func TestAScheduledEditionStoppedWhileTheDatabaseIsHeldSaysWhy(t *testing.T) {
	f, logged, slot, _ := storyDueWhileHeld(t)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan struct{})
	go func() { defer close(done); f.bot.PublishScheduled(ctx, slot) }()
	for !strings.Contains(logged.String(), "scheduled publication waits") {
		select {
		case <-done:
			t.Fatalf("the scheduled publication returned before it waited:\n%s", logged.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	stop()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the scheduled publication had not returned 30 s after the run stopped")
	}
	if !strings.Contains(logged.String(), "is locked by another program") || !strings.Contains(logged.String(), "context canceled") {
		t.Errorf("the log does not say the database was held when the run stopped:\n%s", logged.String())
	}
	want := "The bot's database is busy (another program is holding it), so I couldn't publish the scheduled edition"
	if len(f.slack.review) != 1 || !strings.HasPrefix(f.slack.review[0], want) {
		t.Errorf("the editors were told %q, want %q", f.slack.review, want)
	}
}

// storyDueWhileHeld is a bot with one approved story, its next scheduled
// time, and its database's write lock held by another connection until
// release (or the test's end); logged is what the bot logs.
func storyDueWhileHeld(t *testing.T) (f *fixture, logged *syncbuf.Buffer, slot time.Time, release func()) {
	t.Helper()
	if testing.Short() {
		t.Skip("holds the database for longer than the busy timeout")
	}
	var db string
	f = newFixture(t, func(c *config.Config) { db = c.Bot.Database })
	logged = new(syncbuf.Buffer)
	f.bot.log = slog.New(slog.NewTextHandler(logged, nil))
	f.approvedStory(t, "Two districts share a chief executive")
	slot = f.bot.NextPublication(time.Now())
	return f, logged, slot, storetest.HoldWriteLock(t, db)
}
