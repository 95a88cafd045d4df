package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips it where
// mounting is not allowed (not root, or in a container without the
// capability): storetest.OpenFull covers the same paths everywhere.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v); the page-limit tests cover a full disk", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fill writes a file until the device is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// TestRealFullDiskDuringPublish: the same as the page-limit test, on a
// device that is really full.
func TestRealFullDiskDuringPublish(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(smallDisk(t, "16m"), "news.db")
	st := storetest.Open(t, path)
	fillDraft(t, st, 30, 400)
	// Empty the WAL first: SQLite reuses the WAL file's space, so on a
	// full disk a commit fails only when the WAL must grow. The Store's
	// checkpointer may be copying the WAL meanwhile: wait for it.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	// A checkpoint running at the same moment makes this one busy at once,
	// whatever the busy timeout: try again.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var busy, logged, done int
		err := db.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done)
		if err == nil && busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint: busy %d, %v", busy, err)
		}
	}
	db.Close()
	fill(t, filepath.Dir(path))

	_, err = st.Publish(ctx, store.Publication{Title: "News", Date: time.Now()})
	wantDiskFull(t, err, path)
	if _, err := st.LatestEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an edition was published: %v", err)
	}
	if err := st.CheckDisk(ctx); !errors.As(err, new(*store.DiskFullError)) {
		t.Errorf("CheckDisk on a full disk = %v", err)
	}
	// Free the space: the probe gets through and the edition publishes.
	if err := os.Remove(filepath.Join(filepath.Dir(path), "filler")); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckDisk(ctx); err != nil {
		t.Errorf("CheckDisk after freeing space = %v", err)
	}
	if _, err := st.Publish(ctx, store.Publication{Title: "News", Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	checkIntegrity(t, path)
}

// TestRealFullDiskBeforeOpen: a disk that filled while nothing had the
// database open. SQLite fails to map its -shm file with an I/O error that
// carries no errno ("disk I/O error (4874)"), which used to come out as
// "not a readable SQLite database"; the device's free space names it.
func TestRealFullDiskBeforeOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(smallDisk(t, "4m"), "news.db")
	st := storetest.Open(t, path)
	st.Close()
	fill(t, filepath.Dir(path))
	_, err := store.Open(ctx, path)
	wantDiskFull(t, err, path)
	if strings.Contains(err.Error(), "not a readable") {
		t.Errorf("message %q blames the file", err)
	}
}
