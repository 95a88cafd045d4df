// Package store keeps Shared News in one SQLite file. Every SQL statement the
// program runs is in this package, named for what it answers.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite" // also registers the pure-Go "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// applicationID marks a SQLite file as a Shared News database ("SHNW"), so
// that pointing the bot at some other application's file is refused rather
// than migrated into.
const applicationID = 0x53484e57

// Store is the Shared News database.
type Store struct {
	db     *sql.DB
	path   string
	now    func() time.Time
	health health

	// stmts caches prepared statements, by SQL text, for the read queries
	// that answer members' commands and the newswire's bulk writes: SQLite
	// parses a query in about as long as it takes to run one (40 of the
	// 100 µs of a /shared news).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt

	publishers publishers // names a headline's suffix may be stripped of
	keys       keyFilter  // hashes of the recorded story keys

	// file is the database file as opened, to notice it removed or
	// replaced under this process (see moved).
	file os.FileInfo
	// wal is the database's -wal file as first seen (SQLite makes it at
	// the first write of a new database), to notice it removed or
	// replaced under this process (see moved): SQLite keeps it while any
	// connection is open, and the pool keeps its idle connections.
	walMu sync.Mutex
	wal   os.FileInfo

	// recurringWindow is Options.recurringWindow.
	recurringWindow int
	// watch is Options.watch: nil but in tests.
	watch *watchers

	// readOnly, for a Store opened by openReadOnly, is why it cannot be
	// written: every write is refused with it.
	readOnly *ReadOnlyError

	// ckpt copies the write-ahead log into the database file off the
	// committing goroutine (see checkpointer).
	ckpt checkpointer
}

// BusyTimeout is how long a connection waits for another process's lock
// (a write in progress, a migration) before giving up with "database is
// locked".
const BusyTimeout = 5 * time.Second

// checkBusyTimeout is the busy timeout of the read-only look at an existing
// file before it is opened.
const checkBusyTimeout = 200 * time.Millisecond

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
	return OpenWith(ctx, path, Options{})
}

// Options change how OpenWith opens a database.
type Options struct {
	// MaxPages, when set, caps the database at that many pages (SQLite's
	// max_page_count, on every connection): a write that would grow it
	// further fails with SQLITE_FULL exactly as on a full disk. Tests use
	// it to fill a disk for real; 0 means no cap.
	MaxPages int64
	// ForCopy opens a database file with more than one name (hard links),
	// which Open otherwise refuses, for `sharednews backup` alone: reading
	// it into a copy is how its operator keeps it before removing the other
	// names, as the refusal advises.
	ForCopy bool
	// ReadIfReadOnly opens a database that cannot be written (a read-only
	// file, a folder SQLite cannot create the -wal and -shm files in, a
	// read-only file system) for reading only, instead of refusing it,
	// for the commands that only read (preview, backup, subscribers
	// export). Writes are then refused with the *ReadOnlyError saying
	// why; ReadOnly returns it.
	ReadIfReadOnly bool
	// Now, when set, is the store's clock instead of time.Now: what it
	// writes as the time of its writes, and counts a delivery's waits
	// from (RebaseDeliveryWaits). Tests step it back.
	Now func() time.Time
	// recurringWindow, when set (by tests), is how many of the newest
	// stories feedTextsSince reads instead of the const recurringWindow.
	recurringWindow int
	// watch, when set (by tests), is told of the store's work as it goes.
	watch *watchers
}

// watchers are what a test is told of the store's work as it goes, each
// when set; a test may set them while the store is open, between calls.
// The methods of a nil *watchers (a store not watched) do nothing.
type watchers struct {
	// mergeStepped is called after each step of MergeSearchIndex that
	// merged something, its transaction committed.
	mergeStepped func()
	// searchReads is called after each read of SearchMatches with how it
	// read ("newest": the newest matches with their text; "forwards": the
	// IDs of the oldest, from the index alone; "by id": the text of
	// stories found so) and how many stories.
	searchReads func(how string, n int)
	// recurringRead is called with how many stories each feedTextsSince
	// read.
	recurringRead func(n int)
	// changed is called after changeStory's transaction committed and
	// before it returns, where another writer may change the same story.
	changed func(id int64)
}

func (w *watchers) merged() {
	if w != nil && w.mergeStepped != nil {
		w.mergeStepped()
	}
}

func (w *watchers) searchRead(how string, n int) {
	if w != nil && w.searchReads != nil {
		w.searchReads(how, n)
	}
}

func (w *watchers) recurringReadOf(n int) {
	if w != nil && w.recurringRead != nil {
		w.recurringRead(n)
	}
}

