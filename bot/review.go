package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// queue answers /shared queue [N].
func (b *Bot) queue(ctx context.Context, _ Request, cmd Command) Reply {
	n := defaultQueue
	if len(cmd.Args) > 1 {
		// "queue 5 5" listed 5 and ignored the rest, as if it were read.
		return badArgs("Give one number: how many of the oldest stories to list, such as `queue 20`.")
	}
	if arg := cmd.Arg(0); arg != "" {
		var bad string
		if n, bad = parseCount(arg, maxQueue); bad != "" {
			return badArgs(bad)
		}
	}
	stories, err := b.store.QueuedStories(ctx, n)
	if err != nil {
		return b.failure(ctx, "list the queue", err)
	}
	total, err := b.store.QueueSize(ctx)
	if err != nil {
		return b.failure(ctx, "count the queue", err)
	}
	items := b.items(stories)
	for i, s := range stories {
		if s.SuggestedSector != "" {
			// As on its card: whether the sector is the suggester's, and
			// how sure it is, until an editor decides.
			items[i].SectorName = b.fullReviewCard(ctx, s).sector()
		}
	}
	return Reply{Body: StoryList{Kind: QueueList, Title: "Review queue", Items: items, Total: total,
		Empty: "The review queue is empty."}}
}

// storyArg parses the story number in argument 0 and loads the story.
func (b *Bot) storyArg(ctx context.Context, cmd Command) (digest.Story, Reply, bool) {
	arg := cmd.Arg(0)
	if arg == "" {
		return digest.Story{}, badArgs("Give the story's number (see `queue`)."), false
	}
	id, ok := parseStoryID(arg)
	if !ok {
		return digest.Story{}, badArgs(fmt.Sprintf("`%s` is not a story number; story numbers look like 12 or #12.", arg)), false
	}
	s, err := b.store.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return digest.Story{}, problem(fmt.Sprintf("There is no story #%d.", id)), false
	}
	if err != nil {
		return digest.Story{}, b.failure(ctx, "load the story", err), false
	}
	return s, Reply{}, true
}

// approve answers /shared approve ID [SECTOR].
func (b *Bot) approve(ctx context.Context, req Request, cmd Command) Reply {
	s, reply, ok := b.storyToDecide(ctx, cmd, "approve")
	if !ok {
		return reply
	}
	var sector string
	if arg := cmd.Rest(1); arg != "" {
		sec, reply, ok := b.storySector(arg)
		if rest, cut := cutFilingWord(arg); !ok && cut {
			sec, reply, ok = b.storySector(rest)
		}
		if !ok {
			return reply
		}
		sector = sec.Slug
	}
	return b.Approve(ctx, req.Caller, s.ID, sector)
}

// storySector reads the one sector a story is filed under, as typed after
// `approve ID` or `edit ID sector`. Two or more sectors named ("health
// housing", "health and blue light") are refused as that, not as one
// sector's unknown name: a story goes in one section of the edition. One
// sector named twice is that sector.
func (b *Bot) storySector(arg string) (digest.Sector, Reply, bool) {
	sec, reply, ok := b.resolveSector(arg)
	if ok {
		return sec, reply, true
	}
	slugs, _, _, listed := b.resolveSectorList(strings.Fields(arg))
	switch {
	case !listed || len(slugs) == 0:
		return sec, reply, false
	case len(slugs) == 1:
		sec, _ := b.sectors.Lookup(slugs[0])
		return sec, Reply{}, true
	}
	return digest.Sector{}, problem(fmt.Sprintf("A story goes in one sector, and `%s` names %d: %s. Nothing was changed: give one of %s.",
		quoteCode(arg), len(slugs), b.sectorNames(slugs), slugsOr(slugs))), false
}

