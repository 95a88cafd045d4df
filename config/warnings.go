package config

// Warnings lists settings that are allowed but probably not what the
// operator wants (check-config prints them; Load does not fail on them).
func (c *Config) Warnings() Problems {
	var ws Problems
	if !c.Slack.Enabled && !c.Discord.Enabled {
		ws.add("", "no chat platform is enabled: set slack.enabled or discord.enabled to true (the console works without one)")
	}
	if c.Slack.Enabled {
		if c.Slack.ReviewChannel == "" {
			ws.add("slack.review_channel", "not set: submissions still queue, but no review cards are posted on Slack (editors can use /shared queue)")
		}
		if len(c.Editors.Slack) == 0 && c.Editors.SlackUsergroup == "" {
			ws.add("editors.slack", "no Slack editors: nobody on Slack can review or publish; set editors.slack or editors.slack_usergroup")
		}
	}
	if c.Discord.Enabled {
		if c.Discord.ReviewChannel == "" {
			ws.add("discord.review_channel", "not set: submissions still queue, but no review cards are posted on Discord (editors can use /shared queue)")
		}
		if len(c.Editors.Discord) == 0 && c.Editors.DiscordRole == "" {
			ws.add("editors.discord", "no Discord editors: nobody on Discord can review or publish; set editors.discord or editors.discord_role")
		}
	}
	if c.Submissions.AllowPrivateHosts {
		ws.add("submissions.allow_private_hosts", "is for tests only: members can make the bot fetch addresses on your internal network")
	}
	return ws
}
