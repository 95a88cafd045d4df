package tasks

// EveryJoined reports whether ok holds for each error that err joins
// (errors.Join, at any depth), or for err itself when it joins none: a
// step made several times at once, its failures joined, may be tried
// again as a whole only when every one of them may.
func EveryJoined(err error, ok func(error) bool) bool {
	joined, isJoin := err.(interface{ Unwrap() []error })
	if !isJoin {
		return ok(err)
	}
	for _, e := range joined.Unwrap() {
		if !EveryJoined(e, ok) {
			return false
		}
	}
	return true
}
