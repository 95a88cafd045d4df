package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
	"github.com/sharednews/sharednews/tasks"
)

// RunSchedule publishes the draft at every time digest.schedule names, until
// ctx is done. Each time is computed afresh by the cron schedule from the
// wall clock in bot.timezone, after the time just handled, so a
// publication is neither skipped nor repeated across daylight-saving
// changes, a timer that fires early, or a suspended machine.
//
// A slot missed because the bot was not running (stopped, restarting,
// crashed) is caught up once when it starts: see CatchUp.
//
// A time at or before the latest edition's publication was handled, even
// when the wall clock now reads earlier: a clock set back after an edition
// went out (NTP stepping a fast clock back, a time zone put right) and a
// restart meanwhile would otherwise publish that time's edition a second
// time, with the stories approved since. A publication more than a day
// ahead of the clock (one put right by days) holds nothing up: those times
// are the editors' real ones again.
func (b *Bot) RunSchedule(ctx context.Context) error {
	last := b.CatchUp(ctx) // the slot last handled
	if from := b.scheduleFrom(ctx, b.now()); from.After(last) {
		last = from
	}
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
		// Go's timers follow the monotonic clock, which stands still while
		// the machine is suspended and ignores the wall clock being set, so
		// the wait is measured against the wall clock again every minute.
		for wait := next.Sub(b.now()); wait > 0; wait = next.Sub(b.now()) {
			if err := tasks.Sleep(ctx, min(wait, b.recheck)); err != nil {
				return nil
			}
		}
		last = next
		if b.now().Sub(next) > catchUpWindow {
			// The machine slept over the time for more than a week (or its
			// clock was put right by weeks): as when the bot was stopped
			// over it (CatchUp), the edition is not sent that late.
			b.tellMissedWhile(ctx, next, "the machine's clock passed that time only more than a week later (it was suspended, or its clock was put right)")
			continue
		}
		b.PublishScheduled(ctx, next)
	}
}

// scheduleFrom is the time after which the schedule's next time is due,
// at now: now, or the latest edition's publication when the clock reads
// before it by less than maxClockSetBack (set back after it went out),
// whose times up to it were handled. RunSchedule waits from it, and
// status and the draft name the time they do from it, so that they name
// the time the edition will go out, not one the scheduler will not keep.
func (b *Bot) scheduleFrom(ctx context.Context, now time.Time) time.Time {
	return fromPublication(now, b.latestPublication(ctx))
}

// fromPublication is scheduleFrom given the latest edition's publication
// (out, the zero time when none), for a caller that has read it already.
func fromPublication(now, out time.Time) time.Time {
	if out.After(now) && out.Sub(now) < maxClockSetBack {
		return out
	}
	return now
}

// nextScheduled is when the scheduler next publishes, as seen at now
// (scheduleFrom), or the zero time if the schedule names no time ahead. A
// time whose edition an editor published by hand just before it
// publishes nothing (PublishScheduled), so the draft goes out at the time
// after it.
func (b *Bot) nextScheduled(ctx context.Context, now time.Time) time.Time {
	next := b.NextPublication(b.scheduleFrom(ctx, now))
	if _, byHand := b.publishedJustBefore(ctx, next); byHand && !next.IsZero() {
		next = b.NextPublication(next)
	}
	return next
}

// maxClockSetBack is how far ahead of the wall clock the latest edition's
// publication may be and still mark the times before it handled.
const maxClockSetBack = 24 * time.Hour

// latestPublication is when the latest edition went out, or the zero time
// when none has (or it cannot be read: the schedule then follows the clock).
func (b *Bot) latestPublication(ctx context.Context) time.Time {
	latest, err := b.store.LatestEdition(ctx)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			b.log.WarnContext(ctx, "read the latest edition; the schedule follows the clock alone", "err", err)
		}
		return time.Time{}
	}
	return latest.Edition.PublishedAt
}

