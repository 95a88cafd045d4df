package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// writeConfig writes a config file in a fresh temporary directory.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// env is a getenv backed by a map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// loadProblems loads content and returns its Problems, failing the test if
// Load succeeds or fails some other way.
func loadProblems(t *testing.T, content string) Problems {
	t.Helper()
	return problemsOf(t, Load, content)
}

// loadRunProblems is loadProblems with run's rules (LoadForRun).
func loadRunProblems(t *testing.T, content string) Problems {
	t.Helper()
	return problemsOf(t, LoadForRun, content)
}

func problemsOf(t *testing.T, load func(string, func(string) string) (*Config, error), content string) Problems {
	t.Helper()
	c, err := load(writeConfig(t, content), nil)
	if err == nil {
		t.Fatalf("Load succeeded, want problems")
	}
	if c != nil {
		t.Errorf("Load returned a config along with an error")
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load error %T %q, want Problems", err, err)
	}
	return ps
}

// findProblem returns the problem for key, failing the test if there is none.
func findProblem(t *testing.T, ps Problems, key string) Problem {
	t.Helper()
	for _, p := range ps {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("no problem for %s in:\n%v", key, ps)
	return Problem{}
}

func TestExampleFileIsDefault(t *testing.T) {
	c, err := Load("../config.example.toml", nil)
	if err != nil {
		t.Fatalf("Load(config.example.toml): %v", err)
	}
	if want := Default(); !reflect.DeepEqual(c, want) {
		t.Errorf("config.example.toml differs from Default():\nfile:    %+v\ndefault: %+v", c, want)
	}
}

func TestDefaultIsValid(t *testing.T) {
	if ps := Default().Validate(); ps != nil {
		t.Errorf("Default().Validate() = %v", ps)
	}
}

func TestDefaultSectorsMatchProduct(t *testing.T) {
	want := []struct{ slug, name string }{
		{"local-government", "Local Government"},
		{"health", "Health & Social Care"},
		{"education", "Further/Higher Education"},
		{"blue-light", "Blue Light Services"},
		{"housing", "Housing"},
		{"private-sector", "Private Sector Collaborations"},
		{"leadership", "Collaborative Leadership"},
		{"highway-code", "Highway Code"},
		{"international", "International"},
		{"other", "Other collaborative items"},
	}
	got := Default().Sectors
	if len(got) != len(want) {
		t.Fatalf("%d sectors, want %d", len(got), len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Slug != w.slug || s.Name != w.name {
			t.Errorf("sector %d = %s %q, want %s %q", i, s.Slug, s.Name, w.slug, w.name)
		}
		// The catch-all has none on purpose (see config/sectors.go).
		if n := len(s.Keywords); s.Slug == "other" && n != 0 || s.Slug != "other" && (n < 15 || n > 40) {
			t.Errorf("sector %s has %d keywords, want 15-40 (none for other)", s.Slug, n)
		}
		if len(s.Aliases) == 0 {
			t.Errorf("sector %s has no aliases", s.Slug)
		}
	}
}

func TestDefaultReturnsFreshValues(t *testing.T) {
	a := Default()
	a.Sectors[0].Aliases[0] = "changed"
	a.Editors.Slack = append(a.Editors.Slack, "U1")
	if b := Default(); b.Sectors[0].Aliases[0] == "changed" || len(b.Editors.Slack) != 0 {
		t.Error("changing one Default() changed the next")
	}
}

func TestLoadEmptyPathGivesDefaults(t *testing.T) {
	c, err := Load("", nil)
	if err != nil {
		t.Fatalf("Load(\"\"): %v", err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("Load(\"\") = %+v, want Default()", c)
	}
}

func TestLoadOverridesOneKeyKeepsRest(t *testing.T) {
	c, err := Load(writeConfig(t, "[feeds]\npoll_interval = \"45m\"\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Feeds.PollInterval = Duration{Duration: 45 * time.Minute}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestLoadEmptyFileGivesDefaults(t *testing.T) {
	c, err := Load(writeConfig(t, "# nothing to change\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("got %+v, want Default()", c)
	}
}

func TestLoadSectorsReplaceDefaults(t *testing.T) {
	c, err := Load(writeConfig(t, `
[[sectors]]
slug = "health"
name = "Health"

[[sectors]]
slug = "roads"
name = "Roads"
aliases = ["highways"]
keywords = ["pothole"]
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Sector{
		// The first default sector is also "health": none of its aliases
		// or keywords may leak into the file's sector of the same place.
		{Slug: "health", Name: "Health", Aliases: []string{}, Keywords: []string{}},
		{Slug: "roads", Name: "Roads", Aliases: []string{"highways"}, Keywords: []string{"pothole"}},
	}
	if !reflect.DeepEqual(c.Sectors, want) {
		t.Errorf("sectors = %+v\nwant %+v", c.Sectors, want)
	}
}

func TestLoadEmptySectorListIsAProblem(t *testing.T) {
	ps := loadProblems(t, "sectors = []\n")
	if p := findProblem(t, ps, "sectors"); p.Line != 1 {
		t.Errorf("line %d, want 1", p.Line)
	}
}

func TestLoadFeedSources(t *testing.T) {
	c, err := Load(writeConfig(t, `
[[feeds.source]]
url = "https://example.gov.uk/news.rss"
name = "Example"
sector = "NHS"
include = ["shared"]
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []FeedSource{{
		URL: "https://example.gov.uk/news.rss", Name: "Example", Sector: "NHS",
		Include: []string{"shared"}, Exclude: []string{},
	}}
	if !reflect.DeepEqual(c.Feeds.Sources, want) {
		t.Errorf("sources = %+v, want %+v", c.Feeds.Sources, want)
	}
}

func TestLoadEmptySourceListReplacesDefaultFeeds(t *testing.T) {
	for _, doc := range []string{"[feeds]\nsource = []\n", "feeds.source = []\n", "[feeds]\nconcurrency = 2\nsource = []\n"} {
		c, err := Load(writeConfig(t, doc), nil)
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if c.Feeds.Sources == nil || len(c.Feeds.Sources) != 0 {
			t.Errorf("%q: sources = %#v, want an empty list", doc, c.Feeds.Sources)
		}
	}
}

func TestLoadFeedsKeepDefaultSourcesUnlessListed(t *testing.T) {
	c, err := Load(writeConfig(t, "[feeds]\nsummary_chars = 200\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Feeds.SummaryChars != 200 || c.Feeds.Concurrency != 8 {
		t.Errorf("summary_chars = %d, concurrency = %d", c.Feeds.SummaryChars, c.Feeds.Concurrency)
	}
	if !reflect.DeepEqual(c.Feeds.Sources, Default().Feeds.Sources) {
		t.Errorf("sources = %+v, want the defaults", c.Feeds.Sources)
	}
}

func TestLoadOwnSectorsKeepDefaultFeeds(t *testing.T) {
	c, err := Load(writeConfig(t, `
[[sectors]]
slug = "health"
name = "Health"
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	defaults := Default().Feeds.Sources
	if len(c.Feeds.Sources) != len(defaults) {
		t.Fatalf("%d sources, want the %d defaults", len(c.Feeds.Sources), len(defaults))
	}
	for i, s := range c.Feeds.Sources {
		want := defaults[i].Sector
		if want != "health" {
			want = "" // the file has no such sector: the hint is dropped
		}
		if s.Sector != want || s.URL != defaults[i].URL {
			t.Errorf("source %d = %s sector %q, want %s sector %q", i, s.URL, s.Sector, defaults[i].URL, want)
		}
	}
	// A file that lists its own feeds gets every hint checked.
	ps := loadProblems(t, `
[[sectors]]
slug = "health"
name = "Health"

[[feeds.source]]
url = "https://example.gov.uk/news.rss"
name = "Example"
sector = "local-government"
`)
	findProblem(t, ps, "feeds.source[0].sector")
}

func TestDefaultFeedsAreRealPublicSectorFeeds(t *testing.T) {
	c := Default()
	if len(c.Feeds.Sources) < 5 {
		t.Fatalf("only %d default feeds", len(c.Feeds.Sources))
	}
	hinted := map[string]bool{}
	for _, s := range c.Feeds.Sources {
		if !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("%s: default feeds must use https", s.URL)
		}
		if s.Sector != "" {
			hinted[c.Sectors[c.sectorIndex(s.Sector)].Slug] = true
		}
	}
	for _, slug := range []string{"local-government", "health", "blue-light"} {
		if !hinted[slug] {
			t.Errorf("no default feed for %s", slug)
		}
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	ps := loadProblems(t, `[bot]
name = "News"
colour = "blue"

[feeds]
poll_intervall = "10m"
`)
	if len(ps) != 2 {
		t.Fatalf("%d problems, want 2:\n%v", len(ps), ps)
	}
	for _, tc := range []struct {
		key  string
		line int
		msg  string
	}{
		{"bot.colour", 3, "unknown key"},
		{"feeds.poll_intervall", 6, `did you mean "poll_interval"?`},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
			t.Errorf("%s: line %d %q, want line %d and %q", tc.key, p.Line, p.Message, tc.line, tc.msg)
		}
		if !strings.Contains(ps.Error(), "config.toml:"+strconv.Itoa(tc.line)+":") {
			t.Errorf("Error() does not name line %d:\n%s", tc.line, ps.Error())
		}
	}
}

func TestLoadUnknownKeyDetails(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		key  string
		line int
		msg  string
	}{
		{"unknown table", "[slak]\nenabled = true\n", "slak", 1, `did you mean "slack"?`},
		{"unknown dotted table", "slak.enabled = true\n", "slak.enabled", 1, `unknown table "slak"; did you mean "slack"?`},
		{"no near key lists keys", "[http]\nport = 80\n", "http.port", 2, "the keys allowed in [http] are: listen"},
		{"in second feed source", `
[[feeds.source]]
url = "https://a.example/rss"
name = "A"

[[feeds.source]]
url = "https://b.example/rss"
name = "B"
urll = "x"
`, "feeds.source[1].urll", 9, `did you mean "url"?`},
		{"plural array", "[[feeds.sources]]\nurl = \"https://a.example/rss\"\n", "feeds.sources", 1, `did you mean "source"?`},
		{"in inline table", "[feeds]\nsource = [{url = \"https://a.example/rss\", name = \"A\", sectr = \"health\"}]\n", "feeds.source[0].sectr", 2, `did you mean "sector"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.doc)
			p := findProblem(t, ps, tc.key)
			if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
				t.Errorf("line %d %q, want line %d and %q", p.Line, p.Message, tc.line, tc.msg)
			}
		})
	}
}

func TestLoadSyntaxError(t *testing.T) {
	ps := loadProblems(t, "[bot]\nname = \"News\"\ntimezone = \n")
	if len(ps) != 1 {
		t.Fatalf("%d problems, want 1: %v", len(ps), ps)
	}
	p := ps[0]
	if p.Line != 3 || p.Column == 0 {
		t.Errorf("at %d:%d, want line 3 and a column", p.Line, p.Column)
	}
	if !strings.Contains(ps.Error(), "config.toml:3:") {
		t.Errorf("Error() = %q, want it to start with the file and line", ps.Error())
	}
}

func TestLoadTypeError(t *testing.T) {
	for _, tc := range []struct {
		doc, key, msg string
	}{
		{"[submissions]\nper_user_per_hour = \"ten\"\n", "submissions.per_user_per_hour", "must be a whole number, not a TOML string"},
		{"[bot]\nname = 5\n", "bot.name", `must be text in "quotes", not a TOML integer`},
		{"[slack]\nenabled = \"yes\"\n", "slack.enabled", "must be true or false, not a TOML string"},
		{"[editors]\nslack = \"U1\"\n", "editors.slack", `must be a list of text, such as ["a", "b"], not a TOML string`},
		{"[bot.name]\nx = 1\n", "bot.name", "cannot store a table in a string"},
		// Go's types never show: a number, a table, a list of tables.
		{"[email]\nper_second = \"ten\"\n", "email.per_second", "must be a number, not a TOML string"},
		{"bot = 1\n", "bot", "must be a table ([bot], with its keys on the lines below it), not a TOML integer"},
		{"sectors = \"health\"\n", "sectors", "is a list: write each entry under its own [[sectors]] header (two brackets), not as a TOML string"},
	} {
		ps := loadProblems(t, tc.doc)
		p := findProblem(t, ps, tc.key)
		if len(ps) != 1 || p.Line == 0 || p.Message != tc.msg {
			t.Errorf("%q: %v, want %s at a line: %s", tc.doc, ps, tc.key, tc.msg)
		}
	}
}

func TestLoadBadDuration(t *testing.T) {
	for _, tc := range []struct {
		name, doc, key string
		line           int
		msg            string
	}{
		{"quoted", "[feeds]\nuser_agent = \"x\"\ntimeout = \"20 seconds\"\n", "feeds.timeout", 3, `invalid duration "20 seconds"`},
		{"unquoted", "[submissions]\nper_user_per_hour = 10\nfetch_timeout = 10\n", "submissions.fetch_timeout", 3, `quoted duration such as "30m", got 10`},
		{"boolean", "[feeds]\ntimeout = true\n", "feeds.timeout", 2, `quoted duration such as "30m", got true`},
		{"date", "[feeds]\ntimeout = 1979-05-27\n", "feeds.timeout", 2, "must be a quoted duration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadProblems(t, tc.doc)
			p := findProblem(t, ps, tc.key)
			if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
				t.Errorf("line %d %q, want line %d and %q", p.Line, p.Message, tc.line, tc.msg)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	ps := loadRunProblems(t, `[bot]
timezone = "Europe/Londn"
nmae = "x"

[slack]
enabled = true
mode = "sockets"

[feeds]
poll_interval = "10s"
`)
	for _, tc := range []struct {
		key  string
		line int
		msg  string
	}{
		{"bot.timezone", 2, `unknown time zone "Europe/Londn"`},
		{"bot.nmae", 3, `did you mean "name"?`},
		{"slack.mode", 7, `must be "socket" or "http", got "sockets"`},
		{"slack.bot_token", 5, "set SLACK_BOT_TOKEN or slack.bot_token"},
		{"feeds.poll_interval", 10, "from 1m to 168h"},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
			t.Errorf("%s: line %d %q, want line %d and %q", tc.key, p.Line, p.Message, tc.line, tc.msg)
		}
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line != 0 && ps[i].Line < ps[i-1].Line {
			t.Errorf("problems not in file order:\n%v", ps)
		}
	}
}

func TestLoadValidationLineInSector(t *testing.T) {
	ps := loadProblems(t, `[[sectors]]
slug = "health"
name = "Health"

[[sectors]]
slug = "care"
name = "Care"
aliases = [
  "adults",
  "HEALTH",
]
`)
	p := findProblem(t, ps, "sectors[1].aliases[1]")
	if p.Line != 10 || !strings.Contains(p.Message, "already the slug of sectors[0]") {
		t.Errorf("line %d %q", p.Line, p.Message)
	}
}

func TestLoadEnvWinsOverFile(t *testing.T) {
	path := writeConfig(t, `[slack]
bot_token = "xoxb-file"
app_token = "xapp-file"
signing_secret = "file-secret"

[discord]
bot_token = "file-token"
public_key = "`+strings.Repeat("a", 64)+`"
application_id = "111"
`)
	for _, tc := range []struct {
		env string
		get func(*Config) string
		val string
	}{
		{"SLACK_BOT_TOKEN", func(c *Config) string { return c.Slack.BotToken }, "xoxb-env"},
		{"SLACK_APP_TOKEN", func(c *Config) string { return c.Slack.AppToken }, "xapp-env"},
		{"SLACK_SIGNING_SECRET", func(c *Config) string { return c.Slack.SigningSecret }, "env-secret"},
		{"DISCORD_BOT_TOKEN", func(c *Config) string { return c.Discord.BotToken }, "env-token"},
		{"DISCORD_PUBLIC_KEY", func(c *Config) string { return c.Discord.PublicKey }, strings.Repeat("b", 64)},
		{"DISCORD_APPLICATION_ID", func(c *Config) string { return c.Discord.ApplicationID }, "222"},
	} {
		t.Run(tc.env, func(t *testing.T) {
			fromFile, err := Load(path, env(map[string]string{tc.env: ""}))
			if err != nil {
				t.Fatal(err)
			}
			c, err := Load(path, env(map[string]string{tc.env: tc.val + "\n"}))
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.get(c); got != tc.val {
				t.Errorf("%s set: got %q, want %q", tc.env, got, tc.val)
			}
			if got := tc.get(fromFile); got == tc.val || got == "" {
				t.Errorf("%s empty: got %q, want the file's value", tc.env, got)
			}
		})
	}
}

func TestLoadEnvWithoutFile(t *testing.T) {
	c, err := Load("", env(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Slack.BotToken != "xoxb-1" || c.Slack.AppToken != "xapp-1" {
		t.Errorf("tokens = %q, %q", c.Slack.BotToken, c.Slack.AppToken)
	}
}

func TestLoadEnvSatisfiesRequiredSecrets(t *testing.T) {
	path := writeConfig(t, "[slack]\nenabled = true\n\n[discord]\nenabled = true\n")
	if _, err := LoadForRun(path, nil); err == nil {
		t.Fatal("enabled platforms without secrets loaded for run")
	}
	if _, err := Load(path, nil); err != nil {
		t.Fatalf("enabled platforms without secrets refused for a local command: %v", err)
	}
	c, err := LoadForRun(path, env(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
		"DISCORD_BOT_TOKEN": "t", "DISCORD_APPLICATION_ID": "123456789012345678",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SlackConfigured() || !c.DiscordConfigured() {
		t.Errorf("configured: slack %v discord %v", c.SlackConfigured(), c.DiscordConfigured())
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"), nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want it to wrap fs.ErrNotExist", err)
	}
}

func TestProblemMessagesHideSecrets(t *testing.T) {
	ps := loadProblems(t, "[slack]\nenabled = true\nbot_token = \"xapp-SECRET1\"\napp_token = \"xoxb-SECRET2\"\n[discord]\npublic_key = \"SECRET3\"\n")
	for _, secret := range []string{"SECRET1", "SECRET2", "SECRET3"} {
		if strings.Contains(ps.Error(), secret) {
			t.Errorf("problems reveal %s:\n%s", secret, ps.Error())
		}
	}
	findProblem(t, ps, "slack.bot_token")
	findProblem(t, ps, "slack.app_token")
	findProblem(t, ps, "discord.public_key")
}

func TestLoadQuotedUnknownKeys(t *testing.T) {
	ps := loadProblems(t, "[bot]\n\"na.me\" = \"x\"\n\"time zone\" = \"UTC\"\n")
	for _, tc := range []struct {
		key  string
		line int
	}{
		{`bot."na.me"`, 2},
		{`bot."time zone"`, 3},
	} {
		if p := findProblem(t, ps, tc.key); p.Line != tc.line {
			t.Errorf("%s: line %d, want %d", tc.key, p.Line, tc.line)
		}
	}
}

func TestParentKey(t *testing.T) {
	for in, want := range map[string]string{
		"feeds.source[2].url":   "feeds.source[2]",
		"feeds.source[2]":       "feeds.source",
		`bot."na.me"`:           "bot",
		`"a.b"`:                 "",
		`x."say \"hi.\"".y`:     `x."say \"hi.\""`,
		"editors.slack[0]":      "editors.slack",
		"bot":                   "",
		"sectors[1].aliases":    "sectors[1]",
		"sectors[1].aliases[0]": "sectors[1].aliases",
	} {
		if got := parentKey(in); got != want {
			t.Errorf("parentKey(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSortByLine(t *testing.T) {
	ps := Problems{{Key: "a", Line: 0}, {Key: "b", Line: 9}, {Key: "c", Line: 2}, {Key: "d", Line: 0}, {Key: "e", Line: 2}}
	ps.sortByLine()
	var got []string
	for _, p := range ps {
		got = append(got, p.Key)
	}
	if strings.Join(got, "") != "cebad" {
		t.Errorf("order %v, want c e b a d", got)
	}
	// Problems of one line (an inline table) read left to right.
	ps = Problems{{Key: "late", Line: 2, Column: 89}, {Key: "early", Line: 2, Column: 21}}
	ps.sortByLine()
	if ps[0].Key != "early" {
		t.Errorf("order %v, want the one at column 21 first", ps)
	}
}

func TestDigestSectors(t *testing.T) {
	c := Default()
	got := c.DigestSectors()
	if len(got) != len(c.Sectors) {
		t.Fatalf("%d sectors, want %d", len(got), len(c.Sectors))
	}
	for i, s := range got {
		w := c.Sectors[i]
		if s.Slug != w.Slug || s.Name != w.Name || !reflect.DeepEqual(s.Aliases, w.Aliases) || !reflect.DeepEqual(s.Keywords, w.Keywords) {
			t.Errorf("sector %d = %+v, want %+v", i, s, w)
		}
	}
}

// TestLoadListsEveryProblemOfEveryKind: a file with twelve problems of
// every kind (type errors, an unparseable duration, a line that is not
// TOML, unknown keys, invalid and absurd values) gets twelve problems, each
// on its own line, in file order. go-toml alone stops at the first.
func TestLoadListsEveryProblemOfEveryKind(t *testing.T) {
	dir := t.TempDir()
	doc := `[bot]
name = 42
timezone = "Europe/Londn"
database = ` + strconv.Quote(dir) + `
colour = "blue"

[feeds]
poll_interval = "100 years"
timeout = 20
concurrency = "eight"
max_bytes = 99999999999999999999
summary_chars = 10 characters

[submissions]
per_user_per_hour = 9223372036854775807
fetch_timeout = "1d"
allow_private_hosts = "no"
`
	ps := loadRunProblems(t, doc)
	want := []struct {
		line int
		key  string
		msg  string
	}{
		{2, "bot.name", `must be text in "quotes", not a TOML integer`},
		{3, "bot.timezone", `unknown time zone "Europe/Londn"`},
		{4, "bot.database", "is a folder"},
		{5, "bot.colour", "unknown key"},
		{8, "feeds.poll_interval", `invalid duration "100 years"`},
		{9, "feeds.timeout", `must be a quoted duration such as "30m", got 20`},
		{10, "feeds.concurrency", "must be a whole number, not a TOML string"},
		{11, "feeds.max_bytes", "too large"},
		{12, "feeds.summary_chars", `is not a TOML value; it must be a whole number, written without quotes`},
		{15, "submissions.per_user_per_hour", "from 1 to 1000, got 9223372036854775807"},
		{16, "submissions.fetch_timeout", "days are not a unit"},
		{17, "submissions.allow_private_hosts", "must be true or false, not a TOML string"},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, w := range want {
		p := ps[i]
		if p.Line != w.line || p.Key != w.key || !strings.Contains(p.Message, w.msg) {
			t.Errorf("problem %d = %v, want line %d, %s: …%s…", i, p, w.line, w.key, w.msg)
		}
	}
}

func TestLoadAbsurdValuesNamedWithLines(t *testing.T) {
	dir := t.TempDir()
	ps := loadProblems(t, "[bot]\ndatabase = "+strconv.Quote(dir)+"\n[feeds]\npoll_interval = \"876000h\"\n[submissions]\nper_user_per_hour = 9223372036854775807\n")
	for _, tc := range []struct {
		key  string
		line int
		msg  string
	}{
		{"bot.database", 2, "is a folder"},
		{"feeds.poll_interval", 4, "from 1m to 168h (a week), got 876000h0m0s"},
		{"submissions.per_user_per_hour", 6, "from 1 to 1000"},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
			t.Errorf("%s: line %d %q, want line %d and %q", tc.key, p.Line, p.Message, tc.line, tc.msg)
		}
	}
	missing := filepath.Join(dir, "no", "such", "news.db")
	p := findProblem(t, loadProblems(t, "[bot]\ndatabase = "+strconv.Quote(missing)+"\n"), "bot.database")
	if p.Line != 2 || !strings.Contains(p.Message, "does not exist") {
		t.Errorf("missing folder: %v", p)
	}
}

// TestLoadStopsAtASpillingSyntaxError: an unclosed list swallows the lines
// after it, so stepping over one line would only report echoes.
func TestLoadStopsAtASpillingSyntaxError(t *testing.T) {
	ps := loadProblems(t, "[editors]\nslack = [\"U1\", \"U2\"\ndiscord = []\n[bot]\nname = 3\n")
	if len(ps) != 1 || ps[0].Line != 3 {
		t.Errorf("problems %v, want one, on line 3", ps)
	}
}

func TestLoadTypeErrorInSecondSector(t *testing.T) {
	ps := loadProblems(t, "[[sectors]]\nslug = \"a\"\nname = \"A\"\n[[sectors]]\nslug = 3\nname = \"B\"\naliases = \"b\"\n")
	if len(ps) != 2 {
		t.Fatalf("problems %v, want 2", ps)
	}
	for i, want := range []string{"sectors[1].slug", "sectors[1].aliases"} {
		if ps[i].Key != want || ps[i].Line != 5+2*i {
			t.Errorf("problem %d = %v, want %s", i, ps[i], want)
		}
	}
}

// TestLoadTypeErrorInsideAValue: a value of the wrong type inside a list or
// an inline table is named by its own key, not by the setting that holds
// it ("feeds.source: must be text" for a feed's name read as if the list
// itself were text), and every such value in one line is listed.
func TestLoadTypeErrorInsideAValue(t *testing.T) {
	ps := loadProblems(t, "[feeds]\nsource = [{url = \"https://a.example/rss\", name = 2, sector = true}]\n[editors]\nslack = [1, 2]\n")
	for _, want := range []struct {
		key, msg string
		line     int
	}{
		{"feeds.source[0].name", `must be text in "quotes", not a TOML integer`, 2},
		{"feeds.source[0].sector", `must be text in "quotes", not a TOML boolean`, 2},
		{"editors.slack[0]", `must be text in "quotes", not a TOML integer`, 4},
		{"editors.slack[1]", `must be text in "quotes", not a TOML integer`, 4},
	} {
		p := findProblem(t, ps, want.key)
		if p.Line != want.line || p.Message != want.msg {
			t.Errorf("%s: line %d %q, want line %d %q", want.key, p.Line, p.Message, want.line, want.msg)
		}
	}
}

// TestLoadByteOrderMarkAndCRLF: a file saved by a Windows editor, with a
// UTF-8 byte order mark and CRLF line ends, is read like any other (TOML
// files are UTF-8 documents, which may start with the mark: toml-lang/toml
// issue 437); its problems keep their lines. A file saved as UTF-16 is
// refused with a sentence saying how to save it, not a stray character.
func TestLoadByteOrderMarkAndCRLF(t *testing.T) {
	const body = "[feeds]\r\npoll_interval = \"45m\"\r\n"
	c, err := Load(writeConfig(t, "\uFEFF"+body), nil)
	if err != nil {
		t.Fatalf("a file with a byte order mark: %v", err)
	}
	if c.Feeds.PollInterval.Duration != 45*time.Minute {
		t.Errorf("poll_interval = %v, want 45m", c.Feeds.PollInterval)
	}
	ps := loadProblems(t, "\uFEFF[bot]\r\nbogus = 1\r\n")
	if p := findProblem(t, ps, "bot.bogus"); p.Line != 2 {
		t.Errorf("unknown key after a byte order mark at line %d, want 2: %v", p.Line, p)
	}
	for _, enc := range []struct {
		name string
		bom  []byte
	}{{"UTF-16LE", []byte{0xff, 0xfe}}, {"UTF-16BE", []byte{0xfe, 0xff}}} {
		doc := append([]byte(nil), enc.bom...)
		for _, r := range body {
			if enc.name == "UTF-16LE" {
				doc = append(doc, byte(r), 0)
			} else {
				doc = append(doc, 0, byte(r))
			}
		}
		ps := loadProblems(t, string(doc))
		if len(ps) != 1 || !strings.Contains(ps[0].Message, "UTF-16") || !strings.Contains(ps[0].Message, "UTF-8") {
			t.Errorf("%s file: %v, want one problem saying to save it as UTF-8", enc.name, ps)
		}
	}
}

// TestLoadProblemFromEnvironmentNamesTheVariable: a bad value that came
// from the environment (which wins over the file) is said to come from its
// variable, not from the file's line for that key, where the operator
// would look at a value that is not used. The secret is never shown.
func TestLoadProblemFromEnvironmentNamesTheVariable(t *testing.T) {
	path := writeConfig(t, "[slack]\nenabled = true\napp_token = \"xapp-file\"\n[discord]\nenabled = true\napplication_id = \"12\"\n")
	_, err := LoadForRun(path, env(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "SECRET-not-an-app-token",
		"DISCORD_BOT_TOKEN": "t", "DISCORD_APPLICATION_ID": "abc",
	}))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want problems", err)
	}
	for key, variable := range map[string]string{"slack.app_token": "SLACK_APP_TOKEN", "discord.application_id": "DISCORD_APPLICATION_ID"} {
		p := findProblem(t, ps, key)
		if p.Line != 0 || !strings.Contains(p.String(), variable) {
			t.Errorf("%s: %q at line %d, want it said to come from %s, with no line of the file", key, p, p.Line, variable)
		}
	}
	if strings.Contains(ps.Error(), "SECRET") {
		t.Errorf("problems reveal the secret:\n%s", ps.Error())
	}
}

// TestPublicURLPasswordNotShown: the problem with a password in
// http.public_url says so without printing the password (check-config's
// output ends up in terminals and CI logs).
func TestPublicURLPasswordNotShown(t *testing.T) {
	p := findProblem(t, loadProblems(t, "[http]\npublic_url = \"https://ed:SECRET-pw@news.example.org\"\n"), "http.public_url")
	if strings.Contains(p.String(), "SECRET") || !strings.Contains(p.Message, "user name or password") {
		t.Errorf("problem = %q, want it to name the mistake and hide the password", p)
	}
}

// TestLoadTableWrittenTwice: a second [feeds] (a snippet pasted below the
// file's own) is one problem, on its header. Its keys used to be read into
// the table above it and reported as unknown keys there
// ("submissions.poll_interval: unknown key"), which the file never said.
func TestLoadTableWrittenTwice(t *testing.T) {
	ps := loadProblems(t, `[feeds]
timeout = "30s"

[submissions]
per_user_per_hour = 5

[feeds]
poll_interval = "15m"

[bot]
colour = "blue"
`)
	if len(ps) != 2 {
		t.Fatalf("%d problems, want 2 (the second [feeds], bot.colour):\n%v", len(ps), ps)
	}
	if ps[0].Line != 7 || !strings.Contains(ps[0].Message, "feeds") {
		t.Errorf("first problem %q, want the second [feeds] on line 7", ps[0])
	}
	findProblem(t, ps, "bot.colour")
}

// TestLoadArrayTableAfterAValue: [[feeds.source]] after "source = []" is
// one problem, on its header; its url and name are not "unknown keys" of
// [feeds].
func TestLoadArrayTableAfterAValue(t *testing.T) {
	ps := loadProblems(t, "[feeds]\nsource = []\n\n[[feeds.source]]\nurl = \"https://news.example/feed\"\nname = \"News\"\n")
	if len(ps) != 1 || ps[0].Line != 4 {
		t.Errorf("%d problems, want 1 on line 4:\n%v", len(ps), ps)
	}
}

// TestLoadNumberTooLargeNamesItsKey: an integer too large for 64 bits is
// reported on its own key. It was named after the key above it
// ("feeds.timeout: ... too large"), because the broken line, once stepped
// over, was looked up again in a document where it was blank.
func TestLoadNumberTooLargeNamesItsKey(t *testing.T) {
	ps := loadProblems(t, "[feeds]\ntimeout = \"1m\"\nmax_bytes = 99999999999999999999\n")
	if len(ps) != 1 || ps[0].Key != "feeds.max_bytes" || ps[0].Line != 3 || strings.Contains(ps[0].Message, "quotes") {
		t.Errorf("problems %v, want one for feeds.max_bytes on line 3 (not advice to quote a number)", ps)
	}
	// A string key stubbed the same way is still named at the end.
	ps = loadProblems(t, "[bot]\nname = \"News\"\ntimezone = Europe/London\n")
	if len(ps) != 1 || ps[0].Key != "bot.timezone" || ps[0].Line != 3 {
		t.Errorf("problems %v, want one for bot.timezone on line 3", ps)
	}
}

// TestLoadUnclosedQuote: a text value whose closing quote is missing is
// told so; it used to be told that text goes in "double quotes", which it
// already was.
func TestLoadUnclosedQuote(t *testing.T) {
	p := findProblem(t, loadProblems(t, "[bot]\nname = \"News\ntimezone = \"UTC\"\n"), "bot.name")
	if p.Line != 2 || !strings.Contains(p.Message, "closing quote") || strings.Contains(p.Message, `goes in "double quotes"`) {
		t.Errorf("problem %q, want line 2 to be told its closing quote is missing", p)
	}
}

// TestLoadEntriesAfterOneInSingleBrackets: of a list of tables whose first
// entry was written with single brackets, the entries after it (written
// as they should be) were each told go-toml's "key source already exists
// as a table, but should be an array table". Each now says which entry to
// write with two brackets.
func TestLoadEntriesAfterOneInSingleBrackets(t *testing.T) {
	ps := loadProblems(t, "[feeds.source]\nurl = \"https://a.example/feed\"\nname = \"A\"\n"+
		"[[feeds.source]]\nurl = \"https://b.example/feed\"\nname = \"B\"\n")
	want := []struct {
		line int
		msg  string
	}{
		{1, "is a list: write each entry under its own [[feeds.source]] header (two brackets), not as one table"},
		{4, "follows a [feeds.source] written with single brackets above it; write that one as [[feeds.source]] too"},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, w := range want {
		if p := ps[i]; p.Key != "feeds.source" || p.Line != w.line || p.Message != w.msg {
			t.Errorf("problem %d = %v, want line %d, feeds.source: %s", i, p, w.line, w.msg)
		}
	}
}

// TestLoadCurlyQuotes: a value in curly quotes (a word processor's, a web
// page's or a chat message's, pasted into the file) was named by its first
// byte, "unexpected character U+00E2 'â'", and told that text goes in
// "double quotes", which to its writer it already was. It is now told its
// quotes are curly, with the value in straight ones; a key that takes true
// or false is told so, as for an unquoted word.
func TestLoadCurlyQuotes(t *testing.T) {
	ps := loadProblems(t, "[bot]\nname = \u201cCouncil News\u201d # ours\ntimezone = \u2018UTC\u2019\n"+
		"[feeds]\npoll_interval = \u201c30m\u201d\n[editors]\nslack = [\u201cU012AB3CD\u201d]\n[slack]\nenabled = \u201cfalse\u201d\n")
	for _, tc := range []struct {
		key  string
		line int
		msg  string
	}{
		{"bot.name", 2, "is written in curly quotes (\u201cCouncil News\u201d), which TOML does not read as quotes; write straight ones: \"Council News\""},
		{"bot.timezone", 3, "is written in curly quotes (\u2018UTC\u2019), which TOML does not read as quotes; write straight ones: 'UTC'"},
		{"feeds.poll_interval", 5, "is written in curly quotes (\u201c30m\u201d), which TOML does not read as quotes; write straight ones: \"30m\""},
		{"editors.slack", 7, "is written in curly quotes (\u201cU012AB3CD\u201d), which TOML does not read as quotes; write straight ones: \"U012AB3CD\""},
		{"slack.enabled", 9, "is not a TOML value; it must be true or false, written without quotes"},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || p.Message != tc.msg {
			t.Errorf("%s: line %d %q, want line %d and %q", tc.key, p.Line, p.Message, tc.line, tc.msg)
		}
	}
	if len(ps) != 5 {
		t.Errorf("%d problems, want 5:\n%v", len(ps), ps)
	}
}

// TestLoadDatabaseFolderMissingSaysWhereItLooked: a relative bot.database
// whose folder is missing is told which folder it was looked for in (the
// one the bot runs in, which under a service manager is not the one the
// operator typed in), and a path written "~/…" that only a shell expands ~.
// Both were "the folder … does not exist", naming "data" or "~".
func TestLoadDatabaseFolderMissingSaysWhereItLooked(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	p := findProblem(t, loadProblems(t, "[bot]\ndatabase = \"no-such-folder/news.db\"\n"), "bot.database")
	if want := `the folder "no-such-folder" does not exist in ` + wd + `, the folder the bot runs in`; p.Line != 2 || !strings.Contains(p.Message, want) {
		t.Errorf("relative: line %d %q, want line 2 and %q", p.Line, p.Message, want)
	}
	p = findProblem(t, loadProblems(t, "[bot]\ndatabase = \"~/news/news.db\"\n"), "bot.database")
	if want := `"~/news/news.db" starts with ~, which only a shell reads as a home folder; write the full path, such as "/home/USER/news/news.db"`; p.Line != 2 || !strings.Contains(p.Message, want) {
		t.Errorf("tilde: line %d %q, want line 2 and %q", p.Line, p.Message, want)
	}
}

// TestLoadUnquotedWordWhereBooleanOrNumberBelongs: a word left unquoted
// where true, false or a number belongs is told what the key takes. It was
// told that text goes in "double quotes", and following that advice only
// traded the problem for "must be true or false, not a TOML string". A word
// left unquoted where text belongs is still told to quote it.
func TestLoadUnquotedWordWhereBooleanOrNumberBelongs(t *testing.T) {
	ps := loadProblems(t, "[bot]\nname = Council News\n[slack]\nenabled = no\n[discord]\nenabled = False\n"+
		"[submissions]\nper_user_per_hour = ten\n[editors]\nslack = [U012AB3CD]\n")
	for _, tc := range []struct {
		key  string
		line int
		msg  string
	}{
		{"bot.name", 2, `text goes in "double quotes"`},
		{"slack.enabled", 4, "is not a TOML value; it must be true or false, written without quotes"},
		{"discord.enabled", 6, "is not a TOML value; it must be true or false, written without quotes"},
		{"submissions.per_user_per_hour", 8, "is not a TOML value; it must be a whole number, written without quotes"},
		{"editors.slack", 10, `text goes in "double quotes"`},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || !strings.Contains(p.Message, tc.msg) {
			t.Errorf("%s: line %d %q, want line %d and %q", tc.key, p.Line, p.Message, tc.line, tc.msg)
		}
	}
	if len(ps) != 5 {
		t.Errorf("%d problems, want 5:\n%v", len(ps), ps)
	}
}

// TestURLPasswordsNotShown: a password written into a URL (a feed behind
// basic authentication, a mistyped smtp_url) never appears in a problem,
// whichever problem names the URL.
func TestURLPasswordsNotShown(t *testing.T) {
	ps := loadProblems(t, `[[feeds.source]]
url = "https://ed:SECRET1@intranet.example/feed"
name = "Intranet"
sector = "nope"
[[feeds.source]]
url = "https://ed:SECRET1@intranet.example/feed"
name = "Again"
[[feeds.source]]
url = "ftp://ed:SECRET2@intranet.example/feed"
name = "FTP"
[[feeds.source]]
url = "https://ed:SECRET5 x@intranet.example/feed"
name = "Unparsable"
[slack]
api_url = "https://ed:SECRET3@slack.example/api"
[email]
enabled = true
smtp_url = "smtp+tls://ed:SECRET4@mail.example:587"
from = "news@example.org"
`)
	if strings.Contains(ps.Error(), "SECRET") {
		t.Errorf("problems show a password:\n%s", ps.Error())
	}
	for _, key := range []string{"feeds.source[0].sector", "feeds.source[1].url", "feeds.source[2].url", "feeds.source[3].url", "slack.api_url", "email.smtp_url"} {
		findProblem(t, ps, key)
	}
}

// TestLoadKeyWrittenTwiceNamesItsTable: a key written twice in a table is
// named with its table ("bot.name", "sectors[1].slug"), like every other
// problem; it was named "name" alone.
func TestLoadKeyWrittenTwiceNamesItsTable(t *testing.T) {
	ps := loadProblems(t, `[bot]
name = "A"
name = "B"

[[sectors]]
slug = "health"
name = "Health"

[[sectors]]
slug = "housing"
slug = "homes"
name = "Housing"
`)
	for _, want := range []struct {
		key  string
		line int
	}{{"bot.name", 3}, {"sectors[1].slug", 11}} {
		if p := findProblem(t, ps, want.key); p.Line != want.line {
			t.Errorf("%s on line %d, want %d", want.key, p.Line, want.line)
		}
	}
}

// TestLoadNotUTF8: a file saved in a Windows code page ("ANSI" in
// Notepad), with a £ in a comment and an é in a name, is told to be saved
// as UTF-8; the name was told that text goes in "double quotes", which it
// already did.
func TestLoadNotUTF8(t *testing.T) {
	ps := loadProblems(t, "[bot]\n# budget \xa35m\nname = \"Caf\xe9\"\n")
	if len(ps) != 2 {
		t.Fatalf("%d problems, want 2:\n%v", len(ps), ps)
	}
	for _, p := range ps {
		if !strings.Contains(p.Message, "save the file as UTF-8") || strings.Contains(p.Message, `goes in "double quotes"`) {
			t.Errorf("line %d: %q, want advice to save the file as UTF-8", p.Line, p.Message)
		}
	}
}

// TestLoadTrimsSecretsInTheFile: every secret the file may set is read
// without the newline or spaces around it, as the environment's are
// (TestLoadEnvWinsOverFile), so a pasted token works in either place.
func TestLoadTrimsSecretsInTheFile(t *testing.T) {
	key := strings.Repeat("a", 64)
	path := writeConfig(t, `[slack]
bot_token = "xoxb-file\n"
app_token = " xapp-file"
signing_secret = "file-secret \r\n"

[discord]
bot_token = "\tfile-token "
public_key = "`+key+`\n"
application_id = " 111 "
`)
	c, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range []struct{ key, got, want string }{
		{"slack.bot_token", c.Slack.BotToken, "xoxb-file"},
		{"slack.app_token", c.Slack.AppToken, "xapp-file"},
		{"slack.signing_secret", c.Slack.SigningSecret, "file-secret"},
		{"discord.bot_token", c.Discord.BotToken, "file-token"},
		{"discord.public_key", c.Discord.PublicKey, key},
		{"discord.application_id", c.Discord.ApplicationID, "111"},
	} {
		if got.got != got.want {
			t.Errorf("%s = %q, want %q", got.key, got.got, got.want)
		}
	}
}

// TestCurlyQuotedSecretIsNotShown: a value in curly quotes is shown in
// straight ones (TestLoadCurlyQuotes), but a token or secret so written
// was printed whole by check-config, and by run in its log: the problem
// says how to write it without showing it.
func TestCurlyQuotedSecretIsNotShown(t *testing.T) {
	ps := loadProblems(t, "[slack]\nbot_token = \u201cxoxb-SECRET1\u201d\napp_token = \u2018xapp-SECRET2\u2019\n"+
		"signing_secret = \u201eSECRET3\u201c\n[discord]\nbot_token = \u201cSECRET4\u201d\npublic_key = \u201cSECRET5\u201d\n"+
		"application_id = \u201cSECRET6\u201d\n[email]\npassword = \u201cSECRET7\u201d\n")
	if strings.Contains(ps.Error(), "SECRET") {
		t.Errorf("problems show a secret:\n%s", ps.Error())
	}
	for _, tc := range []struct {
		key  string
		line int
	}{
		{"slack.bot_token", 2}, {"slack.app_token", 3}, {"slack.signing_secret", 4},
		{"discord.bot_token", 6}, {"discord.public_key", 7}, {"discord.application_id", 8},
	} {
		p := findProblem(t, ps, tc.key)
		if p.Line != tc.line || !strings.HasPrefix(p.Message, "is written in curly quotes") {
			t.Errorf("%s: line %d %q, want line %d and that it is in curly quotes", tc.key, p.Line, p.Message, tc.line)
		}
	}
}
