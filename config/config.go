// Package config loads and validates the Shared News TOML configuration.
//
// Every key is documented in config.example.toml at the repository root, and
// Default returns exactly what that file sets (a test keeps the two equal).
package config

import (
	"time"

	"github.com/sharednews/sharednews/digest"
)

// Config is the whole configuration file.
type Config struct {
	Bot         Bot         `toml:"bot"`
	HTTP        HTTP        `toml:"http"`
	Web         Web         `toml:"web"`
	Digest      Digest      `toml:"digest"`
	Sectors     []Sector    `toml:"sectors"`
	Editors     Editors     `toml:"editors"`
	Slack       Slack       `toml:"slack"`
	Discord     Discord     `toml:"discord"`
	Feeds       Feeds       `toml:"feeds"`
	Submissions Submissions `toml:"submissions"`
	Email       Email       `toml:"email"`
}

// Bot holds process-wide settings.
type Bot struct {
	Name     string `toml:"name"`
	Timezone string `toml:"timezone"` // IANA name, e.g. "Europe/London"
	Database string `toml:"database"` // SQLite file path
}

// HTTP is the bot's HTTP server.
type HTTP struct {
	Listen    string `toml:"listen"`     // host:port
	PublicURL string `toml:"public_url"` // base of every absolute link the web archive and feed write
}

// Web is the public archive of published editions and its Atom feed,
// served by the HTTP server.
type Web struct {
	Enabled bool `toml:"enabled"`
}

// Digest shapes the weekly edition.
type Digest struct {
	Title    string `toml:"title"`    // "{date}" becomes e.g. "19th November 2014"
	Schedule string `toml:"schedule"` // five-field cron, in bot.timezone
	Footer   string `toml:"footer"`
}

// Sector is one newsletter heading, in display order.
type Sector struct {
	Slug     string   `toml:"slug"`
	Name     string   `toml:"name"`
	Aliases  []string `toml:"aliases"`
	Keywords []string `toml:"keywords"`
}

// Editors lists who may review and publish, per platform.
type Editors struct {
	Slack          []string `toml:"slack"`           // Slack user IDs
	Discord        []string `toml:"discord"`         // Discord user IDs
	SlackUsergroup string   `toml:"slack_usergroup"` // Slack user-group ID whose members are editors
	DiscordRole    string   `toml:"discord_role"`    // Discord role ID whose holders are editors
}

// Slack configures the Slack adapter. Tokens come from the environment
// (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET) when set there.
type Slack struct {
	Enabled       bool   `toml:"enabled"`
	Mode          string `toml:"mode"` // "socket" or "http"
	APIURL        string `toml:"api_url"`
	ReviewChannel string `toml:"review_channel"`
	Command       string `toml:"command"` // e.g. "/shared"
	BotToken      string `toml:"bot_token"`
	AppToken      string `toml:"app_token"`
	SigningSecret string `toml:"signing_secret"`
}

// Discord configures the Discord adapter. Secrets come from the environment
// (DISCORD_BOT_TOKEN, DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID) when set there.
type Discord struct {
	Enabled       bool     `toml:"enabled"`
	APIURL        string   `toml:"api_url"`
	ApplicationID string   `toml:"application_id"`
	PublicKey     string   `toml:"public_key"` // hex Ed25519 key; enables POST /discord/interactions
	GuildIDs      []string `toml:"guild_ids"`
	ReviewChannel string   `toml:"review_channel"`
	Command       string   `toml:"command"` // e.g. "shared"
	BotToken      string   `toml:"bot_token"`
}

// Feeds configures the newswire poller.
type Feeds struct {
	PollInterval Duration     `toml:"poll_interval"`
	Timeout      Duration     `toml:"timeout"`   // per feed, for the whole request and body
	MaxBytes     int64        `toml:"max_bytes"` // longer bodies are cut off and the poll fails
	UserAgent    string       `toml:"user_agent"`
	Concurrency  int          `toml:"concurrency"`   // feeds fetched at the same time
	SummaryChars int          `toml:"summary_chars"` // longest newswire summary, in characters
	Sources      []FeedSource `toml:"source"`
}

// FeedSource is one [[feeds.source]] entry.
type FeedSource struct {
	URL     string   `toml:"url"`
	Name    string   `toml:"name"`
	Sector  string   `toml:"sector"`  // sector hint (slug, name or alias)
	Include []string `toml:"include"` // phrases; when set, only matching entries are queued
	Exclude []string `toml:"exclude"` // phrases; matching entries are never queued
}

// ShownURL is the feed's URL as logs and chat show it: a password for the
// feed's server (https://user:password@host/feed) is not shown.
func (s FeedSource) ShownURL() string { return RedactURL(s.URL) }

// Submissions configures member submissions.
type Submissions struct {
	PerUserPerHour    int      `toml:"per_user_per_hour"`
	FetchTimeout      Duration `toml:"fetch_timeout"`
	AllowPrivateHosts bool     `toml:"allow_private_hosts"` // for tests only
}

// DigestSectors converts the configured sectors to the domain type, in order.
func (c *Config) DigestSectors() []digest.Sector {
	out := make([]digest.Sector, len(c.Sectors))
	for i, s := range c.Sectors {
		out[i] = digest.Sector{Slug: s.Slug, Name: s.Name, Aliases: s.Aliases, Keywords: s.Keywords}
	}
	return out
}

// Location is the time zone of bot.timezone, in which the digest schedule
// runs. It is UTC only for a config that failed validation, so that a
// caller holding one cannot crash on a nil location.
func (c *Config) Location() *time.Location {
	tz := c.Bot.Timezone
	if tz == "" || tz == "Local" {
		return time.UTC
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}

// SlackConfigured reports whether Slack is enabled and has the secrets its
// mode needs, i.e. whether run should start the Slack adapter.
func (c *Config) SlackConfigured() bool {
	s := c.Slack
	if !s.Enabled || s.BotToken == "" {
		return false
	}
	switch s.Mode {
	case "socket":
		return s.AppToken != ""
	case "http":
		return s.SigningSecret != ""
	}
	return false
}

// DiscordConfigured reports whether Discord is enabled and has its bot token
// and application ID, i.e. whether run should start the Discord adapter.
func (c *Config) DiscordConfigured() bool {
	d := c.Discord
	return d.Enabled && d.BotToken != "" && d.ApplicationID != ""
}

// DiscordInteractionsEndpoint reports whether POST /discord/interactions
// should be served: only with a public key to verify requests against.
func (c *Config) DiscordInteractionsEndpoint() bool {
	return c.Discord.Enabled && c.Discord.PublicKey != ""
}
