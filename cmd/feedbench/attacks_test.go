package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// TestMain runs feedbench itself when a test starts this binary as
// feedbench (FEEDBENCH_AS_MAIN), as the harness starts its own binary to
// measure each ingest under.
func TestMain(m *testing.M) {
	if os.Getenv("FEEDBENCH_AS_MAIN") == "1" {
		os.Unsetenv("FEEDBENCH_AS_MAIN")
		main()
		os.Exit(0)
	}
	if os.Getenv("FEEDBENCH_EXIT") != "" {
		code, _ := strconv.Atoi(os.Getenv("FEEDBENCH_EXIT"))
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// measured runs the command args under this binary as feedbench
// -peak-to, as runAttacks runs each ingest, and returns the peak written
// and the exit status.
func measured(t *testing.T, env []string, args ...string) (float64, int) {
	t.Helper()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := measuredCommand(context.Background(), os.Args[0], peakFile, args[0], args[1:]...)
	cmd.Env = append(append(os.Environ(), "FEEDBENCH_AS_MAIN=1"), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%v: %s", err, out)
	}
	mb, ok, err := readPeak(peakFile)
	if err != nil || !ok {
		t.Fatalf("readPeak = %v, %v, %v (%s)", mb, ok, err, out)
	}
	return mb, cmd.ProcessState.ExitCode()
}

// TestPeakIsTheChildsOwn measures a small command while this process
// holds far more memory than the command takes, as the harness holds the
// feeds it serves: the peak must be the command's, not this process's.
// (Read from the command's own rusage, it is this process's on Linux: a
// child started by vfork counts its parent's peak.)
func TestPeakIsTheChildsOwn(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a parent's memory is counted as its child's on Linux")
	}
	const held = 256 << 20
	ballast := make([]byte, held)
	for i := range ballast {
		ballast[i] = byte(i) // touched, so that it is resident
	}
	// This binary, running no test, is a small command.
	mb, code := measured(t, nil, os.Args[0], "-test.run=^$")
	if code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if mb > 64 || mb <= 0 {
		t.Errorf("the command's peak is %.0f MB, where it takes a few: the %d MB this process holds are counted", mb, held>>20)
	}

	// The way it was read before, for the log: the command's own rusage.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	own, _ := childPeakMB(cmd.ProcessState)
	t.Logf("peak measured %.0f MB; the command's own rusage says %.0f MB", mb, own)
	runtime.KeepAlive(ballast)
}

// TestMeasuredPassesOnExitStatus: ingest's exit status (1 when a feed
// failed) reaches the harness through the measuring process.
func TestMeasuredPassesOnExitStatus(t *testing.T) {
	if _, code := measured(t, []string{"FEEDBENCH_EXIT=3"}, os.Args[0]); code != 3 {
		t.Fatalf("exit status %d, want 3", code)
	}
}

// TestAttacksAtFitUnderMaxBytes: every feed the harness scales is just
// under the max_bytes it is polled with, so that it is read, not cut off.
func TestAttacksAtFitUnderMaxBytes(t *testing.T) {
	const maxBytes = 2 << 20
	for _, a := range attacksAt(maxBytes) {
		if a.gen != nil {
			a.Attack = a.gen()
			if n := len(a.Body); n > maxBytes || n < maxBytes*9/10 {
				t.Errorf("%s is %d bytes, want just under %d", a.Name, n, maxBytes)
			}
		}
		if a.maxBytes != maxBytes || int64(len(a.Body)) > a.maxBytes {
			t.Errorf("%s: %d bytes polled with max_bytes %d", a.Name, len(a.Body), a.maxBytes)
		}
	}
}
