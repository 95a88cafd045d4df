package main

import (
	"context"
	"fmt"

	"github.com/sharednews/sharednews/adapters/discord"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/server"
)

// setupDiscord starts the Discord side of `run` when Discord is configured:
// it registers the adapter with the bot as a platform, registers the slash
// command (bulk overwrite, per server in discord.guild_ids or globally),
// mounts POST /discord/interactions when a public key is set, and returns
// the gateway loop for the caller to run. It returns a nil loop and no
// error when Discord is not configured. A failure to register the command
// (a wrong token or application ID, no network) is an error: the bot would
// otherwise run without a command anyone can type.
func setupDiscord(ctx context.Context, a *app, srv *server.Server, worker *delivery.Worker) (run func(context.Context) error, err error) {
	if !a.cfg.DiscordConfigured() {
		return nil, nil
	}
	d, err := discord.New(a.bot, a.cfg.Discord, discord.Options{Logger: a.log.With("platform", discord.PlatformName)})
	if err != nil {
		return nil, err
	}
	worker.Add(d)
	if err := d.RegisterCommands(ctx); err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	if a.cfg.DiscordInteractionsEndpoint() {
		srv.Handle("POST /discord/interactions", d)
	}
	a.log.Info("discord ready", "invite_url", discord.InviteURL(a.cfg.Discord.ApplicationID),
		"interactions_endpoint", a.cfg.DiscordInteractionsEndpoint())
	return d.Run, nil
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
