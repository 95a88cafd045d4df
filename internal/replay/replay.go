// Package replay keeps a chat platform's signed requests from being
// replayed: a signed timestamp must lie within a window of the bot's
// clock. It knows no platform: both adapters check it. An ID already
// taken within that window (an event's, a signature, an interaction's) is
// recorded on the database instead (bot.FirstSight), since Slack retries
// an event, and a replay may come, after a restart.
package replay

import (
	"strconv"
	"time"
)

// Fresh reports whether timestamp, in Unix seconds as platforms sign it,
// is within window of now, either way. One that does not parse is not.
func Fresh(timestamp string, now time.Time, window time.Duration) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= window && d >= -window
}