// cutFilingWord takes the word off "into housing", as the bot itself says
// what it approved ("… into Housing"), or "as", "under", "in" or "to".
// Callers try the words whole first, so a sector whose name starts so is
// still found.
func cutFilingWord(arg string) (string, bool) {
	word, rest, ok := strings.Cut(strings.TrimSpace(arg), " ")
	if !ok || strings.TrimSpace(rest) == "" {
		return arg, false
	}
	switch strings.ToLower(word) {
	case "into", "as", "under", "in", "to":
		return strings.TrimSpace(rest), true
	}
	return arg, false
}

// Approve approves a story into the draft, updates its review cards and
// tells the submitter. Commands and a rejected card's "Approve after all"
// share it: a story an editor rejected is approved after all, its card and
// the editor told whose rejection that overturns (a mis-click or a change
// of mind no longer loses it). A caller who is not an editor is refused,
// whatever the adapter showed them.
func (b *Bot) Approve(ctx context.Context, caller Caller, id int64, sector string) Reply {
	return b.decideApprove(ctx, caller, store.Decision{StoryID: id, Sector: sector})
}

// ApproveOnCard is Approve from a waiting review card's button, which
// decides a story still waiting for review: when another editor rejected
// it a moment before, the rejection stands and the caller is told who made
// it and how to approve it after all, and the submitter hears of one
// decision only.
func (b *Bot) ApproveOnCard(ctx context.Context, caller Caller, id int64, sector string) Reply {
	return b.decideApprove(ctx, caller, store.Decision{StoryID: id, Sector: sector, Waiting: true})
}

func (b *Bot) decideApprove(ctx context.Context, caller Caller, d store.Decision) Reply {
	if r, refused := b.refuseNonEditor(caller, "approve stories"); refused {
		return r
	}
	if r, bad := b.unconfiguredSector(ctx, d); bad {
		return r
	}
	by := caller.Person
	d.By = by
	a, err := b.store.Approve(ctx, d)
	if err != nil {
		return b.decisionRefusal(ctx, "approve", d.StoryID, err)
	}
	s := a.Story
	b.learn(ctx, s)
	sector := b.sectorName(s.Sector)
	outcome := decidedOutcome(digest.StateApproved, by, sector, "")
	tell := says(Info, "Good news: your story #%d %s was approved for the next edition.", s.ID, quote(s.Headline))
	done := says(Success, "Approved #%d %s into %s; it is in the draft edition.", s.ID, quote(s.Headline), sector)
	if a.Overturned() {
		rejecter := rejectedBy(a.Before)
		outcome += ", after a rejection" + rejecter.Text
		tell = says(Info, "Good news: your story #%d %s was approved for the next edition after all.", s.ID, quote(s.Headline))
		done = says(Success, "Approved #%d %s into %s after its rejection%s; it is in the draft edition.", s.ID, quote(s.Headline), sector, rejecter)
		if a.LedDraft {
			// It led the draft when it was rejected. The lead does not move
			// back unasked (another may lead now, chosen since), but the
			// change is said: the editor may expect it back on top.
			done = done.and(" It led the draft before its rejection and is in its section now: `lead %d` makes it the lead again.", s.ID)
		}
	}
	untold := b.afterDecision(ctx, s, outcome, tell)
	return Reply{Body: done.and("%s", untold)}
}

// rejectedBy names who rejected s, " by @ann" (the name marked, for
// says), or nothing when the stored story names nobody (the store does
// not require a decider), so that the sentence never says "by @".
func rejectedBy(s digest.Story) Message {
	if s.DecidedBy.IsZero() {
		return Message{}
	}
	return says(Info, " by @%s", named(s.DecidedBy.DisplayName()))
}

