package bot

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/email"
	"github.com/sharednews/sharednews/store"
)

// ReportFailedDeliveries tells the editors, in every platform's review
// channel, which channels did not get an edition and why: one message per
// edition. The delivery worker calls it once per edition, when its last
// delivery is settled. It returns the deliveries of the messages no
// review channel took, which the worker reports again later.
func (b *Bot) ReportFailedDeliveries(ctx context.Context, failed []store.Delivery) (untold []store.Delivery) {
	byEdition := map[int64][]store.Delivery{}
	var order []int64
	for _, d := range failed {
		if _, ok := byEdition[d.EditionID]; !ok {
			order = append(order, d.EditionID)
		}
		byEdition[d.EditionID] = append(byEdition[d.EditionID], d)
	}
	for _, id := range order {
		var channels, mails []store.Delivery
		for _, d := range byEdition[id] {
			if d.Platform == store.EmailPlatform {
				mails = append(mails, d)
			} else {
				channels = append(channels, d)
			}
		}
		var msg Message
		switch {
		case len(channels) > 0 && len(mails) > 0:
			// Settled by the same look: one report of the edition, not
			// two messages at once that each read as the whole of it.
			msg = Message{Text: b.failureReport(ctx, channels, "") + "\n\n" + b.mailFailureReport(ctx, mails, ""),
				Once: reportOnce("edition", byEdition[id])}
		case len(channels) > 0:
			msg = Message{Text: b.failureReport(ctx, channels, b.reportedBefore(ctx, id, true)), Once: reportOnce("channels", channels)}
		default:
			msg = Message{Text: b.mailFailureReport(ctx, mails, b.reportedBefore(ctx, id, false)), Once: reportOnce("mails", mails)}
		}
		msg.Tone = Problem
		if b.tellEditorsWhere(ctx, msg) == refused {
			untold = append(untold, byEdition[id]...)
		}
	}
	// A report with no review channel to go to was logged for the
	// operator (tellEditorsWhere): trying it again cannot reach anyone
	// until a review channel is configured, which takes a restart.
	return untold
}

// reportedBefore is how a report of an edition's failed mails (or of its
// channels, when mails is false) says that the editors were told of its
// other deliveries' failures before, in parentheses: a channel is given
// up within two hours, a mail after days, so the mails' report comes
// long after the channels', and read as the first news of the edition
// it told them again that the edition had failed. It is "" when the other
// kind has no failure, or has deliveries still being tried, whose report
// is still to come. A ledger that cannot be read says nothing of it.
func (b *Bot) reportedBefore(ctx context.Context, editionID int64, mails bool) string {
	ds, err := b.store.Deliveries(ctx, editionID)
	if err != nil {
		return ""
	}
	failed := false
	for _, d := range ds {
		if (d.Platform == store.EmailPlatform) != mails {
			continue
		}
		switch d.State {
		case store.DeliveryPending, store.DeliverySending:
			return ""
		case store.DeliveryFailed:
			failed = true
		}
	}
	switch {
	case !failed:
		return ""
	case mails:
		return " (its mails were reported before)"
	}
	return " (its channels were reported before)"
}

// reportOnce is the key of one edition's report of failed deliveries
// (ds) of a kind (channels, mails, or both: edition): a run that claims the report after
// a run stopped or killed while it posted it makes the same key, so the
// editors hear it once. Each delivery's settling time is in it: a copy
// sent again (store.Subscribe) that fails again is a new failure, told
// again.
func reportOnce(kind string, ds []store.Delivery) *Once {
	sum := sha256.New()
	since := ds[0].UpdatedAt
	for _, d := range slices.SortedFunc(slices.Values(ds), func(a, b store.Delivery) int { return cmp.Compare(a.ID, b.ID) }) {
		fmt.Fprintf(sum, "%d@%d,", d.ID, d.UpdatedAt.UnixMilli())
		if d.UpdatedAt.Before(since) {
			since = d.UpdatedAt
		}
	}
	return &Once{Key: fmt.Sprintf("failure-report:%d:%s:%x", ds[0].EditionID, kind, sum.Sum(nil)[:8]), Since: since}
}

