// Package replay keeps a chat platform's signed requests and events from
// being acted on twice: a signed timestamp must lie within a window of
// the bot's clock, and an ID (an event's, a signature) already seen is
// remembered for as long as it could come back. It knows no platform:
// the Discord adapter checks both; the Slack adapter the timestamp, its
// IDs recorded on the database instead (bot.FirstSight), since Slack
// retries an event, and a replay may come, after a restart.
package replay

import (
	"strconv"
	"sync"
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

// Seen remembers recent IDs for a time to live. It is safe for
// concurrent use.
type Seen struct {
	now  func() time.Time
	ttl  time.Duration
	mu   sync.Mutex
	ids  map[string]time.Time
	last time.Time // when old IDs were last swept out
}

// NewSeen remembers IDs for ttl by the clock now.
func NewSeen(now func() time.Time, ttl time.Duration) *Seen {
	return &Seen{now: now, ttl: ttl, ids: map[string]time.Time{}}
}

// Seen records id and reports whether it was already recorded.
func (s *Seen) Seen(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if now.Sub(s.last) > s.ttl/4 {
		for k, at := range s.ids {
			if now.Sub(at) > s.ttl {
				delete(s.ids, k)
			}
		}
		s.last = now
	}
	if _, ok := s.ids[id]; ok {
		return true
	}
	s.ids[id] = now
	return false
}
