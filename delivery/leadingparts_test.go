package delivery

import "testing"

// TestLeadingPartsInOrder: the parts found are the leading ones, each
// after the one before it, so that a message of an earlier edition that
// reads like a later part (the footer every edition shares) is not counted,
// and part 0's message is the oldest that reads as it after nothing.
func TestLeadingPartsInOrder(t *testing.T) {
	isPart := func(m string, part int) bool { return m == string(rune('A'+part)) }
	for _, c := range []struct {
		msgs     []string
		n, first int
	}{
		{[]string{"x", "A", "B", "C"}, 3, 1},
		{[]string{"C", "A", "y", "B"}, 2, 1}, // an earlier edition's C before this A
		{[]string{"B", "C"}, 0, 0},
		{[]string{"A", "C", "B"}, 2, 0},
		{nil, 0, 0},
	} {
		if n, first := LeadingParts(c.msgs, 3, isPart); n != c.n || first != c.first {
			t.Errorf("%v: %d parts from %d, want %d from %d", c.msgs, n, first, c.n, c.first)
		}
	}
}
