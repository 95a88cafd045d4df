package discord

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions are the permissions the bot asks for when it is
// invited: to see the channels it posts in, post there, show editions as
// embeds, and read what was posted (Read Message History), which Discord
// asks to reply to "@Shared News news", and to list the channel's recent
// messages, where a delivery after a restart looks for the parts already
// posted (without it, it sees none, and posts them again). Slash commands,
// their answers and review buttons need no permission of the bot's own; a
// private review channel must let the bot in explicitly.
const InvitePermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory

// InviteURL is the link a server admin opens to add the bot with its
// slash command and InvitePermissions.
func InviteURL(applicationID string) string {
	q := url.Values{"client_id": {applicationID}, "scope": {"bot applications.commands"},
		"permissions": {strconv.FormatInt(InvitePermissions, 10)}}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// channelLacks says what the bot lacks to post editions in the channel of
// an interaction in a server (bot.Channel.Lacks), from its app_permissions:
// seeing the channel, posting and showing embeds. Posting is Send Messages
// in a channel and Send Messages in Threads in a thread, neither standing
// for the other (a read-only announcements channel often allows the second
// alone); either will do in a channel of no known type. Nothing is lacking
// when Discord sent no permissions; "0" is none at all, so everything is.
func channelLacks(in *interaction) (lacks []string, history string) {
	if in.GuildID == "" || in.perms == nil || *in.perms&discordgo.PermissionAdministrator != 0 {
		return nil, ""
	}
	perms := *in.perms
	post, postName := int64(discordgo.PermissionSendMessages|discordgo.PermissionSendMessagesInThreads), "Send Messages"
	if t := in.channelType; t != nil {
		post = discordgo.PermissionSendMessages
		if (&discordgo.Channel{Type: *t}).IsThread() {
			post, postName = discordgo.PermissionSendMessagesInThreads, "Send Messages in Threads"
		}
	}
	for _, p := range []struct {
		bits int64
		name string
	}{{discordgo.PermissionViewChannel, "View Channel"}, {post, postName}, {discordgo.PermissionEmbedLinks, "Embed Links"}} {
		if perms&p.bits == 0 {
			lacks = append(lacks, p.name)
		}
	}
	// Without Read Message History Discord lists the bot no messages, so a
	// delivery resumed after a restart cannot see the parts it had posted,
	// and posts them again (PRODUCT: each channel gets an edition once).
	if perms&discordgo.PermissionReadMessageHistory == 0 {
		history = "Read Message History"
	}
	return lacks, history
}