// PublishScheduled is one scheduled publication, due at slot: the draft is
// published, or, when it has no stories, editors are told in the review
// channel(s) that nothing went out. An edition published by hand shortly
// before (publishedJustBefore) is the slot's own, and the stories approved
// since wait for the next time (holdOver).
func (b *Bot) PublishScheduled(ctx context.Context, slot time.Time) {
	now := b.now()
	if byHand, ok := b.publishedJustBefore(ctx, slot); ok {
		b.holdOver(ctx, slot, byHand)
		return
	}
	// The look above is asked again in the publication's transaction: an
	// editor may publish by hand, and approve a late story, in between.
	pub, err := b.publishWhenFree(ctx, slot, func() (store.Published, error) {
		return b.publish(ctx, false, func(byHand bool, at time.Time) bool { return b.byHandJustBefore(byHand, at, slot) })
	})
	switch {
	case errors.Is(err, store.ErrPublishedMeanwhile):
		byHand, ok := b.publishedJustBefore(ctx, slot)
		if !ok {
			// The store refused the second look: the slot is still the
			// by-hand edition's, but its stories approved since cannot
			// be told to wait; said for the operator, not passed over.
			b.log.WarnContext(ctx, "scheduled publication skipped: an edition was published by hand meanwhile, but could not be read again", "slot", slot)
			return
		}
		b.holdOver(ctx, slot, byHand)
	case errors.Is(err, store.ErrEmptyDraft) && b.wasPublishedJustBefore(ctx, slot):
		// An editor published this week's edition with /shared publish
		// shortly before: the draft is empty because it went out.
		b.log.InfoContext(ctx, "scheduled publication skipped: an edition was published in the day before", "slot", slot)
	case errors.Is(err, store.ErrEmptyDraft):
		b.log.WarnContext(ctx, "scheduled publication skipped: the draft has no stories", "slot", slot)
		// An hourly or minutely schedule would say it at every time:
		// editors hear it once a day at most.
		if last := b.emptyToldAt.Load(); last != 0 && slot.Sub(time.Unix(last, 0)) < emptyNoticeGap {
			return
		}
		b.emptyToldAt.Store(slot.Unix())
		b.tellEditors(ctx, Message{Tone: Problem, Text: fmt.Sprintf(
			"No edition was published at %s: the draft has no stories. Approve stories from `queue` and use `publish`, or they will go out %s.",
			b.clockDay(slot), b.NextPublication(slot).In(b.loc).Format("Monday 2 January at 15:04"))})
	case errors.As(err, new(*toldEditorsError)):
		b.log.ErrorContext(ctx, "scheduled publication failed", "err", err)
	case err != nil:
		b.log.ErrorContext(ctx, "scheduled publication failed", "err", err)
		text := "The scheduled publication failed; the operator can see why in the log. Try `publish`."
		if sentence, ok := faultSentence("publish the scheduled edition", err); ok {
			// A full disk, say: the editors hear the cause, and that the
			// draft waits whole for `publish` once it is mended.
			text = sentence + " The draft waits as it was: once that is put right, `publish` sends it."
		}
		b.tellEditors(ctx, Message{Tone: Problem, Text: text})
	default:
		b.log.InfoContext(ctx, "scheduled publication done", "edition", pub.Edition.Edition.Number)
		if why := reachedNobody(pub.Deliveries); why != "" && b.reachedSomebody(ctx, pub.Edition.Edition.Number-1) {
			// A scheduled edition that goes out is not announced, and
			// its stories have left the draft: without a word, the
			// editors would learn only by looking that it reached nobody
			// (every channel unsubscribed since the edition before). Said
			// when it changes, not every week to a bot read only on the
			// web.
			b.log.WarnContext(ctx, "the scheduled edition reached nobody", "edition", pub.Edition.Edition.Number, "why", why)
			b.tellEditors(ctx, Message{Tone: Problem, Text: fmt.Sprintf("Edition %d was published at %s but reached nobody: %s.",
				pub.Edition.Edition.Number, b.clockDay(slot), why)})
		}
		if now.Sub(slot) > lateNotice {
			// The wall clock passed the time while the machine slept (a
			// suspended or paused machine) or was put right forwards: the
			// edition went out late, which the editors hear as they do
			// when the bot was stopped over the time (CatchUp).
			b.log.WarnContext(ctx, "the scheduled publication went out late: the wall clock passed its time while the bot waited", "slot", slot, "at", now)
			b.tellEditors(ctx, Message{Tone: Info, Text: fmt.Sprintf(
				"Edition %d was due at %s; the machine's clock passed that time only later (it was suspended, or its clock was put right), and it was published at %s.",
				pub.Edition.Edition.Number, b.clockDay(slot), b.clockDay(now))})
		}
	}
}

