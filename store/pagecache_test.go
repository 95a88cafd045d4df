package store

import (
	"context"
	"testing"
)

// Every connection of the pool, the second and third as much as the
// first, keeps the page cache searches need, under the one soft heap
// limit (see connParams).
func TestConnectionsKeepTheSearchPageCache(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for i := range 3 {
		// Held open, so that each turn takes another connection.
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var cache, limit int64
		if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, "PRAGMA soft_heap_limit").Scan(&limit); err != nil {
			t.Fatal(err)
		}
		if cache != -pageCacheKiB || limit != sqliteSoftHeapLimit {
			t.Errorf("connection %d: cache_size %d, soft_heap_limit %d; want %d and %d", i+1, cache, limit, -pageCacheKiB, sqliteSoftHeapLimit)
		}
	}
}
