package email

import (
	"strings"
	"testing"
)

// scrub masks the address wherever a server's answer quotes it, in any
// case, whatever else the answer holds. Lower-casing can change a
// character's length in UTF-8 ("İ" is 2 bytes and lower-cases to "i", 1;
// "Ⱥ" 2 and "ⱥ" 3; the Kelvin sign 3 and "k" 1), so positions found in a
// lower-cased copy are not positions in the text: the address leaked
// half-masked, the text around it was cut, and an address that grows
// when lower-cased panicked the delivery worker.
func TestScrubMasksTheAddressWhateverTheText(t *testing.T) {
	turkish := strings.Repeat("İ", 25) + "@example.org" // valid addresses: 50 bytes of local part
	growing := strings.Repeat("Ⱥ", 25) + "@example.org"
	for _, a := range []string{turkish, growing} {
		if _, err := ParseAddress(a); err != nil {
			t.Fatalf("ParseAddress(%q): %v", a, err)
		}
	}
	for _, c := range []struct{ text, address, want string }{
		{"550 5.1.1 <Ana@Example.ORG>: no such user", "ana@example.org", "550 5.1.1 <a***@example.org>: no such user"},
		{"550 <ana@example.org> and again ANA@EXAMPLE.ORG", "ana@example.org", "550 <a***@example.org> and again a***@example.org"},
		{"550 \u212a <ana@example.org>: unknown", "ana@example.org", "550 \u212a <a***@example.org>: unknown"},
		{"550 İİİİ <ana@example.org>", "ana@example.org", "550 İİİİ <a***@example.org>"},
		{"550 5.1.1 no such user " + turkish, turkish, "550 5.1.1 no such user İ***@example.org"},
		{"550 5.1.1 <" + turkish + ">: no such user", turkish, "550 5.1.1 <İ***@example.org>: no such user"},
		{"550 5.1.1 no such user " + growing, growing, "550 5.1.1 no such user Ⱥ***@example.org"},
		// The server was given a domain in another script as A-labels.
		{"550 5.1.1 <ana@XN--MNCHEN-3YA.example>: no such user", "ana@münchen.example", "550 5.1.1 <a***@xn--mnchen-3ya.example>: no such user"},
		{"nothing to hide", "ana@example.org", "nothing to hide"},
	} {
		var got string
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("scrub(%q, %q) panicked: %v", c.text, c.address, p)
				}
			}()
			got = scrub(c.text, c.address)
		}()
		if got != c.want {
			t.Errorf("scrub(%q, %q) = %q, want %q", c.text, c.address, got, c.want)
		}
	}
}
