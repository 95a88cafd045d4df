package email

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseAddress: whatever a reader types, an accepted address is one
// line, no longer than SMTP carries, and reads back as itself.
func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"ana@example.org", "Ana <ana@example.org>", "a@b", "a@b.example\r\nBcc: x@y.example", `"a b"@example.org`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		addr, err := ParseAddress(raw)
		if err != nil {
			return
		}
		if strings.ContainsAny(addr, "\r\n\x00 ") || len(addr) > maxAddressLen || !strings.Contains(addr, "@") {
			t.Fatalf("ParseAddress(%q) = %q", raw, addr)
		}
		if again, err := ParseAddress(addr); err != nil || again != addr {
			t.Fatalf("ParseAddress(%q) = %q, but that reads back as %q, %v", raw, addr, again, err)
		}
		if m := Mask(addr); strings.Contains(m, addr) {
			t.Fatalf("Mask(%q) = %q", addr, m)
		}
	})
}

// FuzzLinkTokens: no text is taken for a link this site made unless it
// is one, and a link made reads back as made.
func FuzzLinkTokens(f *testing.F) {
	s := signer{key: []byte("0123456789abcdef0123456789abcdef")}
	now := time.Unix(1_800_000_000, 0)
	made := s.confirmToken(Confirmation{Subscriber: 7, Nonce: "abc", Sectors: []string{"health"}, Issued: now})
	for _, seed := range []string{made, s.unsubscribeToken(7, "key"), "c..", "u.1.", "c.bm9wZQ.AAAA", "u.-1.x"} {
		f.Add(seed, int64(7), "abc", "health,housing")
	}
	f.Fuzz(func(t *testing.T, token string, id int64, nonce, sectors string) {
		if c, err := s.parseConfirm(token, now); err == nil && s.confirmToken(c) != token {
			t.Fatalf("parseConfirm accepted %q, which this site did not make", token)
		}
		if n, sig, err := unsubscribeID(token); err == nil && s.checkUnsubscribe(n, "key", sig) && s.unsubscribeToken(n, "key") != token {
			t.Fatalf("an unsubscribe link %q passed that this site did not make", token)
		}
		if id <= 0 || strings.ContainsAny(nonce+sectors, "|") {
			return
		}
		var list []string
		if sectors != "" {
			list = strings.Split(sectors, ",")
		}
		c := Confirmation{Subscriber: id, Nonce: nonce, Sectors: list, Issued: now}
		got, err := s.parseConfirm(s.confirmToken(c), now)
		if err != nil || got.Subscriber != id || got.Nonce != nonce || strings.Join(got.Sectors, ",") != strings.Join(list, ",") {
			t.Fatalf("a made link read back as %+v, %v; want %+v", got, err, c)
		}
	})
}