// A scheduled publication refused because another program holds the
// database (store.BusyError: a sqlite3 shell or a backup tool left in a
// write transaction) is tried again every busyRetry, on top of the busy
// timeout each try waits, for up to busyPatience; then the editors are
// told it failed, as of any other error. One refused by a full disk is
// tried again as often until fullPatience has passed (or the next time's
// edition is due): freeing space takes the operator longer than a
// transaction takes to end, and a refused try costs nothing.
const (
	busyRetry    = 5 * time.Second
	busyPatience = 15 * time.Minute
	fullPatience = 24 * time.Hour
)

// toldEditorsError is a scheduled publication's failure that the editors
// were told of already, while it waited: PublishScheduled logs it and
// tells them nothing more.
type toldEditorsError struct{ err error }

func (e *toldEditorsError) Error() string { return e.err.Error() }
func (e *toldEditorsError) Unwrap() error { return e.err }

// publishWhenFree runs publish, the slot's publication, again while the
// database is held by another program or its disk is full: the
// publication is one transaction, rolled back whole when refused, so
// trying again cannot publish twice, and the edition goes out when the
// lock is let go or space is freed rather than wait for an editor to
// publish it by hand. The operator hears once that it waits, and why;
// the editors hear of a full disk once, at once (the operator must act,
// and they may want to publish by hand), and that the edition went out
// when it does.
func (b *Bot) publishWhenFree(ctx context.Context, slot time.Time, publish func() (store.Published, error)) (store.Published, error) {
	began := time.Now()
	fullUntil := slot.Add(fullPatience)
	if next := b.NextPublication(slot); !next.IsZero() && next.Before(fullUntil) {
		fullUntil = next // the next time publishes the draft, this edition's stories and all
	}
	fullTold := false
	for tries := 1; ; tries++ {
		pub, err := publish()
		busy := errors.As(err, new(*store.BusyError)) && time.Since(began) < busyPatience
		full := errors.As(err, new(*store.DiskFullError)) && b.now().Before(fullUntil)
		if !busy && !full || ctx.Err() != nil {
			if err == nil && tries > 1 {
				b.log.InfoContext(ctx, "scheduled publication went through once the database could be written", "slot", slot, "tries", tries,
					"waited", time.Since(began).Round(time.Second).String())
			}
			if fullTold && err == nil {
				b.tellEditors(ctx, Message{Tone: Success, Text: fmt.Sprintf("Edition %d went out at %s, once the disk had room again.",
					pub.Edition.Edition.Number, b.clockDay(b.now()))})
			}
			if fullTold && err != nil {
				err = &toldEditorsError{err}
			}
			return pub, err
		}
		switch {
		case full && !fullTold:
			fullTold = true
			b.log.WarnContext(ctx, "scheduled publication waits: the database's disk is full; trying again until there is room",
				"slot", slot, "retry_every", busyRetry.String(), "gives_up_at", fullUntil, "err", err)
			sentence, _ := faultSentence("publish the scheduled edition", err)
			b.tellEditors(ctx, Message{Tone: Problem, Text: sentence + fmt.Sprintf(
				" The draft waits as it was, and goes out by itself once there is room, if that is before %s; or `publish` sends it then.",
				b.clockDay(fullUntil))})
		case busy && tries == 1:
			b.log.WarnContext(ctx, "scheduled publication waits: another program holds the database; trying again until it lets go",
				"slot", slot, "retry_every", (busyRetry + store.BusyTimeout).String(), "gives_up_after", busyPatience.String(), "err", err)
		}
		if stop := tasks.Sleep(ctx, busyRetry); stop != nil {
			// Stopped while it waited: the held database or the full
			// disk is still why nothing went out, for the log and the
			// editors alike.
			err = errors.Join(err, stop)
			if fullTold {
				err = &toldEditorsError{err}
			}
			return pub, err
		}
	}
}

