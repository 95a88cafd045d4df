package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/libc"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Memory is what SQLite says of its own memory in this process, for
// harnesses that measure it (cmd/searchbench).
type Memory struct {
	// Used is sqlite3_memory_used: SQLite's count of what it allocated,
	// which the store turns on (memcount.go) so that the soft heap limit
	// holds.
	Used int64
	// PageCache is the page cache the connections idle in the pool hold
	// (SQLITE_DBSTATUS_CACHE_USED, summed), and Conns how many they are.
	PageCache int64
	Conns     int
}

// Memory reports SQLite's memory. It reads each idle connection of the
// pool, so it is meant for a moment when nothing else uses the Store: a
// connection in use is not counted, and one opened meanwhile is.
func (s *Store) Memory(ctx context.Context) (Memory, error) {
	tls := libc.NewTLS()
	m := Memory{Used: int64(sqlite3.Xsqlite3_memory_used(tls))}
	tls.Close()
	idle := s.db.Stats().Idle
	held := make([]*sql.Conn, 0, idle)
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for range idle {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return m, fmt.Errorf("read SQLite's memory: %w", err)
		}
		held = append(held, c)
		err = c.Raw(func(dc any) error {
			w, ok := dc.(*watchedConn)
			if !ok {
				return errors.New("not a connection of the Store's")
			}
			st, ok := w.Conn.(sqlite.DBStatus)
			if !ok {
				return errors.New("the SQLite driver does not report a connection's status")
			}
			used, _, err := st.Status(sqlite.DBStatusCacheUsed, false)
			m.PageCache += int64(used)
			return err
		})
		if err != nil {
			return m, fmt.Errorf("read SQLite's memory: %w", err)
		}
		m.Conns++
	}
	return m, nil
}
