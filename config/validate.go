package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// Patterns for values with a fixed shape. They are compiled once and never
// changed.
var (
	slugPattern         = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	slackCommandPattern = regexp.MustCompile(`^/[a-z0-9_-]{1,31}$`)
	discordCmdPattern   = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)
	slackIDPattern      = regexp.MustCompile(`^[A-Z0-9]+$`)
	snowflakePattern    = regexp.MustCompile(`^[0-9]{1,20}$`)
	hexKeyPattern       = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)
	digitsPattern       = regexp.MustCompile(`^[0-9]+$`)
)

// Upper bounds for settings whose only limit would otherwise be what the
// type holds: past these a value is a typo or a unit mistake, not a choice.
const (
	// maxPollInterval is a week: a newswire polled less often than the
	// edition goes out would miss whole editions.
	maxPollInterval = 168 * time.Hour
	// maxPerUserPerHour is a link every four seconds for an hour, far past
	// anything a person submits; above it the limit limits nothing.
	maxPerUserPerHour = 1000
)

// Validate checks every value and returns every problem found, each naming
// its key; it returns nil when the config is valid. Load calls it; code that
// builds a Config by hand (tests) should too.
func (c *Config) Validate() Problems {
	var ps Problems
	c.validateBot(&ps)
	c.validateHTTP(&ps)
	c.validateDigest(&ps)
	c.validateSectors(&ps)
	c.validateEditors(&ps)
	c.validateSlack(&ps)
	c.validateDiscord(&ps)
	c.validateFeeds(&ps)
	c.validateSubmissions(&ps)
	c.validateEmail(&ps)
	return ps
}

func (c *Config) validateBot(ps *Problems) {
	if blank(c.Bot.Name) {
		ps.add("bot.name", "must not be empty")
	}
	switch tz := c.Bot.Timezone; {
	case blank(tz):
		// time.LoadLocation("") is UTC, which would hide the mistake.
		ps.add("bot.timezone", `must be an IANA time zone name such as "Europe/London"`)
	case tz == "Local":
		ps.add("bot.timezone", `"Local" depends on the server; use an IANA time zone name such as "Europe/London"`)
	default:
		if _, err := time.LoadLocation(tz); err != nil {
			if meant := meantTimezone(tz); meant != "" {
				ps.add("bot.timezone", `unknown time zone %q; did you mean %q?`, tz, meant)
			} else {
				ps.add("bot.timezone", `unknown time zone %q; use an IANA name such as "Europe/London" or "UTC"`, tz)
			}
		}
	}
	switch {
	case blank(c.Bot.Database):
		ps.add("bot.database", "must not be empty: it is the path of the SQLite database file")
	case strings.TrimSpace(c.Bot.Database) == ":memory:":
		// SQLite's in-memory database: every command would report
		// success on a database that is gone when it stops.
		ps.add("bot.database", `":memory:" keeps nothing once the bot stops; name a file such as "sharednews.db"`)
	}
}

func (c *Config) validateHTTP(ps *Problems) {
	// Each key is checked whatever the other holds: check-config reports
	// every problem in one run.
	checkListen(ps, c.HTTP.Listen)
	checkPublicURL(ps, "http.public_url", c.HTTP.PublicURL)
}

// checkListen adds a problem unless l is an address the server can listen on.
func checkListen(ps *Problems, l string) {
	_, port, err := net.SplitHostPort(l)
	if err != nil {
		ps.add("http.listen", `must be host:port such as "127.0.0.1:8080" or ":8080", got %q`, l)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		ps.add("http.listen", "port must be a number from 0 to 65535, got %q", port)
	}
}

// checkPublicURL adds a problem unless raw can be the base of the web
// archive's links: an absolute http(s) URL with a host, optionally a path,
// and nothing a link could not be appended to (query, fragment, user name).
func checkPublicURL(ps *Problems, key, raw string) {
	if !checkURL(ps, key, raw, false) {
		return
	}
	u, _ := url.Parse(raw)
	switch {
	case u.User != nil:
		ps.add(key, "must not hold a user name or password, got %q", RedactURL(raw))
	case u.RawQuery != "" || u.ForceQuery:
		ps.add(key, "must not have a query (the part after \"?\"), got %q", RedactURL(raw))
	case u.Fragment != "" || strings.Contains(raw, "#"):
		ps.add(key, "must not have a fragment (the part after \"#\"), got %q", RedactURL(raw))
	}
}

