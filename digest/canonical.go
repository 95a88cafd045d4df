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

// LinkRulesVersion numbers Canonicalize's rules: it is raised whenever a
// link it gave before may canonicalise otherwise now (a tracking parameter
// added to those it drops, a redirect it now unwraps). A database records
// the version its stored links were last keyed under, and a Store that
// migrates it to a newer one records, for each stored link whose
// canonical form is now another, that form as a key of its story (the
// story keeps its link as given), so that the link given today finds it.
// TestCanonicalize and TestCanonicalizeUnwrapsRedirects fail when their
// cases' links change without it.
const LinkRulesVersion = 2 // 2: sessions in links (sessionParams, jsessionid) dropped

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

// Canonicalize returns the one spelling of raw that Shared News stores and,
// without its scheme, "www." and a path's last slash (LinkKey), de-duplicates on: lower-case scheme and
// host, punycode for international host names, no default port, no
// fragment but one that names the page (pageFragment), no tracking parameters,
// no session a server keeps in its links (";jsessionid=", "PHPSESSID=")
// nor a parameter that says the reader came from a feed ("ref=rss"), the remaining query parameters sorted
// by key, dot segments resolved and percent-encoding normalised; a redirect
// that carries its page's link (Outlook's Safe Links, Google's "/url?q=",
// unwrapRedirect) is that link. Two links to the same page that differ only
// in those ways canonicalise to the same string, and
// Canonicalize(Canonicalize(x)) == Canonicalize(x).
//
// Errors are the ErrURL… values of this package.
func Canonicalize(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) >= 2 && raw[0] == '<' && raw[len(raw)-1] == '>' {
		// "<https://…>" is how plain text delimits a link (RFC 3986,
		// appendix C) and how Discord users stop a link being previewed;
		// the brackets are not part of it.
		raw = strings.TrimSpace(raw[1 : len(raw)-1])
	}
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
	if inner, ok := unwrapRedirect(u); ok {
		return Canonicalize(inner) // shorter than raw, so this ends
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
	path := removeDotSegments(withoutSessionInPath(normalizeEscapes(rawPath, isPathChar)))
	if path == "" {
		path = "/"
	}
	query := canonicalQuery(u.RawQuery)
	fragment := pageFragment(u)

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
	if fragment != "" {
		b.WriteByte('#')
		b.WriteString(fragment)
	}
	out := b.String()
	if len(out) > MaxURLLength {
		return "", ErrURLTooLong
	}
	return out, nil
}

// pageFragment returns the fragment of u that Canonicalize keeps, its
// escapes normalised, or "". A fragment is most often a place on the page
// ("#comments", "#top"), which is the same story, so it goes. But a
// hash-bang ("#!/news/41", Google's old AJAX crawling scheme) or a
// client-side route ("#/news/41", as Angular's and Vue's hash routers
// write them) is the page itself: a single-page site's stories differ only
// there, and dropping it made every story of such a feed one link, the
// rest held back as duplicates of the first. Such a fragment is kept,
// unless it names only the application's root ("#!", "#/", "#!/"), the
// same page as the link without it.
func pageFragment(u *url.URL) string {
	// As for the path, the typed form keeps "%2F" apart from "/": not
	// EscapedFragment, which escapes the decoded form again wherever the
	// typed one is not Go's own (a raw "é"), turning "%2F" into "/".
	raw := u.RawFragment
	if raw == "" {
		raw = u.EscapedFragment()
	}
	f := normalizeEscapes(raw, isQueryChar)
	// The mark is read as typed: a router reads the hash as the browser
	// gives it, escapes and all, so "#%21/news" is no hash-bang.
	if f == "" || f[0] != '!' && f[0] != '/' {
		return ""
	}
	if route := strings.TrimPrefix(strings.TrimPrefix(u.Fragment, "!"), "/"); route == "" {
		return ""
	}
	return f
}

