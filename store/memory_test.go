package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestMemoryCountsEachIdleConnectionsPageCache: store.Memory reads the
// page cache of every connection idle in the pool, which holds the pages
// the reads on it read, and SQLite's count of its memory, which the
// store turns on (memcount.go).
func TestMemoryCountsEachIdleConnectionsPageCache(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	stories := make([]digest.Story, 200)
	for i := range stories {
		stories[i] = digest.Story{URL: "https://e.org/" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Headline: "Councils share payroll", Sector: "health", State: digest.StateApproved}
	}
	if err := s.AddStories(ctx, stories); err != nil {
		t.Fatal(err)
	}
	// Three reads at once, each holding its connection: three connections.
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 3 {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			defer conn.Close()
			<-start
			var n int
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM stories WHERE headline LIKE '%payroll%'").Scan(&n); err != nil || n != len(stories) {
				t.Errorf("count: %d, %v", n, err)
			}
		})
	}
	close(start)
	wg.Wait()
	m, err := s.Memory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Conns < 3 || m.PageCache <= 0 {
		t.Errorf("%d idle connections holding %d bytes of page cache; want at least 3, and some cache", m.Conns, m.PageCache)
	}
	if m.Used <= 0 {
		t.Errorf("SQLite counts %d bytes of memory: without the count it ignores the soft heap limit", m.Used)
	}
}

// TestSoftHeapLimitBoundsThePageCaches: connections that each read more
// than the soft heap limit keep, together, about the limit in their page
// caches, not each its own cache's worth: SQLite recycles pages past the
// limit once it counts its memory (memcount.go). Without the count, four
// connections (three reading 6 MB each) held 6.4 MB under a 1 MB limit.
func TestSoftHeapLimitBoundsThePageCaches(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE filler(x BLOB);
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1500)
		INSERT INTO filler SELECT randomblob(4000) FROM n`); err != nil {
		t.Fatal(err)
	}
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = conn
	}
	// The limit is the process's, set again by every connection opened
	// (connParams): lowered once the three are open, and put back.
	const limit = 1 << 20
	if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA soft_heap_limit=%d", limit)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := s.db.ExecContext(context.Background(), fmt.Sprintf("PRAGMA soft_heap_limit=%d", sqliteSoftHeapLimit)); err != nil {
			t.Error(err)
		}
	})
	for i, conn := range conns { // one after another: each reads all 6 MB
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT sum(length(x)) FROM filler").Scan(&n); err != nil || n != 1500*4000 {
			t.Fatalf("connection %d read %d bytes, %v", i+1, n, err)
		}
	}
	for _, conn := range conns {
		conn.Close()
	}
	m, err := s.Memory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Conns < 3 || m.PageCache > 2*limit {
		t.Errorf("%d idle connections hold %.1f MB of page cache under a soft heap limit of %.1f MB", m.Conns, float64(m.PageCache)/1e6, float64(limit)/1e6)
	}
	t.Logf("%d connections hold %.1f MB of page cache; SQLite counts %.1f MB", m.Conns, float64(m.PageCache)/1e6, float64(m.Used)/1e6)
}
