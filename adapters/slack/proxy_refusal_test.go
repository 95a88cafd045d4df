package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sharednews/sharednews/delivery"
)

// TestEditionRefusedByAProxyFailsForGood: Slack's Web API says its
// refusals with HTTP 200 and "ok": false, a rate limit with 429, and its
// own trouble with 5xx; a 400, 403 or 404 with an HTML page comes from
// something else on the way (a proxy that blocks the host, a wrong
// slack.api_url), and the next try meets the same. The delivery fails for
// good, once, and editors read what to check. It was a "server error",
// tried again for hours.
func TestEditionRefusedByAProxyFailsForGood(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound} {
		var calls atomic.Int64
		proxy := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			w.Write([]byte("<html><body><h1>Access denied</h1></body></html>"))
		})
		ad := adapterAt(t, newFixture(t), proxy)
		err := ad.PostEdition(context.Background(), delivery.Post{ChannelID: "CNEWS", Edition: sampleEdition(), Key: "k"},
			func(int, string) error { return nil })
		var perm *delivery.PermanentError
		if !errors.As(err, &perm) {
			t.Errorf("HTTP %d: %v, want a permanent failure", status, err)
			continue
		}
		got := delivery.Reason("slack", err)
		for _, want := range []string{"not by Slack's API", "slack.api_url", fmt.Sprintf("(HTTP %d)", status)} {
			if !strings.Contains(got, want) {
				t.Errorf("HTTP %d: editors read %q, want it to say %q", status, got, want)
			}
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("HTTP %d: asked %d times, want once", status, n)
		}
	}
}
