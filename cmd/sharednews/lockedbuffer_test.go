package main

import "github.com/sharednews/sharednews/internal/syncbuf"

// lockedBuffer is where a test's command writes its output while the test
// reads it.
type lockedBuffer = syncbuf.Buffer
