package email_test

import (
	"errors"
	"testing"

	"github.com/sharednews/sharednews/email"
)

// TestMaySpellOtherwise: only an address whose domain has another
// spelling (its A-labels) needs email.StoredAddress; an import of many
// readers asks this first, and looks up only those.
func TestMaySpellOtherwise(t *testing.T) {
	for addr, want := range map[string]bool{
		"ana@example.org":            false,
		"Ana@Example.ORG":            false,
		"ana@münchen.example":        true,
		"ana@xn--mnchen-3ya.example": false,
		"jürgen@example.org":         false,
	} {
		if got := email.MaySpellOtherwise(addr); got != want {
			t.Errorf("MaySpellOtherwise(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestAddressWithAnInvisibleCharacter: a zero-width space, a direction
// mark or a control character pasted into an address's local part (the
// domain's are IDNA's to map, TestOneMailboxWhateverTheDomainsSpelling)
// made another address
// that reads the same, refused as one the mail server cannot send to ("it
// takes no letters beyond A to Z"), or stored beside the real one. It is
// now refused as such.
func TestAddressWithAnInvisibleCharacter(t *testing.T) {
	for _, raw := range []string{"b\u200b@example.org", "\u202eb@example.org", "b\x07@example.org", "\ufeffb@example.org"} {
		if _, err := email.ParseAddress(raw); !errors.Is(err, email.ErrInvisibleCharacter) || !errors.Is(err, email.ErrBadAddress) {
			t.Errorf("ParseAddress(%q): %v, want ErrInvisibleCharacter", raw, err)
		}
	}
	if got, err := email.ParseAddress("b@example.org"); err != nil || got != "b@example.org" {
		t.Errorf("ParseAddress(b@example.org) = %q, %v", got, err)
	}
}
