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

// apiRewriter points discordgo's REST requests at discord.api_url. discordgo
// builds every REST URL from package-level endpoint variables, which every
// session in the process shares, so each request is rewritten on its way
// out instead: the part after "/api/" and the version goes under the
// configured base, whose API version (v10 by default) the session speaks.
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
// (or none left), as the delivery worker waits for one (RetryAfterError):
// discordgo's own retry of a 429 (registering the command, finding the
// gateway) sleeps the JSON's wait and asks again, without limit, so a wait
// of none had it ask the proxy as fast as it answered, for as long as it
// limited the address.
const leastProxyWait = time.Second

// limitInJSON gives a 429 that lacks Discord's JSON wait (retry_after) the
// one in its Retry-After header, at least leastProxyWait: discordgo reads
// the wait from the JSON alone, and failed a 429 of the proxy in front of
// Discord (Cloudflare limiting the bot's address: an HTML page) as a page
// it could not decode, which the delivery worker retried after its own
// backoff, not after the wait.
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
		body = fmt.Appendf(nil, `{"message":"You are being rate limited.","retry_after":%g,"global":%t}`,
			max(wait, leastProxyWait).Seconds(), resp.Header.Get("X-RateLimit-Global") == "true")
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

// named makes a rate limit error name the URL actually called, not the one
// discordgo built before RoundTrip rewrote it, where an operator reading
// the log looked for the limit at a host the bot never called. It must see
// the error before it is wrapped, which writes its message.
func (t *apiRewriter) named(err error) error {
	if limited, ok := errors.AsType[*discordgo.RateLimitError](err); ok && t != nil && limited.RateLimit != nil {
		if u, perr := url.Parse(limited.URL); perr == nil {
			if target, ok := t.target(u); ok {
				limited.URL = target
			}
		}
	}
	return err
}

// restResponse is what Discord answered to a failed REST request; nil when
// err is not one (the request never got an answer).
func restResponse(err error) *http.Response {
	if rest, ok := errors.AsType[*discordgo.RESTError](err); ok {
		return rest.Response
	}
	return nil
}

// restErrorCode is Discord's JSON error code in a REST error, or 0.
func restErrorCode(err error) int {
	if rest, ok := errors.AsType[*discordgo.RESTError](err); ok && rest.Message != nil {
		return rest.Message.Code
	}
	return 0
}
