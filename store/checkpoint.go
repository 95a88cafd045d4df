package store

import (
	"context"
	"database/sql"
	"sync/atomic"
)

// checkpointPages is how many pages the write-ahead log takes before the
// Store's checkpointer copies them into the database file: SQLite's own
// default, so the log between checkpoints is as long as it always was.
const checkpointPages = 1000

// backstopPages is where a committing connection checkpoints the log
// itself, as SQLite does by default at checkpointPages (its
// wal_autocheckpoint): only when the checkpointer has not kept the log
// short, for a writer that never pauses or another process's writes.
// The newswire's first pass reaches it (a log of 16 MB, 4 MB before): the
// log starts again from its beginning only at a transaction that begins
// with all of it copied, which a writer committing back to back seldom
// finds while another connection copies.
//
// Why not at checkpointPages as before: a checkpoint in a commit makes the
// writer wait while the log is synced, copied and the database synced
// (the newswire's first pass made about 26 of them, 16–25% of its writer's
// busy time, and that writer is the pass's critical path).
const backstopPages = 4 * checkpointPages

// walSizeLimit is the size, in bytes, the -wal file is cut back to when
// the log starts again from its beginning after a checkpoint (SQLite's
// journal_size_limit): about checkpointPages pages of 4 KiB, the log
// between two of the checkpointer's checkpoints, so everyday commits
// reuse the file as it is and only a burst's growth (a delivery to
// thousands, the newswire's first pass, up to backstopPages and more
// while a reader holds an old snapshot) is given back to the disk.
const walSizeLimit = 4 << 20

// checkpointer copies the write-ahead log into the database file from a
// goroutine of its own, so that commits do not wait for it. A PASSIVE
// checkpoint waits for nobody: readers and the writer go on meanwhile, and
// it copies what they no longer need.
//
// It checkpoints on a connection of its own, outside the Store's pool,
// opened at its first checkpoint: taken from the pool, it joined the
// connections the writer's transactions go round, each of which reads
// again what another's commit changed (the first pass read the disk 29,000
// times instead of 8,000, and its peak memory grew 5 MB).
type checkpointer struct {
	dsn string
	db  *sql.DB // opened at the first checkpoint
	// pages counts the pages commits wrote to the log since the last
	// checkpoint began (SQLite's DBSTATUS_CACHE_WRITE of each
	// committing connection).
	pages  atomic.Int64
	nudge  chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
	// before, when set (by tests), is called before each checkpoint.
	before func()
}

// start runs the checkpointer, for the database dsn opens, until stop.
func (c *checkpointer) start(dsn string) {
	ctx, cancel := context.WithCancel(context.Background())
	c.dsn, c.cancel = dsn, cancel
	c.nudge = make(chan struct{}, 1)
	c.done = make(chan struct{})
	go c.run(ctx)
}

// wrote counts pages a commit wrote to the log, and wakes the checkpointer
// once they add up to checkpointPages. It never waits.
func (c *checkpointer) wrote(pages int) {
	if pages <= 0 || c.nudge == nil {
		return
	}
	if c.pages.Add(int64(pages)) >= checkpointPages {
		select {
		case c.nudge <- struct{}{}:
		default: // already woken
		}
	}
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.nudge:
		}
		if c.pages.Load() < checkpointPages {
			continue // a nudge left over from before the last checkpoint
		}
		// Counted from before the copy: pages written while it runs
		// are left for the next.
		c.pages.Store(0)
		if c.before != nil {
			c.before()
		}
		// Errors are not kept: a busy log (another checkpoint running)
		// is done by that one, and a full disk or a damaged file fails
		// the next commit too, where the writer reports it; the
		// committing connections' own checkpoint at backstopPages
		// still bounds the log.
		if c.db == nil {
			db, err := sql.Open("sqlite", c.dsn)
			if err != nil {
				continue // as for a checkpoint's errors below
			}
			db.SetMaxOpenConns(1)
			c.db = db
		}
		_, _ = c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
	}
}

// stop ends the checkpointer, interrupting a checkpoint in progress (it
// leaves the log whole, to be copied by the next), and waits for it.
func (c *checkpointer) stop() {
	if c.cancel == nil {
		return
	}
	c.cancel()
	<-c.done
	if c.db != nil {
		c.db.Close()
	}
}
