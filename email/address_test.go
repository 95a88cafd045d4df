package email_test

import (
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