// ErrNoReviewChannel is PostToReview's answer when the platform has no
// review channel configured: nothing was posted, and nothing failed.
var ErrNoReviewChannel = errors.New("no review channel is configured")

// toldEditors is where a message to the editors went.
type toldEditors int

const (
	told    toldEditors = iota // a review channel took it
	refused                    // every review channel refused it: worth trying again
	nowhere                    // no platform has a review channel: logged for the operator
)

func (b *Bot) editionName(ctx context.Context, editionID int64) string {
	if rec, err := b.store.EditionByID(ctx, editionID); err == nil {
		return fmt.Sprintf("edition %d", rec.Edition.Number)
	}
	return "the latest edition"
}

// failureReport is the editors' message about one edition's failed
// deliveries to channels; earlier, when set, says that its mails were
// reported before (reportedBefore), and the message is then an addition.
func (b *Bot) failureReport(ctx context.Context, ds []store.Delivery, earlier string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, also(earlier, "Delivery of %s%s failed in %s:"), b.editionName(ctx, ds[0].EditionID), earlier, digest.Plural(len(ds), "channel", "channels"))
	for _, d := range ds {
		fmt.Fprintf(&sb, "\n• %s — %s", b.channelLabel(ctx, d), d.Error)
	}
	sb.WriteString("\n" + b.remedy(ds, b.editionName(ctx, ds[0].EditionID)))
	return sb.String()
}

// also is a report's opening sentence, begun "Also, " when earlier says
// the edition's other deliveries were reported before: it is an addition.
func also(earlier, opening string) string {
	if earlier == "" {
		return opening
	}
	return "Also, " + strings.ToLower(opening[:1]) + opening[1:]
}

// remedy is the failure report's last line: how editors get the edition
// to a channel that missed it, once the cause is fixed. Subscribing the
// channel again sends it a failed copy of the latest edition
// (store.Subscribe); subscribe replaces a channel's sectors, so the
// command named is the one each channel was subscribed with.
func (b *Bot) remedy(ds []store.Delivery, edition string) string {
	commands := map[string]bool{}
	command := ""
	for _, d := range ds {
		command = strings.Join(append([]string{b.CommandWord(d.Platform), "subscribe"}, d.Sectors...), " ")
		commands[command] = true
	}
	if len(commands) > 1 {
		return fmt.Sprintf("Once the cause is fixed, subscribing a channel again, with the sectors it takes, sends it %s "+
			"(until the next edition is out).", edition)
	}
	where := "the channel"
	if len(ds) > 1 {
		where = "a channel"
	}
	return fmt.Sprintf("Once the cause is fixed, `%s` in %s sends it %s (until the next edition is out).", command, where, edition)
}

// mailsListed is how many failed mails a report names; the rest are counted.
const mailsListed = 10

// mailFailureReport is the editors' message about one edition's mails
// that failed: addresses masked, the first few named. earlier, when set,
// says that its channels were reported before (reportedBefore), and the
// message is then an addition.
func (b *Bot) mailFailureReport(ctx context.Context, ds []store.Delivery, earlier string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, also(earlier, "The email of %s%s could not be delivered to %s:"), b.editionName(ctx, ds[0].EditionID), earlier, digest.Plural(len(ds), "reader", "readers"))
	if len(ds) > 1 && !slices.ContainsFunc(ds, func(d store.Delivery) bool { return d.Error != ds[0].Error }) {
		// One cause for every mail (email.from refused, the relay down):
		// said once, as the sentence it is, rather than beside each of
		// ten readers and "… and 490 more".
		fmt.Fprintf(&sb, " %s.", ds[0].Error)
	} else {
		for i, d := range ds {
			if i == mailsListed {
				fmt.Fprintf(&sb, "\n… and %d more (`sharednews subscribers export` lists every reader's standing)", len(ds)-i)
				break
			}
			fmt.Fprintf(&sb, "\n• %s — %s", b.readerLabel(ctx, d), d.Error)
		}
	}
	// What `subscribe` in a channel is for a chat copy (remedy):
	// store.ResendFailedMail leaves out an address refused for this
	// edition, which would only be refused again.
	sb.WriteString("\nOnce the cause is fixed, `sharednews subscribers resend` sends the latest edition again to these readers, " +
		"leaving out any whose server refused the address.")
	return sb.String()
}

