//go:build race

package main

// killChannels is scaled down under the race detector, which slows the
// delivering child several times over.
const killChannels = 200