// unconfiguredSector refuses to approve a story into a sector that is not
// configured: a card's select drawn before the sector was removed from the
// configuration (or a forged payload) names one, or the story's own sector
// was removed and no other is given. The edition would show such a story
// under a section headed by the bare slug.
func (b *Bot) unconfiguredSector(ctx context.Context, d store.Decision) (Reply, bool) {
	if d.Sector != "" {
		if _, ok := b.sectors.Lookup(d.Sector); ok {
			return Reply{}, false
		}
		return problem("That sector is not configured (any more). Nothing was changed. Sectors: " + b.sectorSlugs() + "."), true
	}
	s, err := b.store.Story(ctx, d.StoryID)
	if err != nil || s.Sector == "" || !d.Approves(s.State) {
		return Reply{}, false // the store answers for these
	}
	if _, ok := b.sectors.Lookup(s.Sector); ok {
		return Reply{}, false
	}
	choose := "choose its sector on the card, or use"
	if !s.State.Undecided() {
		choose = "use" // a rejected card has no sector choice
	}
	return problem(fmt.Sprintf("Story #%d is filed under `%s`, which is no longer configured. Nothing was changed: "+
		"%s `approve %d SECTOR`. Sectors: %s.", s.ID, quoteCode(s.Sector), choose, s.ID, b.sectorSlugs())), true
}

// reject answers /shared reject ID [REASON…].
func (b *Bot) reject(ctx context.Context, req Request, cmd Command) Reply {
	s, reply, ok := b.storyToDecide(ctx, cmd, "reject")
	if !ok {
		return reply
	}
	return b.Reject(ctx, req.Caller, s.ID, cmd.Rest(1))
}

// storyToDecide is storyArg for approve and reject (verb), which decide
// one story at a time: a second story number after the first is refused
// (secondStoryNumber) before anything is decided.
func (b *Bot) storyToDecide(ctx context.Context, cmd Command, verb string) (digest.Story, Reply, bool) {
	s, reply, ok := b.storyArg(ctx, cmd)
	if !ok {
		return digest.Story{}, reply, false
	}
	if r, refused := b.secondStoryNumber(ctx, cmd, s.ID, verb); refused {
		return digest.Story{}, r, false
	}
	return s, Reply{}, true
}

// secondStoryNumber refuses "approve 7 8" and "reject 8 9 spam": an editor
// working through the queue naming two stories, which read as a sector
// ("Unknown sector `8`") or, worse, as the start of the reason #8's
// submitter was sent while #9 still waited. For approve any number there
// is refused (no sector is one); for reject, the number of a story still
// to be decided or in the draft, unless typed in quotes or given in a
// platform's own reason field (Literal), where a reason may begin so.
func (b *Bot) secondStoryNumber(ctx context.Context, cmd Command, first int64, verb string) (Reply, bool) {
	// A quoted token is its words without the quotes: `reject 8 "9 …"`
	// is no number.
	if len(cmd.Args) < 2 || cmd.Args[1].Literal {
		return Reply{}, false
	}
	id, ok := parseStoryID(cmd.Args[1].Text)
	if !ok || id == first {
		return Reply{}, false
	}
	if verb == "reject" {
		s, err := b.store.Story(ctx, id)
		if err != nil || s.State != digest.StateQueued && s.State != digest.StateApproved {
			return Reply{}, false
		}
	}
	text := fmt.Sprintf("`%s` is another story's number: %s one story at a time (`%s %d`, then `%s %d`). Nothing was changed.",
		quoteCode(cmd.Args[1].Text), verb, verb, first, verb, id)
	if verb == "reject" {
		text = fmt.Sprintf("`%s` is another story's number: reject one story at a time (`reject %d REASON`, then `reject %d REASON`). "+
			"Nothing was changed. A reason that begins with a number goes in quotes: `reject %d \"%d …\"`.",
			quoteCode(cmd.Args[1].Text), first, id, first, id)
	}
	return badArgs(text), true
}

// Reject rejects a story, updates its review cards and tells the
// submitter. A caller who is not an editor is refused. An approved story
// leaves the draft: the editor named it on purpose.
func (b *Bot) Reject(ctx context.Context, caller Caller, id int64, reason string) Reply {
	return b.decideReject(ctx, caller, store.Decision{StoryID: id, Reason: reason})
}

