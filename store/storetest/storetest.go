// Package storetest opens real, migrated stores for other packages' tests,
// so each test talks to a SQLite file of its own rather than a mock.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// Open opens and migrates the database at path, closing it when the test
// ends. An empty path means a new file in the test's temporary directory.
func Open(tb testing.TB, path string) *store.Store {
	tb.Helper()
	return OpenWith(tb, path, store.Options{})
}

// OpenWith is Open with options (a clock of the test's: store.Options.Now).
func OpenWith(tb testing.TB, path string, opts store.Options) *store.Store {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "news.db")
	}
	ctx := context.Background()
	st, err := store.OpenWith(ctx, path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}
