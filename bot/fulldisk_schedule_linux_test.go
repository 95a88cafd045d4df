package bot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestAScheduledEditionOnAFullDiskGoesOutWhenThereIsRoomAgain: at the
// scheduled time the database's device (a small tmpfs) is full. The
// editors are told so once, and that it goes out by itself once there is
// room; when the operator frees space a few seconds later, the edition
// goes out, once, and the editors hear that it did. It used to be given
// up at the first refusal: the editors were told to publish by hand, and
// an edition due at 09:00 on a disk freed at 09:05 waited for an editor.
func TestAScheduledEditionOnAFullDiskGoesOutWhenThereIsRoomAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a retry")
	}
	dir := storetest.SmallDisk(t, "16m")
	db, filler := filepath.Join(dir, "news.db"), filepath.Join(dir, "filler")
	f := newFixture(t, func(c *config.Config) { c.Bot.Database = db })
	f.approvedStory(t, "Two districts share a chief executive")
	slot := f.bot.NextPublication(time.Now())
	storetest.EmptyLog(t, db)
	storetest.Fill(t, filler)
	review := func() []string {
		f.slack.mu.Lock()
		defer f.slack.mu.Unlock()
		return append([]string(nil), f.slack.review...)
	}
	done := make(chan struct{})
	go func() { defer close(done); f.bot.PublishScheduled(context.Background(), slot) }()
	for deadline := time.Now().Add(30 * time.Second); len(review()) == 0; time.Sleep(50 * time.Millisecond) {
		select {
		case <-done:
			t.Fatalf("the scheduled publication returned on a full disk without waiting; editors told %q", review())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the editors were not told of the full disk within 30 s")
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the scheduled publication had not gone out 30 s after space was freed")
	}
	latest, err := f.store.LatestEdition(context.Background())
	if err != nil || latest.Edition.Number != 1 {
		t.Fatalf("no edition 1 went out once there was room: %+v, %v", latest.Edition, err)
	}
	told := review()
	if len(told) != 2 || strings.Count(strings.Join(told, "\n"), "disk is full") != 1 {
		t.Fatalf("the editors were told %q; want the full disk once, then that the edition went out", told)
	}
	if !strings.HasPrefix(told[0], "The bot's disk is full, so I couldn't publish the scheduled edition") ||
		!strings.Contains(told[0], "goes out by itself") {
		t.Errorf("the editors were told %q, want the full disk and that it goes out once there is room", told[0])
	}
	if !strings.HasPrefix(told[1], "Edition 1 went out") {
		t.Errorf("the editors were told %q, want that edition 1 went out", told[1])
	}
}