func (w *watchers) storyChanged(id int64) {
	if w != nil && w.changed != nil {
		w.changed(id)
	}
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open database: no path given (set bot.database)")
	}
	if info, err := os.Stat(path); err == nil {
		if info.IsDir() {
			return nil, fmt.Errorf("open database %s: is a directory", path)
		}
		if err := twoNames(path, info); err != nil && !opts.ForCopy {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	// SQLite follows symbolic links to the database and keeps it, and its
	// -wal and -shm files, at the link's target: checks and the owner-only
	// file are made there too (a link cannot be created exclusively, so
	// the file would be SQLite's, readable by everyone).
	file, err := DatabaseFile(path)
	if err != nil {
		file = path // for SQLite to say what is wrong with it
	}
	// Say what is read-only before SQLite does: it would fall back to a
	// read-only connection, or fail with "unable to open database file".
	if ro := writable(file); ro != nil {
		if opts.ReadIfReadOnly {
			return openReadOnly(ctx, path, file, ro)
		}
		return nil, ro
	}
	if err := ownerOnly(file); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Opening races with other processes opening the same new file (two
	// commands started together): the one turning it to WAL mode needs
	// the whole file to itself, and SQLite can answer busy without
	// waiting, or after a wait on a lock held by a connection that is
	// itself waiting. Whoever gets "busy" steps back, closes everything,
	// and tries again shortly, so the others get on.
	deadline := time.Now().Add(openPatience)
	for {
		s, err := open(ctx, path, opts)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return s, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("open database %s: %w", path, ctx.Err())
		case <-time.After(time.Duration(10+rand.IntN(50)) * time.Millisecond):
		}
	}
}

// openPatience is how long Open keeps trying while other processes hold
// the new file's locks.
const openPatience = 30 * time.Second

// open is one attempt of Open.
func open(ctx context.Context, path string, opts Options) (*Store, error) {
	// Check an existing file on a read-only connection first: the pragmas
	// below (WAL in particular) rewrite the file header, and a file that is
	// not ours must be left exactly as it was.
	if _, err := os.Stat(path); err == nil {
		if err := refuseFile(ctx, path, ""); err != nil {
			return nil, err
		}
	}
	q := connParams()
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// The Store's checkpointer copies the log every checkpointPages; a
	// commit checkpoints the log itself only past backstopPages.
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", backstopPages))
	// Without a limit SQLite keeps the -wal file at the longest the log
	// ever was (17 MB after a delivery to 3,400, for a 1.2 MB database)
	// until the last connection closes: the first commit after a
	// checkpoint copied all of it cuts it back to walSizeLimit.
	q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walSizeLimit))
	// Write transactions take the write lock at BEGIN, so two writers queue
	// on the busy timeout instead of failing when a reader upgrades.
	q.Set("_txlock", "immediate")
	var hook sqlite.ConnectionHookFn
	if opts.MaxPages > 0 {
		hook = func(conn sqlite.ExecQuerierContext, _ string) error {
			_, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", opts.MaxPages), nil)
			return err
		}
	}
	s := &Store{}
	dsn, err := s.connect(ctx, path, q, hook)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, s.fault(err))
	}
	if opts.Now != nil {
		s.now = opts.Now
	}
	s.recurringWindow, s.watch = opts.recurringWindow, opts.watch
	s.ckpt.start(dsn)
	return s, nil
}

// connParams are the URI parameters of every connection, for writing or
// for reading only.
func connParams() url.Values {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	// Statement journals in memory: a statement that writes many rows
	// inside a transaction (the newswire's) keeps the pages it changes
	// until it ends, and from 64 KiB on SQLite wrote them to a temporary
	// file, two system calls a page; they are freed when it ends.
	q.Add("_pragma", "temp_store(MEMORY)")
	// One limit on the memory all the connections keep (it is the
	// process's, the same on every connection): many concurrent searches,
	// from chat and from the web archive's /search, each take a
	// connection, and each connection caches the pages it read. Past the
	// limit SQLite recycles cached pages, which it keeps in one group for
	// the process, rather than adding more. The limit holds only because
	// the store turns on SQLite's count of its memory (memcount.go).
	q.Add("_pragma", fmt.Sprintf("soft_heap_limit(%d)", sqliteSoftHeapLimit))
	return q
}

