package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sharednews/sharednews/adapters/slack"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/server"
)

// slackStartTimeout bounds the token check at start.
const slackStartTimeout = 10 * time.Second

// setupSlack builds the Slack adapter for run and registers it with the bot
// as a platform. In http mode it mounts POST /slack/commands,
// /slack/interactions and /slack/events on srv. A bot token Slack refuses is
// an error; a Slack that cannot be reached at start is only a warning (Socket
// Mode keeps trying).
//
// The returned run serves until ctx is done: the Socket Mode connection, or
// in http mode a wait (the server does the serving). Either way it drains the
// adapter's background answers before it returns.
func setupSlack(ctx context.Context, a *app, srv *server.Server, worker *delivery.Worker) (run func(context.Context) error, err error) {
	if !a.cfg.SlackConfigured() {
		return nil, nil
	}
	ad, err := slack.New(slack.Options{Bot: a.bot, Config: a.cfg, Logger: a.log})
	if err != nil {
		return nil, err
	}
	worker.Add(ad)
	checkCtx, cancel := context.WithTimeout(ctx, slackStartTimeout)
	defer cancel()
	if err := ad.CheckAuth(checkCtx); errors.Is(err, slack.ErrTokenRefused) {
		return nil, err
	} else if err != nil {
		a.log.Warn("slack could not be reached at start; carrying on", "err", err)
	}
	if a.cfg.Slack.Mode != "http" {
		a.log.Info("slack: socket mode")
		return ad.RunSocket, nil
	}
	ad.Mount(srv)
	a.log.Info("slack: http mode", "endpoints", "POST /slack/commands, /slack/interactions, /slack/events", "listen", a.cfg.HTTP.Listen)
	return func(ctx context.Context) error {
		<-ctx.Done()
		drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		return ad.Shutdown(drainCtx)
	}, nil
}

// renderSlackPreview is `preview --format slack`: the chat.postMessage
// payloads that would post the edition, as JSON.
func renderSlackPreview(e digest.Edition) (string, error) {
	out, err := slack.EditionJSON(e)
	if err != nil {
		return "", fmt.Errorf("slack preview: %w", err)
	}
	return out, nil
}
