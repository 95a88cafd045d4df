package pagemeta

import (
	"net/netip"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		addr string
		want addrClass
	}{
		// Public.
		{"8.8.8.8", classPublic},
		{"1.1.1.1", classPublic},
		{"93.184.216.34", classPublic},
		{"100.63.255.255", classPublic},
		{"100.128.0.0", classPublic},
		{"172.15.255.255", classPublic},
		{"172.32.0.0", classPublic},
		{"192.167.255.255", classPublic},
		{"192.169.0.0", classPublic},
		{"198.17.255.255", classPublic},
		{"198.20.0.0", classPublic},
		{"223.255.255.255", classPublic},
		{"2a00:1450::1", classPublic},
		{"2a00:1450:4009:81f::200e", classPublic},
		{"2606:4700:4700::1111", classPublic},
		{"2001:4860:4860::8888", classPublic},
		{"64:ff9b::808:808", classPublic}, // NAT64 to 8.8.8.8
		{"2002:808:808::1", classPublic},  // 6to4 for 8.8.8.8
		{"::ffff:8.8.8.8", classPublic},

		// Loopback.
		{"127.0.0.1", classLoopback},
		{"127.255.255.254", classLoopback},
		{"::1", classLoopback},
		{"::ffff:127.0.0.1", classLoopback},
		{"64:ff9b::7f00:1", classLoopback},
		{"2002:7f00:1::", classLoopback},

		// Private.
		{"10.0.0.1", classPrivate},
		{"10.255.255.255", classPrivate},
		{"172.16.0.1", classPrivate},
		{"172.31.255.255", classPrivate},
		{"192.168.1.1", classPrivate},
		{"100.64.0.1", classPrivate},
		{"100.127.255.255", classPrivate},
		{"fc00::1", classPrivate},
		{"fd12:3456:789a::1", classPrivate},
		{"fec0::1", classPrivate},
		{"::ffff:10.0.0.1", classPrivate},
		{"::ffff:192.168.0.1", classPrivate},
		{"64:ff9b::a00:1", classPrivate},
		{"2002:c0a8:101::1", classPrivate},

		// Link-local, including the cloud metadata service.
		{"169.254.169.254", classLinkLocal},
		{"169.254.0.1", classLinkLocal},
		{"fe80::1", classLinkLocal},
		{"fe80::1%eth0", classLinkLocal},
		{"febf:ffff::1", classLinkLocal},
		{"::ffff:169.254.169.254", classLinkLocal},

		// Multicast.
		{"224.0.0.1", classMulticast},
		{"239.255.255.250", classMulticast},
		{"ff02::1", classMulticast},
		{"ff05::1:3", classMulticast},

		// Unspecified.
		{"0.0.0.0", classUnspecified},
		{"::", classUnspecified},
		{"::ffff:0.0.0.0", classUnspecified},

		// Reserved and special-purpose.
		{"0.1.2.3", classReserved},
		{"192.0.0.8", classReserved},
		{"192.0.2.1", classReserved},
		{"198.18.0.1", classReserved},
		{"198.19.255.255", classReserved},
		{"198.51.100.7", classReserved},
		{"203.0.113.9", classReserved},
		{"240.0.0.1", classReserved},
		{"255.255.255.255", classReserved},
		{"::127.0.0.1", classReserved}, // IPv4-compatible
		{"::2", classReserved},
		{"64:ff9b:1::1", classReserved},
		{"100::1", classReserved},
		{"2001:db8::1", classReserved},
		{"2001::1", classReserved}, // Teredo
		{"2001:2::1", classReserved},
		{"3fff::1", classReserved},
		{"4000::1", classReserved},
		{"::ffff:255.255.255.255", classReserved},
	}
	for _, tc := range tests {
		a := netip.MustParseAddr(tc.addr)
		if got := classify(a); got != tc.want {
			t.Errorf("classify(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
	if got := classify(netip.Addr{}); got != classReserved {
		t.Errorf("classify(zero Addr) = %v, want reserved", got)
	}
}

func TestDialControl(t *testing.T) {
	f := New(Options{})
	tests := []struct {
		network, address string
		ok               bool
	}{
		{"tcp4", "8.8.8.8:443", true},
		{"tcp6", "[2a00:1450::1]:80", true},
		{"tcp4", "127.0.0.1:80", false},
		{"tcp6", "[::ffff:127.0.0.1]:80", false},
		{"tcp6", "[fe80::1%eth0]:80", false},
		{"udp4", "8.8.8.8:53", false},
		{"tcp4", "not-an-address", false},
	}
	for _, tc := range tests {
		err := f.dialControl(tc.network, tc.address, nil)
		if (err == nil) != tc.ok {
			t.Errorf("dialControl(%s, %s) = %v, want ok=%v", tc.network, tc.address, err, tc.ok)
		}
	}

	// allowAddr lets exactly one address:port through.
	f.allowAddr = func(ap netip.AddrPort) bool { return ap == netip.MustParseAddrPort("127.0.0.1:8080") }
	if err := f.dialControl("tcp4", "127.0.0.1:8080", nil); err != nil {
		t.Errorf("allowed address refused: %v", err)
	}
	if err := f.dialControl("tcp4", "127.0.0.1:8081", nil); err == nil {
		t.Error("other port on loopback allowed")
	}

	open := New(Options{AllowPrivateHosts: true})
	if err := open.dialControl("tcp4", "10.0.0.1:80", nil); err != nil {
		t.Errorf("AllowPrivateHosts: %v", err)
	}
}

func TestBlockedReason(t *testing.T) {
	e := &blockedAddrError{addr: netip.MustParseAddr("10.0.0.1"), class: classPrivate}
	want := "that address is inside a private network (10.0.0.1), which the bot does not fetch"
	if got := e.reason(false); got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
	want = "the link redirects to an address that is inside a private network (10.0.0.1), which the bot does not fetch"
	if got := e.reason(true); got != want {
		t.Errorf("reason after a redirect = %q, want %q", got, want)
	}
}
