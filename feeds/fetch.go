package feeds

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/certproblem"
	"github.com/sharednews/sharednews/tasks"
)

// acceptFeeds asks for feed formats first, but takes anything: many
// servers label feeds text/xml or even text/html.
const acceptFeeds = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, " +
	"application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// maxRedirects is how many redirects a feed request follows.
const maxRedirects = 5

// maxHeaderBytes bounds the headers of a feed's response. net/http's own
// bound is 10 MiB, whatever feeds.max_bytes says, and a server that sends
// header lines and never a body held that much of each feed it serves in
// memory, at feeds.concurrency feeds at once; a feed server's headers are
// a few KiB, with cookies and security policies at most tens.
const maxHeaderBytes = 256 << 10

// headersExceeded finds net/http's complaint, which has no type of its
// own, about a response whose headers are over the transport's bound, and
// the bound it names.
var headersExceeded = regexp.MustCompile(`server response headers exceeded (\d+) bytes`)

// errTooManyRedirects stops a request that is redirected in circles.
var errTooManyRedirects = fmt.Errorf("more than %d redirects", maxRedirects)

// redirectSchemeError stops a redirect to an address that is not http or
// https (net/http would only say "unsupported protocol scheme").
type redirectSchemeError struct{ scheme string }

func (e *redirectSchemeError) Error() string {
	return fmt.Sprintf("the server redirected the feed to an address that is not on the web (%s:); only http and https are fetched", e.scheme)
}

// redirectLoopError stops a request redirected back to an address it
// was redirected from: asking on would only go round again until
// maxRedirects, and "more than 5 redirects" does not tell the operator
// that two addresses send the feed to each other, nor which.
type redirectLoopError struct{ round []string } // the addresses, the first again last

func (e *redirectLoopError) Error() string {
	return "the server redirects the feed in a loop (" + strings.Join(e.round, " → ") + "), so it cannot be read there"
}

// redirectLoop returns the loop req closes, its addresses without a
// password or token, when req asks again for an address of via (the
// requests made before it, the first first); nil if it does not.
func redirectLoop(req *http.Request, via []*http.Request) *redirectLoopError {
	to := req.URL.String()
	for i, prev := range via {
		if prev.URL.String() != to {
			continue
		}
		var round []string
		for _, r := range via[i:] {
			round = append(round, config.RedactURL(r.URL.String()))
		}
		return &redirectLoopError{round: append(round, config.RedactURL(to))}
	}
	return nil
}

// response is what a feed server answered.
type response struct {
	notModified bool
	body        []byte
	// buf holds body, from the Poller's bodies; releaseBody gives it back
	// once body has been read.
	buf          *bytes.Buffer
	contentType  string
	etag         string
	lastModified string
	url          *url.URL // after redirects
	// movedTo is the address the feed moved to permanently, nil if the
	// request was not redirected permanently.
	movedTo *url.URL
	// answered is set once the server answered 2xx: a fetch error after
	// it is in the body (too large, cut off, damaged), not the address.
	answered bool
	// cutShort is set when reading the body failed part of the way (the
	// connection dropped or timed out, or feeds.max_bytes was reached):
	// body is what arrived, and the complete entries in it are read.
	cutShort bool
}

// FetchError says why a feed could not be fetched, in a sentence for
// /shared feeds and `sharednews ingest`.
type FetchError struct {
	Reason string
	// RetryAfter is how long the server asked us to wait (429 and 503
	// responses; the longest backoff for 410 Gone), 0 if it did not say.
	RetryAfter time.Duration
	Err        error
	// cutReason is the start of Reason for a body cut short whose
	// complete entries were read, when it says otherwise than Reason
	// ("cut off there and not read" would be false); "" for Reason.
	cutReason string
}

func (e *FetchError) Error() string { return e.Reason }

// Unwrap returns the underlying error.
func (e *FetchError) Unwrap() error { return e.Err }

// newClient builds the HTTP client feeds are fetched with. Deadlines come
// from each request's context; the transport keeps enough idle connections
// for every concurrent fetch to reuse one.
func newClient(concurrency int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(100, 2*concurrency)
	t.MaxIdleConnsPerHost = concurrency
	t.MaxResponseHeaderBytes = maxHeaderBytes
	return &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errTooManyRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &redirectSchemeError{scheme: req.URL.Scheme}
			}
			if loop := redirectLoop(req, via); loop != nil {
				return loop
			}
			return nil
		},
	}
}

