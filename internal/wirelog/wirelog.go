// Package wirelog records what the platform fakes (slacktest,
// discordtest) receive, and what the adapters answer the tests that play
// a platform's part, for cmd/apitypes to check against the platforms'
// official API types.
package wirelog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
)

// Env names the environment variable that, when set to a file's
// path, makes each fake append every request it receives to that file, one
// JSON object a line. tools/apitypes reads the file to check what the
// adapters sent against the platforms' official API types; nothing else
// sets it.
const Env = "SHAREDNEWS_WIRE_LOG"

// Record is one line of the wire log.
type Record struct {
	Platform    string `json:"platform"` // "slack" or "discord"
	Method      string `json:"method"`
	Path        string `json:"path"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`
	// Answer marks the app's answer to a request the platform made to
	// Path (a slash command's acknowledgement, an interaction's
	// response), not a request the app made.
	Answer bool `json:"answer,omitempty"`
}

// Append appends r to the wire log when Env is set, and leaves
// r's body to be read again. Each line is one write to a file opened for
// appending, so that the test binaries of several packages, run at once,
// never interleave their lines.
func Append(platform string, r *http.Request) error {
	path := os.Getenv(Env)
	if path == "" {
		return nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("wire log: read the request's body: %w", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return appendRecord(path, Record{Platform: platform, Method: r.Method, Path: r.URL.EscapedPath(),
		ContentType: r.Header.Get("Content-Type"), Body: string(body)})
}

// AppendAnswer appends, when Env is set, the body of the app's answer to
// a POST the platform made to path, so that what the app answers is
// checked as what it sends is. A test that plays the platform's part calls
// it with each successful response it receives.
func AppendAnswer(platform, path, contentType string, body []byte) error {
	log := os.Getenv(Env)
	if log == "" {
		return nil
	}
	return appendRecord(log, Record{Platform: platform, Method: http.MethodPost, Path: path,
		ContentType: contentType, Body: string(body), Answer: true})
}

// appendRecord writes rec as one line of the log at path.
func appendRecord(path string, rec Record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("wire log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("wire log: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("wire log %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("wire log %s: %w", path, err)
	}
	return nil
}
