package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DamagedError is a database SQLite found damaged: pages that do not read
// as what they should be (SQLITE_CORRUPT, "database disk image is
// malformed"), or, once it was open, a file that no longer reads as a
// database at all (SQLITE_NOTADB: its header overwritten). Open refuses
// such a file; a Store that meets it while it runs answers every readiness
// probe with it from then on (Ping), since nothing the bot reads or writes
// there can be trusted, and no retry mends it.
type DamagedError struct {
	Path   string // the database file
	Detail string // what SQLite found, when Err does not say it (quick_check's report)
	Err    error
}

func (e *DamagedError) Error() string {
	detail := e.Detail
	if detail == "" && e.Err != nil {
		detail = e.Err.Error()
	}
	return fmt.Sprintf("the database %s is damaged (%s); restore it from a backup, "+
		"or save what SQLite can still read with `sqlite3 %s .recover | sqlite3 recovered.db` and point bot.database at that",
		e.Path, detail, shellQuote(e.Path))
}

// shellQuote is path as a POSIX shell reads it back as one word: as it is
// when it has only characters no shell treats specially, else between
// single quotes, a quote inside them closing the quotes, escaped, and
// opening them again. The sentence's remedy is a command an operator
// pastes, and a path with a space, a quote, a "$" or a ";" would otherwise
// be cut up, expanded or run.
func shellQuote(path string) string {
	plain := path != "" && strings.IndexFunc(path, func(r rune) bool {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("_./:@%+=,-", r))
	}) < 0
	if plain {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}

func (e *DamagedError) Unwrap() error { return e.Err }

// isDamage reports whether err is SQLite saying the open database is
// damaged.
func isDamage(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB
}

// damage is what a Store remembers of the damage its connections met, for
// the readiness probe.
type damage struct {
	path   string
	health *health
}

// saw returns err, as a *DamagedError (remembered) when it says the
// database is damaged.
func (d damage) saw(err error) error {
	if err == nil || err == io.EOF || !isDamage(err) || errors.As(err, new(*DamagedError)) {
		return err
	}
	damaged := &DamagedError{Path: d.path, Err: err}
	d.health.damaged(damaged)
	return damaged
}

// The types below wrap the driver's connection, statements, transactions
// and rows so that every error SQLite returns, for a read as for a write,
// whichever of the store's many queries ran it, passes through damage.saw:
// damage is found where a statement steps onto a damaged page, which may
// be any read, not only the writes that go through Store.fault.

// watchedConn is a connection whose errors damage sees.
type watchedConn struct {
	driver.Conn
	d    damage
	ckpt *checkpointer // nil on connections of no Store's
}

func (c *watchedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *watchedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, c.d.saw(err)
	}
	return &watchedStmt{Stmt: st, d: c.d}, nil
}

func (c *watchedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *watchedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, c.d.saw(err)
	}
	return watchedTx{tx: tx, d: c.d, c: c}, nil
}

func (c *watchedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	res, err := c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	return res, c.d.saw(err)
}

func (c *watchedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	if err != nil {
		return nil, c.d.saw(err)
	}
	return &watchedRows{Rows: rows, d: c.d}, nil
}

func (c *watchedConn) Ping(ctx context.Context) error {
	return c.d.saw(c.Conn.(driver.Pinger).Ping(ctx))
}

func (c *watchedConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *watchedConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// watchedStmt is a prepared statement whose errors damage sees.
type watchedStmt struct {
	driver.Stmt
	d damage
}

func (s *watchedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	res, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	return res, s.d.saw(err)
}

func (s *watchedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, s.d.saw(err)
	}
	return &watchedRows{Rows: rows, d: s.d}, nil
}

// watchedTx is a transaction whose commit's error damage sees.
type watchedTx struct {
	tx driver.Tx
	d  damage
	c  *watchedConn
}

// Commit commits, and tells the Store's checkpointer how many pages the
// transaction wrote to the log.
func (t watchedTx) Commit() error {
	if err := t.tx.Commit(); err != nil {
		return t.d.saw(err)
	}
	if t.c.ckpt != nil {
		if st, ok := t.c.Conn.(sqlite.DBStatus); ok {
			// Pages this connection wrote to the log since the
			// last reset, which this resets: this transaction's,
			// and any written outside a transaction before it.
			if n, _, err := st.Status(sqlite.DBStatusCacheWrite, true); err == nil {
				t.c.ckpt.wrote(n)
			}
		}
	}
	return nil
}
func (t watchedTx) Rollback() error { return t.d.saw(t.tx.Rollback()) }

// watchedRows are a query's rows, whose errors while stepping damage sees.
type watchedRows struct {
	driver.Rows
	d damage
}

func (r *watchedRows) Next(dest []driver.Value) error { return r.d.saw(r.Rows.Next(dest)) }
