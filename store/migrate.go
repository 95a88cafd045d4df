package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations is the ordered schema history, read once from the embedded files
// named NNNN_name.sql. It is never modified after package initialisation.
var migrations = mustLoadMigrations()

func mustLoadMigrations() []migration {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]migration, 0, len(names))
	for i, name := range names {
		var v int
		var rest string
		if _, err := fmt.Sscanf(name, "migrations/%04d_%s", &v, &rest); err != nil || v != i+1 {
			panic(fmt.Sprintf("migration %s: want number %04d", name, i+1))
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		out = append(out, migration{Version: v, Name: name[len("migrations/"):], SQL: string(body)})
	}
	return out
}

// Migration reports one applied schema change.
type Migration struct {
	Version int
	Name    string
}

// SchemaVersion is the database's current schema version.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// MigrateWait is how long Migrate waits in all for the write lock that
// other processes hold while they migrate, beyond which it gives up with
// the *BusyError of its last try.
const MigrateWait = 2 * time.Minute

// LatestSchemaVersion is the schema version this binary migrates to.
func LatestSchemaVersion() int { return len(migrations) }

// Migrate applies every migration the database has not had yet, each in its
// own transaction together with the version bump, and returns those applied.
// Then, when this release's link rules are newer than those the stored
// links were keyed under, it keys them under today's (keyStoredLinks).
//
// Several processes may migrate one file at once (two commands started
// together on a new database): each transaction takes the write lock at
// BEGIN and waits for it on the busy timeout, then reads the version again
// inside it, so a migration another process applied meanwhile is skipped,
// not applied twice.
//
// A process waiting for another's migrations waits past the busy timeout,
// up to MigrateWait: a migration that rewrites every story (0030, 0031)
// holds the lock for seconds on a large archive, and several processes
// applying a fresh database's migrations in turn can keep one waiting
// longer than one write's wait; each gave up with "locked" before.
func (s *Store) Migrate(ctx context.Context) ([]Migration, error) {
	var applied []Migration
	var waitingSince time.Time
	for {
		current, err := s.SchemaVersion(ctx)
		if err != nil {
			return applied, err
		}
		if current >= len(migrations) {
			// A release whose link rules are newer than those the
			// stored links were keyed under keys them again (once).
			if _, err := s.keyStoredLinks(ctx); err != nil {
				return applied, fmt.Errorf("after migrating: %w", err)
			}
			if len(applied) > 0 {
				// Migrations that write the search index again (0031,
				// 0036) leave it in many segments, slower to search
				// until the running bot's first merge, an hour after it
				// starts: merged here, an upgraded archive searches at
				// its fastest from the first (an index already merged
				// costs one empty transaction).
				if _, err := s.MergeSearchIndex(ctx); err != nil {
					return applied, fmt.Errorf("after migrating: %w", err)
				}
			}
			return applied, nil
		}
		m := migrations[current]
		skipped := false
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= m.Version {
				skipped = true // another process applied it while this one waited
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version))
			return err
		})
		if errors.As(err, new(*BusyError)) {
			if waitingSince.IsZero() {
				waitingSince = time.Now()
			}
			if time.Since(waitingSince) < MigrateWait && ctx.Err() == nil {
				continue // read the version again: another process may have applied it
			}
		}
		if err != nil {
			return applied, fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		waitingSince = time.Time{}
		if !skipped {
			applied = append(applied, Migration{Version: m.Version, Name: m.Name})
		}
	}
}
