package discord

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
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
	if _, ok := apiPath(req.URL); !ok {
		return t.next.RoundTrip(req)
	}
	u, err := url.Parse(t.target(req.URL))
	if err != nil {
		return nil, fmt.Errorf("discord: rewrite request for %s: %w", t.base.Redacted(), err)
	}
	out := req.Clone(req.Context())
	out.URL = u
	out.Host = u.Host
	return t.next.RoundTrip(out)
}

// target is the URL a request for u is sent to: u under the configured
// base when it is a Discord REST URL, else u as it is.
func (t *apiRewriter) target(u *url.URL) string {
	rest, ok := apiPath(u)
	if !ok {
		return u.String()
	}
	target := strings.TrimSuffix(t.base.String(), "/") + "/" + rest
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return target
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
		limited.URL = t.target(u)
	}
	return err
}

// apiPath returns the path of a Discord REST URL after "/api/" and the
// version ("channels/123/messages"), or false for any other URL.
func apiPath(u *url.URL) (string, bool) {
	if !strings.EqualFold(u.Hostname(), "discord.com") {
		return "", false
	}
	p, ok := strings.CutPrefix(u.EscapedPath(), "/api/")
	if !ok {
		return "", false
	}
	if v, rest, found := strings.Cut(p, "/"); found && len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "" {
		p = rest
	}
	return p, true
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
