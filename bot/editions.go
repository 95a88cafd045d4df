package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// intro answers /shared intro TEXT|none: paragraphs, each line break (or
// literal "\n") starting a new one; none (as lead takes it) removes the
// intro, which nothing else could once one was written.
func (b *Bot) intro(ctx context.Context, _ Request, cmd Command) Reply {
	text := editorParagraphs(cmd.Rest(0))
	if text == "" {
		return badArgs("Write the intro after the command, or `none` to remove it.")
	}
	if len(cmd.Args) == 1 && strings.EqualFold(cmd.Arg(0), "none") {
		return b.removeIntro(ctx)
	}
	return b.setIntro(ctx, text)
}

// removeIntro leaves the draft without an intro; with no draft, or none
// written, it says there was nothing to remove.
func (b *Bot) removeIntro(ctx context.Context) Reply {
	rec, err := b.store.Draft(ctx)
	if errors.Is(err, store.ErrNoDraft) {
		return info("There is no draft yet, so no intro to remove.")
	}
	if err != nil {
		return b.failure(ctx, "load the draft", err)
	}
	if rec.Edition.Intro == "" {
		return info("The draft edition has no intro, so there is nothing to remove.")
	}
	if err := b.store.SetIntro(ctx, ""); err != nil {
		return b.failure(ctx, "remove the intro", err)
	}
	return success("The draft edition's intro is removed. See the draft with `draft`.")
}

// SetIntro sets the draft edition's intro from a platform's form: each
// line break starts a new paragraph. A caller who is not an editor is
// refused, and so is an empty intro; nothing changes then.
func (b *Bot) SetIntro(ctx context.Context, caller Caller, text string) Reply {
	if r, refused := b.refuseNonEditor(caller, "write the intro"); refused {
		return r
	}
	text = editorParagraphs(text)
	if text == "" {
		return problem("The intro cannot be empty; nothing was changed. (`intro none` removes it.)")
	}
	return b.setIntro(ctx, text)
}

func (b *Bot) setIntro(ctx context.Context, text string) Reply {
	if r, bad := tooLong("The intro", text, maxIntroRunes); bad {
		return r
	}
	if err := b.store.SetIntro(ctx, text); err != nil {
		return b.failure(ctx, "set the intro", err)
	}
	return success("The draft edition's intro is set. See it with `draft`.")
}

// DraftIntro is the draft edition's intro for a platform's form to show
// (its paragraphs separated by blank lines; "" before there is one), or
// the refusal to show instead: the caller is not an editor.
func (b *Bot) DraftIntro(ctx context.Context, caller Caller) (string, Reply, bool) {
	if r, refused := b.refuseNonEditor(caller, "write the intro"); refused {
		return "", r, false
	}
	rec, err := b.store.Draft(ctx)
	if errors.Is(err, store.ErrNoDraft) {
		return "", Reply{}, true
	}
	if err != nil {
		return "", b.failure(ctx, "load the draft", err), false
	}
	return rec.Edition.Intro, Reply{}, true
}

// draft answers /shared draft: the edition exactly as the schedule will
// publish it, under a line saying when that is.
func (b *Bot) draft(ctx context.Context, req Request, _ Command) Reply {
	e, note, err := b.DraftPreview(ctx, b.CommandWord(req.Channel.Platform))
	if errors.Is(err, store.ErrNoDraft) {
		return info("There is no draft yet: approve stories from `queue` and they will appear here.")
	}
	if err != nil {
		return b.failure(ctx, "load the draft", err)
	}
	e.Subscribe = b.ChatSubscribe(req.Channel.Platform)
	return Reply{Body: EditionView{Edition: e, Note: note}}
}

// DraftEdition composes the draft as the schedule will publish it: dated
// and titled for its next scheduled publication (see DraftPreview), footer
// filled in, stories grouped by sector.
func (b *Bot) DraftEdition(ctx context.Context) (digest.Edition, error) {
	e, _, err := b.DraftPreview(ctx, "/shared")
	return e, err
}

