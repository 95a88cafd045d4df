package config

import (
	"slices"
	"testing"
)

func TestFingerprint(t *testing.T) {
	var c Config
	c.Bot.Name = "Shared News"
	c.Sectors = []Sector{{Slug: "health", Name: "Health"}}
	base := c.Fingerprint()
	if base != c.Fingerprint() {
		t.Fatal("the same configuration has two fingerprints")
	}
	secret := c
	secret.Slack.BotToken, secret.Discord.BotToken, secret.Slack.SigningSecret = "xoxb-1", "abc", "s"
	if secret.Fingerprint() != base {
		t.Error("a chat token changed the fingerprint: nothing rendered shows it")
	}
	for name, change := range map[string]func(*Config){
		"bot.name":      func(c *Config) { c.Bot.Name = "Council News" },
		"digest.footer": func(c *Config) { c.Digest.Footer = "Sent weekly." },
		"email.enabled": func(c *Config) { c.Email.Enabled = true },
		"sector name":   func(c *Config) { c.Sectors = []Sector{{Slug: "health", Name: "Health and care"}} },
	} {
		changed := c
		changed.Sectors = slices.Clone(c.Sectors)
		change(&changed)
		if changed.Fingerprint() == base {
			t.Errorf("changing %s left the fingerprint as it was", name)
		}
	}
}
