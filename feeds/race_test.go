//go:build race

package feeds

// raceEnabled: the race detector allocates for itself, and the tests that
// count the bytes a read allocates do not count them under it.
const raceEnabled = true
