package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/tasks"
)

// memberLookupTimeout bounds looking up a caller's roles in every server.
const memberLookupTimeout = time.Second

// withServerRoles fills in the roles of a caller in a direct message with
// the bot, where Discord sends no member and so no roles, and an editor
// known by [editors] discord_role would be refused: they are looked up
// (Get Guild Member: no privileged intent) in the servers the bot knows,
// until one where the caller holds the editor role. Any other caller, and
// any when no editor role is configured, is left as is.
func (a *Adapter) withServerRoles(ctx context.Context, c bot.Caller, inServer bool) bot.Caller {
	if inServer || a.editorRole == "" || c.ID == "" || len(c.Groups) > 0 {
		return c
	}
	// An interaction must be answered within three seconds, deferral and
	// all: the look-up gives up well before.
	ctx, cancel := context.WithTimeout(ctx, memberLookupTimeout)
	defer cancel()
	for _, g := range a.servers() {
		m, err := tasks.Within(ctx, "get guild member", func() (*discordgo.Member, error) {
			return a.session.GuildMember(g, c.ID, within(ctx)...)
		})
		if err == nil && slices.Contains(m.Roles, a.editorRole) {
			c.Groups = m.Roles
			return c
		}
		if resp := restResponse(err); err != nil && (resp == nil || resp.StatusCode != http.StatusNotFound) {
			a.log.WarnContext(ctx, "look up a member's roles", "server", g, "user", c.ID, "err", err)
		}
		if err != nil && ctx.Err() != nil {
			break // the budget is spent: the other servers would fail alike
		}
	}
	return c
}

// within is the options of a REST call made within ctx (tasks.Within):
// discordgo sleeps out a 429's wait and a bucket's reset whatever the
// context says, so the call is not retried on a 429, and is left to finish
// on its own when ctx ends first.
func within(ctx context.Context) []discordgo.RequestOption {
	return []discordgo.RequestOption{discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false)}
}

// withChannelAdmin marks the author of a command written in a server
// channel as a channel admin when they hold Manage Channels or
// Administrator there, as a slash command's member permissions do: a
// message carries no permissions, and a server admin's "@Shared News
// subscribe" was refused. The look-up costs two requests, so the caller
// asks it only for a command a channel admin alone may run; one that fails
// leaves the caller refused.
func (a *Adapter) withChannelAdmin(ctx context.Context, c bot.Caller, m *discordgo.Message) bot.Caller {
	if m.GuildID == "" || m.Member == nil || c.ChannelAdmin {
		return c
	}
	ctx, cancel := context.WithTimeout(ctx, memberLookupTimeout)
	defer cancel()
	perms, err := a.channelPermissions(ctx, m.GuildID, m.ChannelID, c.ID, m.Member.Roles)
	if err != nil { // perms is none
		a.log.WarnContext(ctx, "look up a member's permissions", "server", m.GuildID, "channel", m.ChannelID, "user", c.ID, "err", err)
	}
	c.ChannelAdmin = perms&channelAdmin != 0
	return c
}

// channelPermissions works out a member's permissions in a channel as
// Discord does, from the server's roles and the channel's overwrites (a
// thread's parent's: it has none of its own), by discordgo's State holding
// just the server and the channel looked up.
func (a *Adapter) channelPermissions(ctx context.Context, guildID, channelID, userID string, roles []string) (int64, error) {
	getChannel := func(id string) (*discordgo.Channel, error) {
		return tasks.Within(ctx, "get channel", func() (*discordgo.Channel, error) {
			return a.session.Channel(id, within(ctx)...)
		})
	}
	ch, err := getChannel(channelID)
	if err == nil && ch.IsThread() && ch.ParentID != "" {
		ch, err = getChannel(ch.ParentID)
	}
	if err != nil {
		return 0, err
	}
	g, err := tasks.Within(ctx, "get guild", func() (*discordgo.Guild, error) {
		return a.session.Guild(guildID, within(ctx)...)
	})
	if err != nil {
		return 0, err
	}
	st := discordgo.NewState()
	var perms int64
	if err = errors.Join(st.GuildAdd(g), st.ChannelAdd(ch)); err == nil {
		perms, err = st.MessagePermissions(&discordgo.Message{ChannelID: ch.ID, Author: &discordgo.User{ID: userID},
			Member: &discordgo.Member{Roles: roles}})
	}
	if err != nil {
		return 0, fmt.Errorf("permissions in channel %s of server %s: %w", ch.ID, guildID, err)
	}
	return perms, nil
}

// servers are the servers the bot knows: discord.guild_ids and those the
// gateway told it it is in, in a stable order.
func (a *Adapter) servers() []string {
	a.mu.Lock()
	out := slices.Clone(a.cfg.GuildIDs)
	for g := range a.botRoles {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	a.mu.Unlock()
	sort.Strings(out[len(a.cfg.GuildIDs):])
	return out
}
