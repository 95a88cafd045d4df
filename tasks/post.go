package tasks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/sharednews/sharednews/internal/redact"
)

// PostJSON posts v, encoded as JSON, to rawURL once with c, for Tries:
// again reports whether a failure may go through if tried again. The URL
// may itself be a short-lived credential (Slack's response_url), so no
// error includes it; one that is not http(s) is refused without a request.
// A post that never left is sent again, and so is one the server
// failed (5xx); a 429 after the wait its Retry-After names (WaitOutHeader).
// A refusal (another 4xx) is final, and so is a failure after the post was
// sent: each post may be a message of its own, so one that may have reached
// the server (dropped or timed out after it was sent) would be read twice.
func PostJSON(ctx context.Context, c *http.Client, rawURL string, v any) (again bool, err error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return false, errors.New("not an http(s) URL")
	}
	body, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("encode: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return false, redact.URL(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := c.Do(req)
	if err != nil {
		return ctx.Err() == nil && NeverSent(err), redact.URL(err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode == http.StatusTooManyRequests {
		return WaitOutHeader(ctx, resp.Header.Get("Retry-After"), fmt.Errorf("%s: %q", resp.Status, reply))
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode >= 500, fmt.Errorf("%s: %q", resp.Status, reply)
	}
	return false, nil
}
