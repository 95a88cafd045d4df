package slack

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/store"
)

// frozenPost stands between the adapters and a fake Slack: it holds the
// first chat.postMessage it is sent (the frozen worker's post, on its way)
// until it is let through, and says when Slack has taken it.
type frozenPost struct {
	next    http.Handler
	mu      sync.Mutex
	held    bool
	arrived chan struct{} // closed when the held post reaches Slack's door
	release chan struct{} // closed to let it through
	landed  chan struct{} // closed once Slack has taken it
	// onHistory, when set, is called once, with the first
	// conversations.history answered after the held post arrived, after
	// Slack answered it and before the answer is sent back.
	onHistory func()
}

func newFrozenPost(next http.Handler) *frozenPost {
	return &frozenPost{next: next, arrived: make(chan struct{}), release: make(chan struct{}), landed: make(chan struct{})}
}

func (g *frozenPost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
		g.mu.Lock()
		first := !g.held
		g.held = true
		g.mu.Unlock()
		if first {
			close(g.arrived)
			<-g.release
			rec := httptest.NewRecorder()
			g.next.ServeHTTP(rec, r)
			close(g.landed)
			copyAnswer(w, rec)
			return
		}
	case strings.HasSuffix(r.URL.Path, "/conversations.history"):
		g.mu.Lock()
		hook := g.onHistory
		g.onHistory = nil
		g.mu.Unlock()
		if hook != nil {
			rec := httptest.NewRecorder()
			g.next.ServeHTTP(rec, r)
			hook()
			copyAnswer(w, rec)
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

func copyAnswer(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// TestFrozenWorkersPostLeavesOneCopy: two workers deliver one copy
// through the real adapter and ledger. The first claimed it, and its post
// of part 0 was on its way when it froze past its lease (here: the post
// is held at Slack's door). The second takes the delivery over, looks in
// the channel, finds nothing, and posts. Whenever the frozen post lands,
// before the second worker's post or after its whole delivery, the
// channel ends with each part once, and the ledger names the copy kept.
func TestFrozenWorkersPostLeavesOneCopy(t *testing.T) {
	for _, when := range []string{"after the new owner looked", "after the new owner delivered"} {
		t.Run(when, func(t *testing.T) {
			f := newFixture(t)
			fake := slacktest.New(slacktest.Options{BotToken: testBotToken, PerChannelRate: 1000, Burst: 100})
			failOnRefused(t, fake)
			gate := newFrozenPost(fake)
			ad := adapterAt(t, f, gate)
			ctx := context.Background()
			adaptertest.SubscribeWithApprovedStory(t, f.store, digest.Person{Platform: PlatformName, ID: editorID, Name: "Ed"},
				map[string]string{"CNEWS": "news"})
			if _, err := f.store.Publish(ctx, store.Publication{Title: "Shared News", Date: time.Now()}); err != nil {
				t.Fatal(err)
			}
			d := f.delivery(t, "CNEWS")
			rec, err := f.store.LatestEdition(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// The frozen worker claimed it; its lease ran out long ago.
			if _, ok, err := f.store.ClaimDelivery(ctx, d.ID, "frozen", time.Now().Add(-time.Hour), time.Minute); !ok || err != nil {
				t.Fatalf("claim: %v %v", ok, err)
			}
			frozenDone := make(chan error, 1)
			var frozenRef string // written before frozenDone is
			go func() {
				post := delivery.Post{ChannelID: "CNEWS", Edition: rec.Edition, Key: delivery.Key(d)}
				frozenDone <- ad.PostEdition(ctx, post, func(part int, ref string) error {
					if part == 0 {
						frozenRef = ref
					}
					return f.store.RecordDeliveryPart(context.Background(), d.ID, "frozen", part+1, ref, time.Now().Add(time.Minute))
				})
			}()
			<-gate.arrived
			if when == "after the new owner looked" {
				// The new owner's look in the channel is answered as
				// Slack saw it; the frozen post lands before the answer
				// is back.
				gate.mu.Lock()
				gate.onHistory = func() { close(gate.release); <-gate.landed }
				gate.mu.Unlock()
			}
			w, err := delivery.New(delivery.Options{Store: f.store, Sectors: f.bot.Sectors(), Reporter: f.bot,
				Subscribe: f.bot.ChatSubscribe, Background: true})
			if err != nil {
				t.Fatal(err)
			}
			w.Add(ad)
			stop := f.runWorker(t, w)
			if !waitFor(10*time.Second, func() bool { return f.delivery(t, "CNEWS").State == store.DeliveryDelivered }) {
				t.Fatalf("not delivered: %+v", f.delivery(t, "CNEWS"))
			}
			if when == "after the new owner delivered" {
				close(gate.release)
			}
			select {
			case err := <-frozenDone:
				if err == nil {
					t.Error("the frozen worker's record was taken after the delivery was taken over")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the frozen worker's post never returned")
			}
			stop()
			parts := fake.Parts()["CNEWS"]
			seen := map[int]int{}
			for _, p := range parts {
				seen[p.Part]++
			}
			for part, n := range seen {
				if n != 1 {
					t.Errorf("part %d is in the channel %d times (channel: %v)", part, n, parts)
				}
			}
			if len(seen) == 0 {
				t.Fatal("nothing in the channel")
			}
			kept := f.delivery(t, "CNEWS").MessageRef
			n, first, err := ad.PostedParts(ctx, delivery.Post{ChannelID: "CNEWS", Edition: rec.Edition, Key: delivery.Key(d)})
			if err != nil || first != kept || n != len(seen) {
				t.Errorf("the ledger's first part is %q; the channel's %q (%d parts, %v)", kept, first, n, err)
			}
			// The earlier copy is the one kept: the frozen worker's
			// when it landed first.
			frozenFirst := when == "after the new owner looked"
			if got := kept == frozenRef; got != frozenFirst {
				t.Errorf("kept %s; the frozen worker's copy kept: %v, want %v", kept, got, frozenFirst)
			}
		})
	}
}
