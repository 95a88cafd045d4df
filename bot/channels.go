package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// subscribe answers /shared subscribe [SECTOR…]. A sector's name of
// several words may be typed as it reads ("local government housing"), as
// order takes it: each run of words that names a sector is one.
func (b *Bot) subscribe(ctx context.Context, req Request, cmd Command) Reply {
	if req.Channel.Direct {
		return Reply{Body: says(Problem, "Editions go to channels, not to a direct message, where %s cannot post: "+
			"run `%s subscribe` in the channel that should receive them. Nothing was subscribed.",
			named(b.Name()), b.CommandWord(req.Channel.Platform))}
	}
	var slugs []string
	switch every, withSectors := b.everySector(argTexts(cmd)); {
	case withSectors:
		return badArgs(fmt.Sprintf("`%s` is every sector, so it takes no sector after it: `subscribe` alone (or `subscribe all`) "+
			"sends every sector here, `subscribe health housing` only those.", clipArg(cmd.Arg(0))))
	case !every:
		var reply Reply
		var ok bool
		if slugs, _, reply, ok = b.resolveSectorList(argTexts(cmd)); !ok {
			return reply
		}
	}
	if why := req.Channel.CannotPost(b.Name()); why.Text != "" {
		return Reply{Body: says(Problem, "This channel was not subscribed: %s. Nothing was changed.", why)}
	}
	what := "every sector"
	if len(slugs) > 0 {
		what = b.sectorNames(slugs)
	}
	next := b.nextEditionDue(ctx)
	// The notice goes first, so that a refused one leaves nothing stored
	// (and a channel's earlier sectors as they were).
	announced, refused := b.announceSubscription(ctx, req, slugs, what, next)
	if refused.Text != "" {
		return Reply{Body: refused}
	}
	resent, err := b.store.Subscribe(ctx, store.Subscription{
		Platform:    req.Channel.Platform,
		ChannelID:   req.Channel.ID,
		ChannelName: req.Channel.Name,
		Sectors:     slugs,
		CreatedBy:   req.Caller.ID,
	})
	if err != nil {
		return b.failure(ctx, "subscribe", err)
	}
	if resent.Edition > 0 {
		b.log.InfoContext(ctx, "failed delivery sent again", "edition", resent.Edition,
			"platform", req.Channel.Platform, "channel", req.Channel.ID)
		next += fmt.Sprintf(", and edition %d, which could not be posted here on %s, is on its way",
			resent.Edition, resent.FailedAt.In(b.loc).Format("2 Jan"))
		b.deliver(ctx)
	}
	body := says(Success, "This channel is subscribed to %s (%s). The next edition is %s.", named(b.Name()), what, next)
	// Where the channel was told in a notice, the answer is the caller's.
	return Reply{Public: !announced, Body: body}
}

// everySector reports whether the words typed after subscribe ask for
// every sector in words ("all", "every sector"), as status and the answers
// say it, unless a configured sector goes by them; withSectors, when they
// begin so and go on ("all health"), which is neither.
func (b *Bot) everySector(words []string) (every, withSectors bool) {
	isEvery := func(text string) bool {
		switch strings.ToLower(strings.Join(strings.Fields(text), " ")) {
		case "all", "every", "everything", "all sectors", "every sector":
			_, err := b.sectors.Resolve(text)
			return err != nil
		}
		return false
	}
	switch {
	case len(words) == 0:
		return false, false
	case isEvery(strings.Join(words, " ")):
		return true, false
	default:
		return false, isEvery(words[0])
	}
}

// nextEditionDue says when the schedule next publishes, to follow "The
// next edition is": "due Thursday 3 December at 09:00 GMT", or, when the
// schedule names no time ahead (zero), that only an editor's publish
// sends one, rather than the zero time's date.
func (b *Bot) nextEditionDue(ctx context.Context) string {
	now := b.now()
	next := b.nextScheduled(ctx, now)
	if next.IsZero() {
		return "not scheduled: the schedule names no time ahead, so editions go out when an editor publishes them"
	}
	return "due " + b.publicationTime(now, next)
}

