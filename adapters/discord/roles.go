package discord

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
)

// memberLookupTimeout bounds looking up a caller's roles in every server.
const memberLookupTimeout = time.Second

// withServerRoles fills in the roles of a caller who wrote in a direct
// message with the bot, where Discord sends no member and so no roles: an
// editor known by [editors] discord_role would be refused there. They are
// looked up (Get Guild Member, which needs no privileged intent) in the
// servers the bot knows, until one where the caller holds the editor role.
// A caller in a server, one who already has roles, or any caller when no
// editor role is configured, is left as is; so is one found nowhere.
func (a *Adapter) withServerRoles(ctx context.Context, c bot.Caller, inServer bool) bot.Caller {
	if inServer || a.editorRole == "" || c.ID == "" || len(c.Groups) > 0 {
		return c
	}
	// An interaction must be answered within three seconds, deferral and
	// all: the look-up gives up well before.
	ctx, cancel := context.WithTimeout(ctx, memberLookupTimeout)
	defer cancel()
	for _, g := range a.servers() {
		m, err := a.session.GuildMember(g, c.ID, discordgo.WithContext(ctx))
		if err != nil {
			var rest *discordgo.RESTError
			if !errors.As(err, &rest) || rest.Response == nil || rest.Response.StatusCode != http.StatusNotFound {
				a.log.WarnContext(ctx, "look up a member's roles", "server", g, "user", c.ID, "err", err)
			}
			continue
		}
		if slices.Contains(m.Roles, a.editorRole) {
			c.Groups = m.Roles
			return c
		}
	}
	return c
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
