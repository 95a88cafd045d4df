package config

import (
	"net"
	"net/url"
)

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
	if c.Web.Enabled && publicURLIsLoopback(c.HTTP.PublicURL) && !listenIsLoopback(c.HTTP.Listen) {
		ws.add("http.public_url", "is a loopback address but http.listen accepts other machines: links in the web archive and its feed will not work for readers; set it to the address they use")
	}
	c.emailWarnings(&ws)
	if c.Submissions.AllowPrivateHosts {
		ws.add("submissions.allow_private_hosts", "is for tests only: members can make the bot fetch addresses on your internal network")
	}
	return ws
}

// publicURLIsLoopback reports whether raw names this machine only
// (localhost or a loopback address).
func publicURLIsLoopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return isLoopbackHost(u.Hostname())
}

// listenIsLoopback reports whether a host:port listen address accepts
// connections from this machine only.
func listenIsLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	return err == nil && isLoopbackHost(host)
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
