package store

import (
	"context"
	"database/sql"
)

// Reading rows. Every query that returns rows reads them through eachRow or
// queryAll, which close them and report the error that ended them early;
// callers wrap the error once, with what they were doing.

// queryer runs a query: a *sql.DB, a *sql.Tx, or preparedQueryer.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// rowScanner is one row: *sql.Row, *sql.Rows, or a row with extra columns
// (scanWith).
type rowScanner interface{ Scan(dest ...any) error }

// preparedQueryer runs constant queries through the Store's prepared
// statements.
type preparedQueryer struct{ s *Store }

func (q preparedQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.s.queryPrepared(ctx, query, args...)
}

// queryAll runs query through q and returns what scan makes of each row, in
// order (nil when there are none).
func queryAll[T any](ctx context.Context, q queryer, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		v, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryMap runs a query of two columns through q and returns the first
// column's values mapped to the second's (an empty map when there are no
// rows).
func queryMap[K comparable, V any](ctx context.Context, q queryer, query string, args ...any) (map[K]V, error) {
	out := map[K]V{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var k K
		var v V
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		out[k] = v
		return nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow runs query through q and calls scan with each row, in order.
func eachRow(ctx context.Context, q queryer, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, scan)
}

// scanRows calls scan with each of rows, in order, and closes them. It
// returns the first error scan returns, which ends the loop, or else the
// error that ended the rows early.
func scanRows(rows *sql.Rows, scan func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanValue scans a row of one column.
func scanValue[T any](r rowScanner) (T, error) {
	var v T
	err := r.Scan(&v)
	return v, err
}

// scanWith is a row whose Scan also fills extra, after the columns the
// caller scans.
func scanWith(r rowScanner, extra ...any) rowScanner { return extraScanner{r, extra} }

type extraScanner struct {
	r     rowScanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.r.Scan(append(dest, e.extra...)...) }

// idAndURL is a row handler for runRows over rows of (id, url): it hands
// each to fn.
func idAndURL(fn func(id int64, url string)) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		var (
			id  int64
			url string
		)
		if err := r.Scan(&id, &url); err != nil {
			return err
		}
		fn(id, url)
		return nil
	}
}
