package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// subscribe answers /shared subscribe [SECTOR…]. A sector's name of
// several words may be typed as it reads ("local government housing"), as
// order takes it: each run of words that names a sector is one.
func (b *Bot) subscribe(ctx context.Context, req Request, cmd Command) Reply {
	if req.Channel.Direct {
		return problem(fmt.Sprintf("Editions go to channels, not to a direct message, where %s cannot post: "+
			"run `%s subscribe` in the channel that should receive them. Nothing was subscribed.",
			b.cfg.Bot.Name, b.CommandWord(req.Channel.Platform)))
	}
	slugs, reply, ok := b.resolveSectorList(argTexts(cmd))
	if !ok {
		return reply
	}
	if why := req.Channel.CannotPost; why != "" {
		return problem(fmt.Sprintf("This channel was not subscribed: %s. Nothing was changed.", why))
	}
	err := b.store.Subscribe(ctx, store.Subscription{
		Platform:    req.Channel.Platform,
		ChannelID:   req.Channel.ID,
		ChannelName: req.Channel.Name,
		Sectors:     slugs,
		CreatedBy:   req.Caller.ID,
	})
	if err != nil {
		return b.failure(ctx, "subscribe", err)
	}
	what := "every sector"
	if len(slugs) > 0 {
		what = b.sectorNames(slugs)
	}
	next := b.NextPublication(b.now())
	return Reply{Public: true, Body: Message{Tone: Success, Text: fmt.Sprintf(
		"This channel is subscribed to Shared News (%s). The next edition is due %s.", what, next.Format("Monday 2 January at 15:04 MST"))}}
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
	return Reply{Public: true, Body: Message{Tone: Success, Text: "This channel will no longer receive Shared News."}}
}

// status answers /shared status.
func (b *Bot) status(ctx context.Context, req Request, _ Command) Reply {
	v := StatusView{Channel: req.Channel, NextPublication: b.NextPublication(b.now()), Command: b.CommandWord(req.Channel.Platform)}
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
