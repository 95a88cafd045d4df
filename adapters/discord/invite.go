package discord

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions are the permissions the bot asks for when it is
// invited: to see the channels it posts in (View Channels), post there
// (Send Messages), show editions as embeds (Embed Links), and read what
// was posted (Read Message History): an answer to "@Shared News news"
// replies to the message, which Discord allows only with it, and after a
// restart a delivery looks at the channel's recent messages for the parts
// of an edition already posted, which Discord shows only with it (without
// it, it shows none, and the edition would be posted again). Slash
// commands, their answers and review buttons need no permission of the
// bot's own; a private review channel must let the bot in explicitly.
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
// an interaction in a server (bot.Channel.Lacks), from the permissions
// Discord sends with it (app_permissions): seeing the channel, posting in
// it and showing embeds. Posting is Send Messages in a channel and Send
// Messages in Threads in a thread, neither standing for the other: a
// read-only announcements channel often leaves the bot the second without
// the first. When the interaction does not say what its channel is, either
// will do. Nothing is lacking when Discord sent no permissions; "0" is
// none at all (Discord's docs: the set of permissions the app has within
// the channel), so everything is.
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
