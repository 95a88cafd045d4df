package feeds

import (
	"fmt"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts polls and what they brought, so that an operator can
// alert on a newswire that has stopped (polls failing, no new stories)
// without reading /shared feeds.
type Metrics struct {
	polls   *prometheus.CounterVec
	stories prometheus.Counter
}

// NewMetrics registers the newswire's metrics with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sharednews_feed_polls_total",
			Help: "Feed polls, by outcome (fetched, not_modified, failed).",
		}, []string{"outcome"}),
		stories: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sharednews_feed_new_stories_total",
			Help: "New stories the feeds brought to the newswire.",
		}),
	}
	for _, c := range []prometheus.Collector{m.polls, m.stories} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("feeds: register metrics: %w", err)
		}
	}
	return m, nil
}

// observe counts one poll's result.
func (m *Metrics) observe(r Result) {
	if m == nil {
		return
	}
	m.polls.WithLabelValues(strings.ReplaceAll(string(r.Status), " ", "_")).Inc()
	m.stories.Add(float64(r.New))
}
