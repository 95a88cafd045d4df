package bot

import (
	"context"
	"errors"
	"time"

	"github.com/sharednews/sharednews/store"
)

// RunSchedule publishes the draft at every time digest.schedule names, until
// ctx is done. The next time is always computed afresh from the wall clock
// in bot.timezone, so a publication is neither skipped nor repeated across
// daylight-saving changes or a suspended machine.
func (b *Bot) RunSchedule(ctx context.Context) error {
	for {
		next := b.NextPublication(b.now())
		if next.IsZero() {
			b.log.WarnContext(ctx, "the publication schedule never fires")
			<-ctx.Done()
			return nil
		}
		b.log.InfoContext(ctx, "next scheduled publication", "at", next)
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-timer.C:
		}
		pub, err := b.Publish(ctx)
		switch {
		case errors.Is(err, store.ErrEmptyDraft):
			b.log.WarnContext(ctx, "scheduled publication skipped: the draft has no stories")
		case err != nil:
			b.log.ErrorContext(ctx, "scheduled publication failed", "err", err)
		default:
			b.log.InfoContext(ctx, "scheduled publication done", "edition", pub.Edition.Edition.Number)
		}
	}
}
