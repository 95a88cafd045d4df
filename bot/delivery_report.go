package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// ReportFailedDeliveries tells the editors, in every platform's review
// channel, which channels did not get an edition and why: one message per
// edition. The delivery worker calls it once per edition, when its last
// delivery is settled.
func (b *Bot) ReportFailedDeliveries(ctx context.Context, failed []store.Delivery) {
	byEdition := map[int64][]store.Delivery{}
	var order []int64
	for _, d := range failed {
		if _, ok := byEdition[d.EditionID]; !ok {
			order = append(order, d.EditionID)
		}
		byEdition[d.EditionID] = append(byEdition[d.EditionID], d)
	}
	for _, id := range order {
		b.tellEditors(ctx, Message{Tone: Problem, Text: b.failureReport(ctx, byEdition[id])})
	}
}

// failureReport is the editors' message about one edition's failed deliveries.
func (b *Bot) failureReport(ctx context.Context, ds []store.Delivery) string {
	number := "the latest edition"
	if rec, err := b.store.EditionByID(ctx, ds[0].EditionID); err == nil {
		number = fmt.Sprintf("edition %d", rec.Edition.Number)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Delivery of %s failed in %s:", number, digest.Plural(len(ds), "channel", "channels"))
	for _, d := range ds {
		fmt.Fprintf(&sb, "\n• %s — %s", b.channelLabel(ctx, d), d.Error)
	}
	return sb.String()
}

// channelLabel names a delivery's channel for editors: its name when the
// subscription remembers one, with the platform and ID.
func (b *Bot) channelLabel(ctx context.Context, d store.Delivery) string {
	if sub, err := b.store.Subscription(ctx, d.Platform, d.ChannelID); err == nil && sub.ChannelName != "" {
		return fmt.Sprintf("#%s (%s %s)", sub.ChannelName, d.Platform, d.ChannelID)
	}
	return fmt.Sprintf("%s channel %s", d.Platform, d.ChannelID)
}

// tellEditors posts a message to every platform's review channel.
func (b *Bot) tellEditors(ctx context.Context, msg Message) {
	for _, p := range b.allPlatforms() {
		if err := p.PostToReview(ctx, msg); err != nil {
			b.log.WarnContext(ctx, "tell editors", "platform", p.Name(), "err", err)
		}
	}
}

// tallyDeliveries counts an edition's deliveries by state and names the
// channels that failed.
func (b *Bot) tallyDeliveries(ctx context.Context, number int, ds []store.Delivery) DeliveryTally {
	t := DeliveryTally{Edition: number}
	for _, d := range ds {
		switch d.State {
		case store.DeliveryDelivered:
			t.Delivered++
		case store.DeliveryPending, store.DeliverySending:
			t.Pending++
		case store.DeliverySkipped:
			t.Skipped++
		case store.DeliveryFailed:
			t.Failed++
			t.Failures = append(t.Failures, DeliveryFailure{Channel: b.channelLabel(ctx, d), Reason: d.Error})
		}
	}
	return t
}
