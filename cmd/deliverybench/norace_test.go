//go:build !race

package main

// killChannels is how many channels the kill test delivers to.
const killChannels = 1000
