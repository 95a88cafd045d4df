// Package slack is the Slack adapter: it carries /shared commands, @mentions,
// review-card buttons and edit forms from Slack to the bot, and renders the
// bot's structured replies, review cards and editions as Block Kit: an
// edition as digest lays it out for chat (digest.Outline.Chat), in mrkdwn
// sections of 3,000 characters and messages of 50 blocks.
//
// Like every adapter it is built with New(bot, config, Options), mounts its
// HTTP endpoints with Mount and runs with Run, which drains its background
// work before it returns. It hears Slack through the same handlers in
// Socket Mode (slack.mode = "socket": an outbound WebSocket, no public URL)
// or HTTP ("http": signed requests to the bot's own server). Anything that
// may take longer than Slack's three seconds is acknowledged at once and
// finished in a background task.
package slack

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/lookup"
	"github.com/sharednews/sharednews/tasks"
)

// PlatformName is the key the adapter uses for subscriptions, users and
// review cards.
const PlatformName = "slack"

// Options configure an Adapter beyond the configuration.
type Options struct {
	// HTTPClient carries every call to Slack (the Web API, response_url);
	// nil is a client with a 30-second timeout that keeps connections open.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// Now is the clock for request signatures and caches; nil means time.Now.
	Now func() time.Time
}

// Adapter is the Slack platform. It implements bot.Platform and is safe for
// concurrent use.
type Adapter struct {
	bot *bot.Bot
	cfg config.Slack
	api *slackgo.Client
	// ledger is api without slack-go's retries, for the delivery worker's
	// calls (posting an edition, looking for its parts): a 429 is returned
	// at once (delivery.RetryAfterError), so the worker records it, frees
	// its slot and tries again later, rather than slack-go sleeping unseen.
	ledger *slackgo.Client
	http   *http.Client
	log    *slog.Logger
	now    func() time.Time
	tasks  *tasks.Group
	// editors is editors.slack_usergroup ("" for none); users and members
	// cache what users.info and usergroups.users.list say (see caller).
	editors string
	users   *lookup.Cache[userFacts]
	members *lookup.Cache[[]string] // the editors' group: a few people, so a list
	// connected is what Connected reports to /metrics.
	connected atomic.Bool
}

// Connected reports whether the adapter can hear from Slack now: Socket
// Mode connected, or http mode (Slack calls the endpoints; there is no
// connection to lose).
func (a *Adapter) Connected() bool { return a.connected.Load() }

// New builds the adapter for b from the configuration's [slack] and
// [editors] sections (validated, secrets filled in from the environment)
// and registers it with b as the "slack" platform, so review cards and
// notifications reach Slack. It does not connect: Run does.
func New(b *bot.Bot, config *config.Config, opts Options) (*Adapter, error) {
	if b == nil || config == nil {
		return nil, errors.New("slack adapter: bot and config are required")
	}
	cfg := config.Slack
	if cfg.BotToken == "" {
		return nil, errors.New("slack adapter: no bot token; set SLACK_BOT_TOKEN")
	}
	a := &Adapter{bot: b, cfg: cfg, now: opts.Now}
	a.log = cmp.Or(opts.Logger, slog.New(slog.DiscardHandler)).With("platform", PlatformName)
	if a.now == nil {
		a.now = time.Now
	}
	a.http = tasks.WithWholeSecondsRetryAfter(cmp.Or(opts.HTTPClient, defaultHTTPClient()), a.now)
	apiOpts := []slackgo.Option{
		slackgo.OptionHTTPClient(a.http),
		slackgo.OptionLog(a.debugLog()),
		slackgo.OptionAPIURL(cmp.Or(cfg.APIURL, slackgo.APIURL)),
		slackgo.OptionAppLevelToken(cfg.AppToken),
	}
	a.ledger = slackgo.New(cfg.BotToken, apiOpts...)
	// Answers, cards and notices have no ledger to come back to them: a
	// rate limit is waited out, within the caller's context, not dropped.
	// slack-go retries only when this comes after OptionHTTPClient.
	apiOpts = append(apiOpts, slackgo.OptionRetryConfig(slackgo.RetryConfig{MaxRetries: 3, RetryAfterDuration: rateLimitWait}))
	a.api = slackgo.New(cfg.BotToken, apiOpts...)
	a.editors = config.Editors.SlackUsergroup
	a.users = lookup.New[userFacts](userTTL, lookupTimeout, a.now)
	a.members = lookup.New[[]string](groupTTL, lookupTimeout, a.now)
	a.tasks = tasks.New(tasks.DefaultTimeout, a.log)
	b.AddPlatform(a)
	return a, nil
}