// reachedNobody says why an edition whose ledger is ds goes to nobody, or
// "" when a channel or a reader is to get it.
func reachedNobody(ds []store.Delivery) string {
	if slices.ContainsFunc(ds, func(d store.Delivery) bool { return d.State != store.DeliverySkipped }) {
		return ""
	}
	if len(ds) == 0 {
		return "no channel is subscribed, and nobody gets it by email"
	}
	return "no channel or reader subscribed was due a copy (their sectors have no story in it; `status` says why)"
}

// reachedSomebody says whether the edition numbered number went to a
// channel or a reader; false when there is none, or it cannot be read.
func (b *Bot) reachedSomebody(ctx context.Context, number int) bool {
	rec, err := b.store.Edition(ctx, number)
	if err != nil {
		return false
	}
	ds, err := b.store.Deliveries(ctx, rec.Edition.ID)
	return err == nil && reachedNobody(ds) == ""
}

// lateNotice is how late after its time a scheduled publication may go
// out unremarked: RunSchedule looks at the wall clock every minute, so an
// edition later than a few minutes went out after the machine slept.
const lateNotice = 5 * time.Minute

// emptyNoticeGap is how long after telling editors that a scheduled time
// found the draft empty the bot keeps quiet about the next ones: under a
// day (a daily schedule's times are 23 hours apart when the clocks go
// forward), so a daily or weekly schedule says it every time.
const emptyNoticeGap = 23 * time.Hour

// publishedJustBefore is the latest edition and true when an editor
// published it by hand in the day before slot, after the scheduled time
// before it: one who publishes at 08:55 on a Thursday sends that week's
// 09:00 edition early. An edition published earlier in the week (a
// special one) leaves the slot its own edition, and so does the one the
// schedule published at the time before, which a daily or hourly
// schedule's next time follows within a day.
func (b *Bot) publishedJustBefore(ctx context.Context, slot time.Time) (store.EditionRecord, bool) {
	latest, err := b.store.LatestEdition(ctx)
	if err != nil {
		return store.EditionRecord{}, false
	}
	return latest, b.byHandJustBefore(latest.ByHand, latest.Edition.PublishedAt, slot)
}

// byHandJustBefore is publishedJustBefore's rule for the latest edition,
// published by hand (byHand) at at. An edition stamped after now was
// stamped by a clock since put back (days fast: Saturday read on a
// Monday), and went out before now, not just before slot: it held the
// slot's edition over until the next time.
func (b *Bot) byHandJustBefore(byHand bool, at, slot time.Time) bool {
	return byHand && !at.After(b.now()) && at.After(slot.Add(-24*time.Hour)) && !b.NextPublication(at).Before(slot)
}

// wasPublishedJustBefore is publishedJustBefore for a caller that needs
// only the answer.
func (b *Bot) wasPublishedJustBefore(ctx context.Context, slot time.Time) bool {
	_, ok := b.publishedJustBefore(ctx, slot)
	return ok
}

