package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Destination is somewhere editions are delivered: a chat platform's
// channels today, mailing lists later. Each adapter implements it; the
// worker never imports an adapter.
type Destination interface {
	// Name is the platform key the ledger records: "slack", "discord", "console".
	Name() string
	// PostEdition posts one channel's copy of an edition, in as many
	// messages (parts) as the destination's limits need, starting at part
	// post.From. After each part is posted it calls sent with the part's
	// index (from 0) and its message reference; an error from sent (the
	// worker lost its claim on the delivery) stops the posting and is
	// returned. Errors are classified with PermanentError and
	// RetryAfterError; any other error is transient.
	PostEdition(ctx context.Context, post Post, sent func(part int, ref string) error) error
}

// PostedPartsFinder is implemented by destinations that can look in a
// channel for the parts of an edition already posted there, so that a
// delivery interrupted between posting a part and recording it resumes at
// the first part not yet in the channel.
type PostedPartsFinder interface {
	// PostedParts returns how many leading parts of post are already in
	// the channel and the reference of part 0 ("" when none is).
	PostedParts(ctx context.Context, post Post) (parts int, firstRef string, err error)
}

// Patient is implemented by destinations whose copies are tried for
// longer than the worker's attempts (Options.MaxAttempts, about an hour
// and three quarters): mail, whose readers' servers and relays are down
// for a weekend at times, as mail servers expect of each other (RFC 5321
// 4.5.4.1 gives up after days, not hours), while a copy given up is sent
// again only by hand.
type Patient interface {
	// RetryFor is how long after a copy fell due it is still tried,
	// when it keeps failing for a reason worth trying again.
	RetryFor() time.Duration
}

// AnswerWaiter is implemented by destinations that, when their context
// ends while a post waits for its answer, wait for that answer a while
// themselves (the mail's SMTPOptions.StopGrace): a stopping worker ends
// their context at once rather than give the post its own time first
// (answerGrace), which would hold the stop for both.
type AnswerWaiter interface {
	WaitsForAnswer()
}

// Post is one channel's copy of an edition, as the worker asks a
// destination to post it.
type Post struct {
	ChannelID string
	// Edition is already filtered to the channel's sectors, and a chat
	// channel's says how its members subscribe (Options.Subscribe).
	Edition digest.Edition
	// From is the first part still to post; the parts before it are
	// already in the channel.
	From int
	// FirstRef is the reference of part 0 when From > 0 (Slack posts the
	// later parts in its thread).
	FirstRef string
	// Key names this delivery (edition and channel) uniquely. Destinations
	// attach it to every part so that a restarted worker can recognise the
	// parts already posted.
	Key string
	// Recordable, when set, is asked just before each part is posted: an
	// error says the ledger cannot now record a part posted (the
	// database's disk is full, or it was made read-only), and nothing is
	// posted. EachPart asks it; a destination that waits its turn first
	// (the mail's sending rate) asks it once its turn has come.
	Recordable func() error
	// Contested says that a worker before this one claimed the delivery
	// and did not settle it (it stopped mid-send, or its attempt's outcome
	// is unknown): a post of that worker's may still be on its way, and
	// reach the channel after this worker looked there (a process frozen
	// past its lease between its last check and a post). A destination
	// that can see its channel and take back its own message makes sure
	// the first part it posts is the only copy there (see ErrLeaseLost).
	Contested bool
}

// ErrLeaseLost is what the sent func of Destination.PostEdition returns
// when another worker has taken the delivery over: the part just posted
// may be a second copy of one the new owner posted. A destination that
// can take back its own message looks, and takes it back if an earlier
// copy of that part is in the channel; the earlier copy is the one kept,
// whichever worker posted it.
var ErrLeaseLost = store.ErrLeaseLost

// Since is how far back a destination looks for the parts of p already
// posted (delivery.PostedPartsFinder): a minute before the edition was
// published, for a platform's clock that runs a little behind ours. ok is
// false for an edition without that time: only the newest messages are
// looked at.
func (p Post) Since() (since time.Time, ok bool) {
	if p.Edition.PublishedAt.IsZero() {
		return time.Time{}, false
	}
	return p.Edition.PublishedAt.Add(-time.Minute), true
}

// EachPart posts the parts of p's copy still to post, n in all, in order
// from p.From, as Destination.PostEdition does: post posts one and returns
// its reference, and sent records it before the next is posted. The first
// error, post's or sent's (or Recordable's, asked before each part), stops
// the posting and is returned.
func (p Post) EachPart(n int, sent func(part int, ref string) error, post func(part int) (ref string, err error)) error {
	for i := p.From; i < n; i++ {
		if p.Recordable != nil {
			if err := p.Recordable(); err != nil {
				return err
			}
		}
		ref, err := post(i)
		if err == nil {
			err = sent(i, ref)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// PermanentError is a delivery failure that trying again cannot fix: the
// channel is gone, or the bot may not post in it. Destinations return it
// (or wrap it) so that the delivery is failed at once and editors are told.
type PermanentError struct {
	// Reason is a phrase for editors, e.g. "the bot is not in the channel".
	Reason string
	Err    error
}

func (e *PermanentError) Error() string { return withCause(e.Reason, e.Err) }

// withCause is reason followed by the error behind it, if any.
func withCause(reason string, err error) string {
	if err == nil {
		return reason
	}
	return fmt.Sprintf("%s: %v", reason, err)
}

func (e *PermanentError) Unwrap() error { return e.Err }

// SkipError says a delivery is no longer due, and nothing was sent: its
// reader unsubscribed or was removed after the edition was published. The
// delivery is marked skipped, with Reason, and never reported as a failure.
type SkipError struct {
	Reason string
}

func (e *SkipError) Error() string { return e.Reason }

// RetryAfterError says the destination rate-limited the request and named
// how long to wait before trying again (see Wait).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("rate limited, retry after %s: %v", e.Wait(), e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// Wait is how long the worker waits before trying again: After, or a
// second when the destination named no wait (a 429 whose Retry-After is
// 0), which would have the worker ask again at once, as often as the
// platform answers.
func (e *RetryAfterError) Wait() time.Duration {
	if e.After <= 0 {
		return time.Second
	}
	return e.After
}

// errorKind is how the worker treats a failed attempt.
type errorKind int

const (
	transient   errorKind = iota // retried with backoff, up to the attempt limit
	permanent                    // failed at once
	rateLimited                  // retried after the destination's Retry-After, not counted
	skipped                      // no longer due
)

// classify sorts a PostEdition error.
func classify(err error) (errorKind, time.Duration) {
	var perm *PermanentError
	if errors.As(err, &perm) {
		return permanent, 0
	}
	var skip *SkipError
	if errors.As(err, &skip) {
		return skipped, 0
	}
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return rateLimited, ra.Wait()
	}
	return transient, 0
}

// LeadingParts finds the leading parts of a delivery in a channel's
// messages, oldest first, for a PostedPartsFinder that can only tell a
// part by what it reads (isPart): how many parts it found, in order, and
// the index of part 0's message. Each part is looked for only among the
// messages after the part before it (the oldest such that matches), so
// that a message of an earlier edition that reads the same (a last
// message holding only the footer, which every edition shares) is not
// taken for one of this delivery's.
func LeadingParts[M any](msgs []M, parts int, isPart func(m M, part int) bool) (n, first int) {
	from := 0
	for ; n < parts; n++ {
		i := slices.IndexFunc(msgs[from:], func(m M) bool { return isPart(m, n) })
		if i < 0 {
			break
		}
		if n == 0 {
			first = i
		}
		from += i + 1
	}
	return n, first
}
