package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExitCodes runs real processes: 0 when a command did its work, 1
// when it could not, 2 when the command line itself is wrong, the same
// for every command. `help NAME` of a command that does not exist printed
// the general usage and exited 0, so a script could not tell a typo from
// help.
func TestExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	cfg, db := writeConfig(t, "")
	bad, _ := writeConfig(t, "[email]\ncolour = \"blue\"\n")
	backup := filepath.Join(t.TempDir(), "copy.db")
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string // in what it says, when it fails
	}{
		{[]string{"version"}, 0, ""},
		{[]string{"help"}, 0, ""},
		{[]string{"help", "help"}, 0, ""},
		{[]string{"help", "backup"}, 0, ""},
		{[]string{"--config", cfg, "check-config"}, 0, ""},
		{[]string{"--config", bad, "check-config"}, 1, "1 problem found"},
		{[]string{"--config", cfg, "migrate"}, 0, ""},
		{[]string{"--config", cfg, "migrate"}, 0, ""}, // twice: up to date
		{[]string{"--config", cfg, "backup", backup}, 0, ""},
		{[]string{"--config", cfg, "backup", backup}, 1, "already exists"},
		{[]string{"--config", cfg, "backup", db}, 1, "is the database itself"},
		{[]string{"--config", cfg, "backup", filepath.Dir(backup)}, 1, "is a folder; name the backup file in it, such as " + filepath.Join(filepath.Dir(backup), "sharednews-")},
		{[]string{"--config", cfg, "preview"}, 1, "no draft edition"},
		{[]string{"--config", bad, "migrate"}, 1, "colour"},
		// A mistyped --config is not a file with problems to list.
		{[]string{"--config", cfg + ".missing", "run"}, 1, "the configuration file " + cfg + ".missing does not exist"},
		{[]string{"--config", cfg + ".missing", "check-config"}, 1, "the configuration file " + cfg + ".missing does not exist"},
		{[]string{"--config", filepath.Dir(cfg), "migrate"}, 1, "is a folder"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, 2, `no command "frobnicate"`},
		{[]string{"help", "import", "export"}, 2, "help takes one command"},
		{[]string{"--config", cfg, "backup"}, 2, "exactly one argument"},
		{[]string{"--config", cfg, "preview", "--edition", "0"}, 2, "positive number"},
		{[]string{"--config", cfg, "migrate", "now"}, 2, "takes no arguments"},
		{[]string{"--config", cfg, "subscribers", "frobnicate"}, 2, "frobnicate"},
		{[]string{"--frobnicate"}, 2, "frobnicate"},
	} {
		cmd := cliCommand(t, tc.args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("sharednews %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr.String(), tc.code, tc.stderr)
		}
	}
}

// TestInterruptedCommandSaysSo: Ctrl-C (or SIGTERM) during `ingest`, with
// a feed that has not answered yet, ended with only "sharednews: context
// canceled". It now says the command was interrupted before it finished,
// and still exits 1.
func TestInterruptedCommandSaysSo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer feed.Close()
	defer close(release)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	body := "[bot]\ndatabase = " + quote(filepath.Join(dir, "news.db")) + "\n[feeds]\ntimeout = \"1m\"\n" +
		"[[feeds.source]]\nurl = " + quote(feed.URL+"/feed.xml") + "\nname = \"Slow\"\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := cliCommand(t, "--config", cfg, "ingest")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("ingest never asked for the feed")
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("interrupted ingest: %v, want exit 1", err)
	}
	if want := "sharednews: ingest: interrupted (Ctrl-C, SIGTERM or SIGHUP) before it finished"; !strings.Contains(stderr.String(), want) {
		t.Errorf("interrupted ingest said %q; want %q", stderr.String(), want)
	}
}
