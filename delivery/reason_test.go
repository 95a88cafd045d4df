package delivery

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/store"
)

// loopbackErrors returns what a real HTTP client says when the server
// drops the connection without answering, and when it does not answer
// before the client's timeout: errors that name the API's URL.
func loopbackErrors(t *testing.T) (dropped, timedOut error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang); ln.Close() })
	go func() {
		for n := 0; ; n++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if n == 0 {
				// Dropped once the request is in: read some of it first,
				// or the client may not have written it yet.
				c.Read(make([]byte, 1))
				c.Close()
				continue
			}
			go func() { <-hang; c.Close() }() // never answers
		}
	}()
	url := "http://" + ln.Addr().String() + "/api/chat.postMessage"
	_, dropped = (&http.Client{}).Post(url, "text/plain", strings.NewReader("x"))
	_, timedOut = (&http.Client{Timeout: 50 * time.Millisecond}).Post(url, "text/plain", strings.NewReader("x"))
	if dropped == nil || timedOut == nil || !strings.Contains(dropped.Error(), url) {
		t.Fatalf("dropped = %v, timed out = %v", dropped, timedOut)
	}
	return dropped, timedOut
}

// TestDeliveryWordsNetworkFailures: a delivery whose last try ends with a
// dropped connection or a timeout is recorded with a sentence saying so
// and how many tries were made, never with the API's URL; one worded by
// its destination keeps the destination's words.
func TestDeliveryWordsNetworkFailures(t *testing.T) {
	dropped, timedOut := loopbackErrors(t)
	// The worker's clock runs 1 h 45 min after the edition was published,
	// as it does when the last of the default twelve tries fails.
	f := newFixture(t, Options{MaxAttempts: 3, Now: func() time.Time { return time.Now().Add(105 * time.Minute) }})
	p := newFlaky(1)
	p.name = "slack"
	p.script["DROPPED"] = []error{dropped, dropped, dropped}
	p.script["SLOW"] = []error{timedOut, timedOut, timedOut}
	p.script["FIVEXX"] = []error{dropped, timedOut, &TransientError{Reason: "Slack had a server error (HTTP 503)", Err: errors.New("slack server error: 503 Service Unavailable")}}
	f.worker.Add(p)
	f.publish(t, "slack", "DROPPED", "SLOW", "FIVEXX")
	f.worker.Deliver(context.Background())

	ds := f.states(t)
	want := map[string]string{
		"DROPPED": "Slack could not be reached (the connection was dropped); gave up after 3 tries over 1 h 45 min",
		"SLOW":    "Slack could not be reached (it did not answer in time); gave up after 3 tries over 1 h 45 min",
		"FIVEXX":  "Slack had a server error (HTTP 503); gave up after 3 tries over 1 h 45 min",
	}
	for ch, w := range want {
		if d := ds[ch]; d.State != store.DeliveryFailed || d.Error != w {
			t.Errorf("%s: state %s, error %q\nwant %q", ch, d.State, d.Error, w)
		}
	}
}

func TestReasonNamesThePlatform(t *testing.T) {
	dropped, _ := loopbackErrors(t)
	for platform, want := range map[string]string{
		"discord":           "Discord could not be reached (the connection was dropped)",
		store.EmailPlatform: "the mail server could not be reached (the connection was dropped)",
	} {
		if got := Reason(platform, dropped); got != want {
			t.Errorf("Reason(%s) = %q, want %q", platform, got, want)
		}
	}
}

func TestSpokenSpans(t *testing.T) {
	for span, want := range map[time.Duration]string{
		45 * time.Minute:                 "45 min",
		105*time.Minute + 20*time.Second: "1 h 45 min",
		2 * time.Hour:                    "2 h",
		50 * time.Hour:                   "2 days",
	} {
		if got := spoken(span); got != want {
			t.Errorf("spoken(%s) = %q, want %q", span, got, want)
		}
	}
}
