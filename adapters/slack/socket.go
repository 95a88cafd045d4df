package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/sharednews/sharednews/tasks"
)

// acker acknowledges Socket Mode envelopes; *socketmode.Client is one.
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// runSocket serves Slack's requests in Socket Mode (SLACK_APP_TOKEN) until
// ctx is done. slack-go reconnects by itself: an error is only Slack
// refusing the tokens.
func (a *Adapter) runSocket(ctx context.Context) error {
	if a.cfg.AppToken == "" {
		return errors.New("slack socket mode: no app-level token; set SLACK_APP_TOKEN")
	}
	client := socketmode.New(a.api, socketmode.OptionLog(a.debugLog()))
	defer a.connected.Store(false)
	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()
	for {
		select {
		case evt := <-client.Events:
			a.socketEvent(ctx, client, evt)
		case err := <-runErr:
			if err == nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case <-ctx.Done():
			// slack-go closes the connection when its context ends; wait
			// for it, but not for ever.
			select {
			case <-runErr:
			case <-time.After(5 * time.Second):
				a.log.Warn("slack socket mode did not close within 5s")
			}
			return nil
		}
	}
}

// socketEvent dispatches one Socket Mode event: a request to the shared
// handlers, acknowledged with what they return; a connection event logged.
func (a *Adapter) socketEvent(ctx context.Context, ack acker, evt socketmode.Event) {
	// The handlers run on the connection's goroutine, where a panic would
	// take the whole bot down; over HTTP the server answers 500 and goes on
	// (recoverPanics), as Discord's dispatch does. The envelope is left
	// unacknowledged, as a 500 leaves a request.
	envelope := ""
	if evt.Request != nil {
		envelope = evt.Request.EnvelopeID
	}
	defer tasks.Contain(ctx, a.log, "slack socket mode event panicked", "type", string(evt.Type), "envelope", envelope)
	// slack-go hands the two request kinds over decoded (what it cannot
	// decode comes as EventTypeErrorBadMessage), so the assertions hold.
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		sc, _ := evt.Data.(slackgo.SlashCommand)
		a.ackEnvelope(ctx, ack, evt.Request, a.slashCommand(sc))
	case socketmode.EventTypeInteractive:
		cb, _ := evt.Data.(slackgo.InteractionCallback)
		a.ackEnvelope(ctx, ack, evt.Request, a.interaction(ctx, &cb))
	case socketmode.EventTypeEventsAPI:
		a.ackEnvelope(ctx, ack, evt.Request, nil)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok && ev.Type == slackevents.CallbackEvent {
			a.event(ctx, ev)
		}
	case socketmode.EventTypeConnecting:
		// slack-go says nothing when a connection drops: it connects again,
		// and this is the first word of it.
		a.connected.Store(false)
		a.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeHello:
		a.log.Debug("slack socket mode hello")
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.log.Info("slack asked to reconnect")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		a.log.Warn("slack socket mode connection failed; retrying", "err", socketErr(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		a.connected.Store(false)
		a.log.Error("slack refused the app token (SLACK_APP_TOKEN)")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack socket mode error", "type", string(evt.Type), "err", socketErr(evt.Data))
	default:
		a.log.Debug("slack socket mode event ignored", "type", string(evt.Type))
	}
}

// ackEnvelope acknowledges a Socket Mode request, with payload when the
// handler had something to say in the acknowledgement.
func (a *Adapter) ackEnvelope(ctx context.Context, ack acker, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := ack.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		a.log.WarnContext(ctx, "acknowledge slack envelope", "type", req.Type, "err", err)
	}
}

// socketErr describes the error inside a socketmode error event (slack-go's
// connection errors are errors; socketmode's own carry theirs as Cause).
func socketErr(data any) string {
	switch d := data.(type) {
	case *socketmode.ErrorBadMessage:
		return d.Cause.Error()
	case *socketmode.ErrorWriteFailed:
		return d.Cause.Error()
	}
	return fmt.Sprint(data) // an error's Error()
}
