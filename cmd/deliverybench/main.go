// Command deliverybench delivers a 40-story edition to 1,000 channels (half
// on Slack, half on Discord) against rate-limited fakes of both platforms,
// with the real delivery worker, adapters and SQLite ledger, and checks
// that every channel got every message once, in order. With -kill the
// delivering process is a child that is killed (SIGKILL) at random points
// and restarted; with -processes N, N children deliver at once from the
// same database. The last line printed is
//
//	channels=N total=…s floor=…s ratio=… duplicates=N missing=N
//
// where floor is the time the fakes' rate limits alone force.
//
// With -email N it mails one edition to N readers through a local SMTP
// server instead, at -per-second (email.per_second); see email.go for its
// last line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/delivery"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if isChild(os.Getenv) {
		err = runChild(ctx, os.Getenv, os.Stderr)
	} else {
		err = run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	}
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the flag package printed the usage
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "deliverybench:", err)
		os.Exit(1)
	}
}

// run is the benchmark.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("deliverybench", flag.ContinueOnError)
	channels := fs.Int("channels", 1000, "subscribed channels, half on Slack and half on Discord")
	stories := fs.Int("stories", 40, "stories in the edition")
	kill := fs.Bool("kill", false, "deliver in a child process that is killed (SIGKILL) at random points and restarted")
	kills := fs.Int("kills", 3, "with -kill: how many children are killed")
	workers := fs.Int("workers", 0, "channels posted to at once, per process (0: the worker's default)")
	processes := fs.Int("processes", 1, "deliver from this many processes at once, sharing the database")
	lease := fs.Duration("lease", 5*time.Second, "how long a delivery's claim lasts unless renewed (run's default is 1m)")
	seed := fs.Uint64("seed", uint64(time.Now().UnixNano()), "random seed for the kill times")
	readers := fs.Int("email", 0, "instead of channels: mail one edition to this many readers through a local SMTP server")
	perSecond := fs.Float64("per-second", 100, "with -email: email.per_second, the sending rate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *readers > 0 {
		return runEmail(ctx, *readers, *perSecond, *kill, *kills, *seed, stdout, stderr)
	}
	dir, err := os.MkdirTemp("", "deliverybench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	slackOpts, discordOpts := slackLimits(), discordLimits()
	sl, dc := slacktest.New(slackOpts), discordtest.New(discordOpts)
	slackURL, stopSlack, err := serve(sl)
	if err != nil {
		return err
	}
	defer stopSlack()
	discordURL, stopDiscord, err := serve(dc)
	if err != nil {
		return err
	}
	defer stopDiscord()
	ep := endpoints{DB: filepath.Join(dir, "bench.db"), SlackURL: slackURL, DiscordURL: discordURL}
	if err := publish(ctx, benchConfig(ep), *stories, *channels); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	opts := delivery.Options{Workers: *workers, Backoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxAttempts: 10,
		Lease: *lease}

	exe, err := os.Executable()
	if err != nil {
		return err
	}
	start := time.Now()
	killed := 0
	switch {
	case *kill:
		plan := killPlan{Kills: *kills, Min: 500 * time.Millisecond, Max: 8 * time.Second, Rand: rand.New(rand.NewPCG(*seed, 1))}
		killed, err = runChildren(ctx, exe, nil, childVars(ep, opts), plan, stderr)
		if err != nil {
			return err
		}
	case *processes > 1:
		if err := runTogether(ctx, exe, nil, childVars(ep, opts), *processes, stderr); err != nil {
			return err
		}
	default:
		log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if err := deliver(ctx, ep, opts, log, nil); err != nil {
			return err
		}
	}
	total := time.Since(start)

	t, err := check(ctx, ep, sl, dc)
	if err != nil {
		return err
	}
	slackChannels, discordChannels := channelIDs(*channels)
	floor := floorOf(len(slackChannels), len(discordChannels), t.SlackParts, t.DiscordParts, slackOpts, discordOpts)
	ss, ds := sl.Stats(), dc.Stats()
	fmt.Fprintf(stdout, "edition: %d stories, %d Slack messages, %d Discord messages per channel\n", *stories, t.SlackParts, t.DiscordParts)
	fmt.Fprintf(stdout, "slack: %d posts, %d answered 429; discord: %d posts, %d answered 429; children killed: %d\n",
		ss.Posts, ss.RateLimited, ds.Posts, ds.RateLimited, killed)
	fmt.Fprintf(stdout, "slack posts from %.2fs to %.2fs; discord posts from %.2fs to %.2fs\n",
		ss.First.Sub(start).Seconds(), ss.Last.Sub(start).Seconds(), ds.First.Sub(start).Seconds(), ds.Last.Sub(start).Seconds())
	fmt.Fprintf(stdout, "check: %s\n", t)
	ratio := math.Inf(1)
	if floor > 0 {
		ratio = total.Seconds() / floor.Seconds()
	}
	fmt.Fprintf(stdout, "channels=%d total=%.2fs floor=%.2fs ratio=%.3f duplicates=%d missing=%d\n",
		t.Channels, total.Seconds(), floor.Seconds(), ratio, t.Duplicates, t.Missing)
	if t.Duplicates+t.Missing+t.Disordered+t.Undone > 0 {
		return errors.New("some channels did not get the edition exactly once, in order")
	}
	return nil
}

// slackLimits are Slack's published chat.postMessage limit: about one
// message a second per channel, with a small burst.
func slackLimits() slacktest.Options { return slacktest.Options{PerChannelRate: 1, Burst: 3} }

// discordLimits are Discord's: 50 requests a second for the whole bot, and
// 5 messages per 5 seconds per channel.
func discordLimits() discordtest.Options {
	return discordtest.Options{GlobalPerSecond: 50, RouteLimit: 5, RoutePeriod: 5 * time.Second}
}

// floorOf is the time the fakes' limits alone force on the delivery: the
// longest of Slack's per-channel rate (after its burst), Discord's global
// limit over all its messages, and Discord's per-channel bucket.
func floorOf(slackChannels, discordChannels, slackParts, discordParts int, so slacktest.Options, do discordtest.Options) time.Duration {
	var floor time.Duration
	if slackChannels > 0 && slackParts > so.Burst {
		floor = max(floor, time.Duration(float64(slackParts-so.Burst)/so.PerChannelRate*float64(time.Second)))
	}
	if discordChannels > 0 {
		msgs := discordChannels * discordParts
		floor = max(floor, time.Duration((msgs+do.GlobalPerSecond-1)/do.GlobalPerSecond-1)*time.Second)
		floor = max(floor, time.Duration((discordParts+do.RouteLimit-1)/do.RouteLimit-1)*do.RoutePeriod)
	}
	return floor
}

// serve runs h on a loopback port until stop is called.
func serve(h http.Handler) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln)
	}()
	return "http://" + ln.Addr().String(), func() {
		srv.Close()
		<-done
	}, nil
}
