package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestReadOnlyDatabaseNamesTheCause: a read-only database file, or a folder
// where SQLite cannot create the -wal and -shm files, is refused with the
// real cause, not "not a readable SQLite database (unable to open database
// file)"; and nothing is changed.
func TestReadOnlyDatabaseNamesTheCause(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		lock func(t *testing.T, path string)
		want string
	}{
		{"file", func(t *testing.T, path string) { storetest.ReadOnly(t, path) }, "the file is read-only for the user running sharednews"},
		{"folder", func(t *testing.T, path string) { storetest.ReadOnly(t, filepath.Dir(path)) }, "no write permission on the folder "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news.db")
			st := storetest.Open(t, path)
			st.Close() // the last connection removes the -wal and -shm files
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.lock(t, path)
			_, err = store.Open(ctx, path)
			var ro *store.ReadOnlyError
			if !errors.As(err, &ro) || ro.Path != path {
				t.Fatalf("Open = %v, want a *store.ReadOnlyError", err)
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "not a readable") {
				t.Errorf("message %q, want it to say %q", err, tc.want)
			}
			if tc.name == "folder" && !strings.Contains(err.Error(), filepath.Dir(path)) {
				t.Errorf("message %q does not name the folder", err)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Error("the database file changed")
			}
		})
	}
}

// TestReadOnlyFolderWithItsWALFilesOpens: SQLite needs to create the -wal
// and -shm files only when they are missing; with both there and writable,
// a read-only folder is no reason to refuse.
func TestReadOnlyFolderWithItsWALFilesOpens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, path) // stays open, so the -wal and -shm files stay
	storetest.ReadOnly(t, filepath.Dir(path))
	other, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open beside an open store in a read-only folder: %v", err)
	}
	defer other.Close()
	if _, err := other.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C1"}); err != nil {
		t.Errorf("write: %v", err)
	}
	_ = st
}