// sqliteSoftHeapLimit is the memory SQLite aims to keep under, for the
// whole process (see connParams). Each cached page takes about twice its
// size in the process (modernc's allocator rounds a page's 4.3 KB up), so
// SQLite's pages stay under about twice the limit resident, whatever the
// number of concurrent searches (cmd/searchbench). Each connection keeps
// SQLite's default cache of 2 MB: a 32 MB one (the last release) made no
// difference to the search benchmark in alternating runs, and without
// the limit it let 64 concurrent searches hold 3.1 GB.
const sqliteSoftHeapLimit = 128 << 20

// connect fills in s, a Store for path, with its pool of connections
// with the URI parameters q (and hook run on each new connection, when
// set), and opens the first: it returns the pool's data source name. On
// failure the pool is closed and the error is returned unworded, for the
// caller to say what it means for its way of opening.
func (s *Store) connect(ctx context.Context, path string, q url.Values, hook sqlite.ConnectionHookFn) (string, error) {
	s.path, s.now, s.stmts = path, time.Now, map[string]*sql.Stmt{}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	drv, err := newDriver()
	if err != nil {
		return "", err
	}
	if hook != nil {
		drv.RegisterConnectionHook(hook)
	}
	db := sql.OpenDB(connector{driver: drv, dsn: dsn, damage: damage{path: path, health: &s.health}, ckpt: &s.ckpt})
	// Keep connections open between commands: the default of two idle
	// connections made every concurrent command open SQLite afresh and
	// re-read the schema, tripling p99 under 50 concurrent clients.
	db.SetMaxIdleConns(32)
	s.db = db
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return "", err
	}
	if info, err := os.Stat(path); err == nil {
		s.file = info
	}
	return dsn, nil
}

// openReadOnly opens the database at path (file once links are followed)
// for reading only, for Options.ReadIfReadOnly; why is what makes it
// read-only. Nothing is written, and no checkpointer runs.
func openReadOnly(ctx context.Context, path, file string, why *ReadOnlyError) (*Store, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, why // nothing to read; the folder's refusal says what to do
	}
	q := connParams()
	q.Set("mode", "ro")
	extra := ""
	// Even a read-only connection to a WAL database needs the -shm file,
	// made if missing: on a read-only file system SQLite can only say
	// "unable to open database file". With no -wal file there, nothing
	// is waiting in a log and nothing on this file system can write the
	// file, so SQLite may read it as immutable, without the -shm file.
	_, walErr := os.Stat(file + "-wal")
	if why.onReadOnlyMount() && errors.Is(walErr, fs.ErrNotExist) {
		q.Set("immutable", "1")
		extra = "&immutable=1"
	}
	cantRead := func(err error) error {
		// SQLite unable to open a file that is there is the read-only
		// place's doing, not a doubt about the file: its own error, not
		// checkFile's "not a readable SQLite database", follows.
		if sqliteCode(err) == sqlite3.SQLITE_CANTOPEN {
			err = sqliteError(err)
		}
		if walErr == nil && why.onReadOnlyMount() {
			return fmt.Errorf("cannot read the database %s: it is on a read-only file system and its -wal file holds writes not yet copied into it (it was not closed cleanly), which SQLite must write to read; mount it read-write once, or copy the database with its -wal file to a folder that can be written and point bot.database there: %w", path, err)
		}
		if _, shmErr := os.Stat(file + "-shm"); sqliteCode(err) == sqlite3.SQLITE_CANTOPEN && errors.Is(shmErr, fs.ErrNotExist) {
			return fmt.Errorf("cannot read the database %s, which is read-only (%s): SQLite reads it through its -shm file, which is missing and cannot be made there (%w)", path, why.Reason, err)
		}
		return fmt.Errorf("cannot read the database %s, which is read-only (%s): %w", path, why.Reason, err)
	}
	if err := checkFile(ctx, path, extra); err != nil {
		if errors.As(err, new(*DamagedError)) {
			return nil, err
		}
		return nil, cantRead(err)
	}
	s := &Store{readOnly: why}
	if _, err := s.connect(ctx, path, q, nil); err != nil {
		return nil, cantRead(err)
	}
	return s, nil
}

// ReadOnly is nil for a database open for writing, and for one opened
// read-only (Options.ReadIfReadOnly) the *ReadOnlyError saying why it
// cannot be written.
func (s *Store) ReadOnly() *ReadOnlyError { return s.readOnly }

