package slack

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// reportPostLost lets the first post to the review channel reach Slack
// and keeps its answer from the poster until the poster gives up (its
// context ends): a run stopped, or killed, while it posted a failure
// report, which Slack took all the same.
type reportPostLost struct {
	next   http.RoundTripper
	mu     sync.Mutex
	held   bool
	landed chan struct{} // closed once Slack has taken the held post
}

func (g *reportPostLost) RoundTrip(r *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(r.URL.Path, "/chat.postMessage") || r.Body == nil {
		return g.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	g.mu.Lock()
	first := form.Get("channel") == reviewChan && !g.held
	g.held = g.held || first
	g.mu.Unlock()
	if !first {
		return g.next.RoundTrip(r)
	}
	taken := r.Clone(context.WithoutCancel(r.Context()))
	taken.Body = io.NopCloser(bytes.NewReader(body))
	if resp, err := g.next.RoundTrip(taken); err == nil {
		resp.Body.Close()
	}
	close(g.landed)
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// TestFailureReportToldOnce: a run that posted an edition's failure
// report to the review channel and ended before it recorded the report
// told — stopped while Slack's answer was on its way, or killed once the
// post was out — leaves the report to the next run, which tells the
// editors once: it finds the report in the review channel, where it used
// to post it a second time.
func TestFailureReportToldOnce(t *testing.T) {
	for _, how := range []string{"stopped", "killed"} {
		t.Run(how, func(t *testing.T) {
			gate := &reportPostLost{landed: make(chan struct{})}
			f := newFixtureWith(t, fixtureOptions{transport: func(next http.RoundTripper) http.RoundTripper {
				gate.next = next
				return gate
			}})
			ctx := context.Background()
			f.slack.Refuse("CGONE", "channel_not_found")
			adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
				map[string]string{"CGONE": "old-news"})
			if _, err := f.store.Publish(ctx, store.Publication{Title: "Shared News", Date: time.Now()}); err != nil {
				t.Fatal(err)
			}
			worker := func(now func() time.Time) *delivery.Worker {
				w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
					Subscribe: f.bot.ChatSubscribe, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				w.Add(f.ad)
				return w
			}
			later := time.Now
			switch how {
			case "stopped":
				stop, cancel := context.WithCancel(ctx)
				done := make(chan struct{})
				go func() { defer close(done); worker(nil).Deliver(stop) }()
				select {
				case <-gate.landed:
				case <-time.After(10 * time.Second):
					t.Fatal("the failure report was never posted")
				}
				cancel()
				<-done
			case "killed":
				// The killed run delivered, claimed the report and posted
				// it; it recorded nothing more. Its claim has run out when
				// the next run looks.
				gate.mu.Lock()
				gate.held = true // this run's post is not held: it was killed after it
				gate.mu.Unlock()
				f.slack.Refuse(reviewChan, "not_in_channel")
				worker(nil).Deliver(ctx)
				f.slack.Admit(reviewChan)
				claimed, err := f.store.ClaimFailureReports(ctx, nil, time.Now(), time.Minute)
				if err != nil || len(claimed) != 1 {
					t.Fatalf("claim: %v %v", claimed, err)
				}
				f.bot.ReportFailedDeliveries(ctx, claimed)
				later = func() time.Time { return time.Now().Add(time.Hour) }
			}
			if d := f.delivery(t, "CGONE"); d.State != store.DeliveryFailed {
				t.Fatalf("the copy to CGONE is %s, want failed", d.State)
			}
			worker(later).Deliver(ctx)
			var reports []string
			for _, text := range f.reviewTold() {
				if strings.HasPrefix(text, "Delivery of edition 1 failed") {
					reports = append(reports, text)
				}
			}
			if len(reports) != 1 {
				t.Errorf("the editors were told of the failure %d times, want once: %q", len(reports), reports)
			}
		})
	}
}