// maxTitle is the most characters an edition's title may have: what a
// Slack header block holds (Discord's embed titles hold 256).
const maxTitle = 150

// longestTitleDate is a date whose ordinal form is as long as any:
// "23rd September 2026".
func longestTitleDate() time.Time { return time.Date(2026, time.September, 23, 0, 0, 0, 0, time.UTC) }

func (c *Config) validateDigest(ps *Problems) {
	if blank(c.Digest.Title) {
		ps.add("digest.title", "must not be empty")
	} else if bad, ok := badPlaceholder(c.Digest.Title, "{date}"); ok {
		ps.add("digest.title", "has %q; the only placeholder is {date}", bad)
	} else if longest := digest.OneLine(digest.Title(c.Digest.Title, longestTitleDate())); utf8.RuneCountInString(longest) > maxTitle {
		// Slack shows the title in a header block, which holds 150
		// characters: a longer one would be cut there alone.
		ps.add("digest.title", "must be at most %d characters with the longest date filled in (%s); yours has %d",
			maxTitle, digest.OrdinalDate(longestTitleDate()), utf8.RuneCountInString(longest))
	}

	// A footer's unknown placeholder (a misspelt "{subscibe}", or the
	// title's "{date}") would reach every reader as written.
	if bad, ok := badPlaceholder(c.Digest.Footer, digest.SubscribeHere); ok {
		ps.add("digest.footer", "has %q; the only placeholder is %s", bad, digest.SubscribeHere)
	}

	s := strings.TrimSpace(c.Digest.Schedule)
	const want = `five cron fields "minute hour day-of-month month day-of-week", such as "0 9 * * 4" for Thursdays at 09:00`
	switch {
	case s == "":
		ps.add("digest.schedule", "must not be empty: use %s", want)
	case strings.HasPrefix(s, "@every"):
		ps.add("digest.schedule", "%q repeats at an interval from whenever the bot started; an edition needs calendar times: use %s", s, want)
	case strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ="):
		ps.add("digest.schedule", "%s", c.zonePrefixProblem(s))
	case strings.HasPrefix(s, "@"):
		// The cron parser's "unrecognized descriptor" names none it knows.
		if _, err := ParseSchedule(s); err != nil {
			ps.add("digest.schedule", "%q is not a descriptor the schedule knows (@yearly, @monthly, @weekly, @daily, @hourly); use one of them, or %s", s, want)
		}
	case len(strings.Fields(s)) != len(scheduleFields):
		// A schedule written in words ("every Thursday at 9am") or with a
		// seconds or year field: the parser's "expected exactly 5 fields,
		// found 4: [every Thursday at 9am]" tells the operator nothing of
		// what to write instead.
		if five, ok := withoutSeconds(s); ok {
			ps.add("digest.schedule", "%q has six fields: a first field of seconds is not read; write %q", s, five)
			return
		}
		n := len(strings.Fields(s))
		ps.add("digest.schedule", "%q has %s where a schedule has exactly five (a schedule in words, or with seconds or a year, is not read); use %s", s, digest.Plural(n, "field", "fields"), want)
	default:
		sched, err := ParseSchedule(s)
		if err != nil {
			if i, ok := badScheduleField(s); ok {
				f := scheduleFields[i]
				detail := err.Error()
				if i == dayOfWeekField {
					// The parser's bound; ParseSchedule takes 7 for Sunday too.
					detail = strings.ReplaceAll(detail, "maximum (6)", "maximum (7)")
				}
				if strings.Contains(detail, "failed to parse int") {
					// Not a number nor a name the field knows ("Thurs"):
					// the values the field takes say it all, and the
					// parser's strconv error would only puzzle the operator.
					ps.add("digest.schedule", "invalid schedule %q: its %s, %q, is not %s; use %s", s, f.name, strings.Fields(s)[i], f.values, want)
					return
				}
				ps.add("digest.schedule", "invalid schedule %q: its %s, %q, is not %s (%s); use %s", s, f.name, strings.Fields(s)[i], f.values, detail, want)
				return
			}
			ps.add("digest.schedule", "invalid schedule %q: %v; use %s", s, err, want)
			return
		}
		// A valid schedule can still name a day that never comes (30 February).
		if sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
			ps.add("digest.schedule", "%q never fires: none of its months has that day of the month (30 February, 31 April); use %s", s, want)
		}
	}
}

