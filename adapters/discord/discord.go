// Package discord is the Discord adapter: it runs the Shared News
// conversation inside a Discord server. It registers /shared as a slash
// command, receives interactions over the gateway or, with a public key,
// as signed HTTP requests, answers them through the shared router, runs
// the review channel with buttons, a sector select and an edit form, and
// posts editions as digest lays them out for chat (digest.Outline.Chat), a
// section an embed, within Discord's limits. It implements bot.Platform
// and delivery.Destination like every other adapter, with their shape:
// New(bot, config, Options), Mount for its HTTP endpoint, Run to connect
// and serve, draining its background work before it returns.
//
// It uses github.com/bwmarrin/discordgo for the gateway and REST API. Every
// message it sends parses no mentions, and text from feeds and members is
// neutralised so that it cannot ping anyone.
package discord

import (
	"cmp"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/tasks"
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
	Logger    *slog.Logger // one line per event; nil discards
	// DeferAfter is how long an interaction's work may run before the
	// adapter acknowledges it and answers later; zero means 1.5 seconds.
	DeferAfter time.Duration
	Now        func() time.Time // the clock signatures are checked against; nil means time.Now
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
	self       atomic.Pointer[string] // the bot's user ID, from READY
	editorRole string                 // [editors] discord_role
	rest       *apiRewriter           // sends the session's REST requests to discord.api_url
	connected  atomic.Bool            // the gateway session is up (onEvent), for /metrics
	dropped    chan struct{}          // signalled when the gateway session drops, for Run
	// gateway is the session Run connects: session at first, a new one
	// each time Discord will not resume the last (connect). Only Run's
	// goroutine touches it; REST stays on session, which is never replaced.
	gateway *discordgo.Session

	mu       sync.Mutex
	botRoles map[string]map[string]string // server ID → bot user ID → the role Discord made for it there

	// tasks answers interactions: an HTTP interaction outlives its request
	// (a deferred answer follows it), so its work cannot use the request's
	// context; the tasks are drained when Run stops.
	tasks *tasks.Group
}

// New builds the adapter for b from the configuration's [discord] section
// (validated, secrets filled in from the environment) and registers it
// with b as a platform. It does not connect: Run does.
func New(b *bot.Bot, config *config.Config, opts Options) (*Adapter, error) {
	if b == nil || config == nil {
		return nil, errors.New("discord adapter: bot and config are required")
	}
	cfg := config.Discord
	api, err := url.Parse(cfg.APIURL)
	if err != nil || api.Host == "" || (api.Scheme != "http" && api.Scheme != "https") {
		return nil, fmt.Errorf("discord: api_url %q is not an absolute http(s) URL", cfg.APIURL)
	}
	a := &Adapter{bot: b, cfg: cfg, now: opts.Now, editorRole: config.Editors.DiscordRole,
		deferAfter: cmp.Or(max(opts.DeferAfter, 0), defaultDeferAfter),
		botRoles:   map[string]map[string]string{}, dropped: make(chan struct{}, 1),
		log:  cmp.Or(opts.Logger, slog.New(slog.DiscardHandler)).With("platform", PlatformName),
		rest: &apiRewriter{base: api, next: cmp.Or(opts.Transport, http.DefaultTransport)}}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: public_key must be %d bytes in hex", ed25519.PublicKeySize)
		}
		a.publicKey = ed25519.PublicKey(key)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.session, err = a.newSession(); err != nil {
		return nil, err
	}
	a.gateway = a.session
	a.tasks = tasks.New(0, a.log)
	b.AddPlatform(a)
	return a, nil
}

// newSession makes a discordgo session that sends its REST requests to
// discord.api_url and, connected, serves the gateway with the adapter's
// handlers. discordgo resumes a session's last gateway session whenever it
// holds one, and never forgets it: a new session is how the adapter
// identifies anew.
func (a *Adapter) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + a.cfg.BotToken)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = &http.Client{Timeout: restTimeout, Transport: a.rest}
	// Interactions reach a bot whatever its intents; Guilds is the least a
	// session asks for. No intent here is privileged.
	s.Identify.Intents = discordgo.IntentsGuilds | messageIntents
	s.StateEnabled = false
	s.ShouldReconnectOnError = false // Run connects again, and stops on a refusal
	s.AddHandler(a.onEvent)
	return s, nil
}

// Connected reports whether the gateway session is up: the bot hears
// mentions and gateway interactions only while it is.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Name implements bot.Platform.
func (a *Adapter) Name() string { return PlatformName }

// Mount serves POST /discord/interactions on m when discord.public_key is
// set (Discord then sends interactions there rather than over the
// gateway); without a key there is nothing to mount.
func (a *Adapter) Mount(m bot.Mux) {
	if a.publicKey != nil {
		m.Handle("POST /discord/interactions", a)
	}
}
