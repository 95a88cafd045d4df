package delivery

import (
	"context"
	"errors"
	"sync"
	"time"
)

// answerGrace is how long a stopping worker lets a post it has sent wait
// for the platform's answer before it cuts it: a post so answered is
// recorded, and nothing of the attempt is left on its way, so the claim
// it gives back is taken at once by the next run rather than after
// Options.InFlight. It is well within the time `docker stop` gives a
// process after SIGTERM (10 s), with room for the rest of the stop.
const answerGrace = 5 * time.Second

// onItsWay follows one attempt's posts: whether a part was let go to the
// destination (Post.Recordable, asked just before each part) and not yet
// answered and recorded (the sent func), so that a stop lets it be
// answered rather than cut it, and says afterwards whether one may still
// be on its way.
type onItsWay struct {
	mu sync.Mutex
	// posting: a part was let go and its answer not yet recorded.
	posting bool
	// why is the attempt's stop, once it stopped: no further part is let go.
	why error
	// answered wakes a stop waiting for the part posting.
	answered chan struct{}
	// ctx is what the destination posts under: it outlives the attempt's
	// context by as long as a part posting waits for its answer (at most
	// the grace).
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// followPosts starts following the posts of the attempt whose context is
// actx; end stops it once the attempt has returned. A stop of the worker
// lets a part posting get its answer, for up to grace (none: the
// destination waits for it itself, AnswerWaiter); a lease ending
// (leaseEnding) cuts it at once, since another worker may take the
// delivery over when it ends.
func followPosts(actx context.Context, grace time.Duration) (o *onItsWay, end func()) {
	o = &onItsWay{answered: make(chan struct{}, 1)}
	o.ctx, o.cancel = context.WithCancelCause(context.WithoutCancel(actx))
	stop := context.AfterFunc(actx, func() { o.stop(context.Cause(actx), grace) })
	return o, func() {
		stop()
		o.cancel(context.Canceled)
	}
}

// stop ends the posts' context for cause: at once unless a part is
// posting and cause is not a lease ending, else once the part is answered
// or grace has passed.
func (o *onItsWay) stop(cause error, grace time.Duration) {
	_, leaseEnds := errors.AsType[leaseEnding](cause)
	o.mu.Lock()
	o.why = cause
	o.mu.Unlock()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	for {
		o.mu.Lock()
		posting := o.posting
		o.mu.Unlock()
		if !posting || leaseEnds || grace <= 0 {
			o.cancel(cause)
			return
		}
		select {
		case <-o.answered:
		case <-o.ctx.Done(): // the attempt is over
			return
		case <-timer.C:
			o.cancel(cause)
			return
		}
	}
}

// recordable is Post.Recordable for the attempt: next's answer, after a
// refusal to let a part go once the attempt is stopping; a part let go is
// posting until sent answers it.
func (o *onItsWay) recordable(next func() error) func() error {
	return func() error {
		o.mu.Lock()
		defer o.mu.Unlock()
		if o.why != nil {
			return o.why
		}
		if err := next(); err != nil {
			return err
		}
		o.posting = true
		return nil
	}
}

// sent records that the part posting was answered and recorded.
func (o *onItsWay) sent() {
	o.mu.Lock()
	o.posting = false
	o.mu.Unlock()
	select {
	case o.answered <- struct{}{}:
	default:
	}
}

// mayLand says whether a part let go has no answer recorded: it was cut
// on its way, or its post failed with an outcome unknown (a dropped
// connection), and the platform may still take it, so the claim must not
// be taken over before it could land (Options.InFlight).
func (o *onItsWay) mayLand() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.posting
}
