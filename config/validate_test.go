package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// validSlack and validDiscord enable a platform with everything it needs.
func validSlack(c *Config) {
	c.Slack.Enabled = true
	c.Slack.BotToken = "xoxb-1"
	c.Slack.AppToken = "xapp-1"
}

func validDiscord(c *Config) {
	c.Discord.Enabled = true
	c.Discord.BotToken = "token"
	c.Discord.ApplicationID = "123456789012345678"
}

// withSource replaces the default feed sources with srcs, so that problems
// are reported at the indexes the test expects.
func withSource(c *Config, srcs ...FeedSource) {
	c.Feeds.Sources = append([]FeedSource{}, srcs...)
}

func TestValidateRejects(t *testing.T) {
	long := strings.Repeat("a", 33)
	for _, tc := range []struct {
		name   string
		change func(*Config)
		key    string
		msg    string
	}{
		{"bot name empty", func(c *Config) { c.Bot.Name = " " }, "bot.name", "must not be empty"},
		{"timezone empty", func(c *Config) { c.Bot.Timezone = "" }, "bot.timezone", "IANA time zone"},
		{"timezone unknown", func(c *Config) { c.Bot.Timezone = "Europe/Londn" }, "bot.timezone", `unknown time zone "Europe/Londn"`},
		{"timezone Local", func(c *Config) { c.Bot.Timezone = "Local" }, "bot.timezone", "depends on the server"},
		// A zone typed in the wrong case, or a city alone, was only "unknown
		// time zone"; the name it meant is now offered.
		{"timezone lower case", func(c *Config) { c.Bot.Timezone = "europe/london" }, "bot.timezone", `unknown time zone "europe/london"; did you mean "Europe/London"?`},
		{"timezone utc", func(c *Config) { c.Bot.Timezone = "utc" }, "bot.timezone", `did you mean "UTC"?`},
		{"timezone city", func(c *Config) { c.Bot.Timezone = "London" }, "bot.timezone", `did you mean "Europe/London"?`},
		{"timezone two words", func(c *Config) { c.Bot.Timezone = "america/new_york" }, "bot.timezone", `did you mean "America/New_York"?`},
		{"database empty", func(c *Config) { c.Bot.Database = "" }, "bot.database", "must not be empty"},
		{"database in memory", func(c *Config) { c.Bot.Database = ":memory:" }, "bot.database", "keeps nothing"},
		{"listen without port", func(c *Config) { c.HTTP.Listen = "8080" }, "http.listen", "must be host:port"},
		{"listen as URL", func(c *Config) { c.HTTP.Listen = "http://0.0.0.0:8080" }, "http.listen", "must be host:port"},
		{"listen named port", func(c *Config) { c.HTTP.Listen = "127.0.0.1:http" }, "http.listen", `port must be a number from 0 to 65535, got "http"`},
		{"listen port too big", func(c *Config) { c.HTTP.Listen = ":65536" }, "http.listen", `got "65536"`},
		{"public url empty", func(c *Config) { c.HTTP.PublicURL = "" }, "http.public_url", "must not be empty"},
		{"public url relative", func(c *Config) { c.HTTP.PublicURL = "/news" }, "http.public_url", "absolute http:// or https://"},
		{"public url no scheme", func(c *Config) { c.HTTP.PublicURL = "news.example.org" }, "http.public_url", "absolute http:// or https://"},
		{"public url ftp", func(c *Config) { c.HTTP.PublicURL = "ftp://news.example.org" }, "http.public_url", "absolute http:// or https://"},
		{"public url query", func(c *Config) { c.HTTP.PublicURL = "https://news.example.org/?a=1" }, "http.public_url", "must not have a query"},
		{"public url empty query", func(c *Config) { c.HTTP.PublicURL = "https://news.example.org/?" }, "http.public_url", "must not have a query"},
		{"public url fragment", func(c *Config) { c.HTTP.PublicURL = "https://news.example.org/#top" }, "http.public_url", "must not have a fragment"},
		{"public url empty fragment", func(c *Config) { c.HTTP.PublicURL = "https://news.example.org#" }, "http.public_url", "must not have a fragment"},
		{"public url user", func(c *Config) { c.HTTP.PublicURL = "https://ed:pw@news.example.org" }, "http.public_url", "user name or password"},
		{"title empty", func(c *Config) { c.Digest.Title = "" }, "digest.title", "must not be empty"},
		{"title other placeholder", func(c *Config) { c.Digest.Title = "{date}: issue {number}" }, "digest.title", `has "{number}"; the only placeholder is {date}`},
		{"title unclosed placeholder", func(c *Config) { c.Digest.Title = "News from {date" }, "digest.title", `has "{date"`},
		// A footer's misspelt placeholder reached every reader as written.
		{"footer misspelt placeholder", func(c *Config) { c.Digest.Footer = "Get it weekly: {subscibe}." }, "digest.footer", `has "{subscibe}"; the only placeholder is {subscribe}`},
		{"footer title's placeholder", func(c *Config) { c.Digest.Footer = "{subscribe} (since {date})" }, "digest.footer", `has "{date}"`},
		{"footer unclosed placeholder", func(c *Config) { c.Digest.Footer = "Get it weekly: {subscribe" }, "digest.footer", `has "{subscribe"`},
		// Slack shows a title in a header block, of at most 150 characters.
		{"title too long", func(c *Config) { c.Digest.Title = strings.Repeat("Shared services news ", 7) + "{date}" },
			"digest.title", "at most 150 characters with the longest date filled in (23rd September 2026); yours has 166"},
		{"schedule empty", func(c *Config) { c.Digest.Schedule = "" }, "digest.schedule", "must not be empty"},
		{"schedule six fields", func(c *Config) { c.Digest.Schedule = "0 0 9 * * 4" }, "digest.schedule", `"0 0 9 * * 4" has six fields: a first field of seconds is not read; write "0 9 * * 4"`},
		{"schedule with a year", func(c *Config) { c.Digest.Schedule = "0 9 * * 4 2027" }, "digest.schedule", `"0 9 * * 4 2027" has 6 fields where a schedule has exactly five`},
		{"schedule in words", func(c *Config) { c.Digest.Schedule = "every Thursday at 9am" }, "digest.schedule",
			`"every Thursday at 9am" has 4 fields where a schedule has exactly five (a schedule in words, or with seconds or a year, is not read); use five cron fields`},
		{"schedule unknown descriptor", func(c *Config) { c.Digest.Schedule = "@thursday" }, "digest.schedule",
			`"@thursday" is not a descriptor the schedule knows (@yearly, @monthly, @weekly, @daily, @hourly)`},
		{"schedule out of range", func(c *Config) { c.Digest.Schedule = "0 25 * * 4" }, "digest.schedule", "above maximum"},
		{"schedule every", func(c *Config) { c.Digest.Schedule = "@every 168h" }, "digest.schedule", "calendar times"},
		{"schedule time zone", func(c *Config) { c.Digest.Schedule = "CRON_TZ=UTC 0 9 * * 4" }, "digest.schedule", "bot.timezone"},
		{"schedule day past Sunday", func(c *Config) { c.Digest.Schedule = "0 9 * * 8" }, "digest.schedule", `its day of the week, "8", is not 0-7 (0 and 7 are Sunday) or sun-sat`},
		{"schedule day name misspelt", func(c *Config) { c.Digest.Schedule = "0 9 * * thursday" }, "digest.schedule", `its day of the week, "thursday", is not`},
		{"schedule hour named", func(c *Config) { c.Digest.Schedule = "0 25 * * 4" }, "digest.schedule", `its hour, "25", is not 0-23`},
		{"schedule never fires", func(c *Config) { c.Digest.Schedule = "0 9 30 2 *" }, "digest.schedule", "never fires"},
		// It said only "never fires", leaving the operator to find why.
		{"schedule never fires says why", func(c *Config) { c.Digest.Schedule = "0 9 31 4,6 *" }, "digest.schedule",
			`"0 9 31 4,6 *" never fires: none of its months has that day of the month (30 February, 31 April); use five cron fields`},
		{"no sectors", func(c *Config) { c.Sectors = nil }, "sectors", "at least one"},
		{"slug empty", func(c *Config) { c.Sectors[2].Slug = "" }, "sectors[2].slug", "must not be empty"},
		{"slug with space", func(c *Config) { c.Sectors[2].Slug = "Higher Ed" }, "sectors[2].slug", "lower-case letters and digits joined by single hyphens"},
		{"slug double hyphen", func(c *Config) { c.Sectors[2].Slug = "higher--ed" }, "sectors[2].slug", "single hyphens"},
		{"slug digits", func(c *Config) { c.Sectors[2].Slug = "2024" }, "sectors[2].slug", "only digits"},
		{"slug duplicate", func(c *Config) { c.Sectors[3].Slug = "health" }, "sectors[3].slug", `"health" is already the slug of sectors[1] (health)`},
		{"name empty", func(c *Config) { c.Sectors[0].Name = "" }, "sectors[0].name", "must not be empty"},
		{"name duplicate ignoring case", func(c *Config) { c.Sectors[5].Name = "HEALTH & social care" }, "sectors[5].name", "already the name of sectors[1] (health)"},
		{"name duplicate of other", func(c *Config) { c.Sectors[5].Name = "housing" }, "sectors[5].name", `"housing" is already the slug of sectors[4]`},
		{"alias is other slug", func(c *Config) { c.Sectors[0].Aliases = append(c.Sectors[0].Aliases, "Health") }, "sectors[1].slug", `"health" is already the alias of sectors[0]`},
		{"alias is later slug", func(c *Config) { c.Sectors[9].Aliases = []string{"Housing"} }, "sectors[9].aliases[0]", `"Housing" is already the slug of sectors[4] (housing)`},
		{"alias is other name", func(c *Config) { c.Sectors[9].Aliases = []string{"blue light services"} }, "sectors[9].aliases[0]", "already the name of sectors[3]"},
		{"alias is other alias", func(c *Config) { c.Sectors[9].Aliases = []string{"NHS"} }, "sectors[9].aliases[0]", "already the alias of sectors[1]"},
		{"alias empty", func(c *Config) { c.Sectors[1].Aliases = []string{""} }, "sectors[1].aliases[0]", "must not be empty"},
		{"alias digits", func(c *Config) { c.Sectors[1].Aliases = []string{"999"} }, "sectors[1].aliases[0]", "only digits"},
		{"keyword empty", func(c *Config) { c.Sectors[1].Keywords = []string{"nhs", " "} }, "sectors[1].keywords[1]", "must not be empty"},
		{"slack editor empty", func(c *Config) { c.Editors.Slack = []string{""} }, "editors.slack[0]", "must not be empty"},
		{"slack editor handle", func(c *Config) { c.Editors.Slack = []string{"U1", "@ana"} }, "editors.slack[1]", "not a Slack user ID"},
		{"discord editor empty", func(c *Config) { c.Editors.Discord = []string{""} }, "editors.discord[0]", "must not be empty"},
		{"discord editor name", func(c *Config) { c.Editors.Discord = []string{"ana#1234"} }, "editors.discord[0]", "not a Discord user ID"},
		{"slack usergroup handle", func(c *Config) { c.Editors.SlackUsergroup = "@editors" }, "editors.slack_usergroup", "not a Slack user-group ID"},
		{"discord role name", func(c *Config) { c.Editors.DiscordRole = "Editors" }, "editors.discord_role", "not a Discord role ID"},
		{"slack mode", func(c *Config) { c.Slack.Mode = "sockets" }, "slack.mode", `must be "socket" or "http", got "sockets"`},
		{"slack api url relative", func(c *Config) { c.Slack.APIURL = "slack.com/api/" }, "slack.api_url", "absolute http:// or https:// URL"},
		{"slack api url scheme", func(c *Config) { c.Slack.APIURL = "ftp://slack.com/api/" }, "slack.api_url", "absolute http:// or https:// URL"},
		{"slack api url slash", func(c *Config) { c.Slack.APIURL = "https://slack.com/api" }, "slack.api_url", `must end with "/"`},
		{"slack command no slash", func(c *Config) { c.Slack.Command = "shared" }, "slack.command", `such as "/shared"`},
		{"slack command upper case", func(c *Config) { c.Slack.Command = "/Shared" }, "slack.command", `got "/Shared"`},
		{"slack command too short", func(c *Config) { c.Slack.Command = "/" }, "slack.command", "1 to 31"},
		{"slack command too long", func(c *Config) { c.Slack.Command = "/" + long[:32] }, "slack.command", "1 to 31"},
		{"slack bot token missing", func(c *Config) { validSlack(c); c.Slack.BotToken = "" }, "slack.bot_token", "set SLACK_BOT_TOKEN or slack.bot_token"},
		{"slack bot token is app token", func(c *Config) { c.Slack.BotToken = "xapp-1" }, "slack.bot_token", "app-level token"},
		{"slack app token missing", func(c *Config) { validSlack(c); c.Slack.AppToken = "" }, "slack.app_token", "set SLACK_APP_TOKEN"},
		{"slack app token wrong", func(c *Config) { validSlack(c); c.Slack.AppToken = "xoxb-2" }, "slack.app_token", `starting "xapp-" (this is a bot token`},
		{"slack signing secret missing", func(c *Config) { validSlack(c); c.Slack.Mode = "http" }, "slack.signing_secret", "set SLACK_SIGNING_SECRET"},
		{"discord api url", func(c *Config) { c.Discord.APIURL = "discord.com/api" }, "discord.api_url", "absolute http:// or https:// URL"},
		{"discord command slash", func(c *Config) { c.Discord.Command = "/shared" }, "discord.command", `use "shared"`},
		// The suggestion is a command Discord takes: following it must not
		// lead to another refusal.
		{"discord command slash upper case", func(c *Config) { c.Discord.Command = "/Shared" }, "discord.command", `must not start with "/" (Discord adds it): use "shared"`},
		{"discord command slash and space", func(c *Config) { c.Discord.Command = "/Shared News" }, "discord.command", `without the "/" (Discord adds it), 1 to 32 lower-case letters, digits, "-" or "_", such as "shared", got "/Shared News"`},
		{"discord command empty", func(c *Config) { c.Discord.Command = "" }, "discord.command", "1 to 32"},
		{"discord command upper case", func(c *Config) { c.Discord.Command = "Shared" }, "discord.command", "lower-case"},
		{"discord command too long", func(c *Config) { c.Discord.Command = long }, "discord.command", "1 to 32"},
		{"discord public key short", func(c *Config) { c.Discord.PublicKey = "abc" }, "discord.public_key", "64-character hex"},
		{"discord public key not hex", func(c *Config) { c.Discord.PublicKey = strings.Repeat("z", 64) }, "discord.public_key", "64-character hex"},
		{"discord application id", func(c *Config) { c.Discord.ApplicationID = "my-app" }, "discord.application_id", "not a Discord application ID"},
		{"discord guild id", func(c *Config) { c.Discord.GuildIDs = []string{"123", "My Server"} }, "discord.guild_ids[1]", "not a Discord server ID"},
		{"discord guild id overflow", func(c *Config) { c.Discord.GuildIDs = []string{"99999999999999999999"} }, "discord.guild_ids[0]", "not a Discord server ID"},
		{"discord bot token missing", func(c *Config) { validDiscord(c); c.Discord.BotToken = "" }, "discord.bot_token", "set DISCORD_BOT_TOKEN or discord.bot_token"},
		{"discord application id missing", func(c *Config) { validDiscord(c); c.Discord.ApplicationID = "" }, "discord.application_id", "set DISCORD_APPLICATION_ID"},
		{"poll interval short", func(c *Config) { c.Feeds.PollInterval.Duration = 30 * time.Second }, "feeds.poll_interval", "from 1m to 168h (a week), got 30s"},
		{"feed timeout zero", func(c *Config) { c.Feeds.Timeout.Duration = 0 }, "feeds.timeout", "more than 0"},
		{"feed timeout long", func(c *Config) { c.Feeds.Timeout.Duration = 6 * time.Minute }, "feeds.timeout", "at most 5m"},
		{"max bytes small", func(c *Config) { c.Feeds.MaxBytes = 1000 }, "feeds.max_bytes", "from 1024"},
		{"max bytes big", func(c *Config) { c.Feeds.MaxBytes = 101 << 20 }, "feeds.max_bytes", "to 16777216 (16 MiB), got 105906176: a feed takes several times its length in memory"},
		// Past what one feed can be read in within 150 MB: the largest
		// value the configuration accepts is the one measured.
		{"max bytes over the memory bound", func(c *Config) { c.Feeds.MaxBytes = 16<<20 + 1 }, "feeds.max_bytes", "got 16777217"},
		{"max bytes once accepted", func(c *Config) { c.Feeds.MaxBytes = 100 << 20 }, "feeds.max_bytes", "the 150 MB one feed may use"},
		{"user agent empty", func(c *Config) { c.Feeds.UserAgent = "" }, "feeds.user_agent", "must not be empty"},
		{"user agent two lines", func(c *Config) { c.Feeds.UserAgent = "Bot\r\nX-Evil: 1" }, "feeds.user_agent", "one line"},
		// RFC 9110 section 5.5: a field value is visible characters, spaces and tabs;
		// net/http refuses any other control character on every request.
		{"user agent control character", func(c *Config) { c.Feeds.UserAgent = "Bot\x07 (ops@council.example)" }, "feeds.user_agent", "control character"},
		{"user agent DEL", func(c *Config) { c.Feeds.UserAgent = "Bot\x7f" }, "feeds.user_agent", "control character"},
		{"concurrency zero", func(c *Config) { c.Feeds.Concurrency = 0 }, "feeds.concurrency", "from 1 to 64, got 0"},
		{"concurrency big", func(c *Config) { c.Feeds.Concurrency = 65 }, "feeds.concurrency", "got 65"},
		{"summary chars small", func(c *Config) { c.Feeds.SummaryChars = 79 }, "feeds.summary_chars", "from 80 to 3000 characters, got 79"},
		{"summary chars big", func(c *Config) { c.Feeds.SummaryChars = 3001 }, "feeds.summary_chars", "got 3001"},
		{"source url empty", func(c *Config) { withSource(c, FeedSource{Name: "A"}) }, "feeds.source[0].url", "must not be empty"},
		{"source url relative", func(c *Config) { withSource(c, FeedSource{URL: "example.org/rss", Name: "A"}) }, "feeds.source[0].url", `absolute http:// or https:// URL, got "example.org/rss"`},
		{"source url file", func(c *Config) { withSource(c, FeedSource{URL: "file:///etc/passwd", Name: "A"}) }, "feeds.source[0].url", "absolute http:// or https:// URL"},
		{"source name empty", func(c *Config) { withSource(c, FeedSource{URL: "https://a.example/rss"}) }, "feeds.source[0].name", `must not be empty (source "https://a.example/rss")`},
		{"source url duplicate", func(c *Config) {
			withSource(c, FeedSource{URL: "https://a.example/rss", Name: "A"}, FeedSource{URL: "https://A.EXAMPLE/rss#top", Name: "B"})
		}, "feeds.source[1].url", "same feed as feeds.source[0]"},
		{"source sector unknown", func(c *Config) {
			withSource(c, FeedSource{URL: "https://b.example/rss", Name: "B"}, FeedSource{URL: "https://a.example/rss", Name: "A", Sector: "helth"})
		}, "feeds.source[1].sector", `unknown sector "helth" (source "https://a.example/rss"); did you mean "health"?`},
		{"source sector far off", func(c *Config) { withSource(c, FeedSource{URL: "https://a.example/rss", Name: "A", Sector: "sport"}) }, "feeds.source[0].sector", "the sectors are local-government, health,"},
		{"source include empty", func(c *Config) {
			withSource(c, FeedSource{URL: "https://a.example/rss", Name: "A", Include: []string{"x", ""}})
		}, "feeds.source[0].include[1]", "must not be empty"},
		{"source exclude empty", func(c *Config) {
			withSource(c, FeedSource{URL: "https://a.example/rss", Name: "A", Exclude: []string{" "}})
		}, "feeds.source[0].exclude[0]", "must not be empty"},
		{"per user zero", func(c *Config) { c.Submissions.PerUserPerHour = 0 }, "submissions.per_user_per_hour", "from 1 to 1000, got 0"},
		{"per user absurd", func(c *Config) { c.Submissions.PerUserPerHour = 1<<63 - 1 }, "submissions.per_user_per_hour", "from 1 to 1000, got 9223372036854775807"},
		{"poll interval a century", func(c *Config) { c.Feeds.PollInterval.Duration = 100 * 365 * 24 * time.Hour }, "feeds.poll_interval", "got 876000h0m0s"},
		{"fetch timeout zero", func(c *Config) { c.Submissions.FetchTimeout.Duration = 0 }, "submissions.fetch_timeout", "more than 0"},
		{"fetch timeout long", func(c *Config) { c.Submissions.FetchTimeout.Duration = 2 * time.Minute }, "submissions.fetch_timeout", "at most 1m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.change(c)
			ps := c.ValidateRun()
			for _, p := range ps {
				if p.Key == tc.key && strings.Contains(p.Message, tc.msg) {
					if !strings.HasPrefix(p.String(), tc.key+": ") {
						t.Errorf("String() = %q, want it to start with the key", p.String())
					}
					return
				}
			}
			t.Errorf("want a problem for %s containing %q, got:\n%v", tc.key, tc.msg, ps)
		})
	}
}

