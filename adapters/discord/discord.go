// Package discord is the Discord adapter: it runs the Shared News
// conversation inside a Discord server. It registers /shared as a slash
// command with typed subcommands, receives interactions over the gateway
// or, with a public key, as signed HTTP requests, answers them through the
// shared router with embeds, runs the review channel with buttons, a
// sector select and an edit form, and posts editions as embeds within
// Discord's limits. It implements bot.Platform like every other adapter.
//
// It uses github.com/bwmarrin/discordgo for the gateway and REST API. Every
// message it sends parses no mentions, and text from feeds and members is
// neutralised so that it cannot ping anyone.
package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
)

// PlatformName is the key the adapter uses for subscriptions and users.
const PlatformName = "discord"

// defaultDeferAfter leaves time, within Discord's three seconds, for the
// deferral itself to arrive when a command is slow.
const defaultDeferAfter = 1500 * time.Millisecond

// restTimeout bounds one REST request, rate-limit waits aside.
const restTimeout = 20 * time.Second

// Options configure an Adapter beyond the [discord] configuration.
type Options struct {
	// Transport carries REST requests once they are pointed at
	// discord.api_url; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives one line per event; nil discards.
	Logger *slog.Logger
	// DeferAfter is how long an interaction's work may run before the
	// adapter acknowledges it and answers later; zero means 1.5 seconds.
	DeferAfter time.Duration
	// Now is the clock signature timestamps are checked against; nil means
	// time.Now.
	Now func() time.Time
}

// Adapter connects one Discord application to the bot.
type Adapter struct {
	bot        *bot.Bot
	cfg        config.Discord
	session    *discordgo.Session
	publicKey  ed25519.PublicKey // nil: HTTP interactions are refused
	log        *slog.Logger
	deferAfter time.Duration
	now        func() time.Time

	// base is the context interactions are answered under. An HTTP
	// interaction outlives its request (a deferred answer follows it), so
	// its work cannot use the request's context; base ends when Run stops.
	base   context.Context
	cancel context.CancelFunc
	work   tracker
}

// New builds the adapter for b from the [discord] configuration (already
// validated, secrets filled in from the environment) and registers it with
// b as a platform. It does not connect: RegisterCommands and Run do.
func New(b *bot.Bot, cfg config.Discord, opts Options) (*Adapter, error) {
	api, err := url.Parse(cfg.APIURL)
	if err != nil || api.Host == "" || (api.Scheme != "http" && api.Scheme != "https") {
		return nil, fmt.Errorf("discord: api_url %q is not an absolute http(s) URL", cfg.APIURL)
	}
	a := &Adapter{bot: b, cfg: cfg, log: opts.Logger, deferAfter: opts.DeferAfter, now: opts.Now}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: public_key must be %d bytes in hex", ed25519.PublicKeySize)
		}
		a.publicKey = ed25519.PublicKey(key)
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.deferAfter <= 0 {
		a.deferAfter = defaultDeferAfter
	}
	if a.now == nil {
		a.now = time.Now
	}
	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	s, err := discordgo.New("Bot " + cfg.BotToken)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = &http.Client{Timeout: restTimeout, Transport: &apiRewriter{base: api, next: transport}}
	// Interactions reach a bot whatever its intents; Guilds is the least a
	// gateway session asks for, and no intent here is privileged.
	s.Identify.Intents = discordgo.IntentsGuilds
	s.StateEnabled = false
	s.AddHandler(a.onInteractionCreate)
	s.AddHandler(a.onRawEvent)
	a.session = s
	a.base, a.cancel = context.WithCancel(context.Background())
	b.AddPlatform(a)
	return a, nil
}

// Name implements bot.Platform.
func (a *Adapter) Name() string { return PlatformName }

// command is the slash command as members type it, e.g. "/shared".
func (a *Adapter) command() string { return a.bot.CommandWord(PlatformName) }

// stop refuses new interactions, gives those in progress a grace period to
// finish their answers, then cancels the rest and waits for them.
func (a *Adapter) stop(grace time.Duration) {
	a.work.close()
	done := make(chan struct{})
	go func() {
		a.work.wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(grace):
		a.log.Warn("interactions still running at shutdown; cancelling them")
	}
	a.cancel()
	<-done
}

// tracker counts interactions being answered so that shutdown can wait for
// them, and refuses new ones once shutdown has begun.
type tracker struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// add registers one interaction; it returns false once the tracker is closed.
func (t *tracker) add() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.wg.Add(1)
	return true
}

func (t *tracker) done() { t.wg.Done() }

func (t *tracker) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
}

func (t *tracker) wait() { t.wg.Wait() }
