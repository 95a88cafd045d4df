package config

import (
	"time"

	"github.com/sharednews/sharednews/digest"
)

// Default returns the built-in configuration: exactly what
// config.example.toml sets (a test keeps them equal). Each call returns a new
// value, so callers may change it freely.
func Default() *Config {
	c := &Config{
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
			// The address readers use; the default suits the default
			// listen address, and anything public needs its own.
			PublicURL: "http://127.0.0.1:8080",
		},
		Web: Web{Enabled: true},
		Digest: Digest{
			Title:    "News Summary of Collaboration and Shared Services from {date}",
			Schedule: "0 9 * * 4", // Thursday 09:00, as the newsletter always went out
			Footer:   digest.DefaultFooter,
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
			Concurrency:  8,
			SummaryChars: 400,
			Sources:      defaultFeedSources(),
		},
		Submissions: Submissions{
			PerUserPerHour: 10,
			FetchTimeout:   Duration{Duration: 10 * time.Second},
		},
		Email: Email{
			SMTPURL:   "smtp://localhost:587",
			PerSecond: 10,
		},
	}
	c.normalize()
	return c
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

// keepDefaultFeedHints clears the sector hints of the default feeds that
// name no sector of a file's own [[sectors]], so that a file replacing the
// sectors but not the feeds keeps a working newswire instead of failing
// validation over hints it never wrote.
func (c *Config) keepDefaultFeedHints() {
	for i := range c.Feeds.Sources {
		if s := &c.Feeds.Sources[i]; s.Sector != "" && c.sectorIndex(s.Sector) < 0 {
			s.Sector = ""
		}
	}
}

// defaultFeedSources is the newswire a new installation starts with: public
// feeds of the departments and publishers a UK council or health team reads
// (the same list as config.example.toml). Busy general feeds carry include
// filters, so only their public-sector stories join the review queue; the
// rest stay searchable on the newswire.
func defaultFeedSources() []FeedSource {
	return []FeedSource{
		{
			URL:    "https://www.gov.uk/government/organisations/ministry-of-housing-communities-local-government.atom",
			Name:   "Ministry of Housing, Communities and Local Government",
			Sector: "local-government",
		},
		{
			URL:    "https://www.theguardian.com/society/localgovernment/rss",
			Name:   "The Guardian",
			Sector: "local-government",
		},
		{
			URL:    "https://www.gov.uk/government/organisations/department-of-health-and-social-care.atom",
			Name:   "Department of Health and Social Care",
			Sector: "health",
		},
		{
			URL:    "https://www.england.nhs.uk/feed/",
			Name:   "NHS England",
			Sector: "health",
		},
		{
			URL:    "https://www.gov.uk/government/organisations/home-office.atom",
			Name:   "Home Office",
			Sector: "blue-light",
			Include: []string{
				"police", "policing", "fire and rescue", "fire service", "firefighters",
				"emergency services", "community safety",
			},
		},
		{
			URL:    "https://www.policeprofessional.com/feed/",
			Name:   "Police Professional",
			Sector: "blue-light",
		},
		{
			URL:  "https://feeds.bbci.co.uk/news/politics/rss.xml",
			Name: "BBC News",
			Include: []string{
				"council", "councils", "local government", "local authority", "local authorities",
				"mayor", "devolution", "nhs", "social care", "police", "fire service", "housing",
			},
		},
	}
}
