// Package store keeps Shared News in one SQLite file. Every SQL statement the
// program runs is in this package, named for what it answers.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// applicationID marks a SQLite file as a Shared News database ("SHNW"), so
// that pointing the bot at some other application's file is refused rather
// than migrated into.
const applicationID = 0x53484e57

// Store is the Shared News database.
type Store struct {
	db  *sql.DB
	now func() time.Time

	// stmts caches prepared statements, by SQL text, for the read queries
	// that answer members' commands: SQLite parses a query in about as
	// long as it takes to run one (40 of the 100 µs of a /shared news).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt

	publishers publishers // names a headline's suffix may be stripped of
}

// Errors callers tell apart with errors.Is.
var (
	ErrNotFound    = errors.New("not found")
	ErrEmptyDraft  = errors.New("the draft edition has no stories")
	ErrNoDraft     = errors.New("there is no draft edition")
	ErrRateLimited = errors.New("submission limit reached")
)

// Open opens (creating if needed) the database at path and checks that it is
// a Shared News database this binary understands. It does not migrate: call
// Migrate. A corrupt file, another application's database, or one written by
// a newer version of Shared News is refused with an error saying so.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given (set bot.database)")
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("open database %s: is a directory", path)
	}
	// Check an existing file on a read-only connection first: the pragmas
	// below (WAL in particular) rewrite the file header, and a file that is
	// not ours must be left exactly as it was.
	if _, err := os.Stat(path); err == nil {
		if err := checkFile(ctx, path); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Write transactions take the write lock at BEGIN, so two writers queue
	// on the busy timeout instead of failing when a reader upgrades.
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	drv, err := newDriver()
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := sql.OpenDB(connector{driver: drv, dsn: dsn})
	// Keep connections open between commands: the default of two idle
	// connections made every concurrent command open SQLite afresh and
	// re-read the schema, tripling p99 under 50 concurrent clients.
	db.SetMaxIdleConns(32)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &Store{db: db, now: time.Now, stmts: map[string]*sql.Stmt{}}, nil
}

// checkFile refuses files that are not SQLite, are damaged, belong to
// another application, or carry a schema newer than this binary knows.
func checkFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("not a readable SQLite database (%w)", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("not a readable SQLite database (%w)", err)
	}
	var tables int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return fmt.Errorf("not a readable SQLite database (%w)", err)
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return errors.New("this file belongs to another application, not Shared News; refusing to touch it")
	}
	if version > len(migrations) {
		return fmt.Errorf("the database has schema version %d but this Shared News knows only up to %d; run a newer release (refusing to downgrade)", version, len(migrations))
	}
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		return fmt.Errorf("integrity check failed: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("the database is damaged (%s); restore it from a backup", result)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	var errs []error
	for q, st := range s.stmts {
		errs = append(errs, st.Close())
		delete(s.stmts, q)
	}
	return errors.Join(append(errs, s.db.Close())...)
}

// queryPrepared runs a read query through a statement prepared once per
// Store. Use it only with constant SQL text, or the cache would grow
// without bound.
func (s *Store) queryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s.stmtMu.Lock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, query); err != nil {
			s.stmtMu.Unlock()
			return nil, err
		}
		s.stmts[query] = st
	}
	s.stmtMu.Unlock()
	return st.QueryContext(ctx, args...)
}

// Ping checks that the database answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the live database to dest, which must
// not exist yet. VACUUM INTO reads inside one transaction, so the copy is a
// snapshot even while the bot keeps writing.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup to %s: file already exists; choose a new name", dest)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
