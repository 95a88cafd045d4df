package pagemeta

import (
	"fmt"
	"net/netip"
	"syscall"
)

// addrClass says what kind of address an IP is, as far as fetching goes.
// Everything except classPublic is refused.
type addrClass int

const (
	classPublic addrClass = iota
	classLoopback
	classPrivate
	classLinkLocal
	classMulticast
	classUnspecified
	classReserved
)

// String names the class for test failures and logs.
func (c addrClass) String() string {
	switch c {
	case classPublic:
		return "public"
	case classLoopback:
		return "loopback"
	case classPrivate:
		return "private"
	case classLinkLocal:
		return "link-local"
	case classMulticast:
		return "multicast"
	case classUnspecified:
		return "unspecified"
	case classReserved:
		return "reserved"
	}
	return fmt.Sprintf("addrClass(%d)", int(c))
}

// describe is the part of a user-facing sentence that says why an address
// of this class is not fetched.
func (c addrClass) describe() string {
	switch c {
	case classLoopback:
		return "points back at the bot's own machine"
	case classPrivate:
		return "is inside a private network"
	case classLinkLocal:
		return "is a link-local address"
	case classMulticast:
		return "is a multicast address"
	case classUnspecified:
		return "is not a real destination"
	default:
		return "is reserved for special use"
	}
}

type prefixClass struct {
	prefix netip.Prefix
	class  addrClass
}

// v4Special lists the IPv4 blocks that are not ordinary public unicast
// (RFC 6890 and its updates). More specific blocks come first where it
// matters for the class that is reported.
var v4Special = []prefixClass{
	{netip.MustParsePrefix("0.0.0.0/32"), classUnspecified},
	{netip.MustParsePrefix("0.0.0.0/8"), classReserved}, // "this network": Linux connects 0.x to the local host
	{netip.MustParsePrefix("10.0.0.0/8"), classPrivate},
	{netip.MustParsePrefix("100.64.0.0/10"), classPrivate}, // carrier-grade NAT, often used for internal networks
	{netip.MustParsePrefix("127.0.0.0/8"), classLoopback},
	{netip.MustParsePrefix("169.254.0.0/16"), classLinkLocal}, // includes the cloud metadata service 169.254.169.254
	{netip.MustParsePrefix("172.16.0.0/12"), classPrivate},
	{netip.MustParsePrefix("192.0.0.0/24"), classReserved},   // IETF protocol assignments
	{netip.MustParsePrefix("192.0.2.0/24"), classReserved},   // TEST-NET-1, documentation
	{netip.MustParsePrefix("192.88.99.0/24"), classReserved}, // deprecated 6to4 relay anycast
	{netip.MustParsePrefix("192.168.0.0/16"), classPrivate},
	{netip.MustParsePrefix("198.18.0.0/15"), classReserved},   // benchmarking
	{netip.MustParsePrefix("198.51.100.0/24"), classReserved}, // TEST-NET-2
	{netip.MustParsePrefix("203.0.113.0/24"), classReserved},  // TEST-NET-3
	{netip.MustParsePrefix("224.0.0.0/4"), classMulticast},
	{netip.MustParsePrefix("240.0.0.0/4"), classReserved}, // future use, and 255.255.255.255 broadcast
}

// v6Special lists IPv6 blocks refused inside 2000::/3, the only block IANA
// allocates for global unicast; anything outside it is refused by classify
// before this list is consulted.
var v6Special = []prefixClass{
	{netip.MustParsePrefix("2001::/23"), classReserved},     // IETF protocol assignments: Teredo, benchmarking, ORCHID
	{netip.MustParsePrefix("2001:db8::/32"), classReserved}, // documentation
	{netip.MustParsePrefix("3fff::/20"), classReserved},     // documentation (RFC 9637)
}

