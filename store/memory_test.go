package store

import (
	"context"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/digest"
)

// TestMemoryCountsEachIdleConnectionsPageCache: store.Memory reads the
// page cache of every connection idle in the pool, which holds the pages
// the reads on it read, and SQLite's count of its memory, which this
// build does not keep (so the soft heap limit is not enforced either: if
// the driver starts keeping it, Used is no longer 0 and this test says
// so, for the comment on the limit in connParams to be read again).
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
	if m.Used != 0 {
		t.Errorf("SQLite counts %d bytes of memory: the driver now keeps the count, and the soft heap limit may now hold", m.Used)
	}
}
