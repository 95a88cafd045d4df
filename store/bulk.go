package store

import (
	"context"
	"database/sql"
	"strings"
)

// Statements over many rows, for the newswire's writes. SQLite parses a
// statement in about as long as it takes to run it, so the text of each
// must not change with the number of rows, or every transaction would pay
// to parse its statements again: a multiRow statement is prepared for a
// few fixed numbers of rows and run as many times as the rows need; a
// JSON statement takes all its rows as one parameter.

// multiRow is an INSERT or SELECT whose VALUES list has one group of
// placeholders per row.
type multiRow struct {
	prefix string // up to and including VALUES
	row    string // one row's placeholders, such as "(?, ?)"
	suffix string // after the rows
	width  int    // parameters per row
}

// statementRows is how many of n rows the next statement takes: a
// multiRow statement is prepared for 64, 16, 4 or 1 rows, so any number of
// rows takes at most three statements of each smaller size after the
// largest ones. 64 rows of the widest statement (stories, 12 parameters)
// stay far below SQLite's limit on parameters.
func statementRows(n int) int {
	for _, k := range [...]int{64, 16, 4} {
		if k <= n {
			return k
		}
	}
	return 1
}

func (m multiRow) sql(rows int) string {
	return m.prefix + placeholders(m.row, rows) + m.suffix
}

// run runs m in tx over args, m.width parameters a row, and calls scan
// with each row the statements return (nil: they return none).
func (s *Store) run(ctx context.Context, tx *sql.Tx, m multiRow, args []any, scan func(*sql.Rows) error) error {
	return s.runRows(ctx, tx, m, len(args)/m.width, func(a []any, i int) []any {
		return append(a, args[i*m.width:(i+1)*m.width]...)
	}, scan)
}

// runRows is run over n rows whose parameters row appends to args, one
// statement's worth at a time: a transaction of many stories never holds
// all their parameters at once.
func (s *Store) runRows(ctx context.Context, tx *sql.Tx, m multiRow, n int, row func(args []any, i int) []any, scan func(*sql.Rows) error) error {
	return s.eachStatement(ctx, tx, m, n, row, func(st *sql.Stmt, args []any, _, _ int) error {
		return runStmt(ctx, st, args, scan)
	})
}

// eachStatement prepares m's statement for up to statementRows rows at a
// time of n, appends each row's parameters with row, and hands do the
// statement (bound to tx; do closes it) with the rows it covers, from
// start, size of them: runRows runs it, and a caller that needs what
// each statement did (insertFresh) runs it itself.
func (s *Store) eachStatement(ctx context.Context, tx *sql.Tx, m multiRow, n int, row func(args []any, i int) []any,
	do func(st *sql.Stmt, args []any, start, size int) error) error {
	args := make([]any, 0, statementRows(n)*m.width)
	for i := 0; i < n; {
		size := statementRows(n - i)
		st, err := s.prepared(ctx, m.sql(size))
		if err != nil {
			return err
		}
		args = args[:0]
		for j := i; j < i+size; j++ {
			args = row(args, j)
		}
		if err := do(tx.StmtContext(ctx, st), args, i, size); err != nil {
			return err
		}
		i += size
	}
	return nil
}

// runJSONText runs a statement whose one parameter is a JSON array of
// rows, already written as JSON, in tx; scan as for run. Its text is the
// same for any number of rows, and one statement writes them all: what
// the full-text index needs (see indexStories).
func (s *Store) runJSONText(ctx context.Context, tx *sql.Tx, query string, rows string, scan func(*sql.Rows) error) error {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return err
	}
	return runStmt(ctx, tx.StmtContext(ctx, st), []any{rows}, scan)
}

// runStmt runs st, a transaction's copy of a cached statement, and closes
// it (which leaves the cached statement prepared).
func runStmt(ctx context.Context, st *sql.Stmt, args []any, scan func(*sql.Rows) error) error {
	defer st.Close()
	if scan == nil {
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, scan)
}

// placeholders repeats a parenthesised group n times, comma-separated.
func placeholders(group string, n int) string {
	return strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}
