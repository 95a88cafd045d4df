package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// OpenFull opens the database at path as if its disk were full: the Store
// can never grow it past its present size, so any write that needs one more
// page fails with SQLITE_FULL, "database or disk is full", as a full device
// makes it fail (a write that fits in pages already allocated still
// succeeds, as it would on a full disk). The Store closes when the test
// ends.
func OpenFull(tb testing.TB, path string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		tb.Fatal(err)
	}
	var pages int64
	err = db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages)
	db.Close()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.OpenWith(ctx, path, store.Options{MaxPages: pages})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}
