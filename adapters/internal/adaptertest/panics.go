package adaptertest

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// PanicLog is a log handler that keeps the records of panics an adapter
// recovered from (the tasks group's, Discord's dispatch's and gateway
// handlers', and Slack's Socket Mode envelopes', each with a "panic"
// attribute). A recovered panic never reaches the test that
// caused it, so a fuzz target reads it here.
type PanicLog struct {
	shared *panicRecords
	attrs  []slog.Attr
}

type panicRecords struct {
	mu    sync.Mutex
	found []string
}

// NewPanicLog makes an empty PanicLog.
func NewPanicLog() *PanicLog { return &PanicLog{shared: &panicRecords{}} }

// Take returns the panics recorded since it was last called, each with
// its message and stack, and forgets them.
func (h *PanicLog) Take() []string {
	h.shared.mu.Lock()
	defer h.shared.mu.Unlock()
	out := h.shared.found
	h.shared.found = nil
	return out
}

// Enabled implements slog.Handler: the adapters log a panic as an error.
func (h *PanicLog) Enabled(_ context.Context, level slog.Level) bool { return level >= slog.LevelError }

// Handle implements slog.Handler.
func (h *PanicLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	panicked := false
	add := func(a slog.Attr) bool {
		if a.Key == "panic" {
			panicked = true
		}
		fmt.Fprintf(&b, "\n%s: %v", a.Key, a.Value)
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	if panicked {
		h.shared.mu.Lock()
		h.shared.found = append(h.shared.found, r.Message+b.String())
		h.shared.mu.Unlock()
	}
	return nil
}

// WithAttrs implements slog.Handler.
func (h *PanicLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &PanicLog{shared: h.shared, attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}

// WithGroup implements slog.Handler; the records it keeps need no groups.
func (h *PanicLog) WithGroup(string) slog.Handler { return h }
