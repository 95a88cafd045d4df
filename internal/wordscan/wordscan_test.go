package wordscan

import (
	"math/rand/v2"
	"testing"
)

// TestMasksMatchByteByByte checks each mask against the byte-at-a-time
// test, for every byte value in every place of a word and on random words.
func TestMasksMatchByteByByte(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := make([][8]byte, 0, 1<<16)
	for c := range 256 {
		for p := range 8 {
			var w [8]byte
			for k := range w {
				w[k] = byte(r.IntN(256))
			}
			w[p] = byte(c)
			words = append(words, w)
		}
	}
	for range 1 << 15 {
		var w [8]byte
		for k := range w {
			w[k] = byte(r.IntN(256))
		}
		words = append(words, w)
	}
	want := func(w [8]byte, f func(byte) bool) uint64 {
		var m uint64
		for k, c := range w {
			if f(c) {
				m |= 0x80 << (8 * k)
			}
		}
		return m
	}
	for _, w := range words {
		x := Load(string(w[:]), 0)
		if y := Load(w[:], 0); x != y {
			t.Fatalf("Load(%x) string %x, bytes %x", w, x, y)
		}
		for _, n := range []byte{1, 0x20, 0x21, 0x7f, 0x80} {
			if got, exp := Below(x, n), want(w, func(c byte) bool { return c < n }); got != exp {
				t.Fatalf("Below(%x, %#x) = %x, want %x", w, n, got, exp)
			}
		}
		for _, c := range []byte{0, '\t', '\n', '"', '\\', 0x7f, 0x80, 0xff} {
			if got, exp := Equal(x, c), want(w, func(b byte) bool { return b == c }); got != exp {
				t.Fatalf("Equal(%x, %#x) = %x, want %x", w, c, got, exp)
			}
		}
		if got, exp := NotASCII(x), want(w, func(b byte) bool { return b >= 0x80 }); got != exp {
			t.Fatalf("NotASCII(%x) = %x, want %x", w, got, exp)
		}
	}
}
