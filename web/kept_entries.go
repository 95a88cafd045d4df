package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sharednews/sharednews/store"
)

// Feed entries are kept in the database as well as in memory (migration
// 0012), so that a process that has never rendered an edition reads its
// entry instead of loading and rendering the whole edition: the feed's
// first answer after a start reads ten entries, not ten editions.
//
// An entry is kept under a version: a hash of everything it depends on
// besides the edition's content, which is frozen once published. That is
// the program (its build ID: a template or code change makes a new one),
// the configuration it shows (public URL, feed id, sectors), and the
// edition's number, renumbering and dates. An entry kept under another
// version is not used. The store drops an entry whenever its edition or
// what the edition holds changes, and keeps none of an edition that is not
// published.

// entryVersions makes the versions of one Archive's entries.
type entryVersions struct {
	base string // the program's and the configuration's part; "" keeps nothing
}

func newEntryVersions(a *Archive, program string) entryVersions {
	if program == "" {
		return entryVersions{}
	}
	h := sha256.New()
	// The pages' fingerprint holds the program, the address and the
	// configuration (Options.Settings): an entry kept under another, in
	// which the email edition was on or off, would offer the wrong way
	// to subscribe.
	fmt.Fprintf(h, "feed entry\x00%s\x00%s\x00%s\x00%s\x00", program, a.fingerprint, a.base, a.feedID)
	for _, s := range a.sectors {
		fmt.Fprintf(h, "%q\x00%q\x00%q\x00%q\x00", s.Slug, s.Name, s.Aliases, s.Keywords)
	}
	return entryVersions{base: hex.EncodeToString(h.Sum(nil))}
}

// of is the version of the entry of edition s, or "" when it must not be
// kept: an edition with neither a publication time nor a date shows when
// this process started, which the next does not share.
func (v entryVersions) of(s store.EditionSummary) string {
	if v.base == "" || (s.PublishedAt.IsZero() && s.Date.IsZero()) {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d\x00%d\x00%s", v.base, s.ID, s.Number, s.RenumberedAt.Unix(), s.PublishedAt.Unix(),
		s.Date.Format(time.DateOnly))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// entryWriter keeps entries in the store in the background, so that a
// reader who waited for an edition to render does not wait for the
// database's write lock as well (the bot may hold it for a while). One
// goroutine at a time writes, in one transaction, whatever is pending; it
// ends when nothing is. What does not fit the bound is not kept: the next
// process renders it again.
type entryWriter struct {
	store *store.Store
	log   *slog.Logger
	mu    sync.Mutex
	queue []store.FeedEntry
	bytes int
	busy  bool
	idle  sync.WaitGroup // a writer is running
}

// pendingEntryBytes bounds the entries waiting to be written: a crawl of
// the whole feed renders every edition at once.
const pendingEntryBytes = 32 << 20

// entryWriteTimeout bounds one batch's write, lock wait included.
const entryWriteTimeout = time.Minute

func (w *entryWriter) keep(ctx context.Context, e store.FeedEntry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.bytes+len(e.Entry) > pendingEntryBytes {
		return
	}
	w.queue = append(w.queue, e)
	w.bytes += len(e.Entry)
	if w.busy {
		return
	}
	w.busy = true
	w.idle.Add(1)
	// The write outlives the request that rendered the entry.
	go w.run(context.WithoutCancel(ctx))
}

func (w *entryWriter) run(ctx context.Context) {
	defer w.idle.Done()
	for {
		w.mu.Lock()
		batch := w.queue
		w.queue, w.bytes = nil, 0
		if len(batch) == 0 {
			w.busy = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		wctx, cancel := context.WithTimeout(ctx, entryWriteTimeout)
		err := w.store.KeepFeedEntries(wctx, batch)
		cancel()
		if err != nil {
			// The entries are still served from memory and rendered
			// again by the next process: nothing is wrong for a reader.
			w.log.WarnContext(ctx, "web archive: could not keep feed entries in the database", "entries", len(batch), "err", err)
		}
	}
}

// wait returns when every entry handed to keep so far has been written
// (or failed to be).
func (w *entryWriter) wait() { w.idle.Wait() }
