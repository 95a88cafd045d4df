package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sharednews/sharednews/runlock"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// lockCheckInterval is how often run makes sure it still holds its lock,
// besides every /readyz.
const lockCheckInterval = 15 * time.Second

// lockWatch keeps an eye on run's lock: someone may remove or replace the
// lock file, after which another run can start on the same database. It
// logs and counts each time the lock is found lost, and /readyz reports
// not ready until it is whole again.
type lockWatch struct {
	lock *runlock.Lock
	log  *slog.Logger
	lost prometheus.Counter

	mu     sync.Mutex
	broken bool
}

func newLockWatch(lock *runlock.Lock, log *slog.Logger, reg prometheus.Registerer) (*lockWatch, error) {
	w := &lockWatch{lock: lock, log: log, lost: prometheus.NewCounter(prometheus.CounterOpts{
		Name: "sharednews_run_lock_lost_total",
		Help: "Times this run found its run lock file removed or held by another process.",
	})}
	if err := reg.Register(w.lost); err != nil {
		return nil, err
	}
	return w, nil
}

// check is the readiness check: nil while the lock holds.
func (w *lockWatch) check(context.Context) error {
	err := w.lock.Check()
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case err != nil && !w.broken:
		w.broken = true
		w.lost.Inc()
		w.log.Error("the run lock is lost: another run may schedule and deliver on this database too", "err", err)
	case err == nil && w.broken:
		w.broken = false
		w.log.Info("the run lock is whole again")
	}
	return err
}

// run checks the lock every lockCheckInterval until ctx ends.
func (w *lockWatch) run(ctx context.Context) error {
	tasks.Every(ctx, lockCheckInterval, func() { w.check(ctx) })
	return nil
}

// countDiskFull exports the store's count of writes refused for a full
// disk.
func countDiskFull(st *store.Store, reg prometheus.Registerer) error {
	return reg.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "sharednews_disk_full_writes_total",
		Help: "Writes to the database refused because its disk was full; nothing of them was written.",
	}, func() float64 { return float64(st.DiskFullEvents()) }))
}

// migrateBesideRun applies the database's pending migrations for a
// command other than run (console, migrate, import, preview…). While a
// `sharednews run` of an older release holds the database it refuses and
// changes nothing: that run would go on writing the database the old way
// under the new schema (a story it adds would never be indexed for
// search, for one). A run of this release or a newer one may be migrating
// it right now; the migrations then queue on SQLite's lock as usual.
func migrateBesideRun(ctx context.Context, st *store.Store, database string) ([]store.Migration, error) {
	current, err := st.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	latest := store.LatestSchemaVersion()
	if current < latest {
		holder, held, err := runlock.Held(database)
		if err != nil {
			return nil, err
		}
		if held && holder.Schema < latest {
			return nil, fmt.Errorf("the database %s has schema version %d and this sharednews would migrate it to %d, "+
				"but a `sharednews run` of an older release is using it: %s. Migrating under it would leave that run "+
				"writing the database the old way (stories it adds could be missed by search). Stop that run and start "+
				"this release's `sharednews run`, which migrates the database first; nothing was changed",
				database, current, latest, holder)
		}
	}
	return st.Migrate(ctx)
}
