package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/sharednews/sharednews/classify"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/feeds"
	"github.com/sharednews/sharednews/store"
)

// cmdIngest answers `sharednews ingest`: it polls every configured feed
// once, whatever its schedule, and prints one line per feed (fetched, not
// modified, or failed and why; new and queued stories) and a total. It fails
// (exit 1) when any feed failed, saying how many, having stored what the
// others gave; when every feed failed, which usually means no network, it
// asks about the network only when no feed could be reached.
func cmdIngest(ctx context.Context, path string, args []string, e env) error {
	a, err := openQuiet(ctx, "ingest", path, args, e)
	if err != nil {
		return err
	}
	defer a.store.Close()
	if len(a.cfg.Feeds.Sources) == 0 {
		fmt.Fprintln(e.stdout, "No feeds are configured: add [[feeds.source]] entries to the configuration file to fill the newswire.")
		return nil
	}
	// Each feed's outcome is printed, so only errors beyond that are logged.
	quiet := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	p, err := newPoller(ctx, a, quiet)
	if err != nil {
		return err
	}
	results, err := p.PollOnce(ctx)
	if err != nil {
		return err
	}
	for _, r := range results {
		if r.New > 0 {
			mergeAfterLoad(ctx, a.store, e.stderr, "ingest")
			break
		}
	}
	return printIngest(e.stdout, results, a.bot.CommandWord(chatPlatform(a.cfg)))
}

// printIngest writes one line per feed (name, outcome, new and queued
// stories, entries held back as duplicates, and why it failed), a line
// saying where a feed moved permanently, a line per held-back entry saying
// what it duplicated and how to keep it, and a total line.
func printIngest(w io.Writer, results []feeds.Result, command string) error {
	var fetched, notModified, failed, added, queued, held int
	width := 0
	for _, r := range results {
		width = max(width, utf8.RuneCountInString(r.Source.Name))
	}
	for _, r := range results {
		name := r.Source.Name + strings.Repeat(" ", width-utf8.RuneCountInString(r.Source.Name))
		why := ""
		switch r.Status {
		case feeds.StatusFailed:
			failed++
			why = " (" + r.Reason + ")"
		case feeds.StatusNotModified:
			notModified++
		default:
			fetched++
		}
		heldBack := ""
		if n := len(r.HeldBack); n > 0 {
			heldBack = ", " + digest.Plural(n, "held back as a duplicate", "held back as duplicates")
		}
		if r.Corrected > 0 {
			heldBack += ", " + digest.Plural(r.Corrected, "waiting story", "waiting stories") + " corrected by the publisher"
		}
		if r.Filtered > 0 {
			heldBack += fmt.Sprintf(", %d left on the newswire by its filters", r.Filtered)
		}
		if left := feeds.LeftOutWords(r.LeftOut); len(left) > 0 {
			// Entries that cannot be stories are said, not lost silently.
			heldBack += ", left out " + strings.Join(left, " and ")
		}
		fmt.Fprintf(w, "%s  %-12s  %d new, %d queued%s%s\n", name, r.Status, r.New, r.Queued, heldBack, why)
		if r.MovedTo != "" {
			fmt.Fprintf(w, "    moved permanently to %s: change its url in the configuration\n", r.MovedTo)
		}
		for _, hb := range r.HeldBack {
			if hb.SharesLink() {
				// Its link is the story's: there is no other page to keep.
				fmt.Fprintf(w, "    held back: “%s” %s has the link of #%d “%s” (one link is one story)\n",
					hb.Entry.Headline, hb.Entry.URL, hb.Of.ID, hb.Of.Headline)
				continue
			}
			fmt.Fprintf(w, "    held back: “%s” %s looks like #%d “%s”; to keep it: %s submit %s\n",
				hb.Entry.Headline, hb.Entry.URL, hb.Of.ID, hb.Of.Headline, command, hb.Entry.URL)
		}
		added += r.New
		queued += r.Queued
		held += len(r.HeldBack)
	}
	heldBack := ""
	if held > 0 {
		heldBack = ", " + digest.Plural(held, "held back as a duplicate", "held back as duplicates")
	}
	fmt.Fprintf(w, "Total: %s (%d fetched, %d not modified, %d failed); %s, %d queued for review%s\n",
		digest.Plural(len(results), "feed", "feeds"), fetched, notModified, failed, digest.Plural(added, "new story", "new stories"), queued, heldBack)
	for _, r := range results {
		// A database that cannot be written is the cause, not the network.
		if err := r.Err; errors.As(err, new(*store.DiskFullError)) || errors.As(err, new(*store.ReadOnlyError)) {
			return fmt.Errorf("new stories could not be stored: %w", err)
		}
	}
	switch {
	case failed == len(results):
		return everyFeedFailed(results)
	case failed > 0:
		// The exit status is what cron and systemd timers read: a feed
		// failing for weeks went unnoticed while ingest exited 0.
		reasons := "the reasons are on their lines above"
		if failed == 1 {
			reasons = "the reason is on its line above"
		}
		return fmt.Errorf("%d of %d feeds failed: %s; what the others gave was stored", failed, len(results), reasons)
	}
	return nil
}

// everyFeedFailed is ingest's error when no feed could be read: a question
// about the network when none of them could be reached, or else a pointer
// to the reasons printed above (a feed over a limit, a server answering
// 404, is not a machine offline).
func everyFeedFailed(results []feeds.Result) error {
	for _, r := range results {
		if !r.Unreachable() {
			if len(results) == 1 {
				return errors.New("the feed failed: the reason is on its line above")
			}
			return errors.New("every feed failed: the reasons are on their lines above")
		}
	}
	return errors.New("every feed failed to connect; is this machine online?")
}

// chatPlatform is the platform editors most likely type commands in: Slack
// when it is enabled, else Discord, else neither ("").
func chatPlatform(cfg *config.Config) string {
	switch {
	case cfg.Slack.Enabled:
		return "slack"
	case cfg.Discord.Enabled:
		return "discord"
	}
	return ""
}

// startFeedPoller runs the newswire until ctx ends: every feed is polled at
// start and again whenever it is due. It returns nil when ctx ends, or an
// error if the poller cannot start.
func startFeedPoller(ctx context.Context, a *app) error {
	p, err := newPoller(ctx, a, a.log)
	if err != nil {
		return err
	}
	return p.Run(ctx)
}

// newPoller builds the newswire poller of an app. New stories get their
// sector from the same kind of model the bot suggests with (the configured
// keywords plus every story editors have approved), with the feed's sector
// hint passed to it.
func newPoller(ctx context.Context, a *app, logger *slog.Logger) (*feeds.Poller, error) {
	metrics, err := feeds.NewMetrics(a.reg)
	if err != nil {
		return nil, err
	}
	return feeds.New(feeds.Options{
		Feeds:     a.cfg.Feeds,
		Sectors:   digest.Sectors(a.cfg.DigestSectors()),
		Store:     a.store,
		Suggester: a.model, // the bot's own model, which learns from every decision
		WithHint:  classify.WithHint,
		OnQueued: func(ctx context.Context, queued []digest.Story) {
			for _, s := range queued {
				a.bot.PostReviewCards(ctx, s)
			}
		},
		OnCorrected: a.bot.PublisherCorrected,
		Logger:      logger,
		Metrics:     metrics,
	})
}
