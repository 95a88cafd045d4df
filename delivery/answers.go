package delivery

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// ErrNoMessage is an answer to a post that names no message posted: a
// proxy, or a platform in trouble, may answer a success without the
// message's reference (Slack's channel and ts, Discord's message ID), and
// slack-go reads {"ok":false} without an error as a success. Whether the
// message was posted is not known; its reference, which an edition's later
// messages, a card's updates and a thread need, is lost either way.
// Adapters wrap it with what they asked.
var ErrNoMessage = errors.New("the answer named no message posted")

// Unanswered classifies the failures of a post that every platform meets
// alike, worded for the editors who read the delivery report with the
// platform's name: an answer naming no message (ErrNoMessage), or one
// that could not be read as the API's JSON, is transient; nil for any
// other error, which the adapter classifies.
func Unanswered(platform string, err error) error {
	var syntax *json.SyntaxError
	var shape *json.UnmarshalTypeError
	switch {
	case errors.Is(err, ErrNoMessage):
		// The next try looks in the channel for what reached it.
		return &TransientError{Reason: platform + " answered without naming the message posted, so it is not known whether it was", Err: err}
	case errors.As(err, &syntax) || errors.As(err, &shape):
		// Not JSON at all (a proxy's HTML page with HTTP 200), or JSON of
		// another shape; an answer cut short is a dropped connection.
		return &TransientError{Reason: platform + " answered with something other than its API's JSON (a proxy's error page, say)", Err: err}
	}
	return nil
}

// ServerError is a server error (HTTP 5xx) of platform's, which another
// try may not meet: ref names it for operators, "(HTTP 502)".
func ServerError(platform, ref string, err error) error {
	return &TransientError{Reason: fmt.Sprintf("%s had a server error %s", platform, ref), Err: err}
}

// Refused classifies a platform's HTTP answer to a post that failed,
// worded for the editors as ServerError is, with ref naming the refusal
// for operators, "(HTTP 403)": a server error (5xx) is transient; any
// other refusal (4xx but 429, whose wait the adapter reads) is permanent,
// for why when the adapter knows it (from the platform's error code), else
// as the status says. nil for any other status, which the adapter
// classifies.
func Refused(platform string, status int, why, ref string, err error) error {
	switch {
	case status >= 500:
		return ServerError(platform, ref, err)
	case status < 400 || status == http.StatusTooManyRequests:
		return nil
	case why != "":
	case status == http.StatusForbidden:
		why = platform + " does not let the bot post in the channel"
	case status == http.StatusNotFound:
		why = "the channel no longer exists"
	default:
		why = platform + " refused the message"
	}
	return &PermanentError{Reason: why + " " + ref, Err: err}
}