// RejectOnCard is Reject from a review card's button or form, which
// decides a story still waiting for review: when another editor approved
// it a moment before, the approval stands and the caller is told who made
// it, and the submitter hears of one decision only. The reason is the
// form's text without the spaces and line breaks around it, whatever
// platform's form it was typed in.
func (b *Bot) RejectOnCard(ctx context.Context, caller Caller, id int64, reason string) Reply {
	reason = strings.TrimSpace(reason)
	return b.decideReject(ctx, caller, store.Decision{StoryID: id, Reason: reason, Waiting: true})
}

func (b *Bot) decideReject(ctx context.Context, caller Caller, d store.Decision) Reply {
	// A reason is one paragraph, as a headline is: a line break typed as
	// `\n` is a space (escapedBreaks), where it reached the submitter as
	// the two characters.
	d.Reason = strings.TrimSpace(escapedBreaks.ReplaceAllString(d.Reason, " "))
	id, reason := d.StoryID, d.Reason
	if r, refused := b.refuseNonEditor(caller, "reject stories"); refused {
		return r
	}
	if r, bad := tooLong("A reason", reason, maxReasonRunes); bad {
		return r
	}
	by := caller.Person
	d.By = by
	rej, err := b.store.Reject(ctx, d)
	if err != nil {
		return b.decisionRefusal(ctx, "reject", id, err)
	}
	s := rej.Story
	b.learn(ctx, s) // a rejected story stops counting as evidence
	outcome := decidedOutcome(digest.StateRejected, by, "", reason)
	tell := says(Info, "Your story #%d %s was not taken for the edition this time.", s.ID, quote(s.Headline))
	if reason != "" {
		tell = tell.and(" The editor said: %s", quote(reason))
	}
	untold := b.afterDecision(ctx, s, outcome, tell)
	// As an undo a moment after: where the decision was typed (or made on
	// the console, which has no buttons) the way back is told with it.
	done := says(Success, "Rejected #%d %s. Changed your mind? `approve %d` approves it after all.", s.ID, quote(s.Headline), s.ID)
	if rej.WasLead {
		// Nothing takes the lead's place unasked: the editor chooses. No
		// record keeps that it led, so an approval after all files it in
		// its section, which is said now, while it is known.
		done = says(Success, "Rejected #%d %s. It was the draft's lead story; the draft has no lead now: `lead ID` sets another. "+
			"Changed your mind? `approve %d` approves it after all, in its section, and `lead %d` makes it the lead again.", s.ID, quote(s.Headline), s.ID, s.ID)
	}
	return Reply{Body: done.and("%s", untold)}
}

func (b *Bot) decisionRefusal(ctx context.Context, verb string, id int64, err error) Reply {
	var se *store.StateError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return problem(fmt.Sprintf("There is no story #%d.", id))
	case errors.As(err, &se):
		return Reply{Body: b.stateSentence(verb, se.Story)}
	}
	return b.failure(ctx, verb+" the story", err)
}

// stateSentence explains why a story cannot take a change in its state:
// a Problem naming who decided it (byline).
func (b *Bot) stateSentence(verb string, s digest.Story) Message {
	by := b.byline(" by ", s.DecidedBy, s.DecidedAt)
	switch s.State {
	case digest.StateApproved:
		return says(Problem, "Story #%d is already approved for the next edition%s.", s.ID, by)
	case digest.StateRejected:
		if verb == "reject" {
			return says(Problem, "Story #%d is already rejected%s.", s.ID, by)
		}
		if verb == "approve" {
			// Only a waiting card's Approve is refused so: it must not undo
			// a rejection made a moment before without the editor knowing.
			return says(Problem, "Story #%d was rejected%s. To approve it after all, press %s on its card or use `approve %d`.",
				s.ID, by, approveAfterAllLabel, s.ID)
		}
		return says(Problem, "Story #%d was rejected%s, so it cannot be %sd.", s.ID, by, verb)
	case digest.StatePublished:
		return says(Problem, "Story #%d was published in edition %d and can no longer change.", s.ID, s.EditionNumber)
	}
	return says(Problem, "Story #%d is %s and cannot be %sd.", s.ID, s.State, verb)
}

