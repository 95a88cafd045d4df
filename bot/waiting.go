package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// Waiting is why an edition's open deliveries (channels' or mails') are
// not yet delivered, as the delivery ledger has it: those put back until
// a later try (a platform's 429, a retry after a passing failure), those a
// worker is sending now (it holds the claim, maybe from another process),
// and those due now that no worker has taken yet.
type Waiting struct {
	Later   int       // put back until a later try
	NextTry time.Time // the earliest of their next tries
	Why     string    // the most common reason among them, in the words of the bot's delivery reports
	Sending int       // claimed by a worker now
	Due     int       // due now, waiting for a worker to take them
}

// Line is the editor's line under the counts: "4 pending: next try at
// 09:03 (Slack asked the bot to wait: rate limited (HTTP 429))"; "" when
// nothing is open.
func (w Waiting) Line(loc *time.Location) string {
	open := w.Later + w.Sending + w.Due
	if open == 0 {
		return ""
	}
	var parts []string
	if w.Later > 0 {
		s := fmt.Sprintf("next try at %s (%s)", w.NextTry.In(loc).Format("15:04"), digest.OneLine(w.Why))
		if w.Later < open {
			s = fmt.Sprintf("%d waiting, %s", w.Later, s)
		}
		parts = append(parts, s)
	}
	if w.Sending > 0 {
		parts = append(parts, fmt.Sprintf("%d being sent now", w.Sending))
	}
	if w.Due > 0 {
		parts = append(parts, fmt.Sprintf("%d due now, waiting for the delivery worker", w.Due))
	}
	return fmt.Sprintf("%d pending: %s", open, strings.Join(parts, "; "))
}

// waitingOf reads the open deliveries of ds that mail selects (the email
// edition's, or the channels') at now.
func waitingOf(ds []store.Delivery, mail bool, now time.Time) Waiting {
	var w Waiting
	why := map[string]int{}
	for _, d := range ds {
		if (d.Platform == store.EmailPlatform) != mail {
			continue
		}
		switch {
		case d.State == store.DeliverySending && d.LeaseUntil.After(now):
			w.Sending++
		case d.State == store.DeliveryPending && d.NextAttempt.After(now):
			w.Later++
			if w.NextTry.IsZero() || d.NextAttempt.Before(w.NextTry) {
				w.NextTry = d.NextAttempt
			}
			why[waitReason(d)]++
		case d.State == store.DeliveryPending, d.State == store.DeliverySending:
			// Due, or left sending by a worker whose claim ran out (the
			// next worker takes it over at once).
			w.Due++
		}
	}
	// The most common reason; ties go to the first in alphabetical
	// order, so that the line is the same on every look.
	for _, r := range slices.Sorted(maps.Keys(why)) {
		if why[r] > why[w.Why] {
			w.Why = r
		}
	}
	return w
}

// waitReason says why a delivery put back until later waits. The worker
// records whether the platform's rate limit put it back
// (Delivery.RateLimited), and keeps the reason of a failed try in the
// ledger (the words the failure report would use). A 429 keeps the error
// the try before it had (empty, unless what reached the channel is still
// unknown), so the error alone does not tell a rate limit: only a
// delivery put back before the worker recorded it (migration 0033) is
// read so, an empty error standing for a 429 as it did then.
func waitReason(d store.Delivery) string {
	if limited := d.RateLimited; limited != nil && *limited || limited == nil && d.Error == "" {
		who := digest.UpperFirst(d.Platform)
		if d.Platform == store.EmailPlatform {
			who = "The mail server"
		}
		return who + " asked the bot to wait: rate limited (HTTP 429)"
	}
	return "last try: " + d.Error
}
