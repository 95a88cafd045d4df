package bot

import "time"

// onceSkew is how long before a notice's Since the look for it starts: a
// platform's clock, which stamps its messages, and ours may disagree.
const onceSkew = time.Hour

// LookFrom is when a platform's look for the message o names starts: an
// hour before Since, or zero (no bound) when Since is.
func (o Once) LookFrom() time.Time {
	if o.Since.IsZero() {
		return time.Time{}
	}
	return o.Since.Add(-onceSkew)
}
