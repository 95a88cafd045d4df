//go:build race

package main

// killChannels is scaled down under the race detector, which slows the
// delivering child several times over.
const killChannels = 200

// killReaders is scaled down under the race detector too.
const killReaders = 300
