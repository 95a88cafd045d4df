package pagemeta

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/sharednews/sharednews/digest"
)

// Defaults for the zero values of Options.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBytes     = 2 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "SharedNewsBot/1.0 (+https://github.com/sharednews/sharednews)"
)

// Options configure a Fetcher. The zero value is usable.
type Options struct {
	// Timeout bounds the whole fetch: connecting, every redirect, and
	// reading the body. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBytes is the most of a body that is read. A body that is larger
	// is still accepted if its <head> ended within the limit, since that is
	// all the page says about itself; otherwise it is refused. Zero means
	// DefaultMaxBytes.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed; one more is refused.
	// Zero means DefaultMaxRedirects; a negative value follows none.
	MaxRedirects int
	// UserAgent is sent with every request. Empty means DefaultUserAgent.
	UserAgent string
	// AllowPrivateHosts turns off the address checks. It exists for tests
	// only; with it on, any member can make the bot fetch internal URLs.
	AllowPrivateHosts bool
}

// Fetcher fetches submitted pages and reads their metadata. It is safe for
// concurrent use. Each Fetcher has its own transport and keeps no
// connections open between fetches.
type Fetcher struct {
	opts   Options
	client *http.Client
	// allowAddr, when set, is asked first about every address dialled; a
	// true answer lets it through whatever the rules say. Tests use it to
	// reach their own loopback server while still proving that every other
	// private address, including on redirects, is refused.
	allowAddr func(netip.AddrPort) bool
}

// New returns a Fetcher with the given options, defaults filled in.
func New(opts Options) *Fetcher {
	return newWithResolver(opts, nil)
}

// newWithResolver is New with the resolver the dialer looks names up
// with (nil: the system's), so tests can answer names without real DNS.
func newWithResolver(opts Options, resolver *net.Resolver) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	switch {
	case opts.MaxRedirects == 0:
		opts.MaxRedirects = DefaultMaxRedirects
	case opts.MaxRedirects < 0:
		opts.MaxRedirects = 0
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	f := &Fetcher{opts: opts}
	dialer := &net.Dialer{
		Timeout:  opts.Timeout,
		Control:  f.dialControl,
		Resolver: resolver,
	}
	transport := &http.Transport{
		// Never a proxy: the proxy's address would be the one dialled and
		// checked, and it would then fetch internal addresses for us.
		Proxy:       nil,
		DialContext: dialer.DialContext,
		// TLS connections are dialled through DialContext too, so the
		// address check covers https.
		TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: true,
		// No handshake or header timeouts of its own: the context deadline
		// bounds every phase, and one clock gives one clear reason.
		MaxResponseHeaderBytes: 64 << 10,
		// Every fetch goes to a different, untrusted host: pooling would
		// only keep sockets to hostile servers open.
		DisableKeepAlives: true,
	}
	f.client = &http.Client{
		Transport:     transport,
		CheckRedirect: f.checkRedirect,
	}
	return f
}

// Fetch downloads rawURL and returns its metadata. Every error is a
// *FetchError whose Reason can be shown to the person who submitted the
// link; ctx cancels the fetch, which also ends after Options.Timeout.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (Meta, error) {
	u, ferr := parseSubmitted(rawURL)
	if ferr != nil {
		return Meta{}, ferr
	}
	ctx, cancel := context.WithTimeoutCause(ctx, f.opts.Timeout, ErrTimeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Meta{}, &FetchError{Reason: "that is not a valid web address", URL: redact(u), Err: fmt.Errorf("%w: %w", ErrBadURL, err)}
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")

	resp, err := f.client.Do(req)
	if err != nil {
		return Meta{}, f.explain(ctx, err, u)
	}
	defer resp.Body.Close()
	final := resp.Request.URL

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fe := statusError(resp.StatusCode)
		// The client sets Response on each request a redirect made.
		fe.Redirected = resp.Request.Response != nil
		return Meta{}, withURL(fe, final)
	}
	contentType := resp.Header.Get("Content-Type")
	if mt, bad := declaredNotHTML(contentType); bad {
		// Refused on the header alone: no need to download a PDF.
		return Meta{}, withURL(notHTMLError(mt), final)
	}

	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxBytes+1))
	if err != nil {
		// A connection that breaks after the head (a Content-Length the
		// server does not keep, a reset mid-body) has still delivered
		// everything the page says about itself. A timeout is a refusal
		// whatever arrived.
		if ctx.Err() == nil && len(body) > 0 {
			if m, headDone, xerr := extract(body, contentType, final); xerr == nil && headDone {
				return m, nil
			}
		}
		return Meta{}, f.explain(ctx, fmt.Errorf("reading body: %w", err), final)
	}
	truncated := int64(len(body)) > f.opts.MaxBytes
	if truncated {
		body = body[:f.opts.MaxBytes]
	}
	m, headDone, err := extract(body, contentType, final)
	if err != nil {
		var fe *FetchError
		if !errors.As(err, &fe) {
			fe = &FetchError{Reason: "the page could not be read", Err: err}
		}
		return Meta{}, withURL(fe, final)
	}
	if truncated && !headDone {
		// The head may go on past the limit: what was read could be
		// missing the title, or be a stream that never ends.
		return Meta{}, &FetchError{
			Reason: fmt.Sprintf("the page is larger than %s", formatBytes(f.opts.MaxBytes)),
			URL:    redact(final),
			Err:    fmt.Errorf("%w: head not complete within %d bytes", ErrTooLarge, f.opts.MaxBytes),
		}
	}
	return m, nil
}

