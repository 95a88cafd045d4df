package delivery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// TransientError is a failure worth trying again that its destination has
// worded for editors (a platform's server error, say). Reason is what the
// ledger keeps if the last try fails too; the full error goes to the log.
type TransientError struct {
	Reason string
	Err    error
}

func (e *TransientError) Error() string { return withCause(e.Reason, e.Err) }

func (e *TransientError) Unwrap() error { return e.Err }

// Reason is the sentence editors read for a failed attempt at a delivery
// to platform: the destination's own words when it gave some, else what
// the network did. The error chain itself (API addresses, request bodies,
// a server's full answer) goes only to the log: editors cannot act on it,
// and an operator finds it there by the delivery's ID.
func Reason(platform string, err error) string {
	var perm *PermanentError
	if errors.As(err, &perm) {
		return perm.Reason
	}
	var skip *SkipError
	if errors.As(err, &skip) {
		return skip.Reason
	}
	var worded *TransientError
	if errors.As(err, &worded) {
		return worded.Reason
	}
	if what := networkFault(err); what != "" {
		return fmt.Sprintf("%s could not be reached (%s)", platformName(platform), what)
	}
	// Not known to be the platform's doing (it may be the bot's own
	// database, say): blame nobody.
	return "the delivery failed in a way the bot does not recognise (the log has the full error)"
}

// networkFault words a failure of the connection itself, "" when err is
// not one.
func networkFault(err error) string {
	var dns *net.DNSError
	var nerr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return "it did not answer in time"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed),
		// net/http's word for a kept-alive connection the server closed
		// as the request went out; the error is not exported.
		strings.Contains(err.Error(), "http: server closed idle connection"):
		return "the connection was dropped"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the connection was refused"
	case errors.As(err, &dns):
		return "its address could not be looked up"
	case errors.As(err, &nerr):
		return "a network error"
	}
	return ""
}

// platformName names a platform in a sentence.
func platformName(platform string) string {
	if platform == store.EmailPlatform {
		return "the mail server"
	}
	return digest.UpperFirst(platform)
}
