package discord

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/config"
)

// TestSlowMissingPageRefusalIsTheDeferredAnswer: a site slower than the
// deferral budget that then answers 404 is acknowledged first, and the
// refusal replaces the acknowledgement, for the member alone; nothing is
// queued.
func TestSlowMissingPageRefusalIsTheDeferredAnswer(t *testing.T) {
	f := newFixture(t, func(_ *config.Config, o *Options) { o.DeferAfter = 50 * time.Millisecond })
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(site.Close)
	r := f.interact(f.slash(member, "submit", str("url", site.URL+"/nwes/1")))
	edit := f.deferredAnswer(t, r)
	want := "I couldn't find that page (" + site.URL + "/nwes/1 answered 404 Not Found). Check the link and submit it again."
	if !strings.HasSuffix(edit.Path, "/messages/@original") || !strings.Contains(string(edit.Body), want) {
		t.Errorf("edit of the original response: %s %s\nwant %q", edit.Path, edit.Body, want)
	}
	if n, err := f.store.QueueSize(context.Background()); n != 0 || err != nil {
		t.Errorf("queue: %d (%v), want nothing queued", n, err)
	}
}
