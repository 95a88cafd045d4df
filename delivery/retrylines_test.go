package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/internal/syncbuf"
	"github.com/sharednews/sharednews/store"
)

// TestAlikeRetriesAreOneLogLine: when every copy of an edition fails
// alike (a platform or mail server down), the log says so once, not once
// a copy: the others go to Debug. Before, 201 readers made 498 Info lines
// in three minutes of an outage.
func TestAlikeRetriesAreOneLogLine(t *testing.T) {
	var logged syncbuf.Buffer
	f := newFixture(t, Options{MaxAttempts: 6,
		Logger: slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	p := newFlaky(1)
	var channels []string
	for i := range 20 {
		ch := fmt.Sprintf("C%02d", i)
		channels = append(channels, ch)
		p.script[ch] = []error{errors.New("503 Service Unavailable")}
	}
	f.worker.Add(p)
	f.publish(t, "discord", channels...)
	f.worker.Deliver(context.Background())
	for ch, d := range f.states(t) {
		if d.State != store.DeliveryDelivered {
			t.Errorf("%s: %+v", ch, d)
		}
	}
	var info, debug int
	for _, line := range strings.Split(logged.String(), "\n") {
		if !strings.Contains(line, `"msg":"delivery will be retried"`) {
			continue
		}
		switch {
		case strings.Contains(line, `"level":"INFO"`):
			info++
		case strings.Contains(line, `"level":"DEBUG"`):
			debug++
		}
	}
	if info != 1 || debug != 19 {
		t.Errorf("retries logged %d at Info and %d at Debug, want 1 and 19:\n%s", info, debug, logged.String())
	}
}

func TestRetryLinesEachCauseAMinute(t *testing.T) {
	var r retryLines
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		platform, reason string
		at               time.Duration
		quiet            bool
		alike            int
	}{
		{"email", "the mail server could not be reached", 0, false, 0},
		{"email", "the mail server could not be reached", time.Second, true, 0},
		{"email", "the mail server could not be reached", 2 * time.Second, true, 0},
		{"slack", "the mail server could not be reached", 3 * time.Second, false, 0}, // another platform
		{"email", "the mail server refused the login", 4 * time.Second, false, 0},    // another reason
		{"email", "the mail server could not be reached", time.Minute, false, 2},     // a minute on: the two before
		{"email", "the mail server could not be reached", time.Minute + time.Second, true, 0},
		{"email", "the mail server could not be reached", -time.Hour, false, 1}, // a clock set back logs
	}
	for i, s := range steps {
		quiet, alike := r.next(s.platform, s.reason, t0.Add(s.at))
		if quiet != s.quiet || alike != s.alike {
			t.Errorf("step %d (%s, %q at %v): quiet %v alike %d, want %v %d", i, s.platform, s.reason, s.at, quiet, alike, s.quiet, s.alike)
		}
	}
	// Causes are forgotten when many and old, so the map stays small.
	for i := range 200 {
		r.next("email", fmt.Sprintf("reason %d", i), t0.Add(time.Duration(i)*time.Minute))
	}
	if len(r.last) > 64 {
		t.Errorf("%d causes kept, want at most 64", len(r.last))
	}
}
