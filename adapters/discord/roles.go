package discord

import (
	"context"
	"fmt"
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
		m, err := a.guildMember(ctx, g, c.ID)
		if err != nil {
			if resp := restResponse(err); resp == nil || resp.StatusCode != http.StatusNotFound {
				a.log.WarnContext(ctx, "look up a member's roles", "server", g, "user", c.ID, "err", err)
			}
			if ctx.Err() != nil {
				break // the budget is spent: the other servers would fail alike
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

// guildMember is Get Guild Member within ctx. discordgo sleeps out a 429's
// Retry-After and a bucket's reset whatever the request's context says, so
// the call is not retried on a 429 and is left to finish on its own (its
// goroutine ends with discordgo's wait) when ctx ends first.
func (a *Adapter) guildMember(ctx context.Context, guildID, userID string) (*discordgo.Member, error) {
	type result struct {
		m   *discordgo.Member
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := a.session.GuildMember(guildID, userID, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		return r.m, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("get guild member: %w", ctx.Err())
	}
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
