// Package wordscan looks at text eight bytes at a time, for the scans the
// newswire makes over every feed body and every story's text to find the
// rare byte that needs attention (a control character, a quote to
// escape): a byte-at-a-time loop costs 8 to 11 instructions a byte, a
// word-at-a-time one about 2.
//
// Each function of a word x (eight bytes, the first in the lowest byte:
// Load) returns a mask with the high bit set in each byte that matches,
// and only there: the tests are exact, with no false positives from a
// borrow or carry between bytes. bits.TrailingZeros64(mask)/8 is then the
// first match's place in the word.
package wordscan

// High is the high bit of every byte.
const High = 0x8080808080808080

const low7 = 0x7f7f7f7f7f7f7f7f
const ones = 0x0101010101010101

// Load returns the eight bytes of s from i on as a word; s must have them.
func Load[T string | []byte](s T, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// Below marks the bytes of x below n, for 0 < n <= 0x80.
func Below(x uint64, n byte) uint64 {
	// A byte's low seven bits plus 0x80-n reach the high bit exactly when
	// they are n or more, and never carry into the next byte.
	return ^((x & low7) + (0x80-uint64(n))*ones | x) & High
}

// Equal marks the bytes of x equal to c.
func Equal(x uint64, c byte) uint64 {
	y := x ^ uint64(c)*ones
	return ^((y & low7) + low7 | y) & High
}

// NotASCII marks the bytes of x of 0x80 and above.
func NotASCII(x uint64) uint64 { return x & High }