// refreshReviewCards redraws a waiting story's review cards after an edit,
// with a note saying who changed it (redrawWaiting). It returns a
// sentence (with a leading space) for the editor who edited when a
// platform would not redraw its card, which then shows the story as it
// was; otherwise nothing.
func (b *Bot) refreshReviewCards(ctx context.Context, id int64, note string) Message {
	if _, stale := b.redrawWaiting(ctx, id, note); stale != "" {
		return says(Info, " I could not redraw the story's review card in %s (the log has the details), so it still shows the story as it was before this change.", stale)
	}
	return Message{}
}

// redrawWaiting redraws a waiting story's review cards with note under
// it. The story is read (again) once the cards are free to redraw:
// another edit or a decision may have come since, and a decided story's
// cards show its decision, not buttons. It returns the story as drawn and
// the platforms that would not redraw its card ("Slack and Discord"), ""
// when all did or nothing was to be drawn.
func (b *Bot) redrawWaiting(ctx context.Context, id int64, note string) (digest.Story, string) {
	defer b.cards.lock(id)()
	s, err := b.store.Story(ctx, id)
	if err != nil {
		b.log.WarnContext(ctx, "reload story for its review cards", "story", id, "err", err)
		return digest.Story{}, ""
	}
	if !s.State.Undecided() {
		return s, ""
	}
	refs, err := b.store.ReviewCards(ctx, s.ID)
	if err != nil {
		b.log.WarnContext(ctx, "load review cards", "story", s.ID, "err", err)
		return s, ""
	}
	card := b.reviewCard(s)
	card.Note, card.NotSure = note, b.notSure(ctx, s)
	return s, b.updateCards(ctx, s.ID, refs, card)
}

// updateCards draws card on each of a story's posted review cards (refs,
// by platform) and names the platforms that would not take it ("Slack and
// Discord"), "" when all did.
func (b *Bot) updateCards(ctx context.Context, id int64, refs map[string]string, card ReviewCard) string {
	var stale []string
	for name, ref := range refs {
		p, ok := b.platform(name)
		if !ok {
			continue
		}
		if err := p.UpdateReviewCard(ctx, ref, card); err != nil {
			b.log.WarnContext(ctx, "update review card", "story", id, "platform", name, "err", err)
			stale = append(stale, digest.UpperFirst(name))
		}
	}
	slices.Sort(stale)
	return strings.Join(stale, " and ")
}

// correctedNote is the line on the card of a waiting story whose feed
// corrected its headline or summary.
const correctedNote = "Corrected by the publisher in its feed"

// PublisherCorrected redraws, in place, the review cards of waiting
// stories whose publisher corrected their headline or summary in the
// feed (feeds.Options.OnCorrected), with a line saying so. A story
// decided meanwhile keeps its decided card. No editor asked for the
// redraw, so when a platform would not take one (its card still shows the
// story as first published), the editors are told in the review channels,
// as an editor who edits or decides is told in the answer: one message
// for the poll, naming each story and where.
func (b *Bot) PublisherCorrected(ctx context.Context, corrected []digest.Story) {
	format, args, n := "", []any{}, 0
	for _, c := range corrected {
		s, stale := b.redrawWaiting(ctx, c.ID, correctedNote)
		if stale == "" {
			continue
		}
		if format != "" {
			format += ", "
		}
		format += "#%d %s in %s"
		args = append(args, s.ID, quote(s.Headline), stale)
		n++
	}
	switch {
	case n == 1:
		b.tellEditors(ctx, says(Info, "I could not redraw the review card of a story its publisher corrected in its feed (the log has the details), "+
			"so it still shows the story as first published: "+format+".", args...))
	case n > 1:
		b.tellEditors(ctx, says(Info, "I could not redraw the review cards of stories their publishers corrected in their feeds (the log has the details), "+
			"so they still show the stories as first published: "+format+".", args...))
	}
}

