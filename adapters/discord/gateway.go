package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/internal/redact"
	"github.com/sharednews/sharednews/tasks"
)

// maxReconnectDelay caps the wait between attempts to reach the gateway.
const maxReconnectDelay = 2 * time.Minute

// Run registers the slash command (registerCommands), connects to the
// gateway and serves until ctx ends; then it disconnects and gives
// interactions in progress ten seconds to send their answers. A gateway it
// cannot reach, and a REST API that answers 5xx, are retried with backoff;
// an error is returned when the command cannot be registered otherwise
// (the bot would run without a command anyone can type) or Discord refuses
// the bot (a bad token or intents), at start or on connecting a dropped
// session again, which Run does itself: discordgo's own reconnection tried
// a gateway that refused the bot (a token reset while it runs, 4004; an
// intent disallowed, 4014) for ever, without a word in the log.
func (a *Adapter) Run(ctx context.Context) (err error) {
	defer a.tasks.DrainInto(ctx, &err)
	if err := a.register(ctx); err != nil {
		return fmt.Errorf("discord: %w", err)
	}
	if ctx.Err() != nil {
		return nil // stopped while Discord could not be reached
	}
	up := false // the first connect succeeded: there is a session to close
	for {
		connected, err := a.connect(ctx)
		if err != nil {
			return err
		}
		if connected && up {
			a.log.InfoContext(ctx, "discord gateway connected again")
		} else if connected {
			a.log.InfoContext(ctx, "discord gateway connected")
			up = true
		}
		select {
		case <-ctx.Done():
		case <-a.dropped:
		}
		if ctx.Err() != nil {
			break
		}
		a.log.WarnContext(ctx, "discord gateway session dropped; connecting again")
	}
	if up {
		if err := a.gateway.Close(); err != nil {
			a.log.Warn("discord gateway close", "err", err)
		}
	}
	a.log.Info("discord stopped")
	return nil
}

// connect opens the gateway session, retrying until it succeeds, Discord
// refuses the bot, or ctx ends (false, nil). A session Discord will not
// resume (closed 4007 or 4009: after a long outage or a suspended host) is
// started anew at once, as Discord asks: discordgo would send the same
// Resume for ever, each refused. (discordgo answers an op 9 itself, which
// gatewayDialer's connection holds back as Discord asks.)
func (a *Adapter) connect(ctx context.Context) (bool, error) {
	stopped, err := tasks.Retry(ctx, a.log, "discord gateway unreachable; retrying", maxReconnectDelay, func() (bool, error) {
		a.gateway.Dialer = gatewayDialer(ctx)
		err := a.gateway.Open()
		if ce, ok := errors.AsType[*websocket.CloseError](err); ok && (ce.Code == 4007 || ce.Code == 4009) {
			a.log.WarnContext(ctx, "discord gateway session not resumable; identifying anew", "err", err)
			if a.gateway, err = a.newSession(); err != nil {
				return false, err
			}
			a.gateway.Dialer = gatewayDialer(ctx)
			err = a.gateway.Open()
		}
		if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return false, nil // a drop already made up for
		}
		if remedy, fatal := gatewayRefusal(err); fatal {
			return false, fmt.Errorf("discord gateway refused the bot (%s): %w", remedy, err)
		}
		return err != nil, err
	})
	return !stopped && err == nil, err
}

// register registers the slash command, retrying with backoff while
// Discord answers 5xx, so that a start during Discord's outage waits for it
// (and Slack, in the same run, keeps serving) rather than ending the run.
func (a *Adapter) register(ctx context.Context) error {
	// A refusal (a bad token or application ID, a 4xx) is not tried again,
	// nor an API that cannot be reached at all: more often a wrong
	// discord.api_url or a host without a network than an outage.
	transient := func(err error) bool {
		if resp := restResponse(err); resp != nil {
			return resp.StatusCode >= 500
		}
		return strings.Contains(err.Error(), retriedBadGateway)
	}
	_, err := tasks.Retry(ctx, a.log, "discord slash command not registered; retrying", maxReconnectDelay, func() (bool, error) {
		err := a.registerCommands(ctx)
		return err != nil && tasks.EveryJoined(err, transient), err
	})
	return err
}

// retriedBadGateway starts the error, of no type of its own, that discordgo
// returns when Discord's proxy answered 502 (an outage) to a request and
// to the few times discordgo sent it again at once.
const retriedBadGateway = "Exceeded Max retries HTTP 502"