// Name implements bot.Platform.
func (a *Adapter) Name() string { return PlatformName }

// Mount serves POST /slack/commands, /slack/interactions and /slack/events
// on m in http mode (socket mode has nothing to mount). A request without
// a valid X-Slack-Signature under five minutes old gets 401, nothing done.
func (a *Adapter) Mount(m bot.Mux) {
	if a.cfg.Mode == "http" {
		a.handle(m)
	}
}

// handle puts the three endpoints on m.
func (a *Adapter) handle(m bot.Mux) {
	m.Handle("POST /slack/commands", http.HandlerFunc(a.serveCommand))
	m.Handle("POST /slack/interactions", http.HandlerFunc(a.serveInteraction))
	m.Handle("POST /slack/events", http.HandlerFunc(a.serveEvent))
}

// rateLimitWait is how long a 429 that names no wait (no Retry-After,
// as a proxy's may not) is waited out.
const rateLimitWait = 5 * time.Second

// startTimeout bounds the token check Run makes first.
const startTimeout = 10 * time.Second

// Run checks the bot token with Slack (refused, an error; unreachable, a
// warning: Socket Mode keeps trying), then serves until ctx is done, in
// Socket Mode or through the endpoints Mount put on the server. Before it
// returns it drains the background work, giving it ten seconds.
func (a *Adapter) Run(ctx context.Context) (err error) {
	defer a.tasks.DrainInto(ctx, &err)
	if a.cfg.Mode == "http" {
		// Slack reaches the endpoints Mount put on the server as soon as
		// it serves, while the token is still being checked (up to
		// startTimeout): /metrics says so from the start.
		a.connected.Store(true)
		defer a.connected.Store(false)
	}
	checkCtx, cancel := context.WithTimeout(ctx, startTimeout)
	who, err := a.api.AuthTestContext(checkCtx) // auth.test: whose token it is
	cancel()
	var refused slackgo.SlackErrorResponse
	switch {
	case errors.As(err, &refused):
		return fmt.Errorf("slack auth.test: %w: %s", ErrTokenRefused, refused.Err)
	case err != nil: // the network, Slack itself: not the token
		a.log.WarnContext(ctx, "slack could not be reached at start; carrying on", "err", fmt.Errorf("slack auth.test: %w", err))
	default:
		a.log.InfoContext(ctx, "slack bot token accepted", "team", who.Team, "bot_user", who.UserID)
	}
	if a.cfg.Mode == "http" {
		a.log.InfoContext(ctx, "slack: http mode", "endpoints", "POST /slack/commands, /slack/interactions, /slack/events")
		<-ctx.Done()
		return nil
	}
	a.log.InfoContext(ctx, "slack: socket mode")
	return a.runSocket(ctx)
}

// defaultHTTPClient keeps more idle connections per host than Go's
// default of two: answers to a busy channel go to the same few Slack hosts,
// and a new TLS connection for each would cost more than the answer.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	return &http.Client{Timeout: 30 * time.Second, Transport: t}
}

// debugLog passes slack-go's own log lines to slog at debug level.
// slack-go logs only in its debug mode, which is off; this keeps its
// default logger from writing to stderr behind slog's back.
func (a *Adapter) debugLog() *log.Logger { return slog.NewLogLogger(a.log.Handler(), slog.LevelDebug) }

// ErrTokenRefused says Slack refused the bot token: a configuration
// problem, not a passing one.
var ErrTokenRefused = errors.New("slack refused the bot token (SLACK_BOT_TOKEN)")
