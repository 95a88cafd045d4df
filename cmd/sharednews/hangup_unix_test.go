//go:build unix

package main

import (
	"errors"
	"net/http"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sharednews/sharednews/internal/syncbuf"
)

// TestRunStopsCleanlyOnHangup: a SIGHUP (`kill -HUP`, which many services
// take for "reload", or the terminal `run` was started from closing) used
// to end `run` at once, the signal's default, with no line in the log and
// nothing drained. It stops as SIGTERM stops it, saying why. Where the
// tests run under nohup, SIGHUP is ignored, `run` started from them
// inherits that, and keeps running through it as nohup means it to.
func TestRunStopsCleanlyOnHangup(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	addr := freeAddr(t)
	cfg, _ := writeConfig(t, "[http]\nlisten = "+quote(addr)+"\n")
	cmd := cliCommand(t, "--config", cfg, "run")
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 300 {
			t.Fatalf("run never answered /readyz: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if signal.Ignored(syscall.SIGHUP) {
		select {
		case err := <-done:
			t.Fatalf("run under nohup stopped on SIGHUP: %v\n%s", err, stderr.String())
		case <-time.After(time.Second):
		}
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			t.Fatalf("run under nohup stopped answering after SIGHUP: %v", err)
		}
		resp.Body.Close()
		return
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("run after SIGHUP: %v (exit %d), want a clean stop\n%s", err, exit.ExitCode(), stderr.String())
		} else if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop after SIGHUP")
	}
	for _, want := range []string{`"msg":"stopped"`, "hangup"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, stderr.String())
		}
	}
}