// DraftPreview is DraftEdition with the line a preview shows above it:
// when the edition goes out, and that command's publish (command is the
// platform's command word, "/shared") sends it now, dated today. Its
// Number is the one publishing will give it, which no format shows on a
// draft. A
// scheduled edition carries the date of the day it goes out, in
// bot.timezone, so a preview dated today would show a date and title the
// edition never has; with no scheduled time ahead, only publish sends it,
// and the preview is dated today.
func (b *Bot) DraftPreview(ctx context.Context, command string) (digest.Edition, string, error) {
	rec, err := b.store.Draft(ctx)
	if err != nil {
		return digest.Edition{}, "", err
	}
	now := b.now()
	next := b.nextScheduled(ctx, now)
	at := next
	if at.IsZero() {
		at = now
	}
	e := b.compose(rec)
	// A draft shows no number, but a platform that pages it as it will
	// be posted measures the number it will carry (Discord).
	if e.Number, err = b.store.NextEditionNumber(ctx); err != nil {
		return digest.Edition{}, "", err
	}
	e.Date = b.editionDate(at)
	e.Title = digest.Title(b.cfg.Digest.Title, e.Date)
	e.Footer = b.cfg.Digest.Footer
	return e, b.goesOut(now, next, command), nil
}

// goesOut is the line above a draft's preview: when the schedule
// publishes it (next; zero for never) as seen at now.
func (b *Bot) goesOut(now, next time.Time, command string) string {
	publish := "`" + command + " publish`"
	if next.IsZero() {
		return fmt.Sprintf("The schedule names no time ahead, so this edition goes out only when %s sends it, dated today.", publish)
	}
	when := b.publicationTime(now, next)
	if b.editionDate(next).Equal(b.editionDate(now)) {
		return fmt.Sprintf("Goes out %s; %s sends it now.", when, publish)
	}
	return fmt.Sprintf("Goes out %s; %s sends it now, dated today.", when, publish)
}

// publicationTime is when an edition goes out (next), as seen at now, in
// the words both /shared draft and /shared subscribe say it: "Thursday 3
// December at 09:00 GMT" in bot.timezone, with the zone's abbreviation
// (the time differs from a reader's own) and the year when it is not
// now's.
func (b *Bot) publicationTime(now, next time.Time) string {
	layout := "Monday 2 January at 15:04 MST"
	if next.In(b.loc).Year() != now.In(b.loc).Year() {
		layout = "Monday 2 January 2006 at 15:04 MST"
	}
	return next.In(b.loc).Format(layout)
}

// editionDate is the date an edition published at t carries: its day in
// bot.timezone.
func (b *Bot) editionDate(t time.Time) time.Time { return dateOnly(t.In(b.loc)) }

// dateOnly is the calendar date of t (in t's location) as midnight UTC, the
// form stored editions use, so renderers print the same day everywhere.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// publishCommand answers /shared publish.
func (b *Bot) publishCommand(ctx context.Context, _ Request, _ Command) Reply {
	pub, err := b.publish(ctx, true, nil)
	if errors.Is(err, store.ErrEmptyDraft) {
		msg := "The draft has no stories, so there is nothing to publish; approve stories from `queue` first."
		if latest, lerr := b.store.LatestEdition(ctx); lerr == nil && time.Since(latest.Edition.PublishedAt) < 24*time.Hour {
			msg = fmt.Sprintf("Edition %d was already published at %s and the new draft has no stories yet, so there is nothing to publish.",
				latest.Edition.Number, latest.Edition.PublishedAt.In(b.loc).Format("15:04 on 2 Jan"))
		}
		return problem(msg)
	}
	if err != nil {
		return b.failure(ctx, "publish", err)
	}
	e := pub.Edition.Edition
	tally := b.tallyDeliveries(ctx, e.Number, pub.Deliveries)
	text := fmt.Sprintf("Published edition %d, “%s”, with %s: %s.",
		e.Number, e.Title, digest.Plural(len(pub.Edition.Stories), "story", "stories"), deliverySummary(tally))
	if mails := emailCount(pub.Deliveries); mails > 0 {
		text += fmt.Sprintf(" Mailing it to %s — see `status` for progress.", digest.Plural(mails, "reader", "readers"))
	}
	return Reply{Public: true, Body: Message{Tone: Success, Text: text}}
}