// refuseFile is checkFile's refusal of the existing file at path in
// Open's words; extra is checkFile's.
func refuseFile(ctx context.Context, path, extra string) error {
	err := checkFile(ctx, path, extra)
	if err == nil {
		return nil
	}
	if typed := classify(path, err); typed != err {
		return typed // a full disk or a read-only file, not a bad file
	}
	if errors.As(err, new(*DamagedError)) {
		return err // it names the file
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// CheckFile is Open's check of what the database at path holds, for
// `sharednews check-config`: nil, or Open's refusal of a file of another
// application, of a schema a newer release migrated, or damaged, which no
// value of the configuration shows and which `run` would otherwise be the
// first to say, at start. Nothing is changed: the file is read on a
// read-only connection, as Open reads it before anything else. A file
// not there yet is no problem (Open makes it), nor one another process
// holds too long to read (Open waits for it).
func CheckFile(ctx context.Context, path string) error {
	file, err := DatabaseFile(path)
	if err != nil {
		return nil // Open leaves it to SQLite to say; so does the check
	}
	if _, err := os.Stat(file); err != nil {
		return nil // CheckWritable and the configuration's checks say what is wrong with the name
	}
	// Even a read-only connection to a WAL database makes its -wal and
	// -shm files when they are missing, and leaves them: with no -wal
	// file there no process has the database open and nothing waits in a
	// log, so the file alone is the database and is read as immutable,
	// making nothing. Beside a run both files are there already.
	extra := ""
	if _, err := os.Stat(file + "-wal"); errors.Is(err, fs.ErrNotExist) {
		extra = "&immutable=1"
	}
	if err := refuseFile(ctx, path, extra); err != nil && !isBusy(err) {
		return err
	}
	return nil
}

// checkFile refuses files that are not SQLite, are damaged, belong to
// another application, or carry a schema newer than this binary knows.
//
// extra is added to the connection's URI parameters (openReadOnly's
// immutable=1).
func checkFile(ctx context.Context, path, extra string) error {
	// A short busy timeout: when another process holds the file while it
	// creates or converts it, this check gives way at once (Open tries
	// again) instead of holding its own lock against that process.
	db, err := sql.Open("sqlite", fmt.Sprintf("file:%s?mode=ro&_pragma=busy_timeout(%d)%s", (&url.URL{Path: path}).EscapedPath(), checkBusyTimeout.Milliseconds(), extra))
	if err != nil {
		return err
	}
	defer db.Close()
	// One read transaction, so the three answers are of one moment: read
	// apart, another process's first migration could land in between and
	// make a new Shared News file look like another application's.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return unreadable(path, err)
	}
	defer tx.Rollback()
	var appID, version, tables int
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)").Scan(&appID, &version, &tables); err != nil {
		return unreadable(path, err)
	}
	if appID != applicationID && (appID != 0 || tables > 0) {
		return errors.New("this file belongs to another application, not Shared News; refusing to touch it")
	}
	if version > len(migrations) {
		// Met when going back to an older release after an upgrade: the
		// operator needs the two ways forward, not only "newer".
		return fmt.Errorf("the database has schema version %d but this Shared News knows only up to %d: a newer release migrated it; run that release, or restore the backup taken before it (refusing to downgrade)", version, len(migrations))
	}
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&result); err != nil {
		if sqliteCode(err) == sqlite3.SQLITE_CORRUPT {
			return &DamagedError{Path: path, Err: err}
		}
		return fmt.Errorf("integrity check failed: %w", err)
	}
	if result != "ok" {
		return &DamagedError{Path: path, Detail: result}
	}
	return nil
}

// unreadable words a file's first read failing, with the way out where
// the operator has one.
func unreadable(path string, err error) error {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_NOTADB:
		// Most often bot.database names another file (the
		// configuration, a log, a CSV), rarely a database
		// overwritten: the operator needs the way out as well.
		return fmt.Errorf("not a readable SQLite database (%w); check that bot.database names the Shared News database file, or restore it from a backup", err)
	case sqlite3.SQLITE_CORRUPT:
		// A SQLite file whose first pages are damaged or missing (a
		// copy cut short): the same as quick_check finding damage
		// further in.
		return &DamagedError{Path: path, Err: err}
	}
	return fmt.Errorf("not a readable SQLite database (%w)", err)
}

// Close closes the database. The checkpointer stops first; SQLite then
// copies what is left of the log as the last connection closes, and
// removes the log.
func (s *Store) Close() error {
	s.ckpt.stop()
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
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRowPrepared is queryPrepared for a query of one row: its Scan
// returns sql.ErrNoRows when there is none.
func (s *Store) queryRowPrepared(ctx context.Context, query string, args ...any) rowScanner {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// errRow is a row that could not be read.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// limitParam is how a prepared statement takes its LIMIT or OFFSET as a
// parameter. SQLite reads a bare "LIMIT ?" as it compiles the statement,
// to plan for the value bound, and so compiles the statement again
// whenever the parameter is bound anew; the driver clears the bindings
// after every run, so each run parsed and planned the statement again, as
// if it had never been prepared (a fifth of the time of a search with a
// spelling suggestion, which asks the vocabulary many times). SQLite
// does not read the value of an expression, so the plan holds.
const limitParam = "CAST(? AS INTEGER)"

// prepared returns the statement for query, prepared once per Store (and
// by database/sql once per connection). Use it only with constant SQL
// text, or the cache would grow without bound; in a transaction, run it
// through tx.StmtContext.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		s.stmts[query] = st
	}
	return st, nil
}

