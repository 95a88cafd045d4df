// Package randtext makes random strings out of chosen pieces, for the
// tests that compare a fast text routine with the plain rule it replaces
// on many strings each run: the pieces are the characters the routine
// treats apart, so that short strings meet every case and their mixes.
package randtext

import (
	"math/rand/v2"
	"strings"
)

// Of returns fewer than most pieces, chosen by r, one after another.
func Of(r *rand.Rand, pieces []string, most int) string {
	var b strings.Builder
	for n := r.IntN(most); n > 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}