// Publish freezes the draft as the next edition and records one delivery
// per subscribed channel, as the scheduler does; /shared publish does the
// same by hand (publish). It then hands the deliveries to the Deliverer
// (DeliverWith): the worker of `run` is woken and the deliveries are
// pending on return; the console's sends them first. The returned ledger
// is as it stands on return.
func (b *Bot) Publish(ctx context.Context) (store.Published, error) {
	return b.publish(ctx, false, nil)
}

// publish is Publish, recording whether an editor published by hand: the
// scheduled time after an edition published by hand shortly before it
// counts it as its own (publishedJustBefore), which unless, when set,
// decides in the publication's transaction (store.Publication.Unless).
func (b *Bot) publish(ctx context.Context, byHand bool, unless func(byHand bool, publishedAt time.Time) bool) (store.Published, error) {
	date := b.editionDate(b.now())
	var layout digest.Layout
	if draft, err := b.store.Draft(ctx); err == nil {
		// Frozen with the edition: later changes to the configured sector
		// order leave it as it was sent.
		layout = digest.LayoutOf(b.compose(draft))
	} else if !errors.Is(err, store.ErrNoDraft) {
		return store.Published{}, err
	}
	pub, err := b.store.Publish(ctx, store.Publication{
		Title:  digest.Title(b.cfg.Digest.Title, date),
		Date:   date,
		Footer: b.cfg.Digest.Footer,
		Layout: layout,
		Email:  b.cfg.Email.Enabled,
		ByHand: byHand,
		Unless: unless,
	})
	if err != nil {
		return store.Published{}, err
	}
	b.log.InfoContext(ctx, "edition published", "number", pub.Edition.Edition.Number, "stories", len(pub.Edition.Stories),
		"deliveries", len(pub.Deliveries))
	if !b.deliver(ctx) {
		return pub, nil
	}
	if ds, err := b.store.Deliveries(ctx, pub.Edition.Edition.ID); err == nil {
		pub.Deliveries = ds
	} else {
		b.log.ErrorContext(ctx, "reload deliveries", "err", err)
	}
	return pub, nil
}

// deliverySummary says how a publication's delivery went, as the end of
// the sentence that answers /shared publish.
func deliverySummary(t DeliveryTally) string {
	if t.Total() == 0 {
		return "no channel is subscribed yet (use `subscribe` in a channel)"
	}
	if t.Pending > 0 && t.Delivered+t.Failed == 0 {
		s := fmt.Sprintf("delivering to %d of %d channels — see `status` for progress", t.Pending, t.Total())
		if t.Skipped > 0 {
			s += fmt.Sprintf(" (%d skipped: no stories in their sectors)", t.Skipped)
		}
		return s
	}
	s := fmt.Sprintf("delivered to %d of %d channels", t.Delivered, t.Total())
	if t.Failed > 0 {
		s += fmt.Sprintf(", %d failed", t.Failed)
	}
	if t.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped (no stories in their sectors)", t.Skipped)
	}
	if t.Pending > 0 {
		s += fmt.Sprintf(", %d still sending", t.Pending)
	}
	return s
}

// emailCount is how many readers an edition is mailed to (not skipped).
func emailCount(ds []store.Delivery) int {
	n := 0
	for _, d := range ds {
		if d.Platform == store.EmailPlatform && d.State != store.DeliverySkipped {
			n++
		}
	}
	return n
}