// zonePrefixProblem words the refusal of a schedule that starts with a
// time zone, as crontab lines may ("CRON_TZ=Asia/Kolkata 0 9 * * 4"): the
// prefix is not read, and dropping it alone would move every edition to
// bot.timezone's clock without a word, so the sentence names the line to
// write and, when the prefix names another zone, the bot.timezone to set.
func (c *Config) zonePrefixProblem(s string) string {
	_, rest, _ := strings.Cut(s, "=")
	zone, line, _ := strings.Cut(rest, " ")
	line = strings.Join(strings.Fields(line), " ")
	switch _, err := time.LoadLocation(zone); {
	case line == "" || zone == "" || err != nil:
		return fmt.Sprintf("%q sets a time zone; the schedule always runs in bot.timezone, so remove the prefix", s)
	case zone == c.Bot.Timezone:
		return fmt.Sprintf("%q sets a time zone; the schedule always runs in bot.timezone, and bot.timezone is already %q: write %q", s, zone, line)
	}
	return fmt.Sprintf("%q sets a time zone; the schedule always runs in bot.timezone (now %q): set bot.timezone = %q and write %q", s, c.Bot.Timezone, zone, line)
}

// withoutSeconds is a six-field schedule from a scheduler that counts
// seconds first (Quartz, Spring, cron libraries' WithSeconds) as the five
// fields after its seconds, when those are a schedule and the first field
// could be seconds: the operator meant that line, at the top of the minute.
func withoutSeconds(s string) (string, bool) {
	fields := strings.Fields(s)
	if len(fields) != len(scheduleFields)+1 {
		return "", false
	}
	five := strings.Join(fields[1:], " ")
	if _, err := ParseSchedule(five); err != nil {
		return "", false
	}
	// Seconds take the values minutes do.
	if _, err := ParseSchedule(fields[0] + " * * * *"); err != nil {
		return "", false
	}
	return five, true
}

// scheduleFields names the five fields of digest.schedule and the values
// each takes (7 for Sunday as crontab(5) allows: ParseSchedule).
var scheduleFields = [5]struct{ name, values string }{
	{"minute", "0-59"},
	{"hour", "0-23"},
	{"day of the month", "1-31"},
	{"month", "1-12 or jan-dec"},
	{"day of the week", "0-7 (0 and 7 are Sunday) or sun-sat"},
}

// dayOfWeekField is the index of the day of the week in scheduleFields.
const dayOfWeekField = 4

// badScheduleField is the index of the first field the cron parser refuses
// in a five-field schedule it refused, so that the message can name it.
func badScheduleField(s string) (int, bool) {
	fields := strings.Fields(s)
	if len(fields) != len(scheduleFields) || strings.HasPrefix(s, "@") {
		return 0, false
	}
	for i, f := range fields {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f
		if _, err := ParseSchedule(strings.Join(probe, " ")); err != nil {
			return i, true
		}
	}
	return 0, false
}

// badPlaceholder returns the first "{…}" in s that is not allowed.
func badPlaceholder(s, allowed string) (string, bool) {
	for rest := s; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return "", false
		}
		rest = rest[i:]
		if strings.HasPrefix(rest, allowed) {
			rest = rest[len(allowed):]
			continue
		}
		if j := strings.IndexByte(rest, '}'); j >= 0 {
			return rest[:j+1], true
		}
		return rest, true // an unclosed brace
	}
}

