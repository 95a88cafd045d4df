package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/sharednews/sharednews/delivery"
)

// childEnv marks a process started to deliver, and carries its endpoints
// and options.
const childEnv = "DELIVERYBENCH_CHILD"

// childVars are the environment that makes a process (this program or a
// test binary) run as the delivering child.
func childVars(ep endpoints, opts delivery.Options) []string {
	return []string{
		childEnv + "=1",
		"DELIVERYBENCH_ENDPOINTS=" + strings.Join([]string{ep.DB, ep.SlackURL, ep.DiscordURL}, "|"),
		fmt.Sprintf("DELIVERYBENCH_OPTIONS=%d,%d,%d,%d,%d", opts.Workers, opts.MaxAttempts, opts.Backoff, opts.MaxBackoff, opts.Lease),
	}
}

// isChild says whether this process was started as the delivering child.
func isChild(getenv func(string) string) bool { return getenv(childEnv) == "1" }

// runChild delivers as the child process, from its environment.
func runChild(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	parts := strings.Split(getenv("DELIVERYBENCH_ENDPOINTS"), "|")
	if len(parts) != 3 {
		return errors.New("deliverybench child: DELIVERYBENCH_ENDPOINTS is not db|slack|discord")
	}
	var n [5]int64
	for i, s := range strings.Split(getenv("DELIVERYBENCH_OPTIONS"), ",") {
		if i < len(n) {
			n[i], _ = strconv.ParseInt(s, 10, 64)
		}
	}
	opts := delivery.Options{Workers: int(n[0]), MaxAttempts: int(n[1]), Backoff: time.Duration(n[2]), MaxBackoff: time.Duration(n[3]),
		Lease: time.Duration(n[4])}
	if getenv(emailEnv) != "" && parts[1] == "" {
		return runEmailChild(ctx, getenv, opts, parts[0], stderr)
	}
	var mail *mailServer
	if v := getenv(emailEnv); v != "" { // channels and readers
		m, err := mailServerFrom(v)
		if err != nil {
			return err
		}
		mail = &m
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return deliver(ctx, endpoints{DB: parts[0], SlackURL: parts[1], DiscordURL: parts[2]}, opts, log, mail)
}

// killPlan is how the parent disturbs the children: the first Kills
// children are killed (SIGKILL) after a random time in [Min, Max).
type killPlan struct {
	Kills    int
	Min, Max time.Duration
	Rand     *rand.Rand
}

// runChildren starts the delivering child (exe with args and the child
// environment) again and again, killing it as planned, until one exits
// having delivered everything. It returns how many children were killed.
func runChildren(ctx context.Context, exe string, args []string, env []string, plan killPlan, stderr io.Writer) (int, error) {
	killed := 0
	for run := 0; ; run++ {
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Start(); err != nil {
			return killed, fmt.Errorf("start delivering child: %w", err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var kill <-chan time.Time
		if run < plan.Kills {
			d := plan.Min
			if plan.Max > plan.Min {
				d += time.Duration(plan.Rand.Int64N(int64(plan.Max - plan.Min)))
			}
			t := time.NewTimer(d)
			defer t.Stop()
			kill = t.C
		}
		select {
		case err := <-done:
			if err != nil {
				return killed, fmt.Errorf("delivering child (run %d): %w", run+1, err)
			}
			return killed, nil
		case <-kill:
			if err := cmd.Process.Kill(); err != nil {
				return killed, fmt.Errorf("kill child: %w", err)
			}
			<-done
			killed++
		}
	}
}

// runTogether starts n delivering children (exe with args and the child
// environment) at once and waits for all of them; it fails if any fails.
// stderr must take writes from several goroutines at once, as os.Stderr
// does: exec copies each child's output in from a goroutine of its own
// unless stderr is a file.
func runTogether(ctx context.Context, exe string, args, env []string, n int, stderr io.Writer) error {
	errs := make(chan error, n)
	for i := range n {
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("start delivering child %d: %w", i+1, err)
		}
		go func() {
			if err := cmd.Wait(); err != nil {
				errs <- fmt.Errorf("delivering child %d: %w", i+1, err)
				return
			}
			errs <- nil
		}()
	}
	var failed []error
	for range n {
		if err := <-errs; err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}