var (
	v4Compat  = netip.MustParsePrefix("::/96")
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	nat64Loc  = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour = netip.MustParsePrefix("2002::/16")
	global6   = netip.MustParsePrefix("2000::/3")
	ula6      = netip.MustParsePrefix("fc00::/7")
	siteLoc6  = netip.MustParsePrefix("fec0::/10")
	linkLoc6  = netip.MustParsePrefix("fe80::/10")
	mcast6    = netip.MustParsePrefix("ff00::/8")
)

// classify reports whether a may be fetched from. It refuses by default:
// an IPv6 address is public only inside 2000::/3 and outside the special
// blocks, and IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4)
// are judged by the IPv4 address they lead to.
func classify(a netip.Addr) addrClass {
	a = a.WithZone("")
	if !a.IsValid() {
		return classReserved
	}
	if a.Is4In6() {
		a = a.Unmap()
	}
	if a.Is4() {
		for _, s := range v4Special {
			if s.prefix.Contains(a) {
				return s.class
			}
		}
		return classPublic
	}
	switch {
	case a.IsUnspecified():
		return classUnspecified
	case a.IsLoopback():
		return classLoopback
	case v4Compat.Contains(a):
		// Deprecated IPv4-compatible form (::a.b.c.d); never a real destination.
		return classReserved
	case nat64.Contains(a):
		// A NAT64 gateway forwards to the embedded IPv4 address.
		b := a.As16()
		return classify(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	case nat64Loc.Contains(a):
		return classReserved
	case sixToFour.Contains(a):
		// 6to4 relays forward to the IPv4 address in bits 16-47.
		b := a.As16()
		return classify(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
	case mcast6.Contains(a):
		return classMulticast
	case linkLoc6.Contains(a):
		return classLinkLocal
	case ula6.Contains(a), siteLoc6.Contains(a):
		return classPrivate
	case !global6.Contains(a):
		return classReserved
	}
	for _, s := range v6Special {
		if s.prefix.Contains(a) {
			return s.class
		}
	}
	return classPublic
}

// blockedAddrError is returned from the dialer's Control hook when the
// address about to be connected to is refused. It travels up through
// net.OpError and url.Error, where Fetch finds it with errors.As.
type blockedAddrError struct {
	addr  netip.Addr
	class addrClass
}

// Error says which address was refused and why.
func (e *blockedAddrError) Error() string {
	return fmt.Sprintf("refusing to connect to %s address %s", e.class, e.addr)
}

// Is makes errors.Is(err, ErrBlockedAddress) true.
func (e *blockedAddrError) Is(target error) bool { return target == ErrBlockedAddress }

// reason is the sentence shown to the person who submitted the link.
// redirected says the address was reached through a redirect, which the
// person cannot see in the link they typed.
func (e *blockedAddrError) reason(redirected bool) string {
	if redirected {
		return fmt.Sprintf("the link redirects to an address that %s (%s), which the bot does not fetch", e.class.describe(), e.addr)
	}
	return fmt.Sprintf("that address %s (%s), which the bot does not fetch", e.class.describe(), e.addr)
}

// dialControl returns the net.Dialer Control function that vets every
// address right before connect(2). Checking here, rather than after our own
// DNS lookup, means the address judged is exactly the one dialled: it holds
// for names that resolve to private addresses, for DNS answers that change
// between lookups (rebinding), for every Happy Eyeballs candidate and for
// every redirect, with no window in between.
func (f *Fetcher) dialControl(network, address string, _ syscall.RawConn) error {
	switch network {
	case "tcp4", "tcp6":
	default:
		return fmt.Errorf("pagemeta: refusing to dial network %q", network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("pagemeta: refusing to dial unparsable address %q: %w", address, err)
	}
	if f.allowAddr != nil && f.allowAddr(ap) {
		return nil
	}
	if f.opts.AllowPrivateHosts {
		return nil
	}
	if c := classify(ap.Addr()); c != classPublic {
		return &blockedAddrError{addr: ap.Addr().Unmap().WithZone(""), class: c}
	}
	return nil
}
