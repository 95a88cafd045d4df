package bot

import (
	"errors"
	"fmt"
	"time"
)

// PermanentError is a delivery failure that trying again cannot fix: the
// channel is gone, or the bot may not post in it. Adapters return it (or
// wrap it) so that the delivery is failed at once and editors are told.
type PermanentError struct {
	// Reason is a sentence for editors, e.g. "the bot is not in the channel".
	Reason string
	Err    error
}

func (e *PermanentError) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return fmt.Sprintf("%s: %v", e.Reason, e.Err)
}

func (e *PermanentError) Unwrap() error { return e.Err }

// RetryAfterError says the platform rate-limited the request and named how
// long to wait before trying again.
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("rate limited, retry after %s: %v", e.After, e.Err)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// errorKind is how the delivery worker treats a failed attempt.
type errorKind int

const (
	transient   errorKind = iota // retried with backoff, up to the attempt limit
	permanent                    // failed at once
	rateLimited                  // retried after the platform's Retry-After, not counted
)

// classifyDeliveryError sorts a PostEdition error.
func classifyDeliveryError(err error) (errorKind, time.Duration) {
	var perm *PermanentError
	if errors.As(err, &perm) {
		return permanent, 0
	}
	var ra *RetryAfterError
	if errors.As(err, &ra) {
		return rateLimited, ra.After
	}
	return transient, 0
}