func (c *Config) validateSectors(ps *Problems) {
	if len(c.Sectors) == 0 {
		ps.add("sectors", "at least one [[sectors]] is required")
		return
	}
	// Slugs, names and aliases all resolve a sector argument, so each must
	// point at one sector only.
	type owner struct {
		sector int
		what   string
	}
	owners := map[string]owner{}
	claim := func(key string, i int, what, v string) {
		k := strings.ToLower(strings.TrimSpace(v))
		if k == "" {
			return
		}
		o, ok := owners[k]
		if !ok {
			owners[k] = owner{i, what}
			return
		}
		if o.sector != i {
			ps.add(key, "%q is already the %s of sectors[%d] (%s)", v, o.what, o.sector, c.Sectors[o.sector].Slug)
		}
	}

	for i, s := range c.Sectors {
		key := fmt.Sprintf("sectors[%d]", i)
		switch {
		case s.Slug == "":
			ps.add(key+".slug", "must not be empty")
		case !slugPattern.MatchString(s.Slug):
			ps.add(key+".slug", `%q must be lower-case letters and digits joined by single hyphens, such as "blue-light"`, s.Slug)
		case digitsPattern.MatchString(s.Slug):
			ps.add(key+".slug", "%q is only digits, which /shared news would read as a count", s.Slug)
		}
		if blank(s.Name) {
			ps.add(key+".name", "must not be empty")
		}
		for j, a := range s.Aliases {
			k := fmt.Sprintf("%s.aliases[%d]", key, j)
			if blank(a) {
				ps.add(k, "must not be empty")
			} else if digitsPattern.MatchString(strings.TrimSpace(a)) {
				ps.add(k, "%q is only digits, which /shared news would read as a count", a)
			}
		}
		for j, w := range s.Keywords {
			if blank(w) {
				ps.add(fmt.Sprintf("%s.keywords[%d]", key, j), "must not be empty")
			}
		}

		claim(key+".slug", i, "slug", s.Slug)
		claim(key+".name", i, "name", s.Name)
		for j, a := range s.Aliases {
			claim(fmt.Sprintf("%s.aliases[%d]", key, j), i, "alias", a)
		}
	}
}

func (c *Config) validateEditors(ps *Problems) {
	for i, id := range c.Editors.Slack {
		key := fmt.Sprintf("editors.slack[%d]", i)
		if blank(id) {
			ps.add(key, "must not be empty")
		} else if !slackIDPattern.MatchString(id) {
			ps.add(key, `%q is not a Slack user ID; use the member ID such as "U012AB3CD" (profile ▸ ⋮ ▸ Copy member ID)`, id)
		}
	}
	for i, id := range c.Editors.Discord {
		key := fmt.Sprintf("editors.discord[%d]", i)
		if blank(id) {
			ps.add(key, "must not be empty")
		} else if !isSnowflake(id) {
			ps.add(key, "%q is not a Discord user ID; use the numeric ID (Developer Mode on, right-click the user ▸ Copy User ID)", id)
		}
	}
	if g := c.Editors.SlackUsergroup; g != "" && !slackIDPattern.MatchString(g) {
		ps.add("editors.slack_usergroup", `%q is not a Slack user-group ID; use the ID such as "S0123ABCD", not the @handle`, g)
	}
	if r := c.Editors.DiscordRole; r != "" && !isSnowflake(r) {
		ps.add("editors.discord_role", "%q is not a Discord role ID; use the numeric ID (Developer Mode on, right-click the role ▸ Copy Role ID)", r)
	}
}

func (c *Config) validateSlack(ps *Problems) {
	s := c.Slack
	if s.Mode != "socket" && s.Mode != "http" {
		ps.add("slack.mode", `must be "socket" or "http", got %q`, s.Mode)
	}
	checkURL(ps, "slack.api_url", s.APIURL, true)
	if !slackCommandPattern.MatchString(s.Command) {
		ps.add("slack.command", `must be "/" and 1 to 31 lower-case letters, digits, "-" or "_", such as "/shared", got %q`, s.Command)
	}
	// Secrets are checked for presence and shape only: their values must
	// never appear in a message, since messages end up in logs.
	if strings.HasPrefix(s.BotToken, "xapp-") {
		ps.add("slack.bot_token", `is an app-level token ("xapp-…"); the bot token is the Bot User OAuth Token starting "xoxb-"`)
	}
	if s.Enabled && s.Mode == "socket" && s.AppToken != "" && !strings.HasPrefix(s.AppToken, "xapp-") {
		ps.add("slack.app_token", `must be an app-level token starting "xapp-"%s`, tokenHint(s.AppToken))
	}
}

