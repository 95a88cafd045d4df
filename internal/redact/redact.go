// Package redact keeps secrets out of error messages: an error whose
// message quotes a credential (a chat platform's interaction token in a
// webhook URL, which grants answering as the bot, or a URL that is one,
// such as Slack's response_url) is logged with it replaced or left out,
// its chain kept for errors.Is and errors.As.
package redact

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// redactedError is an error with a message that hides its cause's
// secrets, unwrapping to the cause.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Secrets returns err with every one of secrets in its message replaced
// by "[redacted]"; err itself when its message holds none ("" is none).
func Secrets(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
			changed = true
		}
	}
	if !changed {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// URL returns err without the URL an *url.Error in it names, keeping the
// operation and the cause ("Post: connection refused"), for a request to
// a URL that is itself a credential; err itself when it holds none.
func URL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