// afterDecision updates the review cards and tells the submitter. Failures
// are logged: the decision itself has been made and stands. A decision
// that a later one replaced before it could be shown is not shown: the
// card and the submitter hear of the later one only; decisions reach both
// in the order they were shown. When a card could not be updated, or the
// submitter could not be told, it returns sentences (each with a leading
// space) for the editor who decided, who can then tell them another way;
// otherwise nothing.
func (b *Bot) afterDecision(ctx context.Context, s digest.Story, outcome string, tell Message) (untold Message) {
	// The lock is held until the submitter is told, so that a later
	// decision's message (which waits for it) cannot arrive first.
	defer b.cards.lock(s.ID)()
	if now, err := b.store.Story(ctx, s.ID); err == nil && !sameDecision(s, now) {
		// Another editor's later decision (a /shared reject of the story
		// just approved, a /shared approve of the story just rejected)
		// came first: its card and message stand.
		b.log.InfoContext(ctx, "decision superseded before it was shown", "story", s.ID, "was", s.State, "now", now.State)
		return Message{}
	}
	refs, err := b.store.ReviewCards(ctx, s.ID)
	if err != nil {
		b.log.WarnContext(ctx, "load review cards", "story", s.ID, "err", err)
	}
	card := b.reviewCard(s)
	card.Outcome = outcome
	untold = Message{}
	if stale := b.updateCards(ctx, s.ID, refs, card); stale != "" {
		// Other editors would take the story for undecided, and press
		// its buttons: the one who decided is told.
		untold = says(Info, " I could not update the story's review card in %s (the log has the details), so it still shows the story as it was before.", stale)
	}
	return untold.and("%s", b.tellSubmitter(ctx, s, tell))
}

// tellSubmitter tells s's submitter of a decision with tell. When they
// could not be told, it returns a sentence (with a leading space) for the
// editor who decided, who can then tell them another way; otherwise
// nothing.
func (b *Bot) tellSubmitter(ctx context.Context, s digest.Story, tell Message) Message {
	if s.Submitter.IsZero() {
		return Message{}
	}
	p, ok := b.platform(s.Submitter.Platform)
	if !ok {
		return Message{}
	}
	err := p.Notify(ctx, s.Submitter, tell)
	if err == nil {
		return Message{}
	}
	b.log.WarnContext(ctx, "tell submitter", "story", s.ID, "platform", s.Submitter.Platform, "err", err)
	who := named(s.Submitter.DisplayName())
	if errors.Is(err, ErrNotReachable) {
		return says(Info, " I could not tell @%s: they do not accept direct messages from me, so please let them know another way.", who)
	}
	return says(Info, " I could not tell @%s (the message did not go through; the log has the details), so please let them know another way.", who)
}

// sameDecision reports whether now, a story as it is stored, still stands
// by the decision that left it as s: the same state (or published since an
// approval, which does not hide it) by the same editor at the same time.
// Decisions can be overturned both ways, so the state alone cannot tell.
func sameDecision(s, now digest.Story) bool {
	state := now.State == s.State || s.State == digest.StateApproved && now.State == digest.StatePublished
	return state && now.DecidedBy == s.DecidedBy && now.DecidedAt.Equal(s.DecidedAt)
}

// PostReviewCards shows a newly queued story in every platform's review
// channel. Submissions call it; the newswire calls it for stories its
// filters queue. It reports whether every platform that has a review
// channel took the card: false when one could not be posted there (the
// failure is logged), so that a submitter is not told the editor will
// review what no card shows.
func (b *Bot) PostReviewCards(ctx context.Context, s digest.Story) bool {
	// One card for every platform: notSure asks the sector model.
	card := b.fullReviewCard(ctx, s)
	all := true
	for _, p := range b.allPlatforms() {
		if _, err := b.postReviewCard(ctx, p, card); err != nil {
			all = false
		}
	}
	return all
}

