package main

import (
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestRunSaysWhyItStoppedInItsJSONLog: run's log is JSON, one record a
// line, for a log collector; the error that stopped it (a bad
// configuration, a database it cannot write) came after it as the plain
// line "sharednews: …", which the collector could not parse. Now it is
// one more record, at level ERROR, whose message is that sentence, with
// the underlying error as "err" (as every other record of the log names
// it) when there is one. The commands whose log is text say it as before.
func TestRunSaysWhyItStoppedInItsJSONLog(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	bad, _ := writeConfig(t, "[email]\ncolour = \"blue\"\n")
	readOnly, db := writeConfig(t, "")
	storetest.ReadOnly(t, filepath.Dir(db))
	for _, tc := range []struct {
		what string
		args []string
		code int
		msg  string // in the message
		err  string // in the "err" attribute, "" for none
	}{
		{"bad configuration", []string{"--config", bad, "run"}, 1,
			"has problems; run `sharednews check-config` for the full list:\n" + bad + ":9:1: email.colour: unknown key", "email.colour: unknown key"},
		{"database it cannot write", []string{"--config", readOnly, "run"}, 1,
			"cannot write the database " + db + ": no write permission on the folder " + filepath.Dir(db), "not permitted"},
	} {
		cmd := cliCommand(t, tc.args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != tc.code {
			t.Errorf("%s: %v, want exit %d", tc.what, err, tc.code)
		}
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		var last map[string]any
		for _, line := range lines {
			last = nil
			if err := json.Unmarshal([]byte(line), &last); err != nil {
				t.Errorf("%s: a line of the log is not JSON: %q", tc.what, line)
			}
		}
		if msg, _ := last["msg"].(string); last["level"] != "ERROR" || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: the last record is %v, want one at ERROR saying %q", tc.what, last, tc.msg)
		}
		got, has := last["err"].(string)
		if tc.err == "" && has || tc.err != "" && !strings.Contains(got, tc.err) && !strings.Contains(got, "permission denied") {
			t.Errorf("%s: err attribute %q, want %q", tc.what, got, tc.err)
		}
	}

	// A command whose log is text says it as before, in plain text.
	cmd := cliCommand(t, "--config", bad, "migrate")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("migrate took a bad configuration")
	}
	if !strings.HasPrefix(stderr.String(), "sharednews: configuration ("+bad+") has problems") {
		t.Errorf("migrate said %q", stderr.String())
	}
}

// TestRunUsageErrorsArePlainText: a mistake in run's command line (an
// unknown argument or flag) came out as a JSON log record, which an
// operator at a terminal reads as noise; it is a plain line on stderr with
// the usage, exit 2, as every other command's is.
func TestRunUsageErrorsArePlainText(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	cfg, _ := writeConfig(t, "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", cfg, "run", "now"}, `sharednews: run takes no arguments, got ["now"]`},
		{[]string{"run", "--bogus"}, "sharednews: run has no flag --bogus; its only flag is --config PATH"},
		{[]string{"run", "--confg", cfg}, "sharednews: run has no flag --confg: did you mean --config?"},
	} {
		cmd := cliCommand(t, tc.args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("%q: %v, want exit 2", tc.args, err)
		}
		if want := tc.want + "\nUsage: sharednews [--config PATH] run\n"; stderr.String() != want {
			t.Errorf("%q said\n%s\nwant\n%s", tc.args, stderr.String(), want)
		}
	}
}
