package digest

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxURLLength is the longest link, in characters, that can be submitted.
// The same limit applies to the canonical form, which can be longer than
// what was typed (punycode hosts, percent-encoded paths), so that every
// stored URL is one that Canonicalize would accept again.
const MaxURLLength = 2048

// Errors returned by Canonicalize, for callers to tell apart with
// errors.Is. They are for operators and logs; the bot tells the person who
// submitted the link in a sentence of its own.
var (
	ErrURLEmpty       = errors.New("empty link")
	ErrURLTooLong     = fmt.Errorf("link longer than %d characters", MaxURLLength)
	ErrURLInvalid     = errors.New("not a valid URL")
	ErrURLScheme      = errors.New("scheme is not http or https")
	ErrURLNoHost      = errors.New("no host name")
	ErrURLCredentials = errors.New("user name or password in the link")
	ErrURLInvalidHost = errors.New("invalid host name")
	ErrURLInvalidPort = errors.New("invalid port number")
)

// Canonicalize returns the one spelling of raw that Shared News stores and
// de-duplicates on: lower-case scheme and host, punycode for international
// host names, no default port, no fragment, no tracking parameters, the
// remaining query parameters sorted by key, dot segments resolved and
// percent-encoding normalised. Two links to the same page that differ only
// in those ways canonicalise to the same string, and
// Canonicalize(Canonicalize(x)) == Canonicalize(x).
//
// Errors are the ErrURL… values of this package.
func Canonicalize(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", ErrURLEmpty
	}
	if utf8.RuneCountInString(raw) > MaxURLLength {
		return "", ErrURLTooLong
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", ErrURLInvalid
	}
	// url.Parse already lower-cases the scheme.
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", ErrURLScheme
	}
	if u.Opaque != "" || u.Host == "" {
		return "", ErrURLNoHost
	}
	if u.User != nil {
		return "", ErrURLCredentials
	}

	host, err := canonicalHost(u)
	if err != nil {
		return "", err
	}
	port, err := canonicalPort(u.Scheme, u.Port())
	if err != nil {
		return "", err
	}

	// RawPath is what was typed whenever it differs from Go's own escaping
	// of Path; otherwise EscapedPath reproduces it. Working on the typed form
	// keeps reserved characters such as %2F encoded.
	rawPath := u.RawPath
	if rawPath == "" {
		rawPath = u.EscapedPath()
	}
	path := removeDotSegments(normalizeEscapes(rawPath, isPathChar))
	if path == "" {
		path = "/"
	}
	query := canonicalQuery(u.RawQuery)

	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(u.Scheme)
	b.WriteString("://")
	b.WriteString(host)
	if port != "" {
		b.WriteByte(':')
		b.WriteString(port)
	}
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	out := b.String()
	if len(out) > MaxURLLength {
		return "", ErrURLTooLong
	}
	return out, nil
}

// canonicalHost returns the host part of u in lower case ASCII: IPv6
// literals in their RFC 5952 form inside brackets, international names in
// punycode, without a trailing dot.
func canonicalHost(u *url.URL) (string, error) {
	name := u.Hostname()
	if strings.HasPrefix(u.Host, "[") {
		addr, err := netip.ParseAddr(name)
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			// A zone names an interface on the submitter's own machine; it
			// means nothing to anyone else.
			return "", ErrURLInvalidHost
		}
		return "[" + addr.String() + "]", nil
	}
	name = strings.TrimRight(name, ".")
	if name == "" {
		return "", ErrURLNoHost
	}
	if !isASCII(name) {
		ascii, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return "", ErrURLInvalidHost
		}
		// IDNA maps full stops such as "。" to ".", which can leave a new
		// trailing dot.
		name = strings.TrimRight(ascii, ".")
		if name == "" {
			return "", ErrURLNoHost
		}
	}
	name = strings.ToLower(name)
	if !validHostName(name) {
		return "", ErrURLInvalidHost
	}
	return name, nil
}

// validHostName reports whether name is made of DNS labels: letters, digits,
// hyphens and underscores (seen in the wild), at most 63 characters a label
// and 253 in all.
func validHostName(name string) bool {
	if len(name) > 253 {
		return false
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// canonicalPort returns port without leading zeros, or "" when it is empty
// or the scheme's default.
func canonicalPort(scheme, port string) (string, error) {
	if port == "" {
		return "", nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", ErrURLInvalidPort
	}
	if scheme == "http" && n == 80 || scheme == "https" && n == 443 {
		return "", nil
	}
	return strconv.Itoa(n), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