// parseSubmitted checks the link before anything is dialled.
func parseSubmitted(rawURL string) (*url.URL, *FetchError) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, &FetchError{Reason: "that is not a valid web address", Err: fmt.Errorf("%w: %w", ErrBadURL, err)}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, schemeError(u)
	}
	if u.Hostname() == "" {
		return nil, &FetchError{Reason: "that link has no host name", URL: redact(u), Err: fmt.Errorf("%w: no host", ErrBadURL)}
	}
	if ferr := numericHost(u); ferr != nil {
		return nil, ferr
	}
	return u, nil
}

// numericHost rewrites a host that ends in a number ("2130706433",
// "0x7f.1", "127.1") to the IPv4 address browsers and getaddrinfo read it
// as, so that the address check judges that address rather than Go's
// resolver asking DNS for a name no one means. A host that ends in a
// number but is no address is refused, as browsers refuse it.
func numericHost(u *url.URL) *FetchError {
	if strings.HasPrefix(u.Host, "[") {
		return nil
	}
	addr, numeric := digest.NumericHost(u.Hostname())
	switch {
	case !numeric:
		return nil
	case !addr.IsValid():
		return &FetchError{Reason: "that link's host name is not valid", URL: redact(u), Err: fmt.Errorf("%w: host %q", ErrBadURL, u.Hostname())}
	}
	if port := u.Port(); port != "" {
		u.Host = net.JoinHostPort(addr.String(), port)
	} else {
		u.Host = addr.String()
	}
	return nil
}

func schemeError(u *url.URL) *FetchError {
	scheme := u.Scheme
	if scheme == "" {
		scheme = "none"
	}
	return &FetchError{
		Reason: "only http and https links can be fetched",
		URL:    redact(u),
		Err:    fmt.Errorf("%w: %q", ErrScheme, scheme),
	}
}

// checkRedirect applies the scheme rule and the redirect limit to every
// redirect before it is followed. The address rule needs no help here: it
// runs when the redirect's connection is dialled.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		ferr := schemeError(req.URL)
		ferr.Reason = "the link redirects to a link that is not http or https, which the bot does not fetch"
		return ferr
	}
	if ferr := numericHost(req.URL); ferr != nil {
		ferr.Reason = "the link redirects to a host name that is not valid"
		return ferr
	}
	if len(via) > f.opts.MaxRedirects {
		reason := fmt.Sprintf("too many redirects (more than %d)", f.opts.MaxRedirects)
		if f.opts.MaxRedirects == 0 {
			reason = "the link redirects elsewhere, and redirects are not followed"
		}
		return &FetchError{
			Reason: reason,
			URL:    redact(req.URL),
			Err:    fmt.Errorf("%w: %d", ErrTooManyRedirects, len(via)),
		}
	}
	return nil
}

// explain turns a transport error into a FetchError with a reason a chat
// user can act on. The order matters: a refused address or redirect is the
// real story even if the deadline has also passed by the time we look.
func (f *Fetcher) explain(ctx context.Context, err error, u *url.URL) *FetchError {
	var fe *FetchError
	if errors.As(err, &fe) {
		// Our own refusal from checkRedirect: it already says everything.
		return withURL(fe, u)
	}
	// Name the request that failed, which after redirects is not u; the
	// client has already removed any password from it.
	redirected := false
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if failed, perr := url.Parse(urlErr.URL); perr == nil {
			redirected = redact(failed) != redact(u)
			u = failed
		}
	}
	reason := "the page could not be fetched"
	var (
		blocked *blockedAddrError
		dnsErr  *net.DNSError
		netErr  net.Error
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		invalid x509.CertificateInvalidError
		host    x509.HostnameError
		recErr  tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &blocked):
		reason = blocked.reason(redirected)
	case ctx.Err() != nil && errors.Is(context.Cause(ctx), ErrTimeout):
		reason = fmt.Sprintf("the site took longer than %s to answer", f.opts.Timeout)
		err = fmt.Errorf("%w: %w", ErrTimeout, err)
	case errors.Is(err, context.Canceled):
		reason = "the fetch was cancelled"
	case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
		// The caller's deadline, shorter than ours.
		reason = "the site took too long to answer"
	case errors.As(err, &dnsErr):
		// Not ErrNotFound, even when DNS answers that the name does
		// not exist: a resolver that knows only an intranet's names, or
		// a sandbox's that knows none, answers so for every site, and
		// every member's link would be refused. The site's own 404 is
		// the proof a page is not there.
		reason = "the site's name could not be found"
		if !dnsErr.IsNotFound {
			reason = "the site's name could not be looked up"
		}
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host):
		reason = "the site's security certificate is not valid"
	case errors.As(err, &recErr):
		reason = "the site did not answer with a secure connection"
	case errors.Is(err, syscall.ECONNREFUSED):
		reason = "the site refused the connection"
	case errors.As(err, &netErr) && netErr.Timeout():
		reason = fmt.Sprintf("the site took longer than %s to answer", f.opts.Timeout)
		err = fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return withURL(&FetchError{Reason: reason, Redirected: redirected, Err: err}, u)
}

// withURL sets e.URL, if unset, to u without credentials.
func withURL(e *FetchError, u *url.URL) *FetchError {
	if e.URL == "" && u != nil {
		e.URL = redact(u)
	}
	return e
}

// redact renders u without user name or password, for logs.
func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}