// LinkKey is what de-duplication compares of a canonical link: the link
// without what does not tell one page from another, "//x.org/a" for
// http://x.org/a, https://www.x.org/a and https://x.org/a/. A link is one
// page to everyone who posts it whichever of those spellings they give (a
// feed that moved to https or dropped its "www.", a publisher whose
// links gained or lost a trailing slash, a member who typed another), so
// one story, while each story keeps the link as it was given:
//
//   - no scheme: http and https;
//   - no "www." before a host name that has a dot after it ("www.x.org"
//     is "x.org"; "www.local" stays);
//   - no slash ending a path other than the root ("/a/" is "/a").
//
// A string that is not an http or https link (an imported story's archive
// key) is its own key. Spellings lists every canonical link of a key.
func LinkKey(canonical string) string {
	rest, ok := strings.CutPrefix(canonical, "https:")
	if !ok {
		if rest, ok = strings.CutPrefix(canonical, "http:"); !ok {
			return canonical
		}
	}
	l, ok := splitLink(rest)
	if !ok {
		return rest
	}
	host, www := withoutWWW(l.host)
	path, slash := withoutSlash(l.path)
	if !www && !slash {
		return rest
	}
	return "//" + host + l.port + path + l.tail
}

// SameLink reports whether two stored links lead to one page under
// today's rules: each is canonicalised again (a link stored by a release
// whose rules kept "?ref=rss" or a Safe Links wrapper is its page's link
// now; one that is not a link, an imported story's archive key, stays as
// it is) and the two are compared by LinkKey.
func SameLink(a, b string) bool {
	return LinkKey(canonicalAgain(a)) == LinkKey(canonicalAgain(b))
}

// canonicalAgain is Canonicalize(link) under today's rules, or link as it
// is when it is not one Canonicalize takes.
func canonicalAgain(link string) string {
	if c, err := Canonicalize(link); err == nil {
		return c
	}
	return link
}

// link is a canonical link without its scheme, in parts: "//" host, port
// (":8080" or ""), path (from its "/"), and tail (its query and fragment,
// with their "?" and "#").
type link struct{ host, port, path, tail string }

// splitLink splits rest, a canonical link after its scheme's colon
// ("//x.org:8080/a?b#c"), into its parts; ok is false for anything else.
func splitLink(rest string) (link, bool) {
	hostport, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return link{}, false
	}
	i := strings.IndexByte(hostport, '/')
	if i < 0 {
		return link{}, false
	}
	var l link
	hostport, l.path = hostport[:i], hostport[i:]
	if j := strings.IndexAny(l.path, "?#"); j >= 0 {
		l.path, l.tail = l.path[:j], l.path[j:]
	}
	l.host = hostport
	if j := strings.LastIndexByte(hostport, ':'); j >= 0 && !strings.HasSuffix(hostport, "]") {
		l.host, l.port = hostport[:j], hostport[j:]
	}
	return l, true
}

// withoutWWW returns host without a "www." it starts with when a dot
// follows in what remains ("www.x.org": "x.org", true), else host.
func withoutWWW(host string) (string, bool) {
	if rest, ok := strings.CutPrefix(host, "www."); ok && strings.Contains(rest, ".") {
		return rest, true
	}
	return host, false
}

// withoutSlash returns path without the slash that ends it ("/a/":
// "/a", true), else path: the root "/" and a path ending in two slashes
// ("/a//") keep theirs.
func withoutSlash(path string) (string, bool) {
	if p, ok := strings.CutSuffix(path, "/"); ok && p != "" && !strings.HasSuffix(p, "/") {
		return p, true
	}
	return path, false
}