// Ping checks that the database answers, for readiness probes, that its
// file is still the one opened, and that no read or write has found it
// damaged (a *DamagedError, from then on).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.moved(); err != nil {
		return err
	}
	if err := s.health.damagedBy(); err != nil {
		return err
	}
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", s.fault(err))
	}
	return nil
}

// CheckDisk reports, for readiness probes, whether the database can be
// written: it fails with a *DiskFullError while the database's device has
// less than 1 MiB free, and after a write failed for a full disk (or a
// page limit) until a small write of its own gets through again.
func (s *Store) CheckDisk(ctx context.Context) error {
	if deviceFull(s.path) {
		return &DiskFullError{Path: s.path, Err: errors.New("less than 1 MiB free")}
	}
	since, _ := s.health.full()
	if since.IsZero() {
		return nil
	}
	// A table made and dropped in one transaction needs a new page and
	// writes to the WAL, as a real write would, and leaves nothing behind.
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "CREATE TABLE sharednews_space_probe (x)"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DROP TABLE sharednews_space_probe")
		return err
	})
	if err != nil {
		return fmt.Errorf("a write failed for a full disk at %s: %w", since.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// Backup writes a consistent copy of the live database to dest, which must
// not exist yet. VACUUM INTO reads inside one transaction, so the copy is a
// snapshot even while the bot keeps writing.
//
// The copy is written under another name in dest's folder and given dest's
// name only once it is whole and on disk: a backup killed half-way (the
// container stopped, the machine rebooted) left a half-written file under
// dest, which whatever copies backups away took for one, and which made
// the same backup run again fail with "file already exists". Killed now,
// it leaves DEST.partial-N, which no backup's name matches.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("backup to %s: file already exists; choose a new name", dest)
	}
	// Made empty first, for the owner only (see ownerOnly; CreateTemp
	// makes its file 0600); VACUUM INTO fills an empty file.
	part, err := os.CreateTemp(filepath.Dir(dest), filepath.Base(dest)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	partial := part.Name()
	part.Close()
	defer os.Remove(partial) // a partial copy is no backup; after the link below, a second name
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", partial); err != nil {
		if sqliteCode(err) == sqlite3.SQLITE_FULL || errors.Is(err, syscall.ENOSPC) {
			return fmt.Errorf("backup to %s: no space left on the device of %s; nothing was written: %w", dest, dest, err)
		}
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := syncFile(partial); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	// A link, unlike a rename, never replaces a file that took dest's
	// name meanwhile.
	if err := os.Link(partial, dest); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup to %s: file already exists; choose a new name", dest)
	} else if err != nil {
		// A file system without hard links (some network shares): dest
		// was free a moment ago.
		if err := os.Rename(partial, dest); err != nil {
			return fmt.Errorf("backup to %s: %w", dest, err)
		}
	}
	if err := syncFile(filepath.Dir(dest)); err != nil {
		return fmt.Errorf("backup to %s: the copy is whole, but its folder could not be synced: %w", dest, err)
	}
	return nil
}

// syncFile flushes a file (or a folder's entries) to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// ownerOnly creates path empty, readable and writable by this user only
// (fs.ErrExist if it exists). A database holds readers' email addresses,
// the key that signs their links and feed passwords; SQLite would create
// it, and its copy, for everyone on the machine to read (0644), and gives
// the -wal and -shm files the database's own permissions.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// exec runs one write statement outside a transaction, with inTx's
// handling of a full disk, a read-only file or a moved one.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := s.moved(); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return nil, s.fault(err)
	}
	s.health.wrote()
	return res, nil
}

// inTx runs fn in a write transaction, committing if it returns nil. A
// full disk or a read-only file comes back typed (see fault); either way
// the transaction is rolled back and nothing of it is written. Nothing is
// begun on a file removed or replaced under this process (a *MovedError).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly != nil {
		return s.readOnly
	}
	if err := s.moved(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fault(fmt.Errorf("begin transaction: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.fault(err)
	}
	if err := tx.Commit(); err != nil {
		return s.fault(fmt.Errorf("commit: %w", err))
	}
	s.health.wrote()
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