// tokenHint names the kind of Slack token by its public prefix, which is
// safe to show, to explain a token pasted into the wrong setting.
func tokenHint(token string) string {
	for _, k := range []struct{ prefix, kind string }{{"xoxb-", "a bot token"}, {"xoxp-", "a user token"}} {
		if strings.HasPrefix(token, k.prefix) {
			return fmt.Sprintf(" (this is %s, %q…)", k.kind, k.prefix)
		}
	}
	return ""
}

func (c *Config) validateDiscord(ps *Problems) {
	d := c.Discord
	checkURL(ps, "discord.api_url", d.APIURL, false)
	// The "/" is suggested away only when what is left is a name Discord
	// takes (lower-cased, as Discord wants it): an operator who follows the
	// suggestion must not meet a second refusal.
	bare := strings.ToLower(strings.TrimPrefix(d.Command, "/"))
	switch {
	case strings.HasPrefix(d.Command, "/") && discordCmdPattern.MatchString(bare):
		ps.add("discord.command", "must not start with \"/\" (Discord adds it): use %q", bare)
	case strings.HasPrefix(d.Command, "/"):
		ps.add("discord.command", `must be, without the "/" (Discord adds it), 1 to 32 lower-case letters, digits, "-" or "_", such as "shared", got %q`, d.Command)
	case !discordCmdPattern.MatchString(d.Command):
		ps.add("discord.command", `must be 1 to 32 lower-case letters, digits, "-" or "_", such as "shared", got %q`, d.Command)
	}
	if d.PublicKey != "" && !hexKeyPattern.MatchString(d.PublicKey) {
		ps.add("discord.public_key", "must be the 64-character hex Public Key from the Developer Portal (General Information), got %d characters", len(d.PublicKey))
	}
	if d.ApplicationID != "" && !isSnowflake(d.ApplicationID) {
		ps.add("discord.application_id", "%q is not a Discord application ID; use the numeric Application ID from the Developer Portal (General Information)", d.ApplicationID)
	}
	for i, g := range d.GuildIDs {
		if !isSnowflake(g) {
			ps.add(fmt.Sprintf("discord.guild_ids[%d]", i), "%q is not a Discord server ID; use the numeric ID (Developer Mode on, right-click the server ▸ Copy Server ID)", g)
		}
	}
}

// MaxFeedBytes is the largest feeds.max_bytes accepted. Reading a feed
// takes several times its length in memory (the body, gofeed's tree of
// its text, and the garbage collector's room to grow the heap twice what
// is live): the largest an ingest reached with a feed just under 16 MiB
// was 90 MB (`go run ./cmd/feedbench -attacks -max-bytes 16777216`, 1,000
// items of long descriptions), 132 MB at 24 MiB and 166 MB at 32 MiB,
// where PRODUCT.md holds one feed to 150 MB.
const MaxFeedBytes = 16 << 20

