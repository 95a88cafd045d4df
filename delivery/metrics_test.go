package delivery

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestDeliveryAttemptsAreCounted: /metrics counts every attempt by
// platform and outcome, so an operator can alert on failed deliveries:
// the outcomes of TestDeliveryClassifiesFailures' channels, counted.
func TestDeliveryAttemptsAreCounted(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Options{MaxAttempts: 6, Metrics: m})
	p := newFlaky(3)
	p.script["GONE"] = []error{&PermanentError{Reason: "the channel no longer exists (404)"}}
	p.script["LIMITED"] = []error{&RetryAfterError{After: 2 * time.Millisecond}, &RetryAfterError{After: time.Millisecond}}
	p.script["FLAKY"] = []error{errors.New("502 Bad Gateway"), errors.New("connection reset")}
	p.script["DOWN"] = []error{errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503"), errors.New("503")}
	f.worker.Add(p)
	f.publish(t, "discord", "OK", "GONE", "LIMITED", "FLAKY", "DOWN")
	f.worker.Deliver(context.Background())

	got := attemptCounts(t, reg)
	want := map[string]float64{
		"discord delivered":    3, // OK, LIMITED, FLAKY
		"discord rate_limited": 2, // LIMITED, twice
		"discord retry":        7, // FLAKY twice, DOWN five times
		"discord failed":       2, // GONE at once, DOWN after six attempts
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("counted %v, want only %v", got, want)
	}
}

// attemptCounts reads sharednews_delivery_attempts_total from reg as
// "platform outcome" → count.
func attemptCounts(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "sharednews_delivery_attempts_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			out[labels["platform"]+" "+labels["outcome"]] = m.GetCounter().GetValue()
		}
	}
	return out
}
