package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestBackupWhileAnotherProcessWrites: `sharednews backup` beside a process
// that keeps writing (as run does while it polls feeds) succeeds, and each
// copy is a whole database holding every story written before it began.
func TestBackupWhileAnotherProcessWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	cfg, db := writeConfig(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := storetest.Open(t, db)
	var written atomic.Int64
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if ctx.Err() != nil {
				writerDone <- nil
				return
			}
			batch := make([]digest.Story, 200)
			for j := range batch {
				n := i*len(batch) + j
				batch[j] = digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", n), Headline: fmt.Sprintf("Councils share service %d", n),
					Summary: "Two councils agree to share a service.", Sector: "local-government", State: digest.StatePublished,
					DecidedAt: time.Unix(int64(1e9+n), 0)}
			}
			if err := st.AddStories(ctx, batch); err != nil {
				writerDone <- err
				return
			}
			written.Add(int64(len(batch)))
		}
	}()
	for round := range 3 {
		for written.Load() < int64(1000*(round+1)) {
			time.Sleep(10 * time.Millisecond)
		}
		before := written.Load()
		copyPath := filepath.Join(t.TempDir(), fmt.Sprintf("copy-%d.db", round))
		out, err := cliCommand(t, "--config", cfg, "backup", copyPath).CombinedOutput()
		if err != nil {
			t.Fatalf("backup %d beside a writer: %v\n%s", round, err, out)
		}
		cp, err := store.Open(context.Background(), copyPath)
		if err != nil {
			t.Fatalf("open copy %d: %v", round, err)
		}
		// Open checks the file (quick_check); every story written before
		// the backup began is in it.
		for _, n := range []int64{0, before - 1} {
			if _, err := cp.StoryByURL(context.Background(), fmt.Sprintf("https://news.example.org/%d", n)); err != nil {
				t.Errorf("copy %d lacks story %d, written before it began: %v", round, n, err)
			}
		}
		cp.Close()
	}
	cancel()
	if err := <-writerDone; err != nil && ctx.Err() == nil {
		t.Fatalf("the writer failed beside the backups: %v", err)
	}
}
