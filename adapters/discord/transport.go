package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/tasks"
)

// apiRewriter points discordgo's REST requests at discord.api_url.
// discordgo builds every REST URL from package-level endpoint variables
// ("https://discord.com/api/v9/…"); changing those would change them for
// every session in the process, so the adapter leaves them alone and
// rewrites each request on its way out instead: the part after "/api/" and
// the version is appended to the configured base. That also moves the
// session to the API version the base names (v10 by default).
type apiRewriter struct {
	base *url.URL // e.g. https://discord.com/api/v10/
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t *apiRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	target, ok := t.target(req.URL)
	if !ok {
		return t.next.RoundTrip(req)
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("discord: rewrite request for %s: %w", t.base.Redacted(), err)
	}
	out := req.Clone(req.Context())
	out.URL = u
	out.Host = u.Host
	resp, err := t.next.RoundTrip(out)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	return limitInJSON(resp, time.Now())
}

// maxLimitBody is the most of a 429's body read to find its wait: Discord's
// JSON is a line, a proxy's page a few kilobytes.
const maxLimitBody = 64 << 10

// leastProxyWait is the wait restated for a proxy's 429 that names none
// (or none left): discordgo's own retry of a 429 (registering the command,
// finding the gateway) sleeps the JSON's wait and asks again, with no
// limit on the tries, so a wait of none had it ask the proxy again at
// once, as fast as it answered, for as long as it limited the address.
// A second is what the delivery worker waits for a 429 naming no wait
// (delivery.RetryAfterError).
const leastProxyWait = time.Second

// limitInJSON gives a 429 that lacks Discord's JSON wait (retry_after)
// one, from its Retry-After header: discordgo reads a 429's wait from the
// JSON body alone, and failed a request refused by the proxy in front of
// Discord (Cloudflare limiting the bot's address: an HTML page, its wait
// in the header) with the page it could not decode, which the delivery
// worker counted as a failed try and retried after its own backoff, not
// after the wait. A header that names no wait, or none left, gives a wait
// of leastProxyWait.
func limitInJSON(resp *http.Response, now time.Time) (*http.Response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxLimitBody))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("discord: read a 429's answer: %w", err)
	}
	var limit struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &limit) != nil || limit.RetryAfter == nil {
		wait, _ := tasks.RetryAfter(resp.Header.Get("Retry-After"), now)
		wait = max(wait, leastProxyWait)
		body, err = json.Marshal(map[string]any{"message": "You are being rate limited.", "retry_after": wait.Seconds(),
			"global": resp.Header.Get("X-RateLimit-Global") == "true"})
		if err != nil {
			return nil, fmt.Errorf("discord: restate a 429's wait: %w", err)
		}
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Del("Content-Encoding")
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// target is the URL a request for u is sent to: the path of a Discord
// REST URL after "/api/" and the version ("channels/123/messages") under
// the configured base, or false for any other URL.
func (t *apiRewriter) target(u *url.URL) (string, bool) {
	p, ok := strings.CutPrefix(u.EscapedPath(), "/api/")
	if !ok || !strings.EqualFold(u.Hostname(), "discord.com") {
		return "", false
	}
	if v, rest, found := strings.Cut(p, "/"); found && len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "" {
		p = rest
	}
	target := strings.TrimSuffix(t.base.String(), "/") + "/" + p
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return target, true
}

// named makes a rate limit error name the URL actually called: discordgo
// words it with the URL it built ("Rate limit exceeded on
// https://discord.com/api/v9/…"), before RoundTrip sent the request to
// discord.api_url, and an operator reading the log looked for the limit
// at a host the bot never called. It must see the error before it is
// wrapped, whose message is then written.
func (t *apiRewriter) named(err error) error {
	var limited *discordgo.RateLimitError
	if t == nil || !errors.As(err, &limited) || limited.RateLimit == nil {
		return err
	}
	if u, perr := url.Parse(limited.URL); perr == nil {
		if target, ok := t.target(u); ok {
			limited.URL = target
		}
	}
	return err
}

// restResponse is the HTTP response of a REST error: what Discord
// answered, for its status and headers; nil when err is not one (the
// request never got an answer).
func restResponse(err error) *http.Response {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		return rest.Response
	}
	return nil
}

// restErrorCode is Discord's JSON error code in a REST error, or 0.
func restErrorCode(err error) int {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}
