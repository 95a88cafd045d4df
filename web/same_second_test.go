package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAChangeInTheSameSecondIsNotLostToIfModifiedSince: Last-Modified
// counts whole seconds, so a copy of a page made in the second an edition
// was published named the same second as an edition published later in
// it; a reader revalidating with If-Modified-Since alone (as many feed
// readers and caches do) was answered 304 and never shown the second
// edition, until some later change. A copy made in the second of the
// archive's last change now dates from the second before, and is
// answered in full once that second is over; one made after it is
// answered 304 as before.
func TestAChangeInTheSameSecondIsNotLostToIfModifiedSince(t *testing.T) {
	f := newFixture(t)
	f.newsroom()
	// The start of a second, so that what follows happens within it.
	toNextSecond()
	f.publish("2026-10-22", "", f.story("The first edition of the second", "housing", "https://example.org/first", ""))
	copies := map[string]response{}
	for _, p := range []string{"/", "/feed.atom", "/editions"} {
		copies[p] = f.get(p)
	}
	f.publish("2026-10-29", "", f.story("The second edition of the second", "housing", "https://example.org/second", ""))
	// Once the second is over, each copy is sent again in full, with the
	// new edition; a copy made after it is current and answered 304.
	toNextSecond()
	for p, c := range copies {
		r := f.get(p, "If-Modified-Since", c.header.Get("Last-Modified"))
		if r.status != 200 || !strings.Contains(r.body, "from 29th October 2026") {
			t.Errorf("%s with If-Modified-Since %s (its copy from the second of the change) = %d, want 200 with the new edition",
				p, c.header.Get("Last-Modified"), r.status)
			continue
		}
		lm, err := http.ParseTime(r.header.Get("Last-Modified"))
		if err != nil {
			t.Fatalf("%s: Last-Modified %q: %v", p, r.header.Get("Last-Modified"), err)
		}
		if was, _ := http.ParseTime(c.header.Get("Last-Modified")); !lm.After(was) {
			t.Errorf("%s: Last-Modified %s, not after the copy's %s", p, lm, was)
		}
		if again := f.get(p, "If-Modified-Since", r.header.Get("Last-Modified")); again.status != 304 {
			t.Errorf("%s with If-Modified-Since its Last-Modified %s = %d, want 304", p, r.header.Get("Last-Modified"), again.status)
		}
	}
}

// toNextSecond waits for the start of the next second (Last-Modified
// counts whole seconds), and a little past it.
func toNextSecond() {
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
}
