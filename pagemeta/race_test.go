//go:build race

package pagemeta

// raceEnabled relaxes wall-clock assertions: the race detector makes
// byte-by-byte tokenizing about ten times slower.
const raceEnabled = true