// TestValidateNeedsNoSecrets: only run needs a platform's secrets, so the
// console and preview work with a platform enabled in the file and no
// tokens set.
func TestValidateNeedsNoSecrets(t *testing.T) {
	c := Default()
	c.Slack.Enabled, c.Discord.Enabled = true, true
	if ps := c.Validate(); ps != nil {
		t.Errorf("Validate() = %v", ps)
	}
	want := map[string]bool{"slack.bot_token": true, "slack.app_token": true, "discord.bot_token": true, "discord.application_id": true}
	for _, p := range c.ValidateRun() {
		if !want[p.Key] || !strings.Contains(p.Message, "required by `run`") {
			t.Errorf("unexpected run problem %v", p)
		}
		delete(want, p.Key)
	}
	if len(want) > 0 {
		t.Errorf("ValidateRun() misses %v", want)
	}
}

func TestValidateAccepts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Config)
	}{
		{"schedule descriptor", func(c *Config) { c.Digest.Schedule = "@weekly" }},
		{"schedule day name", func(c *Config) { c.Digest.Schedule = "30 8 * * MON" }},
		{"title without placeholder", func(c *Config) { c.Digest.Title = "Weekly news" }},
		{"title placeholder twice", func(c *Config) { c.Digest.Title = "{date} ({date})" }},
		{"footer without placeholder", func(c *Config) { c.Digest.Footer = "Ask Sam for a copy." }},
		{"footer empty", func(c *Config) { c.Digest.Footer = "" }},
		{"listen any interface", func(c *Config) { c.HTTP.Listen = ":8080" }},
		{"listen IPv6", func(c *Config) { c.HTTP.Listen = "[::1]:0" }},
		{"public url https with path", func(c *Config) { c.HTTP.PublicURL = "https://council.example/news/" }},
		{"public url with port", func(c *Config) { c.HTTP.PublicURL = "http://[::1]:8080" }},
		{"web off", func(c *Config) { c.Web.Enabled = false }},
		{"timezone UTC", func(c *Config) { c.Bot.Timezone = "UTC" }},
		{"slack socket", validSlack},
		{"slack http", func(c *Config) {
			validSlack(c)
			c.Slack.Mode, c.Slack.AppToken, c.Slack.SigningSecret = "http", "", "s"
		}},
		{"discord", func(c *Config) {
			validDiscord(c)
			c.Discord.PublicKey = strings.Repeat("0f", 32)
			c.Discord.GuildIDs = []string{"123456789012345678"}
		}},
		{"editors", func(c *Config) {
			c.Editors.Slack = []string{"U012AB3CD", "W0123"}
			c.Editors.Discord = []string{"123456789012345678"}
			c.Editors.SlackUsergroup = "S0123ABCD"
			c.Editors.DiscordRole = "234567890123456789"
		}},
		{"source sector by slug, name and alias", func(c *Config) {
			withSource(c,
				FeedSource{URL: "https://a.example/rss", Name: "A", Sector: "health"},
				FeedSource{URL: "https://b.example/rss", Name: "B", Sector: "health & social care"},
				FeedSource{URL: "https://c.example/rss", Name: "C", Sector: " NHS "},
				FeedSource{URL: "http://d.example/feed.json", Name: "D"},
			)
		}},
		{"alias repeats own name", func(c *Config) { c.Sectors[4].Aliases = append(c.Sectors[4].Aliases, "housing") }},
		{"single sector", func(c *Config) {
			c.Sectors = c.Sectors[:1]
			// The default feeds hint at sectors this config no longer has.
			c.Feeds.Sources = nil
		}},
		{"no feeds", func(c *Config) { c.Feeds.Sources = []FeedSource{} }},
		{"limits at bounds", func(c *Config) {
			c.Feeds.PollInterval.Duration = time.Minute
			c.Feeds.Timeout.Duration = 5 * time.Minute
			c.Feeds.MaxBytes = 16 << 20
			c.Feeds.Concurrency = 64
			c.Feeds.SummaryChars = 80
			c.Submissions.FetchTimeout.Duration = time.Minute
			c.Submissions.PerUserPerHour = 1
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.change(c)
			if ps := c.Validate(); ps != nil {
				t.Errorf("Validate() = %v", ps)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.Bot.Name = ""
	c.Slack.Mode = "sockets"
	c.Discord.Command = ""
	c.Submissions.PerUserPerHour = 0
	ps := c.Validate()
	want := []string{"bot.name", "slack.mode", "discord.command", "submissions.per_user_per_hour"}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, key := range want {
		if ps[i].Key != key {
			t.Errorf("problem %d is %s, want %s", i, ps[i].Key, key)
		}
	}
}

// A mistyped listen address hid a wrong public_url until the next run of
// check-config, though check-config promises every problem in one run.
func TestValidateReportsPublicURLBesideABadListen(t *testing.T) {
	c := Default()
	c.HTTP.Listen = "localhost"
	c.HTTP.PublicURL = "ftp://news.example.org"
	var keys []string
	for _, p := range c.Validate() {
		keys = append(keys, p.Key)
	}
	if got, want := strings.Join(keys, " "), "http.listen http.public_url"; got != want {
		t.Errorf("problems for %s, want %s", got, want)
	}
}

func TestProblemsError(t *testing.T) {
	ps := Problems{
		{File: "config.toml", Line: 12, Key: "slack.mode", Message: `must be "socket" or "http", got "sockets"`},
		{File: "config.toml", Line: 3, Column: 5, Message: "expected '=' after key"},
		{Key: "bot.name", Message: "must not be empty"},
	}
	want := `config.toml:12: slack.mode: must be "socket" or "http", got "sockets"
config.toml:3:5: expected '=' after key
bot.name: must not be empty`
	if got := ps.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if Problems(nil).Err() != nil {
		t.Error("empty Problems.Err() is not nil")
	}
	if ps.Err() == nil {
		t.Error("Problems.Err() is nil")
	}
}

func TestWarnings(t *testing.T) {
	c := Default()
	if ws := c.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Message, "no chat platform") {
		t.Errorf("default warnings = %v", ws)
	}
	validSlack(c)
	validDiscord(c)
	c.Submissions.AllowPrivateHosts = true
	got := map[string]bool{}
	for _, w := range c.Warnings() {
		got[w.Key] = true
	}
	for _, key := range []string{"slack.review_channel", "discord.review_channel", "editors.slack", "editors.discord", "submissions.allow_private_hosts"} {
		if !got[key] {
			t.Errorf("no warning for %s", key)
		}
	}
	if ps := c.Validate(); ps != nil {
		t.Errorf("warnings made Validate fail: %v", ps)
	}
	// A sector's slug or name longer than the platforms show is a warning,
	// so that a configuration that ran before an upgrade still runs.
	c = Default()
	c.Sectors[2].Slug = strings.Repeat("ab-", 34) + "c"
	c.Sectors[3].Name = strings.Repeat("Blue ", 15) + "Light"
	got = map[string]bool{}
	for _, w := range c.Warnings() {
		got[w.Key] = true
	}
	if !got["sectors[2].slug"] || !got["sectors[3].name"] {
		t.Errorf("no warning for a long slug and name: %v", c.Warnings())
	}
	if ps := c.Validate(); ps != nil {
		t.Errorf("a long slug or name made Validate fail: %v", ps)
	}
}

// TestWarnsOfLongSlugsThatStartAlike: two slugs longer than Discord's
// choice value (100) that share their first 100 characters were offered as
// one choice, read back as the first: the second cannot be chosen on a
// card or in the edit form (Discord's selects offer the first only), and
// check-config warned only that each was long.
func TestWarnsOfLongSlugsThatStartAlike(t *testing.T) {
	c := Default()
	stem := strings.Repeat("regional-partnership-", 5)
	n := len(c.Sectors)
	c.Sectors = append(c.Sectors,
		Sector{Slug: stem + "north", Name: "North"},
		Sector{Slug: stem[:90] + "-elsewhere-and-beyond", Name: "Elsewhere"}, // long too, but apart within 100
		Sector{Slug: stem + "south", Name: "South"})
	var alike []string
	for _, w := range c.Warnings() {
		if strings.Contains(w.Message, "starts with the same") {
			alike = append(alike, w.Key+": "+w.Message)
		}
	}
	if len(alike) != 1 || !strings.HasPrefix(alike[0], fmt.Sprintf("sectors[%d].slug: ", n+2)) || !strings.Contains(alike[0], fmt.Sprintf("sectors[%d].slug", n)) ||
		!strings.Contains(alike[0], "offer the two as one, \""+stem+"north\"") {
		t.Errorf("warnings of slugs that start alike: %q", alike)
	}
	if ps := c.Validate(); ps != nil {
		t.Errorf("slugs that start alike made Validate fail: %v", ps)
	}
}

func TestLocation(t *testing.T) {
	c := Default()
	if got := c.Location().String(); got != "Europe/London" {
		t.Errorf("Location() = %s", got)
	}
	c.Bot.Timezone = "Nowhere/Special"
	if c.Location() != time.UTC {
		t.Errorf("invalid timezone: Location() = %s, want UTC", c.Location())
	}
}

func TestConfiguredHelpers(t *testing.T) {
	c := Default()
	if c.SlackConfigured() || c.DiscordConfigured() || c.DiscordInteractionsEndpoint() {
		t.Error("defaults report a configured platform")
	}
	validSlack(c)
	validDiscord(c)
	if !c.SlackConfigured() || !c.DiscordConfigured() || c.DiscordInteractionsEndpoint() {
		t.Error("enabled platforms not reported as configured")
	}
	c.Slack.Mode = "http"
	if c.SlackConfigured() {
		t.Error("http mode without a signing secret reported as configured")
	}
	c.Discord.PublicKey = strings.Repeat("ab", 32)
	if !c.DiscordInteractionsEndpoint() {
		t.Error("public key set but no interactions endpoint")
	}
}

func TestWarnsWhenPublicURLIsLoopbackButListenIsNot(t *testing.T) {
	publicURLWarned := func(c *Config) bool {
		for _, w := range c.Warnings() {
			if w.Key == "http.public_url" {
				return true
			}
		}
		return false
	}
	c := Default()
	if publicURLWarned(c) {
		t.Error("the defaults (loopback listen, loopback public_url) warn about public_url")
	}
	c.HTTP.Listen = ":8080"
	if !publicURLWarned(c) {
		t.Error("listen on every interface with a loopback public_url: no warning")
	}
	c.Web.Enabled = false
	if publicURLWarned(c) {
		t.Error("web disabled: public_url warning anyway")
	}
	c.Web.Enabled = true
	c.HTTP.PublicURL = "https://news.council.example"
	if publicURLWarned(c) {
		t.Error("a public public_url warned about")
	}
}

// TestRedactURLHidesCredentials: the user and password in the address (a
// user name alone is often a token, https://TOKEN@host), and the value
// of a query parameter named as a credential (GitHub's private feeds
// ?token=, GitLab's ?feed_token=, ?api_key=, ?sig=), are replaced; the
// rest of the address stays as written, to tell feeds apart.
func TestRedactURLHidesCredentials(t *testing.T) {
	for raw, want := range map[string]string{
		"https://reader:s3cret-pw@intranet.example/feed":                         "https://xxxxx:xxxxx@intranet.example/feed",
		"https://ghp_SECRET0@github.example/ana.atom":                            "https://xxxxx@github.example/ana.atom",
		"https://github.com/ana.private.atom?token=SECRET1":                      "https://github.com/ana.private.atom?token=xxxxx",
		"https://gitlab.example/ana.atom?feed_token=SECRET2&page=2":              "https://gitlab.example/ana.atom?feed_token=xxxxx&page=2",
		"https://x.example/rss?cat=5&API_KEY=SECRET3&keywords=council":           "https://x.example/rss?cat=5&API_KEY=xxxxx&keywords=council",
		"https://x.example/rss?sig=SECRET4&se=2030":                              "https://x.example/rss?sig=xxxxx&se=2030",
		"https://x.example/rss?access%5Ftoken=SECRET5":                           "https://x.example/rss?access%5Ftoken=xxxxx",
		"https://u:SECRET6@x.example/rss?password=SECRET7":                       "https://xxxxx:xxxxx@x.example/rss?password=xxxxx",
		"https://www.gov.uk/search/news-and-communications.atom?organisations=x": "https://www.gov.uk/search/news-and-communications.atom?organisations=x",
		"https://x.example/feed?author=ana":                                      "https://x.example/feed?author=ana",
	} {
		if got := RedactURL(raw); got != want {
			t.Errorf("RedactURL(%s) = %s, want %s", raw, got, want)
		}
	}
}

// TestWarnsOfLengthsAsTheAdaptersCountThem: Slack's limits are read as
// UTF-16 code units (digest.UTF16Len), where an emoji counts as two, and
// the Slack adapter cuts a sector's name (75) and the edition's title (150)
// so; check-config counted characters, so a name or title of emoji within
// the count in characters was cut on Slack with no warning. A title over
// 150 in characters stays the error it was, and one over only as Slack
// counts is a warning, so that a configuration that ran before still runs.
func TestWarnsOfLengthsAsTheAdaptersCountThem(t *testing.T) {
	c := Default()
	c.Sectors[3].Name = "Blue light " + strings.Repeat("🚒", 40)         // 51 characters, 91 UTF-16 units
	c.Digest.Title = strings.Repeat("📰", 60) + " Shared news of {date}" // 60 + 35 characters, 155 units
	c.Sectors[4].Name = "Blue light " + strings.Repeat("é", 60)         // 71 characters, 71 units: no warning
	got := map[string]string{}
	for _, w := range c.Warnings() {
		got[w.Key] = w.Message
	}
	if !strings.Contains(got["sectors[3].name"], "longer than 75 characters") {
		t.Errorf("a name of emoji over 75 as Slack counts: %q", got["sectors[3].name"])
	}
	if m := got["digest.title"]; !strings.Contains(m, "Slack's header holds 150") || !strings.Contains(m, "is 155 characters long") {
		t.Errorf("a title of emoji over 150 as Slack counts: %q", m)
	}
	if m, ok := got["sectors[4].name"]; ok {
		t.Errorf("a name of 71 characters without emoji: %q", m)
	}
	if ps := c.Validate(); ps != nil {
		t.Errorf("a title over 150 only as Slack counts made Validate fail: %v", ps)
	}
	c.Digest.Title = strings.Repeat("Shared services news ", 7) + "{date}"
	for _, w := range c.Warnings() {
		if w.Key == "digest.title" {
			t.Errorf("a title Validate refuses is warned of too: %q", w.Message)
		}
	}
}
