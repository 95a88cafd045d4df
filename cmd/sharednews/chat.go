package main

import (
	"context"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/adapters/slack"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// chatAdapter is the shape every chat adapter has: built with New(bot,
// config, Options) (which registers it with the bot as a platform), a
// destination for deliveries, HTTP endpoints put on the server by Mount
// (if its configuration asks for any), and Run, which connects, serves
// until its context ends and drains its background work.
type chatAdapter interface {
	delivery.Destination
	Mount(m bot.Mux)
	Run(ctx context.Context) error
	// Connected reports whether the platform can reach the bot now (a
	// Socket Mode or gateway connection is up).
	Connected() bool
}

// countConnected registers sharednews_chat_connected{platform} with reg:
// 1 while each chat platform can reach the bot, 0 while its connection is
// down or being made again. /readyz leaves it out on purpose: the web
// archive and the chat endpoints the server answers do not depend on it,
// and a probe that failed with Slack would take them away too; an
// operator alerts on this gauge instead.
func countConnected(reg prometheus.Registerer, chats []chatAdapter) error {
	for _, c := range chats {
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "sharednews_chat_connected",
			Help:        "1 while the chat platform can reach the bot (Socket Mode or gateway connected; Slack in http mode always), else 0.",
			ConstLabels: prometheus.Labels{"platform": c.Name()},
		}, func() float64 {
			if c.Connected() {
				return 1
			}
			return 0
		})
		if err := reg.Register(g); err != nil {
			return fmt.Errorf("register %s connection gauge: %w", c.Name(), err)
		}
	}
	return nil
}

// chatAdapters builds the adapters the configuration enables.
func (a *app) chatAdapters() ([]chatAdapter, error) {
	var out []chatAdapter
	if a.cfg.SlackConfigured() {
		s, err := slack.New(a.bot, a.cfg, slack.Options{Logger: a.log})
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if a.cfg.DiscordConfigured() {
		d, err := discord.New(a.bot, a.cfg, discord.Options{Logger: a.log})
		if err != nil {
			return nil, err
		}
		a.log.Info("discord ready", "invite_url", discord.InviteURL(a.cfg.Discord.ApplicationID),
			"interactions_endpoint", a.cfg.DiscordInteractionsEndpoint())
		out = append(out, d)
	}
	return out, nil
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

// renderDiscordPreview renders an edition as the JSON bodies of the Discord
// messages that would post it, in order: `preview --format discord`.
func renderDiscordPreview(e digest.Edition) (string, error) {
	out, err := discord.RenderEditionJSON(e)
	if err != nil {
		return "", err
	}
	return string(out), nil
}
