package tasks

import (
	"context"
	"time"
)

// Soon runs work and returns its result when it is done within d, as a
// chat platform wants an answer within seconds; otherwise it first calls
// late (the platform told the answer will follow), then returns the result
// once work is done, late reporting true. When late fails, its error is
// returned once work is done, the result dropped: work, begun, completes.
func Soon[T any](ctx context.Context, d time.Duration, work func(context.Context) T, late func() error) (T, bool, error) {
	done := make(chan T, 1)
	go func() { done <- work(ctx) }()
	select {
	case r := <-done:
		return r, false, nil
	case <-time.After(d): // since Go 1.23 an unfired timer needs no Stop
	}
	if err := late(); err != nil {
		<-done
		var zero T
		return zero, true, err
	}
	return <-done, true, nil
}