// fetch GETs a feed, conditionally when validators from the last
// successful poll are known, and reads at most maxBytes of its body. The
// context's deadline bounds the whole exchange, body included, so a server
// that trickles or never stops is cut off. meter counts the bytes of the
// body read so far, for watchSlow.
func (p *Poller) fetch(ctx context.Context, rawURL, etag, lastModified string, meter *bodyMeter) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return response{}, &FetchError{Reason: "the feed URL is not valid", Err: err}
	}
	req.Header.Set("User-Agent", p.userAgent)
	req.Header.Set("Accept", acceptFeeds)
	req.Header.Set("Accept-Encoding", acceptCodings)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return response{}, p.describe(ctx, "", err)
	}
	defer resp.Body.Close()

	r := response{
		contentType:  resp.Header.Get("Content-Type"),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
		url:          resp.Request.URL,
		movedTo:      movedTo(resp),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && etag == "" && lastModified == "":
		// Nothing was asked that 304 could answer (RFC 9110 section
		// 15.4.5): taken as "not modified", the feed would never be read.
		return r, &FetchError{Reason: "the server answered 304 Not Modified to a request for the whole feed"}
	case resp.StatusCode == http.StatusNotModified:
		r.notModified = true
		if r.etag == "" {
			r.etag = etag
		}
		if r.lastModified == "" {
			r.lastModified = lastModified
		}
		return r, nil
	case resp.StatusCode == http.StatusGone:
		// Removed on purpose and for good (RFC 9110 section 15.5.11): a
		// polished reader stops asking; until the operator removes it,
		// it is asked only as rarely as the longest backoff.
		return r, &FetchError{
			Reason:     fmt.Sprintf("the feed is gone: the server answered HTTP 410 Gone; remove it from the configuration (until then it is tried every %d hours)", int(maxBackoff.Hours())),
			RetryAfter: maxBackoff,
		}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return r, &FetchError{
			// A code HTTP gives no name (999) is said without one.
			Reason:     strings.TrimSpace(fmt.Sprintf("the server answered HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))),
			RetryAfter: retryAfter(resp, p.now()),
		}
	}

	r.answered = true
	// decompressed says whether the body as read is larger than as sent,
	// which a body over the limit says: a feed far smaller on the wire
	// (a bomb) is not helped by raising feeds.max_bytes.
	// Codings in several header lines are one list, in order (RFC 9110
	// section 5.3): a CDN that gzips an origin's deflate adds its line.
	codings := strings.Join(resp.Header.Values("Content-Encoding"), ", ")
	decompressed := compressions(codings) > 0
	decoded, err := contentDecoder(resp.Body, codings)
	if err != nil {
		return r, &FetchError{Reason: err.Error(), Err: err}
	}
	buf := p.bodyBuffer()
	buf.Grow(int(min(max(resp.ContentLength, 0), p.maxBytes)) + bytes.MinRead)
	// The limit is on the feed as read, after decompression: a small
	// compressed body that expands without end is cut off like any other.
	body, over, err := readBody(countingReader{decoded, meter}, buf, p.maxBytes)
	if err != nil {
		return cutShort(r, buf, body, err), p.describe(ctx, "while reading the feed", err)
	}
	r.buf = buf
	if !over && isGzipData(body) {
		// Compressed once more than the headers say: PHP's
		// zlib.output_compression under a web server's own gzip (a
		// known WordPress fault), or a .gz file served as it is. No
		// feed starts so (0x1F is a control character XML and JSON
		// forbid), so it is read, within the same limit.
		body, over, err = readBody(gunzipped(bytes.NewReader(body)), new(bytes.Buffer), p.maxBytes)
		if err != nil {
			return cutShort(r, buf, body, err), p.describe(ctx, "while reading the feed", err)
		}
		decompressed = true
	}
	if over {
		// What came before the limit is read for its complete entries.
		r.body, r.cutShort = body, true
		over := fmt.Sprintf("the feed is larger than feeds.max_bytes (%d bytes)", p.maxBytes)
		if decompressed {
			over += " once decompressed"
		}
		return r, &FetchError{Reason: over + "; it was cut off there and not read", cutReason: over + "; it was cut short there"}
	}
	r.body = body
	return r, nil
}

// bodyChunk is the size of the pieces a body longer than its buffer is read
// in (readBody).
const bodyChunk = 1 << 20

// readBody reads r to its end into buf, given empty, and returns what it
// read; or over, with the first limit bytes, when r holds more than limit
// bytes; or, when reading fails, what it read before, with the error (the
// complete entries of a feed cut short are read: cutShort).
//
// What fits in buf as it is, or as it grows to maxPooledBody, is read into
// it, as every ordinary feed is. The rest of a longer body is read in
// pieces of bodyChunk and copied once into a slice of its exact length.
// Grown by doubling, as bytes.Buffer grows, a body just over a power of
// two held the buffer before, twice as large a new one, and the garbage
// of every step before that, all resident at once: four times the body
// (at a max_bytes of 100 MiB, a feed of 100 MiB took 284 MB before it was
// parsed), and a body over the limit took three times the limit. Pieces
// and their copy hold at most twice the body, or the limit.
func readBody(r io.Reader, buf *bytes.Buffer, limit int64) (body []byte, over bool, err error) {
	// Within the buffer's capacity, less the room bytes.Buffer keeps
	// free for a read, so that reading to it does not double it.
	first := min(max(int64(buf.Cap()), maxPooledBody)-bytes.MinRead, limit+1)
	if _, err := buf.ReadFrom(io.LimitReader(r, first)); err != nil {
		return buf.Bytes(), false, err
	}
	if int64(buf.Len()) < first {
		return buf.Bytes(), false, nil // the end, within the buffer
	}
	var pieces [][]byte
	total := int64(buf.Len())
	// whole is what was read, its first n bytes.
	whole := func(n int64) []byte {
		if len(pieces) == 0 {
			return buf.Bytes()[:n]
		}
		body := make([]byte, 0, total)
		body = append(body, buf.Bytes()...)
		for _, piece := range pieces {
			body = append(body, piece...)
		}
		return body[:n]
	}
	for total <= limit {
		piece := make([]byte, min(bodyChunk, limit+1-total))
		n, err := 0, error(nil)
		for n < len(piece) && err == nil {
			var k int
			k, err = r.Read(piece[n:])
			n += k
		}
		pieces = append(pieces, piece[:n])
		total += int64(n)
		if err == io.EOF { // exactly io.EOF, as io.Reader's contract says
			break
		}
		if err != nil {
			return whole(total), false, err
		}
	}
	if total > limit {
		return whole(limit), true, nil
	}
	return whole(total), false, nil
}

// cutShort returns r with body, what arrived of it before reading failed
// with err, to be read for its complete entries (buf is the buffer it
// was read into, given back once it is read); r as it is when err says
// the data itself is damaged, which makes what came before it suspect
// too.
func cutShort(r response, buf *bytes.Buffer, body []byte, err error) response {
	var damaged *damagedError
	if errors.As(err, &damaged) || len(body) == 0 {
		return r
	}
	r.body, r.buf, r.cutShort = body, buf, true
	return r
}

// maxPooledBody is the largest body buffer kept for the next fetch: the
// feeds most servers send are far smaller, and one rare large feed's
// buffer (up to feeds.max_bytes) is not held on to for them.
const maxPooledBody = 1 << 20

// bodyBuffer returns an empty buffer to read a body into: one a fetch
// before used and gave back (releaseBody), when there is one. A body sent
// without a Content-Length (chunked, as most dynamic feeds are) is read
// into a buffer grown by doubling, which allocated about twice the body
// for every feed of every pass, and every byte allocated is work for the
// garbage collector that competes with the database writer.
func (p *Poller) bodyBuffer() *bytes.Buffer {
	if b, ok := p.bodies.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

// releaseBody gives resp's body buffer back for another fetch. The body
// must no longer be used: what was read from it (gofeed's and
// encoding/json's strings, the outline) are copies.
func (p *Poller) releaseBody(resp *response) {
	b := resp.buf
	resp.body, resp.buf = nil, nil
	if b == nil || b.Cap() > maxPooledBody {
		return
	}
	b.Reset()
	p.bodies.Put(b)
}

// movedTo returns where the redirects that led to resp moved the feed
// permanently: the address the first run of 301 and 308 redirects ends at
// (RFC 9110 section 15.4.2: a client ought to re-link there), or nil when
// the first redirect, if any, was temporary.
func movedTo(resp *http.Response) *url.URL {
	var hops []*http.Request // the requests made after a redirect, last first
	for req := resp.Request; req != nil && req.Response != nil; req = req.Response.Request {
		hops = append(hops, req)
	}
	var moved *url.URL
	for i := len(hops) - 1; i >= 0; i-- {
		if code := hops[i].Response.StatusCode; code != http.StatusMovedPermanently && code != http.StatusPermanentRedirect {
			break
		}
		moved = hops[i].URL
	}
	return moved
}

// describe explains a transport error in a sentence.
func (p *Poller) describe(ctx context.Context, during string, err error) *FetchError {
	reason, text := "", errorText(err)
	var (
		dnsErr  *net.DNSError
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
		damaged *damagedError
		scheme  *redirectSchemeError
		loop    *redirectLoopError
	)
	switch {
	case errors.As(err, &damaged):
		// Not a network failure: "while reading" would mislead.
		return &FetchError{Reason: fmt.Sprintf("the server's compressed (%s) data is damaged; the feed was not read", damaged.coding), Err: err}
	case errors.Is(context.Cause(ctx), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		reason = fmt.Sprintf("timed out after %s (feeds.timeout)", p.timeout)
	case strings.Contains(text, "TLS handshake timeout"):
		// net/http's own limit (Transport.TLSHandshakeTimeout), which
		// may come before feeds.timeout.
		reason = "the server did not complete the TLS (https) handshake in time"
	case errors.Is(err, context.Canceled):
		reason = "cancelled"
	case errors.As(err, &dnsErr):
		reason = fmt.Sprintf("the host %s was not found", dnsErr.Name)
	case errors.As(err, &scheme):
		reason = scheme.Error()
	case errors.As(err, &loop):
		return &FetchError{Reason: loop.Error(), Err: err}
	case errors.As(err, &certErr):
		reason = "the server's " + certproblem.Of(certErr.Err)
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		// The alert the server ended the TLS handshake with.
		reason = "the server refused the TLS (https) connection: " + strings.TrimPrefix(opErr.Err.Error(), "tls: ")
	case strings.Contains(text, "server gave HTTP response to HTTPS client"):
		// net/http's words, in an error of no type of its own.
		reason = "the server does not speak TLS (https) at this address; it answered in plain HTTP"
	case strings.HasPrefix(text, "failed to parse Location header"):
		reason = "the server redirected the feed to an address that is not valid"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		reason = "could not connect: " + strings.TrimPrefix(errorText(opErr.Err), "connect: ")
	case errors.Is(err, errTooManyRedirects):
		reason = fmt.Sprintf("the server redirected more than %d times", maxRedirects)
	case errors.Is(err, syscall.ECONNRESET):
		reason = "the server reset the connection"
	case errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED):
		reason = "the connection was broken"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		reason = "the server closed the connection before it finished answering"
	case errors.As(err, &opErr):
		// Never the addresses an OpError starts with ("read tcp
		// 10.0.0.1:5050->…"): what went wrong is in the innermost error.
		reason = "the connection failed: " + innermost(opErr.Err)
	case headersExceeded.MatchString(text):
		// Before brokenHTTP, which net/http's words for it would match.
		bound, _ := strconv.Atoi(headersExceeded.FindStringSubmatch(text)[1])
		return &FetchError{Reason: fmt.Sprintf("the server sent more than %s of headers, which no feed needs; the feed was not read", kibibytes(bound)), Err: err}
	case brokenHTTP(text):
		reason = "the server's answer is not valid HTTP"
	default:
		reason = "the request failed: " + text
	}
	if during != "" {
		reason += " " + during
	}
	return &FetchError{Reason: reason, Err: err}
}

// kibibytes writes a size of bytes in KiB, or in bytes when it is not a
// whole number of KiB.
func kibibytes(n int) string {
	if n%1024 != 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%d KiB", n/1024)
}

// brokenHTTP tells net/http's complaints about an answer that is not
// HTTP, which have no type of their own: another protocol on the port,
// a broken chunked body (a chunk-size line that never ends is "header
// line too long"), contradictory headers.
func brokenHTTP(text string) bool {
	for _, s := range []string{"transport connection broken", "malformed HTTP", "malformed MIME", "chunk length", "chunked encoding", "header line too long"} {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// innermost is the message of the error at the bottom of err's chain
// ("connection timed out" rather than "read: connection timed out").
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// errorText is err's message without the URL that url.Error puts first.
func errorText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// retryAfter reads a 429 or 503 response's Retry-After header, in seconds
// (whole, or with a fraction as a proxy may write them) or as a date, as
// tasks.RetryAfter reads it for the chat platforms, at most maxBackoff.
func retryAfter(resp *http.Response, now time.Time) time.Duration {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if wait, ok := tasks.RetryAfter(v, now); ok {
		return min(wait, maxBackoff)
	}
	if v != "" && strings.Trim(v, "0123456789") == "" {
		// delay-seconds too many to be a time.Duration: waited as the
		// longest, never wrapped into a short wait.
		return maxBackoff
	}
	return 0
}