// readerLabel names an email delivery's reader for editors, masked.
func (b *Bot) readerLabel(ctx context.Context, d store.Delivery) string {
	if id, err := strconv.ParseInt(d.ChannelID, 10, 64); err == nil {
		if sub, err := b.store.Subscriber(ctx, id); err == nil {
			return "reader " + d.ChannelID + " (" + email.Mask(sub.Address) + ")"
		}
	}
	return "reader " + d.ChannelID
}

// channelLabel names a delivery's channel for editors: its name when the
// subscription remembers one, with the platform and ID.
func (b *Bot) channelLabel(ctx context.Context, d store.Delivery) string {
	if sub, err := b.store.Subscription(ctx, d.Platform, d.ChannelID); err == nil && sub.ChannelName != "" {
		return fmt.Sprintf("#%s (%s %s)", sub.ChannelName, d.Platform, d.ChannelID)
	}
	return fmt.Sprintf("%s channel %s", d.Platform, d.ChannelID)
}

// tellEditors posts a message to every platform's review channel. It
// reports false when none of the editors was told (tellEditorsWhere).
func (b *Bot) tellEditors(ctx context.Context, msg Message) bool {
	return b.tellEditorsWhere(ctx, msg) == told
}

// tellEditorsWhere posts a message to every platform's review channel and
// says where it went. With no review channel configured anywhere the
// message is logged, at ERROR, for the operator: it was counted as told
// and said nowhere, so a delivery that failed for good went unnoticed.
func (b *Bot) tellEditorsWhere(ctx context.Context, msg Message) toldEditors {
	platforms := b.allPlatforms()
	where, unconfigured := refused, 0
	for _, p := range platforms {
		err := p.PostToReview(ctx, msg)
		switch {
		case errors.Is(err, ErrNoReviewChannel):
			unconfigured++
		case err != nil:
			b.log.WarnContext(ctx, "tell editors", "platform", p.Name(), "err", err)
		default:
			where = told
		}
	}
	if where != told && unconfigured == len(platforms) {
		b.log.ErrorContext(ctx, "no review channel is configured (slack.review_channel, discord.review_channel), so no editor was told", "message", msg.Text)
		return nowhere
	}
	return where
}

// tallyDeliveries counts an edition's deliveries to channels by state and
// names the channels that failed. Mail is counted by tallyMails.
func (b *Bot) tallyDeliveries(ctx context.Context, number int, ds []store.Delivery) DeliveryTally {
	t := DeliveryTally{Edition: number, Waiting: waitingOf(ds, false, b.now())}
	for _, d := range ds {
		if d.Platform == store.EmailPlatform {
			continue
		}
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

// emailStatus counts the readers and the mails of the latest edition (ds).
func (b *Bot) emailStatus(ctx context.Context, number int, ds []store.Delivery) (*EmailStatus, error) {
	counts, err := b.store.SubscriberCounts(ctx)
	if err != nil {
		return nil, err
	}
	e := &EmailStatus{Enabled: b.cfg.Email.Enabled, Confirmed: counts[store.SubscriberConfirmed], Pending: counts[store.SubscriberPending],
		Unsubscribed: counts[store.SubscriberUnsubscribed], Stopped: counts[store.SubscriberStopped],
		Waiting: waitingOf(ds, true, b.now())}
	if !e.Enabled && e.Confirmed+e.Pending+e.Unsubscribed+e.Stopped == 0 {
		return nil, nil
	}
	for _, d := range ds {
		if d.Platform != store.EmailPlatform {
			continue
		}
		e.Edition = number
		switch d.State {
		case store.DeliveryDelivered:
			e.Delivered++
		case store.DeliveryPending, store.DeliverySending:
			e.Sending++
		case store.DeliveryFailed:
			e.Failed++
		case store.DeliverySkipped:
			e.Skipped++
		}
	}
	return e, nil
}
