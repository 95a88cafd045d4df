package pagemeta

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeDNS is a DNS server on loopback that answers A questions from answer,
// which is told how many times that name has been asked before, and AAAA
// questions with no address; or, when rcode is set, every question with
// that failure. Fetchers made by its fetcher method look every name up
// here and nowhere else.
type fakeDNS struct {
	conn   net.PacketConn
	answer func(name string, asked int) []netip.Addr
	rcode  dnsmessage.RCode
	mu     sync.Mutex
	asked  map[string]int
}

func newFakeDNS(t *testing.T, answer func(name string, asked int) []netip.Addr) *fakeDNS {
	t.Helper()
	return serveDNS(t, &fakeDNS{answer: answer})
}

// failingDNS returns a Fetcher whose DNS server answers every question
// with SERVFAIL.
func failingDNS(t *testing.T) *Fetcher {
	t.Helper()
	return serveDNS(t, &fakeDNS{rcode: dnsmessage.RCodeServerFailure}).fetcher(Options{Timeout: 2 * time.Second})
}

// serveDNS serves d on loopback until the test ends.
func serveDNS(t *testing.T, d *fakeDNS) *fakeDNS {
	t.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen for DNS: %v", err)
	}
	d.conn, d.asked = conn, map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply, ok := d.reply(buf[:n]); ok {
				conn.WriteTo(reply, from)
			}
		}
	}()
	t.Cleanup(func() { conn.Close(); <-done })
	return d
}

// reply answers one query message.
func (d *fakeDNS) reply(query []byte) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	if d.rcode != dnsmessage.RCodeSuccess {
		b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, RecursionDesired: h.RecursionDesired, RCode: d.rcode})
		b.StartQuestions()
		b.Question(q)
		msg, err := b.Finish()
		return msg, err == nil
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RecursionAvailable: true})
	b.EnableCompression()
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	if q.Type == dnsmessage.TypeA {
		name := strings.TrimSuffix(q.Name.String(), ".")
		d.mu.Lock()
		asked := d.asked[name]
		d.asked[name]++
		d.mu.Unlock()
		for _, a := range d.answer(name, asked) {
			rh := dnsmessage.ResourceHeader{Name: q.Name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 0}
			b.AResource(rh, dnsmessage.AResource{A: a.As4()})
		}
	}
	msg, err := b.Finish()
	return msg, err == nil
}

// fetcher returns a Fetcher that resolves through d and may reach exactly
// the given servers.
func (d *fakeDNS) fetcher(opts Options, allowed ...*testServer) *Fetcher {
	server := d.conn.LocalAddr().String()
	f := newWithResolver(opts, &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var nd net.Dialer
			return nd.DialContext(ctx, "udp4", server)
		},
	})
	ok := make(map[netip.AddrPort]bool)
	for _, s := range allowed {
		ok[s.addrPort()] = true
	}
	f.allowAddr = func(ap netip.AddrPort) bool { return ok[ap] }
	return f
}

// TestFetchJudgesEveryResolvedAddress: a name that resolves to private
// addresses is refused on the address the dialer was about to connect
// to, with that address in the reason, and a name with a public and a
// private answer is fetched from the public one only.
func TestFetchJudgesEveryResolvedAddress(t *testing.T) {
	t.Parallel()
	public := newTestServer(t, "tcp4", nil) // stands in for a public site
	dns := newFakeDNS(t, func(name string, _ int) []netip.Addr {
		switch name {
		case "private.example.test":
			return []netip.Addr{netip.MustParseAddr("10.1.2.3")}
		case "metadata.example.test":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}
		case "loopback.example.test":
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		case "mixed.example.test":
			return []netip.Addr{netip.MustParseAddr("192.168.0.10"), netip.MustParseAddr("127.0.0.1")}
		}
		return nil
	})
	private := newTestServer(t, "tcp4", nil) // loopback, not allowed
	f := dns.fetcher(Options{Timeout: 2 * time.Second}, public)

	for host, addr := range map[string]string{
		"private.example.test:" + public.port():   "10.1.2.3",
		"metadata.example.test:" + public.port():  "169.254.169.254",
		"loopback.example.test:" + private.port(): "127.0.0.1",
	} {
		_, err := f.Fetch(context.Background(), "http://"+host+"/")
		fe := fetchError(t, err, ErrBlockedAddress)
		if !strings.Contains(fe.Reason, "("+addr+")") {
			t.Errorf("%s: Reason = %q, want the address %s", host, fe.Reason, addr)
		}
		var opErr *net.OpError
		if !errors.As(err, &opErr) || opErr.Op != "dial" {
			t.Errorf("%s: error %v is not a refused dial", host, err)
		}
	}
	m, err := f.Fetch(context.Background(), "http://mixed.example.test:"+public.port()+"/")
	if err != nil || m.Title != "Test page" {
		t.Errorf("mixed answer: Fetch = %+v, %v; want the public address fetched", m, err)
	}
	private.assertUntouched(t)
}

// TestFetchDNSRebinding: the name answers a public address first and a
// private one when the redirect to the same name dials again. The check
// is on the address dialled, so the second connection is never made.
func TestFetchDNSRebinding(t *testing.T) {
	t.Parallel()
	public := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/first" {
			http.Redirect(w, r, "/second", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<title>Internal</title>"))
	})
	dns := newFakeDNS(t, func(name string, asked int) []netip.Addr {
		if asked == 0 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")} // allowed: "public"
		}
		return []netip.Addr{netip.MustParseAddr("10.9.8.7")}
	})
	f := dns.fetcher(Options{Timeout: 2 * time.Second}, public)
	_, err := f.Fetch(context.Background(), "http://rebind.example.test:"+public.port()+"/first")
	fe := fetchError(t, err, ErrBlockedAddress)
	if want := "the link redirects to an address that is inside a private network (10.9.8.7), which the bot does not fetch"; fe.Reason != want {
		t.Errorf("Reason = %q, want %q", fe.Reason, want)
	}
	if n := public.requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want only the first", n)
	}
}
