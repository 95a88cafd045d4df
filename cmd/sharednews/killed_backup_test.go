package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestBackupKilledHalfWayLeavesNoBackup: a `sharednews backup` killed while
// it copies (the container stopped, the cron job's machine rebooted)
// leaves nothing under the backup's name. A half-written file there was
// taken for a backup by whatever copies backups away ("file is not a
// database" when restored), and the same backup run again was refused
// with "file already exists".
func TestBackupKilledHalfWayLeavesNoBackup(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	cfg, db := writeConfig(t, "")
	ctx := context.Background()
	st := storetest.Open(t, db)
	// Big enough that copying it takes a while for the kill to land in.
	summary := strings.Repeat("Two councils agree to share a chief executive and a back office. ", 30)
	for i := range 8 {
		batch := make([]digest.Story, 500)
		for j := range batch {
			n := i*len(batch) + j
			batch[j] = digest.Story{URL: fmt.Sprintf("https://news.example.org/%d", n), Headline: fmt.Sprintf("Councils share service %d", n),
				Summary: summary + fmt.Sprint(n), Sector: "local-government", State: digest.StatePublished, DecidedAt: time.Unix(int64(1e9+n), 0)}
		}
		if err := st.AddStories(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	folder := t.TempDir()
	dest := filepath.Join(folder, "backup.db")
	cmd := cliCommand(t, "--config", cfg, "backup", dest)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill it as soon as any file in the folder has bytes: the copy is
	// under way.
	deadline := time.Now().Add(time.Minute)
	for copying := false; !copying; {
		select {
		case err := <-exited:
			t.Fatalf("the backup ended before it could be killed (%v); the database is too small for this test", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no copy began within a minute")
		}
		entries, _ := os.ReadDir(folder)
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.Size() > 0 {
				copying = true
			}
		}
		time.Sleep(time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited

	if info, err := os.Stat(dest); err == nil {
		t.Errorf("a backup killed half-way left %s (%d bytes), which is not a whole backup", dest, info.Size())
	}
	out, err := cliCommand(t, "--config", cfg, "backup", dest).CombinedOutput()
	if err != nil {
		t.Fatalf("the same backup run again after the kill: %v\n%s", err, out)
	}
	cp, err := store.Open(ctx, dest)
	if err != nil {
		t.Fatalf("the backup made after the kill: %v", err)
	}
	defer cp.Close()
	if _, err := cp.StoryByURL(ctx, "https://news.example.org/3999"); err != nil {
		t.Errorf("the backup made after the kill lacks the last story: %v", err)
	}
}