// holdOver handles slot when byHand, published shortly before it, was its
// edition: the stories approved since stay in the draft for the next
// time, rather than going out minutes after it as a second edition of
// the late ones alone. The editors are told once, across restarts and
// processes (the store claims the notice for slot), so that a story meant
// for now can still be sent with publish.
func (b *Bot) holdOver(ctx context.Context, slot time.Time, byHand store.EditionRecord) {
	draft, err := b.store.Draft(ctx)
	if err != nil && !errors.Is(err, store.ErrNoDraft) {
		b.log.ErrorContext(ctx, "scheduled publication skipped: an edition was published in the day before; load the draft", "slot", slot, "err", err)
		return
	}
	if len(draft.Stories) == 0 {
		// The draft is empty because the edition published by hand took it.
		b.log.InfoContext(ctx, "scheduled publication skipped: an edition was published in the day before", "slot", slot)
		return
	}
	number := byHand.Edition.Number
	b.log.InfoContext(ctx, "scheduled publication skipped: an edition was published in the day before; the stories approved since wait",
		"slot", slot, "edition", number, "waiting", len(draft.Stories))
	if told, err := b.store.ClaimMissedNotice(ctx, slot); err != nil || !told {
		if err != nil {
			b.log.ErrorContext(ctx, "tell the editors the draft waits", "slot", slot, "err", err)
		}
		return
	}
	waiting := digest.Plural(len(draft.Stories), "story", "stories") + " approved since then"
	verb, them := "waits", "it"
	if len(draft.Stories) > 1 {
		verb, them = "wait", "them"
	}
	when := "for `publish`, as the schedule names no time ahead"
	if next := b.NextPublication(slot); !next.IsZero() {
		when = fmt.Sprintf("to go out %s, or `publish` sends %s now", next.In(b.loc).Format("Monday 2 January at 15:04"), them)
	}
	b.tellEditors(ctx, Message{Tone: Info, Text: fmt.Sprintf(
		"Edition %d, published at %s, was the edition due at %s, so the %s %s %s.",
		number, b.clockDay(byHand.Edition.PublishedAt), b.clockDay(slot), waiting, verb, when)})
}

// catchUpWindow is how far back CatchUp looks for a scheduled time the bot
// missed: a weekly edition is never more than a week late.
const catchUpWindow = 7 * 24 * time.Hour