// Spellings returns every canonical link whose LinkKey is canonical's,
// canonical first: under both schemes (none under the other when the
// port is its default: http://x.org:443/a and https://x.org/a are two
// pages), with and without "www." (none added to an IP address) and with
// and without a slash ending a path other than the root (withoutSlash), for looking a
// link up under each spelling stored before. A string that is not an
// http or https link is its only spelling.
func Spellings(canonical string) []string {
	schemes := []string{"http:", "https:"}
	rest, ok := strings.CutPrefix(canonical, "https:")
	if ok {
		schemes[0], schemes[1] = schemes[1], schemes[0]
	} else if rest, ok = strings.CutPrefix(canonical, "http:"); !ok {
		return []string{canonical}
	}
	l, ok := splitLink(rest)
	if !ok {
		return []string{canonical}
	}
	otherPort := ":443"
	if schemes[0] == "https:" {
		otherPort = ":80"
	}
	if l.port == otherPort {
		schemes = schemes[:1]
	}
	hosts := []string{l.host}
	if bare, www := withoutWWW(l.host); www {
		hosts = append(hosts, bare)
	} else if _, numeric := NumericHost(l.host); !numeric && l.host[0] != '[' && len(l.host)+4 <= 253 && strings.Contains(l.host, ".") {
		hosts = append(hosts, "www."+l.host)
	}
	paths := []string{l.path}
	if p, ok := withoutSlash(l.path); ok {
		paths = append(paths, p)
	} else if !strings.HasSuffix(l.path, "/") {
		paths = append(paths, l.path+"/")
	}
	out := make([]string, 0, len(schemes)*len(hosts)*len(paths))
	for _, scheme := range schemes {
		for _, host := range hosts {
			for _, path := range paths {
				out = append(out, scheme+"//"+host+l.port+path+l.tail)
			}
		}
	}
	return out
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
	if addr, numeric := NumericHost(name); numeric {
		// Store the address every client takes the link to mean, so it is
		// refused or de-duplicated as that address.
		if !addr.IsValid() {
			return "", ErrURLInvalidHost
		}
		return addr.String(), nil
	}
	if !validHostName(name) {
		return "", ErrURLInvalidHost
	}
	return name, nil
}

// NumericHost reads a host name (ASCII, no port) whose last label is a
// number the way browsers, curl and getaddrinfo do: "2130706433",
// "0x7f.1", "0177.0.0.1" and "127.1" are all 127.0.0.1. numeric is false
// for an ordinary name; addr is invalid when the name ends in a number but
// is no IPv4 address ("example.123", "1.2.3.256"), which browsers refuse.
func NumericHost(host string) (addr netip.Addr, numeric bool) {
	name := strings.ToLower(strings.TrimRight(host, "."))
	if name == "" || !endsInNumber(name) {
		return netip.Addr{}, false
	}
	a, _ := parseIPv4Host(name)
	return a, true
}

// endsInNumber reports whether a host's last label is a number (decimal,
// or hexadecimal after "0x"), which makes it an IPv4 address or nothing
// (WHATWG URL Standard, "ends in a number checker"). No top-level domain
// is numeric.
func endsInNumber(name string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if last == "" {
		return false
	}
	if strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := ipv4Number(last)
	return ok
}

// parseIPv4Host reads name the way the WHATWG URL Standard's IPv4 parser,
// and inet_aton before it, do: one to four parts, each decimal, octal
// (a leading 0) or hexadecimal (0x), the last filling the remaining bytes.
func parseIPv4Host(name string) (netip.Addr, bool) {
	parts := strings.Split(name, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var n uint64
	for i, p := range parts {
		v, ok := ipv4Number(p)
		if !ok {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if v > 255 {
				return netip.Addr{}, false
			}
			n |= v << (8 * (3 - i))
			continue
		}
		if v >= 1<<(8*(5-len(parts))) {
			return netip.Addr{}, false
		}
		n |= v
	}
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// ipv4Number parses one part of an IPv4 host: "0x" then hexadecimal
// ("0x" alone is 0), a leading "0" then octal, else decimal.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		s, base = s[2:], 16
		if s == "" {
			return 0, true
		}
	case len(s) >= 2 && s[0] == '0':
		s, base = s[1:], 8
	}
	v, err := strconv.ParseUint(s, base, 64)
	if err != nil || v > 1<<32-1 {
		return 0, false
	}
	return v, true
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

// TypedLink is a link as a person typed it in a sentence, without the
// sentence's punctuation around it: the brackets or quotes it stands in
// ("(https://…)", "“https://…”") and the marks after it ("https://…, see",
// "https://….") are left off, as chat apps' own link detection leaves them.
// A closing bracket the link opened ("…/Fire_(UK)") is kept.
func TypedLink(s string) string {
	s = strings.TrimSpace(s)
	for {
		before := s
		s = strings.TrimLeft(s, "([{\"'“‘«")
		s = strings.TrimRight(s, ".,;:!?\"'”’»")
		for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"{", "}"}} {
			if strings.HasSuffix(s, p[1]) && strings.Count(s, p[1]) > strings.Count(s, p[0]) {
				s = s[:len(s)-len(p[1])]
			}
		}
		if s == before {
			return s
		}
	}
}