func (c *Config) validateFeeds(ps *Problems) {
	f := c.Feeds
	if f.PollInterval.Duration < time.Minute || f.PollInterval.Duration > maxPollInterval {
		ps.add("feeds.poll_interval", "must be from 1m to 168h (a week), got %s", f.PollInterval)
	}
	if f.Timeout.Duration <= 0 || f.Timeout.Duration > 5*time.Minute {
		ps.add("feeds.timeout", "must be more than 0 and at most 5m, got %s", f.Timeout)
	}
	if f.MaxBytes < 1<<10 || f.MaxBytes > MaxFeedBytes {
		ps.add("feeds.max_bytes", "must be from 1024 (1 KiB) to %d (%d MiB), got %d: a feed takes several times its length in memory while it is read, and a larger one could take the bot past the 150 MB one feed may use", MaxFeedBytes, MaxFeedBytes>>20, f.MaxBytes)
	}
	if blank(f.UserAgent) {
		ps.add("feeds.user_agent", "must not be empty: feed servers use it to identify and contact the bot's operator")
	} else if strings.ContainsAny(f.UserAgent, "\r\n") {
		ps.add("feeds.user_agent", "must be one line: it is sent as an HTTP header")
	} else if strings.ContainsFunc(f.UserAgent, func(r rune) bool { return r != '\t' && (r < 0x20 || r == 0x7f) }) {
		// net/http refuses such a header (RFC 9110 section 5.5), so every feed would fail.
		ps.add("feeds.user_agent", "must not hold a control character: it is sent as an HTTP header")
	}
	if f.Concurrency < 1 || f.Concurrency > 64 {
		ps.add("feeds.concurrency", "must be from 1 to 64, got %d", f.Concurrency)
	}
	if f.SummaryChars < 80 || f.SummaryChars > 3000 {
		ps.add("feeds.summary_chars", "must be from 80 to 3000 characters, got %d", f.SummaryChars)
	}

	seen := map[string]int{} // canonical URL → first source index
	for i, src := range f.Sources {
		key := fmt.Sprintf("feeds.source[%d]", i)
		// Source messages name the URL too: indexes are hard to count in a
		// long file.
		of := fmt.Sprintf("(source %q)", RedactURL(src.URL))
		if checkURL(ps, key+".url", src.URL, false) {
			u := canonicalFeedURL(src.URL)
			if first, dup := seen[u]; dup {
				ps.add(key+".url", "%q is the same feed as feeds.source[%d]", RedactURL(src.URL), first)
			} else {
				seen[u] = i
			}
		}
		if blank(src.Name) {
			ps.add(key+".name", "must not be empty %s", of)
		}
		if src.Sector != "" && c.sectorIndex(src.Sector) < 0 {
			ps.add(key+".sector", "unknown sector %q %s; %s", src.Sector, of, c.sectorHint(src.Sector))
		}
		for j, p := range src.Include {
			if blank(p) {
				ps.add(fmt.Sprintf("%s.include[%d]", key, j), "must not be empty %s", of)
			}
		}
		for j, p := range src.Exclude {
			if blank(p) {
				ps.add(fmt.Sprintf("%s.exclude[%d]", key, j), "must not be empty %s", of)
			}
		}
	}
}

// canonicalFeedURL makes two spellings of one feed URL compare equal: the
// scheme and host are case-insensitive and a fragment never reaches the
// server.
func canonicalFeedURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	return u.String()
}

// sectorIndex resolves a sector by slug, name or alias, ignoring case and
// surrounding space, as a sector argument in chat would be (without the
// prefix matching, which suits typing, not configuration).
func (c *Config) sectorIndex(v string) int {
	v = strings.TrimSpace(v)
	for i, s := range c.Sectors {
		if strings.EqualFold(v, s.Slug) || strings.EqualFold(v, s.Name) {
			return i
		}
		for _, a := range s.Aliases {
			if strings.EqualFold(v, a) {
				return i
			}
		}
	}
	return -1
}

// sectorHint suggests the sector nearest to v and lists the slugs.
func (c *Config) sectorHint(v string) string {
	var names, slugs []string
	for _, s := range c.Sectors {
		slugs = append(slugs, s.Slug)
		names = append(names, s.Slug, s.Name)
		names = append(names, s.Aliases...)
	}
	list := "the sectors are " + strings.Join(slugs, ", ") + " (their names and aliases work too)"
	if m, ok := Closest(v, names); ok {
		return fmt.Sprintf("did you mean %q? %s", m, digest.UpperFirst(list))
	}
	return list
}

