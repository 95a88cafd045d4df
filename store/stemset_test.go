package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestStemSet: add reports a stem new exactly when a map had not seen it,
// and keeps the stems in the order they came, across resets to smaller
// and larger texts and past the table's size (grow).
func TestStemSet(t *testing.T) {
	var s stemSet
	r := rand.New(rand.NewPCG(7, 8))
	for round, size := range []int{0, 10, 400, 3, 5000, 64, 200} {
		s.reset(size)
		seen := map[string]bool{}
		var order []string
		for range 3 * (size + 40) {
			stem := fmt.Sprintf("w%d", r.IntN(size+40))
			if got, want := s.add(stem), !seen[stem]; got != want {
				t.Fatalf("round %d: add(%q) = %v, want %v", round, stem, got, want)
			}
			if !seen[stem] {
				seen[stem] = true
				order = append(order, stem)
			}
		}
		if fmt.Sprint(s.stems) != fmt.Sprint(order) {
			t.Fatalf("round %d: stems %v, want %v", round, s.stems, order)
		}
	}
}