// fullReviewCard is s's review card with the sector model's doubt.
func (b *Bot) fullReviewCard(ctx context.Context, s digest.Story) ReviewCard {
	card := b.reviewCard(s)
	card.NotSure = b.notSure(ctx, s)
	return card
}

// postReviewCard shows a queued story's card in p's review channel and
// remembers it. It reports whether p took it: false when p has no review
// channel, or failed, and then the platform's error (logged here).
func (b *Bot) postReviewCard(ctx context.Context, p Platform, card ReviewCard) (bool, error) {
	s := card.Story
	ref, err := p.PostReviewCard(ctx, card)
	if err != nil {
		b.log.WarnContext(ctx, "post review card", "story", s.ID, "platform", p.Name(), "err", err)
		return false, err
	}
	if ref == "" {
		return false, nil
	}
	if err := b.store.SetReviewCard(ctx, s.ID, p.Name(), ref); err != nil {
		b.log.WarnContext(ctx, "save review card", "story", s.ID, "err", err)
	}
	return true, nil
}

// missingCardsPosted is how many missing review cards PostMissingReviewCards
// posts on a platform; the rest are counted in one message, so that a
// queue filled by `ingest` does not flood the review channel.
const missingCardsPosted = 20

// PostMissingReviewCards shows, in every platform's review channel, the
// queued stories that have no card there: stories `ingest` queued (it has
// no platform) or that were queued while the platform could not be
// reached. `run` calls it as it starts, before the newswire's first poll.
// The oldest missingCardsPosted get a card; a message counts the others.
func (b *Bot) PostMissingReviewCards(ctx context.Context) {
	// A story missing on several platforms is judged once, as
	// PostReviewCards judges it: notSure asks the sector model.
	cards := map[int64]ReviewCard{}
	for _, p := range b.allPlatforms() {
		stories, total, err := b.store.QueuedWithoutCard(ctx, p.Name(), missingCardsPosted)
		if err != nil {
			b.log.WarnContext(ctx, "find queued stories without a review card", "platform", p.Name(), "err", err)
			continue
		}
		posted := 0
		for _, s := range stories {
			card, judged := cards[s.ID]
			if !judged {
				card = b.fullReviewCard(ctx, s)
				cards[s.ID] = card
			}
			if took, _ := b.postReviewCard(ctx, p, card); !took {
				break // no review channel, or it cannot be reached: the next start tries again
			}
			posted++
		}
		if posted > 0 {
			b.log.InfoContext(ctx, "posted missing review cards", "platform", p.Name(), "count", posted)
		}
		if rest := total - posted; posted == len(stories) && rest > 0 {
			noun, have := "stories", "have"
			if rest == 1 {
				noun, have = "story", "has"
			}
			text := fmt.Sprintf("%d more %s in the review queue %s no card here; `%s queue` lists the oldest.",
				rest, noun, have, b.CommandWord(p.Name()))
			if err := p.PostToReview(ctx, Message{Tone: Info, Text: text}); err != nil {
				b.log.WarnContext(ctx, "post the count of missing review cards", "platform", p.Name(), "err", err)
			}
		}
	}
}

// sureConfidence is the confidence below which a suggested sector is shown
// as a guess: the model's confidence is calibrated, so below one half the
// suggestion is more likely wrong than right.
const sureConfidence = 0.5

// notSure reports whether a waiting story's sector is the suggestion and
// the suggester is not sure of it. A newswire story is judged with its
// feed's sector hint, as the newswire suggested it: without the hint the
// card would doubt a suggestion the hint settled, at a confidence the
// suggester never gave it.
func (b *Bot) notSure(ctx context.Context, s digest.Story) bool {
	judge, ok := b.suggester.(Judge)
	if !ok || s.Sector == "" || s.Sector != s.SuggestedSector {
		return false
	}
	return judge.Confidence(classify.WithHint(ctx, b.feedHint(ctx, s)), s, s.Sector) < sureConfidence
}

