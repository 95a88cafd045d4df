package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// reportPostLost lets the first message to the review channel reach
// Discord and keeps its answer from the poster until the poster gives up
// (its context ends): a run stopped while it posted a failure report,
// which Discord took all the same.
type reportPostLost struct {
	next   http.RoundTripper
	mu     sync.Mutex
	held   bool
	landed chan struct{} // closed once Discord has taken the held message
}

func (g *reportPostLost) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/channels/"+reviewChannel+"/messages") {
		return g.next.RoundTrip(r)
	}
	g.mu.Lock()
	first := !g.held
	g.held = true
	g.mu.Unlock()
	if !first {
		return g.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
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
// told — stopped while Discord's answer was on its way, or killed once
// the message was out, its claim taken again after Discord's nonce
// window — leaves the report to the next run, which tells the editors
// once: it finds the report's text in the review channel, where it used
// to post it a second time.
func TestFailureReportToldOnce(t *testing.T) {
	const gone = "300000000000000002"
	for _, how := range []string{"stopped", "killed"} {
		t.Run(how, func(t *testing.T) {
			gate := &reportPostLost{landed: make(chan struct{})}
			apiOpts := discordtest.Options{Gone: []string{gone}}
			if how == "killed" {
				// The claim of a killed run's report ends ten leases
				// later: Discord has forgotten the nonce by then.
				apiOpts.NonceWindow = time.Nanosecond
				apiOpts.Muted = []string{reviewChannel}
				gate.held = true // the killed run's post is not held: it was killed after it
			}
			f := newFixtureWithAPI(t, apiOpts, func(_ *config.Config, o *Options) {
				gate.next = http.DefaultTransport
				o.Transport = gate
			})
			ctx := context.Background()
			adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "ed"},
				map[string]string{gone: "old-news"})
			if _, err := f.store.Publish(ctx, store.Publication{Title: "Shared News", Date: time.Now()}); err != nil {
				t.Fatal(err)
			}
			worker := func(now func() time.Time) *delivery.Worker {
				w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
					Subscribe: f.bot.ChatSubscribe, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				w.Add(f.adapter)
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
				// it; it recorded nothing more.
				worker(nil).Deliver(ctx)
				f.api.Permit(reviewChannel)
				claimed, err := f.store.ClaimFailureReports(ctx, nil, time.Now(), time.Minute)
				if err != nil || len(claimed) != 1 {
					t.Fatalf("claim: %v %v", claimed, err)
				}
				f.bot.ReportFailedDeliveries(ctx, claimed)
				later = func() time.Time { return time.Now().Add(time.Hour) }
			}
			worker(later).Deliver(ctx)
			var reports []string
			for _, text := range channelTexts(t, f.api, reviewChannel) {
				if strings.Contains(text, "Delivery of edition 1 failed") {
					reports = append(reports, text)
				}
			}
			if len(reports) != 1 {
				t.Errorf("the editors were told of the failure %d times, want once: %q", len(reports), reports)
			}
		})
	}
}

// channelTexts lists the text of each message in the fake's channel, as
// Discord lists them to the bot.
func channelTexts(t *testing.T, api *fakeAPI, channel string) []string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, api.apiURL()+"channels/"+channel+"/messages?limit=100", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot "+botToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []struct {
		Content string `json:"content"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Content)
	}
	return out
}

// TestANoticeIsFoundAsItWentOut: a notice whose text names @here (a
// channel's error quoted in a failure report, say) went out neutralized
// (seal), and is found by that text in the review channel: it was looked
// for as written, not found, and posted again.
func TestANoticeIsFoundAsItWentOut(t *testing.T) {
	p := Payload{Content: "Delivery of edition 1 failed in 1 channel: #news said @here is not allowed"}
	listed := []listedMessage{{Type: discordgo.MessageTypeDefault, Content: seal(p).Content}}
	if !noticeThere(listed, p) {
		t.Errorf("the notice %q was not found in the channel as it went out, %q", p.Content, listed[0].Content)
	}
	if noticeThere([]listedMessage{{Type: discordgo.MessageTypeDefault, Content: "another notice"}}, p) {
		t.Error("another notice was taken for this one")
	}
}
