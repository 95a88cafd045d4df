//go:build !race

package main

// killChannels is how many channels the kill test delivers to.
const killChannels = 1000

// killReaders is how many readers the email kill test mails.
const killReaders = 1000
