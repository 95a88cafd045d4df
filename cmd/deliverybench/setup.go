package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/adapters/slack"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// endpoints are where the delivering process finds the fakes and the ledger.
type endpoints struct {
	DB, SlackURL, DiscordURL string
}

// benchConfig is the configuration of a bot that delivers to the fakes.
func benchConfig(ep endpoints) *config.Config {
	cfg := config.Default()
	cfg.Bot.Database = ep.DB
	cfg.Slack.Enabled = true
	cfg.Slack.BotToken = "xoxb-bench"
	cfg.Slack.SigningSecret = "bench"
	cfg.Slack.APIURL = ep.SlackURL + "/api/"
	cfg.Discord.Enabled = true
	cfg.Discord.BotToken = "bench"
	cfg.Discord.ApplicationID = "100000000000000001"
	cfg.Discord.APIURL = ep.DiscordURL + "/api/v10/"
	return cfg
}

// channelIDs names n subscribed channels, alternately on Slack and Discord.
func channelIDs(n int) (slackIDs, discordIDs []string) {
	for i := range n {
		if i%2 == 0 {
			slackIDs = append(slackIDs, fmt.Sprintf("C%06d", i))
		} else {
			discordIDs = append(discordIDs, fmt.Sprintf("7%017d", i))
		}
	}
	return slackIDs, discordIDs
}

// publish fills a fresh database with a draft of the given number of
// stories, subscribes the channels and publishes, recording one pending
// delivery per channel.
func publish(ctx context.Context, cfg *config.Config, stories, channels int) error {
	return publishTo(ctx, cfg, stories, func(st *store.Store) error { return subscribeChannels(ctx, st, channels) })
}

// subscribeChannels subscribes n channels, alternately on Slack and
// Discord (channelIDs).
func subscribeChannels(ctx context.Context, st *store.Store, n int) error {
	slackIDs, discordIDs := channelIDs(n)
	for _, sub := range []struct {
		platform string
		ids      []string
	}{{"slack", slackIDs}, {"discord", discordIDs}} {
		for _, id := range sub.ids {
			if _, err := st.Subscribe(ctx, store.Subscription{Platform: sub.platform, ChannelID: id, ChannelName: id}); err != nil {
				return err
			}
		}
	}
	return nil
}

// publishTo fills a fresh database with a draft of the given number of
// stories and the recipients that subscribe adds, and publishes it. With no
// worker, publishing only records a pending delivery per recipient: the
// delivering process sends.
func publishTo(ctx context.Context, cfg *config.Config, stories int, subscribe func(*store.Store) error) error {
	st, err := store.Open(ctx, cfg.Bot.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := approveStories(ctx, st, cfg, stories); err != nil {
		return err
	}
	if err := subscribe(st); err != nil {
		return err
	}
	b, err := bot.New(bot.Options{Config: cfg, Store: st})
	if err != nil {
		return err
	}
	_, err = b.Publish(ctx)
	return err
}

// deliver is the delivering process: the real delivery worker with the
// real Slack and Discord adapters, sending every open delivery to the
// fakes, and with mail (not nil) the email edition too.
func deliver(ctx context.Context, ep endpoints, opts delivery.Options, log *slog.Logger, mail *mailServer) error {
	cfg := benchConfig(ep)
	st, err := store.Open(ctx, cfg.Bot.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := bot.New(bot.Options{Config: cfg, Store: st, Logger: log})
	if err != nil {
		return err
	}
	opts.Store, opts.Sectors, opts.Reporter, opts.Logger, opts.Subscribe = st, b.Sectors(), b, log, b.ChatSubscribe
	if opts.RateLimitedFor == 0 {
		// The bench's backoffs are seconds, for its faults to be retried
		// fast, which would make the window of 429s seconds too; its
		// Discord global limit holds a copy back for most of the run.
		opts.RateLimitedFor = time.Hour
	}
	w, err := delivery.New(opts)
	if err != nil {
		return err
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 256
	client := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	sl, err := slack.New(b, cfg, slack.Options{HTTPClient: client, Logger: log})
	if err != nil {
		return err
	}
	dc, err := discord.New(b, cfg, discord.Options{Transport: transport, Logger: log})
	if err != nil {
		return err
	}
	w.Add(sl)
	w.Add(dc)
	if mail != nil {
		svc, closeSender, err := emailService(ctx, st, cfg, *mail, log)
		if err != nil {
			return err
		}
		defer closeSender()
		w.Add(svc)
	}
	w.Deliver(ctx)
	return ctx.Err()
}

// approveStories submits and approves the given number of stories into
// the draft.
func approveStories(ctx context.Context, st *store.Store, cfg *config.Config, stories int) error {
	sectors := cfg.DigestSectors()
	editor := digest.Person{Platform: "console", ID: "bench", Name: "bench"}
	for i := range stories {
		s, err := st.Submit(ctx, store.Submission{Limit: stories + 1, Story: digest.Story{
			URL:        fmt.Sprintf("https://news.example.org/2026/story-%d", i),
			Headline:   fmt.Sprintf("Councils %d agree to share a chief executive and a back office across the county", i),
			Summary:    strings.Repeat("The authorities expect savings from joint procurement and shared services. ", 4),
			Source:     "Local Government Chronicle",
			Commentary: map[bool]string{true: "A model others are watching.", false: ""}[i%3 == 0],
			Sector:     sectors[i%len(sectors)].Slug,
			Submitter:  editor,
		}})
		if err != nil {
			return fmt.Errorf("story %d: %w", i, err)
		}
		if _, err := st.Approve(ctx, store.Decision{StoryID: s.ID, By: editor}); err != nil {
			return fmt.Errorf("approve story %d: %w", i, err)
		}
	}
	return nil
}
