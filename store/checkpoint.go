package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"
)

// checkpointer copies the write-ahead log back into the database file from
// a goroutine of its own, so that the one writer does not wait for it.
//
// SQLite's default is that the connection whose commit takes the log past
// 1,000 pages checkpoints it there and then, inside that commit: copying
// the pages and two fsyncs, on the path of every write queued behind it.
// In the newswire's first poll of every feed (cmd/feedbench) that was about
// a tenth of the time. Here the checkpointer runs a PASSIVE checkpoint (it
// waits for no reader and no writer; commits go on meanwhile) soon after
// each write, at most one per checkpointGap, and a commit checkpoints
// itself only when the log is longer than walAutoCheckpointPages: by then
// the checkpointer has copied nearly all of it, and what is left to copy
// and sync is little. A quiet bot's writes are so in the file within
// moments rather than whenever 1,000 pages have gathered.
type checkpointer struct {
	wake chan struct{} // a write committed; buffered, so commits never wait
	stop context.CancelFunc
	done chan struct{}
	log  *slog.Logger
}

const (
	// walAutoCheckpointPages bounds the log: a commit that leaves it
	// longer (40 MiB at SQLite's default page size of 4 KiB) checkpoints
	// it, as every commit past 1,000 pages would by default. SQLite starts
	// the log afresh only after a checkpoint that copied all of it, which
	// the checkpointer's rarely do while writes keep coming.
	walAutoCheckpointPages = 10_000
	// walSizeLimit is the size in bytes the log file is cut back to when
	// it starts afresh: about what SQLite's default of 1,000 pages let it
	// reach, rather than the longest burst's.
	walSizeLimit = 4 << 20
	// checkpointGap is the least time between two of the checkpointer's
	// checkpoints: the writes of a burst share one, and its fsyncs.
	checkpointGap = 100 * time.Millisecond
	// checkpointIdle is how often the checkpointer looks at the log when
	// nothing woke it: a backstop for writes that did not say they wrote
	// (migrations, another process's).
	checkpointIdle = time.Minute
)

// startCheckpointer starts s's checkpointer; Close stops it.
func (s *Store) startCheckpointer(log *slog.Logger) {
	ctx, stop := context.WithCancel(context.Background())
	s.ckpt = &checkpointer{wake: make(chan struct{}, 1), stop: stop, done: make(chan struct{}), log: log}
	go s.checkpointLoop(ctx)
}

// wrote tells the checkpointer that a write committed.
func (c *checkpointer) wrote() {
	select {
	case c.wake <- struct{}{}:
	default: // already told
	}
}

// close stops the checkpointer and waits for it to finish.
func (c *checkpointer) close() {
	c.stop()
	<-c.done
}

func (s *Store) checkpointLoop(ctx context.Context) {
	c := s.ckpt
	defer close(c.done)
	// A connection of its own, taken at the first checkpoint and kept: from
	// the pool, a checkpoint running while the writer and a reader hold
	// theirs would have the pool open one more, with a page cache of its
	// own, each time.
	var conn *sql.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	idle := time.NewTicker(checkpointIdle)
	defer idle.Stop()
	gap := time.NewTimer(checkpointGap)
	defer gap.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case <-idle.C:
		}
		err := error(nil)
		if conn == nil {
			conn, err = s.db.Conn(ctx)
		}
		if err == nil {
			err = s.checkpoint(ctx, conn)
		}
		if err != nil && ctx.Err() == nil {
			// The log keeps what was not copied: nothing is lost, and the
			// next write tries again.
			c.log.WarnContext(ctx, "could not checkpoint the database's write-ahead log", "err", err)
		}
		gap.Reset(checkpointGap)
		select {
		case <-ctx.Done():
			return
		case <-gap.C:
		}
	}
}

// checkpoint copies what it can of the log into the database file without
// waiting for anyone.
func (s *Store) checkpoint(ctx context.Context, conn *sql.Conn) error {
	var busy, pages, copied int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &pages, &copied); err != nil {
		// A full disk counts as one for /readyz even while commits still
		// fit in the log's space.
		return s.fault(fmt.Errorf("checkpoint the write-ahead log: %w", err))
	}
	return nil
}
