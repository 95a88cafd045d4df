package storetest

import (
	"context"
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, as an older release wrote the file
)

// OlderRelease is what a release before the link rules' version was
// recorded (schema version 38, before migration 0039) left in a database,
// each link in the form that release's rules gave it
// ("https://eur01.safelinks.protection.outlook.com/?data=…&url=…", a link
// with "?ref=rss").
type OlderRelease struct {
	Links    map[int64]string   // a story's own link, by story ID
	Keys     map[int64][]string // URL keys of a story (other links of it), by story ID
	HeldBack map[int64]string   // a held-back entry's link, by its ID
}

// StoredByAnOlderRelease leaves the database at path (migrated, and
// closed) as r says an older release left it. The next Open migrates it.
func StoredByAnOlderRelease(tb testing.TB, path string, r OlderRelease) {
	tb.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		tb.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			tb.Fatalf("%s %v: %v", q, args, err)
		}
	}
	for id, link := range r.Links {
		exec(`UPDATE stories SET url = ? WHERE id = ?`, link, id)
	}
	for id, links := range r.Keys {
		for _, link := range links {
			exec(`INSERT INTO story_keys (kind, key, story_id) VALUES ('url', ?, ?)`, link, id)
		}
	}
	for id, link := range r.HeldBack {
		exec(`UPDATE held_back SET url = ? WHERE id = ?`, link, id)
	}
	exec(`DROP TABLE link_rules`)
	exec(`ALTER TABLE site DROP COLUMN missed_told`)        // 0040, after it
	exec(`ALTER TABLE editions DROP COLUMN by_hand`)        // 0041, after it
	exec(`DROP TABLE seen_events`)                          // 0042, after it
	exec(`ALTER TABLE site DROP COLUMN last_subscriber_id`) // 0044, after it
	exec(`PRAGMA user_version = 38`)
}