func (c *Config) validateSubmissions(ps *Problems) {
	s := c.Submissions
	if s.PerUserPerHour < 1 || s.PerUserPerHour > maxPerUserPerHour {
		ps.add("submissions.per_user_per_hour", "must be from 1 to %d, got %d", maxPerUserPerHour, s.PerUserPerHour)
	}
	if s.FetchTimeout.Duration <= 0 || s.FetchTimeout.Duration > time.Minute {
		ps.add("submissions.fetch_timeout", "must be more than 0 and at most 1m, got %s", s.FetchTimeout)
	}
}

// RedactURL is raw as a problem, a log line or a chat message may show
// it: with any password in it, and the value of any query parameter named
// as a credential (?token=, ?feed_token=, ?api_key=, ?sig=: how private
// feeds are usually shared), replaced by "xxxxx", so that check-config's
// output, every command's error, the logs and `/shared feeds` keep them
// secret. The rest stays as written, to tell one address from another.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Unparsable: hide whatever stands where a user and password would.
		scheme, rest, ok := strings.Cut(raw, "://")
		if at := strings.LastIndex(rest, "@"); ok && at >= 0 {
			return scheme + "://xxxxx" + rest[at:]
		}
		return raw
	}
	changed := false
	if u.User != nil {
		// The user name too: alone it is often the credential itself
		// (https://TOKEN@host/feed), and with a password it may be a
		// member of staff's address.
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword("xxxxx", "xxxxx")
		} else {
			u.User = url.User("xxxxx")
		}
		changed = true
	}
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		for i, p := range params {
			name, _, ok := strings.Cut(p, "=")
			if unescaped, err := url.QueryUnescape(name); ok && err == nil && credentialParam(unescaped) {
				params[i] = name + "=xxxxx"
				changed = true
			}
		}
		u.RawQuery = strings.Join(params, "&")
	}
	if !changed {
		return raw
	}
	return u.String()
}

// credentialParam reports whether a query parameter's name says it holds
// a credential.
func credentialParam(name string) bool {
	name = strings.ToLower(name)
	switch name {
	case "key", "sig", "pw", "pwd", "pass":
		return true
	}
	for _, part := range []string{"token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "access_key", "signature", "auth_", "credential"} {
		if strings.Contains(name, part) {
			return true
		}
	}
	return false
}

// checkURL adds a problem unless raw is an absolute http(s) URL (ending in
// "/" when slash is set, because API paths are appended to it). It reports
// whether raw was valid.
func checkURL(ps *Problems, key, raw string, slash bool) bool {
	u, err := url.Parse(raw)
	switch {
	case blank(raw):
		ps.add(key, "must not be empty")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		ps.add(key, "must be an absolute http:// or https:// URL, got %q", RedactURL(raw))
	case slash && !strings.HasSuffix(raw, "/"):
		ps.add(key, "must end with \"/\", such as %q", RedactURL(raw+"/"))
	default:
		return true
	}
	return false
}

// isSnowflake reports whether s is a Discord ID: a decimal uint64.
func isSnowflake(s string) bool {
	if !snowflakePattern.MatchString(s) {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// blank reports whether s is empty or only spaces.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// meantTimezone is the IANA zone a name that is not one probably meant: the
// same name in the database's capitals ("europe/london", "utc") or a city
// alone ("London"), which time.LoadLocation refuses as unknown. "" when
// none of those is a zone.
func meantTimezone(tz string) string {
	// capitalised writes each word between "/" and "_" with a capital,
	// as the zone database does: "america/new_york" is "America/New_York".
	capitalised := func(s string) string {
		var b strings.Builder
		start := true
		for _, r := range s {
			if start {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = r == '/' || r == '_'
		}
		return b.String()
	}
	written := tz
	tz = strings.TrimSpace(tz)
	if tz == "" || !utf8.ValidString(tz) {
		return ""
	}
	// The name as written (spaces and all) is the one refused: the same
	// name without its spaces is a name meant ("Europe/London ").
	for _, c := range []string{tz, capitalised(tz), strings.ToUpper(tz), "Europe/" + capitalised(tz)} {
		if c == written || strings.ContainsAny(c, " .") {
			continue
		}
		if _, err := time.LoadLocation(c); err == nil {
			return c
		}
	}
	return ""
}
