package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestRealFullDiskDuringPublish: the same as the page-limit test, on a
// device that is really full.
func TestRealFullDiskDuringPublish(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(storetest.SmallDisk(t, "16m"), "news.db")
	st := storetest.Open(t, path)
	fillDraft(t, st, 30, 400)
	storetest.EmptyLog(t, path)
	filler := path + ".filler"
	storetest.Fill(t, filler)

	_, err := st.Publish(ctx, store.Publication{Title: "News", Date: time.Now()})
	wantDiskFull(t, err, path)
	if _, err := st.LatestEdition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an edition was published: %v", err)
	}
	if err := st.CheckDisk(ctx); !errors.As(err, new(*store.DiskFullError)) {
		t.Errorf("CheckDisk on a full disk = %v", err)
	}
	// Free the space: the probe gets through and the edition publishes.
	if err := os.Remove(filler); err != nil {
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
	path := filepath.Join(storetest.SmallDisk(t, "4m"), "news.db")
	st := storetest.Open(t, path)
	st.Close()
	storetest.Fill(t, path+".filler")
	_, err := store.Open(ctx, path)
	wantDiskFull(t, err, path)
	if strings.Contains(err.Error(), "not a readable") {
		t.Errorf("message %q blames the file", err)
	}
}
