package store

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// init turns on SQLite's count of the memory it allocates
// (SQLITE_CONFIG_MEMSTATUS) for the process. modernc.org/sqlite is built
// without it (SQLITE_DEFAULT_MEMSTATUS=0), and without the count SQLite
// ignores the soft heap limit every connection sets (connParams): each
// connection filled its whole page cache (32 MB a connection then), and
// 64 concurrent searches of a 100,000-story archive held 3.1 GB
// (cmd/searchbench).
// Counted, the connections' pages, which SQLite keeps in one group for
// the process, are recycled past the limit instead. The setting is the
// library's, for the whole process, and taken only before SQLite first
// initialises, which a package's init comes before.
// TestSoftHeapLimitBoundsThePageCaches fails if it did not take.
func init() {
	tls := libc.NewTLS()
	defer tls.Close()
	args := libc.NewVaList(int32(1))
	if args == 0 {
		return
	}
	defer libc.Xfree(tls, args)
	sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MEMSTATUS, args)
}
