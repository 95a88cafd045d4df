package delivery

import (
	"sync"
	"time"
)

// retryLineEvery is how often a retry of each platform and reason is
// logged at Info; the others in between go to Debug.
const retryLineEvery = time.Minute

// retryLines keeps the log of retries to one line a minute for each
// platform and reason. When a mail server or a platform is down, every
// copy of an edition fails alike and is retried alike: a line for each
// (an operator counted 498 in three minutes for 201 readers; 10,000
// readers would write 120,000 an edition) buries the log's other lines.
// The line that is logged says how many were left to Debug since the one
// before it.
type retryLines struct {
	mu   sync.Mutex
	last map[retryCause]retryLine
}

// retryCause is what makes retries alike: the platform and the reason
// editors read (delivery.Reason), not the whole error, which names the
// channel or the address.
type retryCause struct{ platform, reason string }

type retryLine struct {
	at    time.Time // when the last Info line of this cause was written
	quiet int       // retries of this cause left to Debug since then
}

// next reports whether a retry of this platform and reason at now is to
// be logged at Debug only; when it is not, alike is how many were since
// the last line.
func (r *retryLines) next(platform, reason string, now time.Time) (quiet bool, alike int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.last == nil {
		r.last = map[retryCause]retryLine{}
	}
	c := retryCause{platform, reason}
	l, seen := r.last[c]
	if since := now.Sub(l.at); seen && since >= 0 && since < retryLineEvery {
		l.quiet++
		r.last[c] = l
		return true, 0
	}
	// Causes not seen for a while are forgotten, so that reasons naming
	// something that varies cannot grow the map without end.
	if len(r.last) >= 64 {
		for k, v := range r.last {
			if now.Sub(v.at) >= retryLineEvery {
				delete(r.last, k)
			}
		}
	}
	r.last[c] = retryLine{at: now}
	return false, l.quiet
}
