package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalCommandsNeedNoPlatformSecrets: Slack and Discord enabled in the
// file with no secrets anywhere. The console and preview work on the
// database; run refuses and says which secrets it needs; check-config says
// the same as run.
func TestLocalCommandsNeedNoPlatformSecrets(t *testing.T) {
	cfg, _ := writeConfigFetching(t, true, "[slack]\nenabled = true\n[discord]\nenabled = true\n")
	site := siteDown(t)
	out, stderr, err := runCLI(t, "/shared submit "+site+"/a health\n/shared approve 1\n", "--config", cfg, "console")
	if err != nil || !strings.Contains(out, "Approved #1") {
		t.Fatalf("console: %v\n%s\n%s", err, out, stderr)
	}
	for _, format := range []string{"text", "slack", "discord"} {
		if out, _, err := runCLI(t, "", "--config", cfg, "preview", "--format", format); err != nil || !strings.Contains(out, strings.TrimPrefix(site, "http://")) {
			t.Errorf("preview --format %s: %v\n%s", format, err, out)
		}
	}
	_, _, err = runCLI(t, "", "--config", cfg, "run")
	if err == nil {
		t.Fatal("run started without the platforms' secrets")
	}
	out, _, checkErr := runCLI(t, "", "--config", cfg, "check-config")
	if checkErr == nil {
		t.Error("check-config passed a file run refuses")
	}
	for _, want := range []string{"slack.bot_token", "SLACK_BOT_TOKEN", "slack.app_token", "discord.bot_token", "discord.application_id", "required by `run`"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("run's refusal lacks %q:\n%v", want, err)
		}
		if !strings.Contains(out, want) {
			t.Errorf("check-config lacks %q:\n%s", want, out)
		}
	}
}

// TestRunRefusesAbsurdValues: check-config names each with its line, and
// run refuses to start.
func TestRunRefusesAbsurdValues(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	body := "[bot]\ndatabase = " + quote(dir) + "\n[feeds]\nsource = []\npoll_interval = \"876000h\"\n[submissions]\nper_user_per_hour = 9223372036854775807\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "--config", cfg, "check-config")
	if err == nil || !strings.Contains(err.Error(), "3 problems found") {
		t.Fatalf("check-config: %v\n%s", err, out)
	}
	wantAll(t, "check-config", out, []string{":2: bot.database: ", "is a folder", ":5: feeds.poll_interval: ", ":7: submissions.per_user_per_hour: "})
	if _, _, err := runCLI(t, "", "--config", cfg, "run"); err == nil || !strings.Contains(err.Error(), "per_user_per_hour") {
		t.Errorf("run: %v", err)
	}
}
