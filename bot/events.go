package bot

import (
	"context"
	"time"
)

// EventsKept is how long an ID a platform sent (an event's, a signed
// request's signature) is remembered: well past the last of Slack's
// retries (three over about five minutes), and the ten minutes a signed
// timestamp is accepted, with any restart between them.
const EventsKept = 24 * time.Hour

// FirstSight reports whether platform's event or request id is to be
// acted on: false when it was taken before, by this process or by one
// before a restart, within EventsKept. The ID is recorded on the
// database, as the story or answer it leads to is. A database that cannot
// record it says nothing about the event: it is taken (and the failure
// logged), as it was before IDs were recorded, rather than dropped
// unanswered; a retry is rare, since an event is acknowledged before it
// is acted on.
func (b *Bot) FirstSight(ctx context.Context, platform, id string) bool {
	first, err := b.store.FirstSight(ctx, platform, id, b.now(), EventsKept)
	if err != nil {
		b.log.WarnContext(ctx, "cannot record an event as seen; taking it", "platform", platform, "err", err)
		return true
	}
	return first
}
