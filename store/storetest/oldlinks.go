package storetest

import (
	"context"
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, as an older release wrote the file
)

// StoredByAnOlderRelease leaves the database at path (migrated, and closed)
// as a release before the link rules' version was recorded (schema version
// 38, migration 0039) left it: each story of links holds, as its own URL,
// the link given, which is the form that release's rules gave the page's
// link ("https://eur01.safelinks.protection.outlook.com/?data=…&url=…", a
// link with "?ref=rss"), and story_keys holds the URL keys of keys as
// given (story ID to links). The next Open migrates it.
func StoredByAnOlderRelease(tb testing.TB, path string, links map[int64]string, keys map[int64][]string) {
	tb.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for id, link := range links {
		if _, err := db.ExecContext(ctx, `UPDATE stories SET url = ? WHERE id = ?`, link, id); err != nil {
			tb.Fatalf("store story #%d's link as %s: %v", id, link, err)
		}
	}
	for id, ks := range keys {
		for _, k := range ks {
			if _, err := db.ExecContext(ctx, `INSERT INTO story_keys (kind, key, story_id) VALUES ('url', ?, ?)`, k, id); err != nil {
				tb.Fatalf("record %s as a key of story #%d: %v", k, id, err)
			}
		}
	}
	for _, q := range []string{`DROP TABLE link_rules`, `PRAGMA user_version = 38`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}