// CatchUp publishes, once, the edition of the latest scheduled time before
// now if the bot was not running then: the draft holds a story approved
// before that time (so no edition has been published since, and the
// scheduler would have published it). The edition goes
// out now, dated today, and the editors are told it is late. A draft that
// was empty at the missed time stays a draft (its stories go out at the
// next time): a scheduler that ran then found nothing to publish either.
// Once the edition is out, the draft holds nothing approved before the
// missed time, so later starts do nothing, and a bot
// restarted again and again publishes it once. Only a time of the
// schedule in force then counts (the store records when it changed): a
// time before the change, only when the schedule it replaced named it
// too, while in force. It returns the missed time it handled, or the zero
// time.
func (b *Bot) CatchUp(ctx context.Context) time.Time {
	now := b.now()
	from := now.Add(-catchUpWindow)
	// A time of a schedule that was not in force then was missed by
	// nobody: a schedule moved from Thursday to Friday on a Monday has no
	// missed Friday, and the draft waits for the next one. A time the
	// replaced schedule also named, while it was in force, was missed all
	// the same: the line spelled another way ("thu" for 4), or a day
	// added. (Changed twice, the schedule before that is not known.)
	since, replaced, err := b.store.ScheduleInForce(ctx, b.scheduleInForce(), now)
	before, hadBefore := recordedSchedule(replaced.Schedule)
	// inForce tells whether t was a time of the schedule in force at t.
	inForce := func(t time.Time) bool {
		if !t.Before(since) {
			return true
		}
		return hadBefore && !t.Before(replaced.Since) && before.names(t)
	}
	// A change is recorded once what the replaced schedule makes a missed
	// time is handled: a start stopped before then (SIGTERM, a platform
	// refusing its token) forgot the replaced schedule, and the edition
	// missed waited for the next time.
	record := func() {
		if err != nil || replaced.Schedule == "" {
			return
		}
		if rerr := b.store.RecordSchedule(ctx, replaced, b.scheduleInForce(), since); rerr != nil {
			b.log.ErrorContext(ctx, "record the publication schedule", "err", rerr)
		}
	}
	if err != nil {
		b.log.ErrorContext(ctx, "catch up a missed publication", "err", err)
	} else if replaced.Schedule != "" && since.After(from) {
		// Said once, at the start that records the change: the store
		// returns the schedule replaced only until then, and a later
		// start would log a change with none named, as if made again.
		b.log.InfoContext(ctx, "the publication schedule changed: only times both schedules name are caught up before the change",
			"since", since, "replaced", replaced.Schedule)
	}
	var missed time.Time
	for t := b.NextPublication(from); !t.IsZero() && !t.After(now); t = b.NextPublication(t) {
		if inForce(t) {
			missed = t
		}
	}
	if missed.IsZero() {
		record()
		b.tellMissedLongAgo(ctx, from, inForce)
		return time.Time{}
	}
	draft, derr := b.store.Draft(ctx)
	if derr != nil {
		if !errors.Is(derr, store.ErrNoDraft) {
			b.log.ErrorContext(ctx, "catch up a missed publication: load the draft", "err", derr)
			return missed
		}
		record()
		return missed
	}
	// This also covers an edition published since the missed time: a
	// publication takes the whole draft, and a story joins the draft only
	// when approved (its DecidedAt), so whatever the draft holds now was
	// approved after that edition, and so after the missed time.
	if !slices.ContainsFunc(draft.Stories, func(s digest.Story) bool { return s.DecidedAt.Before(missed) }) {
		b.log.InfoContext(ctx, "missed scheduled publication: nothing in the draft was approved before it", "slot", missed)
		record()
		return missed
	}
	if byHand, ok := b.publishedJustBefore(ctx, missed); ok {
		// The missed time's edition went out by hand shortly before it,
		// and what was approved since waits, as the running scheduler
		// would have had it (PublishScheduled).
		b.holdOver(ctx, missed, byHand)
		record()
		return missed
	}
	b.log.WarnContext(ctx, "the bot was not running at the scheduled time: publishing now", "slot", missed)
	pub, perr := b.Publish(ctx)
	if errors.Is(perr, store.ErrEmptyDraft) {
		// Published meanwhile (an editor, or another process on the database).
		b.log.InfoContext(ctx, "missed scheduled publication: published meanwhile", "slot", missed)
		record()
		return missed
	}
	if perr != nil {
		// The change stays unrecorded: the next start catches up again.
		b.log.ErrorContext(ctx, "catch up a missed publication", "slot", missed, "err", perr)
		b.tellEditors(ctx, Message{Tone: Problem, Text: fmt.Sprintf(
			"The edition due at %s was not published (the bot was not running then) and publishing it now failed; the operator can see why in the log. Try `publish`.",
			b.clockDay(missed))})
		return missed
	}
	record()
	b.tellEditors(ctx, Message{Tone: Info, Text: fmt.Sprintf(
		"Edition %d was due at %s, when the bot was not running; it was published when the bot started, at %s.",
		pub.Edition.Edition.Number, b.clockDay(missed), b.clockDay(now))})
	return missed
}

// missedLookBack is how far before the catch-up window tellMissedLongAgo
// looks for a missed time: a bot down longer than that is news to nobody.
const missedLookBack = 366 * 24 * time.Hour

