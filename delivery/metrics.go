package delivery

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts what became of delivery attempts, by platform ("slack",
// "discord", "email") and outcome, so that an operator can alert on
// editions that do not arrive (outcome="failed") before a reader asks.
type Metrics struct {
	attempts *prometheus.CounterVec
}

// Outcomes of a delivery attempt, as Metrics labels them.
const (
	outcomeDelivered   = "delivered"    // every part posted
	outcomeRateLimited = "rate_limited" // waits out the platform's Retry-After
	outcomeRetry       = "retry"        // failed; tried again after a backoff
	outcomeFailed      = "failed"       // given up, and reported to editors
	outcomeSkipped     = "skipped"      // no longer due (unsubscribed, nothing for its sectors)
)

// NewMetrics registers the delivery metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sharednews_delivery_attempts_total",
		Help: "Attempts to deliver an edition to a channel or reader, by platform and outcome (delivered, rate_limited, retry, failed, skipped).",
	}, []string{"platform", "outcome"})}
	if err := reg.Register(m.attempts); err != nil {
		return nil, fmt.Errorf("delivery: register metrics: %w", err)
	}
	return m, nil
}

func (m *Metrics) count(platform, outcome string) {
	if m == nil {
		return
	}
	m.attempts.WithLabelValues(platform, outcome).Inc()
}
