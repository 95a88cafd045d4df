package tasks

import (
	"context"
	"time"
)

// Every calls f every d until ctx is done. A call that takes longer than d
// delays the next rather than piling calls up; Every returns once ctx is
// done and the call in progress, if any, has returned, and makes no call
// once ctx is done.
func Every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// select picks at random when a tick is ready as ctx ends:
			// no call once ctx is done.
			if ctx.Err() != nil {
				return
			}
			f()
		}
	}
}

// Sleep waits for d, or until ctx is done, when it returns ctx's error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