// announceSubscription posts the notice of a subscription to the channel
// when its platform is an Announcer, as an edition would be posted there.
// It reports whether it posted one, or, when the platform would not take
// it, the sentence refusing the subscription (a Problem; no Text when
// there is none).
func (b *Bot) announceSubscription(ctx context.Context, req Request, slugs []string, what, next string) (announced bool, refused Message) {
	p, _ := b.platform(req.Channel.Platform)
	a, announces := p.(Announcer)
	if !announces {
		return false, Message{}
	}
	command := b.CommandWord(req.Channel.Platform)
	err := a.Announce(ctx, req.Channel.ID, says(Info,
		"@%s subscribed this channel to %s (%s). The next edition is %s; `%s unsubscribe` stops it.",
		named(req.Caller.DisplayName()), named(b.Name()), what, next, command))
	if err == nil {
		return true, Message{}
	}
	var channel *PostRefusedError
	switch {
	case errors.As(err, &channel) && channel.NotMember:
		b.log.InfoContext(ctx, "subscribe refused: the bot is not in the channel", "channel", req.Channel.ID, "err", err)
		again := strings.Join(append([]string{command, "subscribe"}, slugs...), " ")
		return false, says(Problem, "%s is not a member of this channel, so it cannot post editions here and nothing was subscribed: "+
			"add it with `/invite @%s`, then run `%s` again.", named(b.Name()), b.Name(), again)
	case errors.As(err, &channel):
		b.log.InfoContext(ctx, "subscribe refused: the bot may not post in the channel", "channel", req.Channel.ID, "err", err)
		return false, says(Problem, "%s cannot post in this channel (%s), so nothing was subscribed.", named(b.Name()), channel.Reason)
	}
	b.log.WarnContext(ctx, "post the subscription notice", "channel", req.Channel.ID, "err", err)
	return false, says(Problem, "%s could not post in this channel just now, so nothing was subscribed; please try again in a few minutes.", named(b.Name()))
}

// unsubscribe answers /shared unsubscribe.
func (b *Bot) unsubscribe(ctx context.Context, req Request, _ Command) Reply {
	err := b.store.Unsubscribe(ctx, req.Channel.Platform, req.Channel.ID)
	if errors.Is(err, store.ErrNotFound) {
		return info("This channel is not subscribed, so there is nothing to stop.")
	}
	if err != nil {
		return b.failure(ctx, "unsubscribe", err)
	}
	return Reply{Public: true, Body: says(Success, "This channel will no longer receive %s.", named(b.Name()))}
}

// status answers /shared status.
func (b *Bot) status(ctx context.Context, req Request, _ Command) Reply {
	now := b.now()
	from := now // when the next time is due after (scheduleFrom), read with the latest edition below
	v := StatusView{Channel: req.Channel, Command: b.CommandWord(req.Channel.Platform),
		Name: b.Name(), CanSubscribe: b.isEditor(req.Caller) || req.Caller.ChannelAdmin}
	sub, err := b.store.Subscription(ctx, req.Channel.Platform, req.Channel.ID)
	switch {
	case err == nil:
		v.Subscribed = true
		for _, slug := range sub.Sectors {
			if s, ok := b.sectors.Lookup(slug); ok {
				v.Sectors = append(v.Sectors, s)
			} else {
				v.Sectors = append(v.Sectors, digest.Sector{Slug: slug, Name: slug})
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return b.failure(ctx, "load the subscription", err)
	}
	if v.QueueSize, err = b.store.QueueSize(ctx); err != nil {
		return b.failure(ctx, "count the queue", err)
	}
	if draft, err := b.store.Draft(ctx); err == nil {
		v.DraftStories = len(draft.Stories)
	} else if !errors.Is(err, store.ErrNoDraft) {
		return b.failure(ctx, "load the draft", err)
	}
	if latest, err := b.store.LatestEdition(ctx); err == nil {
		v.LatestEdition = latest.Edition.Number
		from = fromPublication(now, latest.Edition.PublishedAt)
		if b.isEditor(req.Caller) {
			ds, err := b.store.Deliveries(ctx, latest.Edition.ID)
			if err != nil {
				return b.failure(ctx, "load deliveries", err)
			}
			if t := b.tallyDeliveries(ctx, latest.Edition.Number, ds); t.Total() > 0 {
				v.Delivery = &t
			}
			if v.Email, err = b.emailStatus(ctx, latest.Edition.Number, ds); err != nil {
				return b.failure(ctx, "count email readers", err)
			}
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return b.failure(ctx, "load the latest edition", err)
	} else if b.isEditor(req.Caller) {
		if v.Email, err = b.emailStatus(ctx, 0, nil); err != nil {
			return b.failure(ctx, "count email readers", err)
		}
	}
	v.NextPublication = b.NextPublication(from)
	return Reply{Body: v}
}

// feeds answers /shared feeds.
func (b *Bot) feeds(ctx context.Context, req Request, _ Command) Reply {
	if len(b.cfg.Feeds.Sources) == 0 {
		return info("No feeds are configured. Add [[feeds.source]] entries to the configuration file to fill the newswire.")
	}
	health, err := b.store.FeedHealths(ctx)
	if err != nil {
		return b.failure(ctx, "load feed health", err)
	}
	var items []FeedStatus
	for _, f := range b.cfg.Feeds.Sources {
		item := FeedStatus{Name: f.Name, URL: f.ShownURL(), Health: health[f.URL]}
		if f.Sector != "" {
			if s, err := b.sectors.Resolve(f.Sector); err == nil {
				item.Sector = s.Name
			}
		}
		items = append(items, item)
	}
	return Reply{Body: FeedList{Items: items, Command: b.CommandWord(req.Channel.Platform)}}
}
