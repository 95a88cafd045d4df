package feeds

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sharednews/sharednews/store/storetest"
)

// TestPollsAreCounted: /metrics counts polls by outcome and the new
// stories they brought, so an operator can alert on a newswire that has
// stopped without reading /shared feeds.
func TestPollsAreCounted(t *testing.T) {
	fs := newFeedServer(t)
	good := fs.serveBody("/good.xml", []byte(oneStoryFeed))
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t, "")
	p := newPoller(t, st, feedsConfig(src(good), src(fs.URL+"/missing.xml")), func(o *Options) { o.Metrics = m })
	for range 2 {
		if _, err := p.PollOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, s := range f.GetMetric() {
			name := f.GetName()
			for _, l := range s.GetLabel() {
				name += " " + l.GetValue()
			}
			got[name] = s.GetCounter().GetValue()
		}
	}
	want := map[string]float64{
		"sharednews_feed_polls_total fetched":      1,
		"sharednews_feed_polls_total not_modified": 1,
		"sharednews_feed_polls_total failed":       2,
		"sharednews_feed_new_stories_total":        1,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}
