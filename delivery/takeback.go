package delivery

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Two workers can each post a part of the same delivery: one frozen past
// its lease between its last check and its post, and the one that took
// the delivery over, looked in the channel before the frozen one's post
// arrived, and posted it too. A destination that can see its channel and
// take back its own message keeps the earlier copy, whichever worker
// posted it: each worker looks once its own copy is in (the new owner
// after the first part it posts under a contested claim, Post.Contested;
// the frozen one when its record is refused, ErrLeaseLost), and the later
// copy's poster always sees the earlier one.

// TakeBackTimeout bounds the look and the taking back that a worker whose
// record was refused (ErrLeaseLost) still makes after its lease ended.
const TakeBackTimeout = 30 * time.Second

// TakingBack wraps a Destination.PostEdition's sent for a destination
// that can take back its own message: when the record of a part is
// refused because another worker has taken the delivery over
// (ErrLeaseLost), takeBack is called with the part and its reference, on
// a context that outlives the worker's (which ends with its lease) for
// TakeBackTimeout, to take the part back if an earlier copy is in the
// channel. The refusal is returned as it was.
func TakingBack(ctx context.Context, sent func(part int, ref string) error, takeBack func(ctx context.Context, part int, ref string)) func(int, string) error {
	return func(part int, ref string) error {
		err := sent(part, ref)
		if errors.Is(err, ErrLeaseLost) {
			look, cancel := context.WithTimeout(context.WithoutCancel(ctx), TakeBackTimeout)
			defer cancel()
			takeBack(look, part, ref)
		}
		return err
	}
}

// Copies is what a destination tells KeepEarliest of one part's copies
// in its channel, each named by the platform's own message reference.
type Copies struct {
	// List returns the copies of the part in the channel; the one just
	// posted may be among them.
	List func(ctx context.Context) ([]string, error)
	// Before says whether copy a was posted before copy b, as the
	// platform orders its messages (both workers must agree on it).
	Before func(a, b string) bool
	// Delete takes back a copy this bot posted.
	Delete func(ctx context.Context, ref string) error
}

// KeepEarliest makes sure that part of post, just posted as own, is the
// only copy of that part in the channel: when an earlier copy is there,
// own is taken back and the earlier one's reference returned, for the
// worker to go on from; otherwise own is returned. A look or a delete
// that fails (no permission to read the channel's history, a 429) keeps
// own: a second copy is better than none.
func KeepEarliest(ctx context.Context, log *slog.Logger, post Post, part int, own string, c Copies) string {
	copies, err := c.List(ctx)
	if err != nil {
		log.WarnContext(ctx, "could not look for another copy of a part just posted; keeping it", "delivery", post.Key, "part", part, "err", err)
		return own
	}
	first := own
	for _, ref := range copies {
		if c.Before(ref, first) {
			first = ref
		}
	}
	if first == own {
		return own
	}
	if err := c.Delete(ctx, own); err != nil {
		log.WarnContext(ctx, "could not take back a second copy of a part", "delivery", post.Key, "part", part, "taken_back", own, "err", err)
		return own
	}
	log.InfoContext(ctx, "took back a second copy of a part another worker had posted first", "delivery", post.Key, "part", part, "kept", first, "taken_back", own)
	return first
}
