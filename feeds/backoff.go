package feeds

import "time"

// maxBackoff is the longest a failing feed waits for its next try.
const maxBackoff = 12 * time.Hour

// nextPoll says when to poll a feed again after a poll at `at`. After a
// success it is the poll interval, less up to a tenth at random so that
// feeds started together drift apart. After the n-th failure in a row it is
// the interval times 2^n, at most maxBackoff, with "equal jitter": between
// half and all of that, so feeds that failed together (a network outage)
// do not all retry at once. rnd is a random number in [0, 1).
func nextPoll(at time.Time, interval time.Duration, failures int, rnd float64) time.Time {
	if failures <= 0 {
		return at.Add(interval - time.Duration(rnd*float64(interval)/10))
	}
	d := interval
	for i := 0; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, max(maxBackoff, interval))
	return at.Add(d/2 + time.Duration(rnd*float64(d/2)))
}
