// Package wirelog records what the platform fakes (slacktest,
// discordtest) receive, for cmd/apitypes to check against the platforms'
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
	line, err := json.Marshal(Record{Platform: platform, Method: r.Method, Path: r.URL.EscapedPath(),
		ContentType: r.Header.Get("Content-Type"), Body: string(body)})
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
