package digest

// EditDistance is the Damerau-Levenshtein distance between a and b in its
// optimal string alignment form, counted in runes: the number of
// insertions, deletions, substitutions and swaps of neighbouring
// characters that turn a into b. Swaps count as one edit because "hleath"
// is as much a slip as "helth".
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the usual table are enough: a swap looks two rows back.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