// gatewayRefusal reports whether Discord closed the gateway for a reason
// retrying cannot fix (4004, 4010 to 4014), and what the operator should
// check: each is told apart, as one remedy for all ("check the token") sent
// an operator whose intents were refused to a token that was fine.
func gatewayRefusal(err error) (remedy string, fatal bool) {
	if ce, ok := errors.AsType[*websocket.CloseError](err); ok {
		switch ce.Code {
		case 4004:
			remedy = "its token was not accepted: check DISCORD_BOT_TOKEN, or reset the token in the Developer Portal"
		case 4010, 4011:
			remedy = "Discord asks for sharding, for an application in that many servers, which this bot does not do"
		case 4012:
			remedy = "the gateway version this release speaks is no longer served: upgrade Shared News"
		case 4013, 4014:
			remedy = "an intent it asks for (servers, and the messages that mention it) was refused: " +
				"check the bot's intents in the Developer Portal"
		}
	}
	return remedy, remedy != ""
}

// onEvent handles what the gateway session tells: READY the bot's own
// user ID, which mentions of it carry; each raw event (onRawEvent); and
// whether the session is up, between Connect and Disconnect, which also
// tells Run to connect again. A panic in it is logged, with the event and
// the stack: discordgo runs each handler on a goroutine of its own, where
// nothing else recovers, and one event took the whole bot down (over HTTP
// the same fault is a 500, and Slack's Socket Mode envelopes are
// contained). An interaction's dispatch recovers its own, to apologise.
func (a *Adapter) onEvent(_ *discordgo.Session, e any) {
	event := fmt.Sprintf("%T", e)
	if raw, ok := e.(*discordgo.Event); ok {
		event = raw.Type
	}
	defer tasks.Contain(context.Background(), a.log, "discord gateway event panicked", "event", event)
	switch e := e.(type) {
	case *discordgo.Ready:
		if e.User != nil && e.User.ID != "" {
			a.self.Store(&e.User.ID)
		}
	case *discordgo.Event:
		a.onRawEvent(e)
	case *discordgo.Connect:
		a.connected.Store(true)
	case *discordgo.Disconnect:
		a.connected.Store(false)
		select {
		case a.dropped <- struct{}{}:
		default: // a drop already waits for Run
		}
	}
}

// onRawEvent reads the events the bot acts on from their raw JSON: the
// servers' (onGuild), the messages (decodeMessage) and the interactions,
// decoded as HTTP interactions are (discordgo's own decoding refuses modals
// built from Label components and drops the interaction's channel).
func (a *Adapter) onRawEvent(e *discordgo.Event) {
	switch e.Type {
	case "GUILD_CREATE", "GUILD_DELETE":
		a.onGuild(e.Type, e.RawData)
	case "MESSAGE_CREATE":
		if m, err := decodeMessage(e.RawData); err != nil {
			a.log.Warn("discord message not understood", "err", err)
		} else {
			a.onMessage(m)
		}
	case "INTERACTION_CREATE":
		in, err := decodeInteraction(e.RawData)
		if err == nil && in.Type == discordgo.InteractionPing {
			err = errors.New("a PING, which only comes over HTTP, has no answer here")
		}
		if err != nil {
			a.log.Warn("discord interaction not understood", "err", err)
		} else {
			a.serveGateway(in)
		}
	}
}

// serveGateway answers one gateway interaction; the first response goes to
// the interaction callback endpoint.
func (a *Adapter) serveGateway(in *interaction) {
	x := &exchange{in: in, respond: func(ctx context.Context, r *interactionResponse) error {
		endpoint := discordgo.EndpointInteractionResponse(in.ID, in.Token)
		return a.again(ctx, "answer the interaction", nil, func() error {
			_, err := a.session.RequestWithBucketID("POST", endpoint, r, endpoint, within(ctx)...)
			return redact.Secrets(err, in.Token) // the endpoint names the token
		})
	}}
	answered := make(chan struct{})
	if !a.tasks.Go("interaction", func(ctx context.Context) {
		defer close(answered)
		a.dispatch(ctx, x)
	}) {
		a.refuseDuringShutdown(x)
		return
	}
	<-answered // discordgo runs each handler on a goroutine of its own
}

// refuseDuringShutdown answers an interaction that arrived once shutdown
// began, from the gateway or over HTTP: the member is told so, to them
// alone and in the words Slack uses, rather than left with Discord's "The
// application did not respond". An autocomplete, which cannot take a
// message, shows no choices.
func (a *Adapter) refuseDuringShutdown(x *exchange) {
	if x.in.Type == discordgo.InteractionApplicationCommandAutocomplete {
		a.log.Warn("discord autocomplete dropped during shutdown", "interaction", x.in.ID)
		return
	}
	// Discord takes a first response for three seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := a.answer(ctx, x, bot.Reply{Body: a.bot.Restarting()}); err != nil {
		a.log.WarnContext(ctx, "discord interaction during shutdown unanswered", "interaction", x.in.ID, "err", redact.Secrets(err, x.in.Token))
	}
}
