//go:build race

package main

// raceEnabled makes the slowest tests do less: the race detector makes
// every database round trip many times slower, and the package's tests
// must finish under `go test -race` within its default ten minutes.
const raceEnabled = true
