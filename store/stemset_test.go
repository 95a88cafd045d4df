package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
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

// TestStemSetHashIsItsOwn: two sets given the same stems place them in
// different slots — each hashes with a seed of its own, so no feed can be
// written whose words all collide (a quadratic cost for every look-up).
func TestStemSetHashIsItsOwn(t *testing.T) {
	var a, b stemSet
	a.reset(4096)
	b.reset(4096)
	for i := range 1000 {
		stem := fmt.Sprintf("w%d", i)
		a.add(stem)
		b.add(stem)
	}
	if slices.Equal(a.slots, b.slots) {
		t.Error("two sets placed 1,000 stems in the same slots: their hash is not seeded")
	}
}
