package config

import "time"

// Default returns the built-in configuration: exactly what
// config.example.toml sets (a test keeps them equal). Each call returns a new
// value, so callers may change it freely.
func Default() *Config {
	return &Config{
		Bot: Bot{
			Name:     "Shared News",
			Timezone: "Europe/London",
			Database: "sharednews.db",
		},
		HTTP: HTTP{
			// Loopback by default: Slack socket mode and the Discord gateway
			// need no inbound traffic, so nothing should be exposed until an
			// operator chooses to.
			Listen: "127.0.0.1:8080",
		},
		Digest: Digest{
			Title:    "News Summary of Collaboration and Shared Services from {date}",
			Schedule: "0 9 * * 4", // Thursday 09:00, as the newsletter always went out
			Footer:   "Receive this Shared Service News Summary every week: ask your editor to subscribe your channel with /shared subscribe.",
		},
		Sectors: defaultSectors(),
		Editors: Editors{
			Slack:   []string{},
			Discord: []string{},
		},
		Slack: Slack{
			Mode:    "socket",
			APIURL:  "https://slack.com/api/",
			Command: "/shared",
		},
		Discord: Discord{
			APIURL:   "https://discord.com/api/v10/",
			GuildIDs: []string{},
			Command:  "shared",
		},
		Feeds: Feeds{
			PollInterval: Duration{Duration: 30 * time.Minute},
			Timeout:      Duration{Duration: 20 * time.Second},
			MaxBytes:     5 << 20,
			UserAgent:    "SharedNews/1.0 (+https://github.com/sharednews/sharednews)",
			Sources:      []FeedSource{},
		},
		Submissions: Submissions{
			PerUserPerHour: 10,
			FetchTimeout:   Duration{Duration: 10 * time.Second},
		},
	}
}

// normalize makes every nil slice empty. Decoding leaves a slice nil or empty
// depending on the input ("aliases = []" versus no key at all); one
// convention lets configs be compared with reflect.DeepEqual and saves
// callers from telling the two apart.
func (c *Config) normalize() {
	for i := range c.Sectors {
		s := &c.Sectors[i]
		s.Aliases = nonNil(s.Aliases)
		s.Keywords = nonNil(s.Keywords)
	}
	if c.Sectors == nil {
		c.Sectors = []Sector{}
	}
	c.Editors.Slack = nonNil(c.Editors.Slack)
	c.Editors.Discord = nonNil(c.Editors.Discord)
	c.Discord.GuildIDs = nonNil(c.Discord.GuildIDs)
	for i := range c.Feeds.Sources {
		f := &c.Feeds.Sources[i]
		f.Include = nonNil(f.Include)
		f.Exclude = nonNil(f.Exclude)
	}
	if c.Feeds.Sources == nil {
		c.Feeds.Sources = []FeedSource{}
	}
}

// nonNil returns s, or an empty slice for nil.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
