package store

import (
	"context"
	"testing"
)

// Every connection of the pool, the second and third as much as the
// first, sets the one soft heap limit (see connParams): the process's, so
// that a connection opened later does not leave another value.
func TestEveryConnectionSetsTheSoftHeapLimit(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for i := range 3 {
		// Held open, so that each turn takes another connection.
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var limit int64
		if err := conn.QueryRowContext(ctx, "PRAGMA soft_heap_limit").Scan(&limit); err != nil {
			t.Fatal(err)
		}
		if limit != sqliteSoftHeapLimit {
			t.Errorf("connection %d: soft_heap_limit %d; want %d", i+1, limit, sqliteSoftHeapLimit)
		}
	}
}
