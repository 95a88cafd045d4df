package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Writes reach the database file itself soon after they commit, without a
// commit having to take the write-ahead log past its bound and without the
// Store being closed: the checkpointer copies them in the background.
func TestWritesReachTheFileSoonAfterTheyCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s := openTestAt(t, path)
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)
	// Far fewer pages than walAutoCheckpointPages: no commit checkpoints.
	for i := range 50 {
		submit(t, s, fmt.Sprintf("https://example.gov.uk/news/%d", i), "")
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, path) == before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes 10 s after 50 submissions: the log was not checkpointed", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// After a burst that grew the write-ahead log well past its usual size,
// the log file is cut back once the log starts afresh, rather than keeping
// the burst's size on the disk for good.
func TestLogFileIsCutBackAfterABurst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	s := openTestAt(t, path)
	feed := feedRow(t, s, "https://wire.example/rss")
	// One transaction of about 12 MB: three times the limit.
	var burst []NewswireEntry
	for i := range 600 {
		e := wire(fmt.Sprintf("https://wire.example/%d", i), fmt.Sprintf("Story %d", i), fmt.Sprint(i))
		e.Story.Summary = strings.Repeat(fmt.Sprintf("Summary words of story %d. ", i), 800)
		burst = append(burst, e)
	}
	if _, err := addWire(ctx, s, feed, burst); err != nil {
		t.Fatal(err)
	}
	if size := fileSize(t, path+"-wal"); size <= walSizeLimit {
		t.Fatalf("the burst left a log of %d bytes: too small to test the limit of %d", size, walSizeLimit)
	}
	// Once the checkpointer has copied the log, the next write starts it
	// afresh and cuts the file back.
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; fileSize(t, path+"-wal") > walSizeLimit; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("the log file is still %d bytes 10 s after the burst (limit %d)", fileSize(t, path+"-wal"), walSizeLimit)
		}
		time.Sleep(20 * time.Millisecond)
		if _, err := addWire(ctx, s, feed, []NewswireEntry{wire(fmt.Sprintf("https://wire.example/after/%d", i), fmt.Sprintf("After %d", i), fmt.Sprintf("after-%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
}
