package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint is a hash of the whole configuration but its secrets, which
// changes when any setting does: what a cache of pages rendered under one
// configuration (the web archive's validators) compares to tell whether
// they may differ under another. The chat platforms' tokens and secret
// are left out, as nothing rendered shows them; the rest is hashed whole
// rather than chosen setting by setting, so that a setting added later is
// never forgotten.
func (c Config) Fingerprint() string {
	c.Slack.BotToken, c.Slack.AppToken, c.Slack.SigningSecret = "", "", ""
	c.Discord.BotToken = ""
	// Marshal cannot fail: the configuration is strings, numbers, booleans
	// and lists of them.
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
