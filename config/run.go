package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// runProblems are what only `sharednews run` needs: the secrets of every
// enabled platform. The console, preview and the maintenance commands never
// talk to Slack or Discord, so they work without them.
func (c *Config) runProblems() Problems {
	var ps Problems
	if s := c.Slack; s.Enabled {
		if s.BotToken == "" {
			ps.add("slack.bot_token", "required by `run` when slack.enabled is true; set SLACK_BOT_TOKEN or slack.bot_token")
		}
		switch {
		case s.Mode == "socket" && s.AppToken == "":
			ps.add("slack.app_token", `required by `+"`run`"+` in socket mode; set SLACK_APP_TOKEN or slack.app_token to an app-level token ("xapp-…") with the connections:write scope`)
		case s.Mode == "http" && s.SigningSecret == "":
			ps.add("slack.signing_secret", "required by `run` in http mode; set SLACK_SIGNING_SECRET or slack.signing_secret (app settings ▸ Basic Information ▸ Signing Secret)")
		}
	}
	if d := c.Discord; d.Enabled {
		if d.BotToken == "" {
			ps.add("discord.bot_token", "required by `run` when discord.enabled is true; set DISCORD_BOT_TOKEN or discord.bot_token")
		}
		if d.ApplicationID == "" {
			ps.add("discord.application_id", "required by `run` when discord.enabled is true; set DISCORD_APPLICATION_ID or discord.application_id")
		}
	}
	c.emailRunProblems(&ps)
	return ps
}

// ValidateRun is Validate plus what `run` needs on top: the secrets of every
// enabled platform.
func (c *Config) ValidateRun() Problems {
	return append(c.Validate(), c.runProblems()...)
}

// checkFiles looks at the paths the configuration names: the database must
// be a file (or not exist yet) in a folder that exists. Permissions are
// left to store.Open, which names them when it meets them, and to database
// when it is given (LoadForCheck).
func (c *Config) checkFiles(database func(string) error) Problems {
	var ps Problems
	db := c.Bot.Database
	if blank(db) {
		return nil // Validate said so
	}
	info, err := os.Stat(db)
	switch {
	case err == nil && info.IsDir():
		ps.add("bot.database", "%q is a folder; it must be the path of the database file, such as %q", db, filepath.Join(db, "sharednews.db"))
	case err == nil && !info.Mode().IsRegular():
		ps.add("bot.database", "%q is not a regular file", db)
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(db)
		if d, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			ps.add("bot.database", "%s", missingFolder(db, dir))
		} else if err == nil && !d.IsDir() {
			ps.add("bot.database", "%q is not a folder, so the database cannot be created in it", dir)
		}
	case err != nil && !errors.Is(err, fs.ErrPermission):
		ps.add("bot.database", "cannot look at %q: %s", db, strings.TrimPrefix(err.Error(), fmt.Sprintf("stat %s: ", db)))
	}
	if len(ps) == 0 && database != nil {
		if err := database(db); err != nil {
			ps.add("bot.database", "%s", err)
		}
	}
	return ps
}

// missingFolder says that dir, the folder of the database db, does not
// exist. A path written as in a shell ("~/news.db") is told that only a
// shell reads ~, and a relative one where it was looked for: the folder
// the command runs in, which under a service manager is not the folder
// the operator typed check-config in.
func missingFolder(db, dir string) string {
	if strings.HasPrefix(db, "~/") {
		return fmt.Sprintf("%q starts with ~, which only a shell reads as a home folder; write the full path, such as %q", db, "/home/USER/"+strings.TrimPrefix(db, "~/"))
	}
	if !filepath.IsAbs(db) {
		if wd, err := os.Getwd(); err == nil {
			return fmt.Sprintf("the folder %q does not exist in %s, the folder the bot runs in (a relative bot.database is read from there); create it, or give bot.database a full path", dir, wd)
		}
	}
	return fmt.Sprintf("the folder %q does not exist; create it, or point bot.database at a folder that does", dir)
}
