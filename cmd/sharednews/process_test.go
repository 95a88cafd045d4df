package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/sharednews/sharednews/store"
)

// cliEnv makes the test binary, started again, run as sharednews itself
// with the arguments after its name, so tests can start real processes.
const cliEnv = "SHAREDNEWS_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		main() // exits on failure
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// cliCommand is a real `sharednews args…` process: this test binary, run
// as the CLI.
func cliCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), cliEnv+"=1")
	return cmd
}

// TestProcessesMigrateAFreshDatabaseTogether: several `sharednews migrate`
// processes started at the same moment on a new database all succeed (one
// of two used to fail with "database is locked"), and the schema is whole.
func TestProcessesMigrateAFreshDatabaseTogether(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for round := range 3 {
		cfg, db := writeConfig(t, "")
		const n = 4
		cmds := make([]*exec.Cmd, n)
		outs := make([]bytes.Buffer, n)
		for i := range cmds {
			cmds[i] = cliCommand(t, "--config", cfg, "migrate")
			cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i, c := range cmds {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = c.Run() }()
		}
		wg.Wait()
		applied := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: process %d: %v\n%s", round, i, err, outs[i].String())
			}
			applied += strings.Count(outs[i].String(), "applied ")
		}
		if applied != store.LatestSchemaVersion() {
			t.Errorf("round %d: %d migrations applied in all, want each of the %d once", round, applied, store.LatestSchemaVersion())
		}
		out, _, err := runCLI(t, "", "--config", cfg, "migrate")
		if err != nil || !strings.Contains(out, fmt.Sprintf("up to date at schema version %d", store.LatestSchemaVersion())) {
			t.Errorf("round %d: %s: %v %s", round, db, err, out)
		}
	}
}
