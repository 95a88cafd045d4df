package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// RunSchedule publishes the draft at every time digest.schedule names, until
// ctx is done. Each time is computed afresh by the cron schedule from the
// wall clock in bot.timezone, after the time just handled, so a
// publication is neither skipped nor repeated across daylight-saving
// changes, a timer that fires early, or a suspended machine.
func (b *Bot) RunSchedule(ctx context.Context) error {
	var last time.Time // the slot last handled
	for {
		from := b.now()
		if from.Before(last) {
			from = last
		}
		next := b.NextPublication(from)
		if next.IsZero() {
			b.log.WarnContext(ctx, "the publication schedule never fires")
			<-ctx.Done()
			return nil
		}
		b.log.InfoContext(ctx, "next scheduled publication", "at", next)
		for wait := next.Sub(b.now()); wait > 0; wait = next.Sub(b.now()) {
			if err := tasks.Sleep(ctx, wait); err != nil {
				return nil
			}
		}
		last = next
		b.PublishScheduled(ctx, next)
	}
}

// PublishScheduled is one scheduled publication, due at slot: the draft is
// published, or, when it has no stories, editors are told in the review
// channel(s) that nothing went out.
func (b *Bot) PublishScheduled(ctx context.Context, slot time.Time) {
	pub, err := b.Publish(ctx)
	switch {
	case errors.Is(err, store.ErrEmptyDraft) && b.publishedForSlot(ctx, slot):
		// An editor published this week's edition with /shared publish
		// since the slot before: the draft is empty because it went out.
		b.log.InfoContext(ctx, "scheduled publication skipped: an edition was published since the last scheduled time", "slot", slot)
	case errors.Is(err, store.ErrEmptyDraft):
		b.log.WarnContext(ctx, "scheduled publication skipped: the draft has no stories", "slot", slot)
		b.tellEditors(ctx, Message{Tone: Problem, Text: fmt.Sprintf(
			"No edition was published at %s: the draft has no stories. Approve stories from `queue` and use `publish`, or they will go out %s.",
			slot.In(b.loc).Format("15:04 on Monday 2 January"), b.NextPublication(slot).In(b.loc).Format("Monday 2 January at 15:04"))})
	case err != nil:
		b.log.ErrorContext(ctx, "scheduled publication failed", "err", err)
		b.tellEditors(ctx, Message{Tone: Problem, Text: "The scheduled publication failed; the operator can see why in the log. Try `publish`."})
	default:
		b.log.InfoContext(ctx, "scheduled publication done", "edition", pub.Edition.Edition.Number)
	}
}

// publishedForSlot tells whether an edition was published after the
// scheduled time before slot (no scheduled time lies between its
// publication and slot).
func (b *Bot) publishedForSlot(ctx context.Context, slot time.Time) bool {
	latest, err := b.store.LatestEdition(ctx)
	if err != nil {
		return false
	}
	return !b.NextPublication(latest.Edition.PublishedAt).Before(slot)
}