// tellMissedLongAgo tells the editors, once, of a scheduled time before
// the catch-up window (before) that was missed with stories waiting: the
// latest time of the schedule in force then after the draft's first
// approval. It is not published late (a month-old edition sent out
// unannounced would surprise readers more than one that waits), but
// without a word the draft would wait for the next time, a monthly
// newsletter silently a month late. The store keeps the time told of, so
// a restart, or each one until the next time, does not say it again.
func (b *Bot) tellMissedLongAgo(ctx context.Context, before time.Time, inForce func(time.Time) bool) {
	draft, err := b.store.Draft(ctx)
	if err != nil {
		if !errors.Is(err, store.ErrNoDraft) {
			b.log.ErrorContext(ctx, "look for a missed publication: load the draft", "err", err)
		}
		return
	}
	var first time.Time
	for _, s := range draft.Stories {
		if first.IsZero() || s.DecidedAt.Before(first) {
			first = s.DecidedAt
		}
	}
	if first.IsZero() {
		return
	}
	if earliest := before.Add(-missedLookBack); first.Before(earliest) {
		first = earliest
	}
	var missed time.Time
	for t := b.NextPublication(first); !t.IsZero() && t.Before(before); t = b.NextPublication(t) {
		if inForce(t) {
			missed = t
		}
	}
	if !missed.IsZero() {
		b.tellMissed(ctx, missed, "the bot was not running then")
	}
}

// tellMissedWhile is tellMissed for a time the running scheduler reached
// more than a week late, when the draft holds a story to tell of (an empty
// one would have published nothing either).
func (b *Bot) tellMissedWhile(ctx context.Context, missed time.Time, why string) {
	draft, err := b.store.Draft(ctx)
	if err != nil {
		if !errors.Is(err, store.ErrNoDraft) {
			b.log.ErrorContext(ctx, "tell of a missed publication: load the draft", "err", err)
		}
		return
	}
	if len(draft.Stories) > 0 {
		b.tellMissed(ctx, missed, why)
	}
}

// tellMissed tells the editors, once across restarts and processes, that
// the edition due at missed was not published, for why, and that the
// draft waits for the next time or publish.
func (b *Bot) tellMissed(ctx context.Context, missed time.Time, why string) {
	if told, err := b.store.ClaimMissedNotice(ctx, missed); err != nil || !told {
		if err != nil {
			b.log.ErrorContext(ctx, "tell the editors of a missed publication", "slot", missed, "err", err)
		}
		return
	}
	b.log.WarnContext(ctx, "a scheduled time more than a week ago was missed: the draft waits", "slot", missed, "why", why)
	waits := "only `publish` sends it, for the schedule names no time ahead"
	if next := b.NextPublication(b.now()); !next.IsZero() {
		waits = fmt.Sprintf("it goes out %s, or `publish` sends it now", next.In(b.loc).Format("Monday 2 January at 15:04"))
	}
	b.tellEditors(ctx, Message{Tone: Problem, Text: fmt.Sprintf(
		"The edition due at %s was not published: %s, and that is more than a week ago, so it was not sent that late. The draft waits: %s.",
		b.clockDay(missed), why, waits)})
}

// scheduleInForce names the publication schedule as the database records
// it: the cron fields as written, in the time zone they are read in.
func (b *Bot) scheduleInForce() string {
	return strings.Join(strings.Fields(b.cfg.Digest.Schedule), " ") + " " + b.loc.String()
}

// recordedSchedule reads a schedule as scheduleInForce records it; false
// for "" or one that no longer parses.
func recordedSchedule(recorded string) (wallSchedule, bool) {
	i := strings.LastIndexByte(recorded, ' ')
	if i < 0 {
		return wallSchedule{}, false
	}
	loc, err := time.LoadLocation(recorded[i+1:])
	if err != nil {
		return wallSchedule{}, false
	}
	spec, err := config.ParseSchedule(recorded[:i])
	if err != nil {
		return wallSchedule{}, false
	}
	return wallSchedule{cron: spec, loc: loc}, true
}

// clockDay is t in the bot's time zone as the schedule's messages to
// editors name a time: "09:00 on Thursday 4 December".
func (b *Bot) clockDay(t time.Time) string { return t.In(b.loc).Format("15:04 on Monday 2 January") }
