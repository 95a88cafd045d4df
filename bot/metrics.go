package bot

import (
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts and times commands for /metrics.
type Metrics struct {
	commands *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the bot's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sharednews_commands_total",
			Help: "Chat commands handled, by command and outcome (ok or refused).",
		}, []string{"command", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sharednews_command_duration_seconds",
			Help:    "Time to answer a chat command.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command"}),
	}
	reg.MustRegister(m.commands, m.duration)
	return m
}

func (m *Metrics) observe(command, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.commands.WithLabelValues(command, outcome).Inc()
	m.duration.WithLabelValues(command).Observe(d.Seconds())
}

func slogString(k, v string) slog.Attr { return slog.String(k, v) }
