package discord

import (
	"strconv"
	"time"
)

// maxSignatureAge bounds how far a request's signed timestamp may be from
// the bot's clock, so that a captured request cannot be replayed later.
const maxSignatureAge = 5 * time.Minute

// freshTimestamp reports whether a signed timestamp (Unix seconds) is
// within maxSignatureAge of now, either way.
func freshTimestamp(timestamp string, now time.Time) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= maxSignatureAge && d >= -maxSignatureAge
}
