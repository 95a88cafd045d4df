//go:build !race

package web

// raceEnabled makes the load test lighter: under the race detector, every
// reader's and writer's memory access is checked, ten times slower, and 200
// readers kept the writers from finishing in 30 minutes on two cores.
const raceEnabled = false
