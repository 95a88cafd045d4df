package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sharednews/sharednews/digest"
)

// maxSlugRunes and maxSectorNameRunes are what the platforms take where a
// sector is offered as a choice: Discord's choice value (100), Slack's
// option text (75). Past them check-config warns; a configuration that ran
// before still runs (the labels are shortened where they are shown, and a
// longer slug is offered by its start, which the adapters read back). Both
// are counted as the adapters cut to them, in UTF-16 code units
// (digest.UTF16Len, an emoji counting as two): a slug is ASCII, a name
// may hold emoji.
const (
	maxSlugRunes       = 100
	maxSectorNameRunes = 75
)

// Warnings lists settings that are allowed but probably not what the
// operator wants (check-config prints them; Load does not fail on them).
func (c *Config) Warnings() Problems {
	var ws Problems
	if !c.Slack.Enabled && !c.Discord.Enabled {
		ws.add("", "no chat platform is enabled: set [slack] enabled = true with SLACK_BOT_TOKEN and SLACK_APP_TOKEN, "+
			"or [discord] enabled = true with DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (see README); until then `run` serves "+
			"only the HTTP server, the newswire and the schedule, and `sharednews console` works locally")
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
	c.titleWarning(&ws)
	c.scheduleWarning(&ws)
	c.scheduleDaysWarning(&ws)
	c.timezoneWarning(&ws)
	for i, s := range c.Sectors {
		key := fmt.Sprintf("sectors[%d]", i)
		if digest.UTF16Len(s.Slug) > maxSlugRunes {
			ws.add(key+".slug", "%q is longer than %d characters, the most Discord takes as a choice value: its lists offer the sector by the slug's start, and members must type all of it; a short slug is easier", s.Slug, maxSlugRunes)
		}
		if digest.UTF16Len(s.Name) > maxSectorNameRunes {
			ws.add(key+".name", "%q is longer than %d characters (an emoji counts as two), all that Slack shows of it where the sector is offered as a choice", s.Name, maxSectorNameRunes)
		}
		// A long slug is offered by its start (digest.ChoiceValue), which
		// the adapters read back as the first sector it starts: two that
		// start alike are one choice, and Discord's selects offer only the
		// first.
		for j, other := range c.Sectors[:i] {
			if v := digest.ChoiceValue(s.Slug, maxSlugRunes); v == digest.ChoiceValue(other.Slug, maxSlugRunes) && s.Slug != other.Slug {
				ws.add(key+".slug", "%q starts with the same %d characters as sectors[%d].slug %q, all that Discord takes as a choice value: "+
					"its lists offer the two as one, %q, so this one cannot be chosen on a card or in the edit form; make the slugs differ sooner",
					s.Slug, maxSlugRunes, j, other.Slug, other.Slug)
				break
			}
		}
	}
	if c.Submissions.AllowPrivateHosts {
		ws.add("submissions.allow_private_hosts", "is for tests only: members can make the bot fetch addresses on your internal network")
	}
	return ws
}

// titleWarning warns of a title that Slack's header block (maxTitle) holds
// in characters, as validateDigest counts them, but not in UTF-16 code
// units, as the Slack adapter cuts it: emoji count as two there, so the
// end of the title is cut off on Slack. It is a warning, not a problem, so
// that a configuration that ran before still runs.
func (c *Config) titleWarning(ws *Problems) {
	longest := digest.OneLine(digest.Title(c.Digest.Title, longestTitleDate()))
	if n := digest.UTF16Len(longest); n > maxTitle && utf8.RuneCountInString(longest) <= maxTitle {
		ws.add("digest.title", "with the longest date filled in (%s) is %d characters long, counting each emoji as two; Slack's header holds %d, so its end is cut off there",
			digest.OrdinalDate(longestTitleDate()), n, maxTitle)
	}
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

// scheduleWarning warns of a schedule that fires more than once a day
// ("* * * * *", "0 9,17 * * 4"): every time it fires, the stories approved
// since go out as an edition of their own, so a story approved at 10:00
// is a one-story edition a minute later. It is allowed (a daily digest, a
// test set-up), so it is a warning, not a problem.
func (c *Config) scheduleWarning(ws *Problems) {
	sched, err := ParseSchedule(c.Digest.Schedule)
	if err != nil {
		return // Validate says so
	}
	// The shortest gap between two times in one ordinary week, in UTC
	// (bot.timezone moves every time alike but for a clock change).
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	shortest := time.Duration(0)
	prev := sched.Next(from)
	for i := 0; i < maxScheduleTimesChecked && !prev.IsZero() && prev.Before(from.AddDate(0, 0, 7)); i++ {
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		if gap := next.Sub(prev); shortest == 0 || gap < shortest {
			shortest = gap
		}
		prev = next
	}
	if shortest == 0 || shortest >= minScheduleGap {
		return
	}
	n, unit := int(shortest.Hours()), "hour"
	if shortest < time.Hour {
		n, unit = int(shortest.Minutes()), "minute"
	}
	every := unit // "every minute", not "every 1 minute"
	if n > 1 {
		every = digest.Plural(n, unit, unit+"s")
	}
	ws.add("digest.schedule", "%q fires as often as every %s: each time, the stories approved since go out as an edition of their own; "+
		"a weekly newsletter fires once a week, such as \"0 9 * * 4\" for Thursdays at 09:00", c.Digest.Schedule, every)
}

// scheduleDaysWarning warns of a schedule that names both a day of the
// month and a day of the week ("0 9 1-7 * 4", meant as the first Thursday):
// cron, as crontab(5) says, fires on a day that matches either field, so
// that one publishes on each of the 1st to the 7th and on every Thursday.
// It is allowed (it may be meant), so it is a warning. A field is left
// open only by "*" or "?", as the cron parser reads it.
func (c *Config) scheduleDaysWarning(ws *Problems) {
	if _, err := ParseSchedule(c.Digest.Schedule); err != nil {
		return // Validate says so
	}
	fields := strings.Fields(c.Digest.Schedule)
	if len(fields) != len(scheduleFields) {
		return // a descriptor ("@weekly") names one day at most
	}
	open := func(f string) bool { return f == "*" || f == "?" }
	dom, dow := fields[2], fields[dayOfWeekField]
	if open(dom) || open(dow) {
		return
	}
	ws.add("digest.schedule", "%q names both a day of the month (%s) and a day of the week (%s): cron publishes on a day matching either, not both "+
		"(\"0 9 1-7 * 4\" is each of the 1st to the 7th and every Thursday, not the first Thursday); for one of them alone, write the other as *",
		c.Digest.Schedule, dom, dow)
}

// timezoneWarning warns of a bot.timezone that names an offset rather than
// a place: "GMT" (a UK council's slip for the UK's clock), "EST", or
// "Etc/GMT+1". It never changes for summer time, so for half the year the
// edition goes out an hour off the clocks its readers keep; and an
// Etc/GMT name's sign is POSIX's, so "Etc/GMT+1" is an hour behind UTC,
// not ahead. Each may be meant (a team across zones), so it is a
// warning. "UTC" under its names is a choice made knowingly, and a
// place's zone keeps whatever that place's clocks do, changing or not.
func (c *Config) timezoneWarning(ws *Problems) {
	name := c.Bot.Timezone
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return // Validate says so
	}
	if place := strings.Contains(name, "/") && !strings.HasPrefix(name, "Etc/"); place {
		return
	}
	switch strings.TrimPrefix(name, "Etc/") {
	case "UTC", "UCT", "Universal", "Zulu":
		// UTC itself, which an operator chooses knowing it never changes.
		return
	}
	// A zone with no change of offset has no bounds.
	start, end := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).ZoneBounds()
	if !start.IsZero() || !end.IsZero() {
		return // it changes as a place's clock does ("GB", "EST5EDT")
	}
	if strings.HasPrefix(name, "Etc/GMT") && len(name) > len("Etc/GMT") {
		ws.add("bot.timezone", "%q is UTC%s (an Etc/GMT name's sign is POSIX's, the opposite of ISO 8601's), all year: it never changes for summer time; "+
			"if the editors' clocks are a place's, name the place, such as \"Europe/London\"", name, time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Format("-07:00"))
		return
	}
	ws.add("bot.timezone", "%q keeps one offset all year: it never changes for summer time, so for half the year an edition due at 09:00 "+
		"goes out at 10:00 on clocks that do; if the editors' clocks are a place's, name the place, such as \"Europe/London\"", name)
}

// minScheduleGap is the shortest gap between scheduled times that is not
// warned of: once a day (a daily digest); a little under, for the clock
// change is not counted in UTC anyway. maxScheduleTimesChecked bounds the
// walk through a week of a schedule that fires every minute.
const (
	minScheduleGap          = 23 * time.Hour
	maxScheduleTimesChecked = 2000
)
