package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestConcurrentMigrationsOfAFreshDatabase: several processes (here Stores,
// each with its own connections, which SQLite locks against each other as
// it would separate processes) open and migrate one new file at the same
// moment. Every one must succeed and the schema must be whole: they wait
// for the write lock and skip what another already applied.
func TestConcurrentMigrationsOfAFreshDatabase(t *testing.T) {
	ctx := context.Background()
	for round := range 6 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("race-%d.db", round))
		const n = 4
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				st, err := Open(ctx, path)
				if err != nil {
					errs[i] = err
					return
				}
				defer st.Close()
				_, errs[i] = st.Migrate(ctx)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, store %d: %v", round, i, err)
			}
		}
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := st.SchemaVersion(ctx)
		st.Close()
		if err != nil || v != LatestSchemaVersion() {
			t.Fatalf("round %d: schema version %d (%v), want %d", round, v, err, LatestSchemaVersion())
		}
	}
}
