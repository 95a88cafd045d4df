package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/store/storetest"
)

// TestWritesRefusedOnceTheLogIsRemoved: the database's -wal file removed
// while a process has it open (a clean-up script, an operator tidying
// "temporary files") leaves that process's connections writing into a log
// no name reaches, while each connection opened since, and every other
// process, reads the file without it (SQLite: "disk I/O error (522)").
// A `run` went on claiming and sending mails whose records were lost, 163
// readers of 3,000 mailed twice after the restart, and /readyz said ready.
// The store refuses the writes instead, saying why, and its readiness
// check fails.
func TestWritesRefusedOnceTheLogIsRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows does not remove a file that is open")
	}
	ctx := context.Background()
	sub := func(channel string) store.Subscription {
		return store.Subscription{Platform: "slack", ChannelID: channel, CreatedAt: time.Now()}
	}
	db := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, db)
	if _, err := st.Subscribe(ctx, sub("C1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(db + "-wal"); err != nil {
		t.Fatal(err)
	}
	_, err := st.Subscribe(ctx, sub("C2"))
	var moved *store.MovedError
	if !errors.As(err, &moved) || !strings.Contains(err.Error(), db+"-wal was removed") || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("a write after the -wal file was removed = %v, want a *store.MovedError naming it", err)
	}
	if err := st.Ping(ctx); !errors.As(err, &moved) {
		t.Errorf("Ping after the -wal file was removed = %v, want a *store.MovedError", err)
	}
}

// TestTheLogOfAnIdleStoreIsNotTakenForRemoved: a store whose connections
// all sat idle, or that another process opened and closed beside it,
// still writes: only a log removed under it is refused.
func TestTheLogOfAnIdleStoreIsNotTakenForRemoved(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "news.db")
	st := storetest.Open(t, db)
	other := storetest.Open(t, db)
	if _, err := other.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C0", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	for i := range 3 {
		if _, err := st.Subscribe(ctx, store.Subscription{Platform: "slack", ChannelID: "C" + string(rune('1'+i)), CreatedAt: time.Now()}); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		if err := st.Ping(ctx); err != nil {
			t.Fatalf("ping %d: %v", i, err)
		}
	}
}