// feedHint is the sector configured for the feed a story came from (a
// slug, name or alias, as the newswire passes it to the suggester), or ""
// for a story no configured feed brought.
func (b *Bot) feedHint(ctx context.Context, s digest.Story) string {
	url, err := b.store.StoryFeedURL(ctx, s.ID)
	if err != nil {
		// The card is still shown; only its doubt is judged without the hint.
		b.log.WarnContext(ctx, "load a story's feed", "story", s.ID, "err", err)
		return ""
	}
	for _, f := range b.cfg.Feeds.Sources {
		if url != "" && f.URL == url {
			return f.Sector
		}
	}
	return ""
}

// refuseNonEditor returns the refusal for a caller who is not an editor.
func (b *Bot) refuseNonEditor(c Caller, verb string) (Reply, bool) {
	if b.isEditor(c) {
		return Reply{}, false
	}
	return problem("Only editors can " + verb + "."), true
}

// IsProblem reports whether a reply is a refusal or a failure: a
// Message in the Problem tone.
func IsProblem(r Reply) bool {
	m, ok := r.Body.(Message)
	return ok && m.Tone == Problem
}

// AfterPress follows the answer to a press of a control on story id's
// review card, once the presser has it (a platform calls it after
// answering with answer, the reply of PressControl or of the form it could
// not open): a refused press on a card that still showed the story
// waiting (shownWaiting: the card pressed, as the platform sent it with
// the press) redraws the card as the decision stands (showDecision). The
// card then still offered a decision the story no longer waits for: it
// was decided on the console, or while its card could not be redrawn.
func (b *Bot) AfterPress(ctx context.Context, id int64, answer Reply, shownWaiting bool) {
	if shownWaiting && IsProblem(answer) {
		b.showDecision(ctx, id)
	}
}

// showDecision redraws the review cards of story id as its decision
// stands, when it is decided: AfterPress calls it when a control was pressed
// on a card that still showed the story waiting, as a card does whose
// story was decided where no card could be redrawn (the console, which has
// no platform, or a run that could not reach the platform then). Without
// it the card kept its Approve, Reject and Edit buttons for good, and the
// answer to the press named "Approve after all on its card", a button the
// card did not have. A story still waiting is left as it is.
func (b *Bot) showDecision(ctx context.Context, id int64) {
	defer b.cards.lock(id)()
	s, err := b.store.Story(ctx, id)
	if err != nil {
		b.log.WarnContext(ctx, "reload story for its review cards", "story", id, "err", err)
		return
	}
	if s.State.Undecided() {
		return
	}
	refs, err := b.store.ReviewCards(ctx, id)
	if err != nil {
		b.log.WarnContext(ctx, "load review cards", "story", id, "err", err)
		return
	}
	card := b.reviewCard(s)
	card.Outcome = b.standingOutcome(s)
	b.updateCards(ctx, id, refs, card)
}

// standingOutcome is a decided card's outcome line as the stored story
// gives it, in the words the decision itself wrote (decidedOutcome).
func (b *Bot) standingOutcome(s digest.Story) string {
	return decidedOutcome(s.State, s.DecidedBy, b.sectorName(s.Sector), strings.TrimSpace(s.RejectReason))
}

// decidedOutcome is a decided card's outcome line: "Approved by @ed into
// Health & Social Care", or "Rejected by @ed: a duplicate" (the reason
// when one was given); "by @…" is left out when nobody is known.
func decidedOutcome(state digest.State, by digest.Person, sector, reason string) string {
	who := ""
	if !by.IsZero() {
		who = " by @" + by.DisplayName()
	}
	if state == digest.StateRejected {
		out := "Rejected" + who
		if reason != "" {
			out += ": " + reason
		}
		return out
	}
	return fmt.Sprintf("Approved%s into %s", who, sector)
}
