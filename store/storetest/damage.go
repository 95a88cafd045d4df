package storetest

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"os"
	"testing"
)

// DamageTable damages the database at path as a failing disk or another
// program may while the bot has it open: the first page of table (its
// B-tree's root) is overwritten in the database file with bytes that are
// no page, the rest left as it was. What the write-ahead log holds is
// written into the file first, so that the damage is what SQLite reads,
// and a small write after it (a table made and dropped) makes every open
// connection read the file again rather than its cache. Every read of the
// table then fails with SQLITE_CORRUPT ("database disk image is
// malformed"), while what does not read it (SELECT 1, other tables)
// still works.
func DamageTable(tb testing.TB, path, table string) {
	tb.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var busy, logged, moved int
	if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil || busy != 0 {
		tb.Fatalf("checkpoint before damaging %s: busy %d, %v", path, busy, err)
	}
	var root, size int64
	if err := db.QueryRowContext(ctx, "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = ?", table).Scan(&root, &size); err != nil {
		tb.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = f.WriteAt(bytes.Repeat([]byte{0xff}, int(size)), (root-1)*size)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE storetest_damage (x); DROP TABLE storetest_damage"); err != nil {
		tb.Fatal(err)
	}
}
