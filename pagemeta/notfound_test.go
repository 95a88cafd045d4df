package pagemeta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"testing"
	"time"
)

// TestFetchTellsAMissingPageFromAnUnreadableOne: only a page that is not
// there (404, 410, after redirects too) is ErrNotFound; a page behind a
// wall, a bot blocker, a site that is down or slow is only unreadable,
// and a member's link to it is still a story.
func TestFetchTellsAMissingPageFromAnUnreadableOne(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		var code int
		if _, err := fmt.Sscanf(r.URL.Path, "/status/%d", &code); err == nil {
			w.WriteHeader(code)
			return
		}
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/status/404", http.StatusMovedPermanently)
		case "/moved-gone":
			http.Redirect(w, r, "/status/410", http.StatusFound)
		case "/moved-walled":
			http.Redirect(w, r, "/status/403", http.StatusFound)
		case "/slow":
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4\n")
		}
	})
	f := newFetcher(Options{Timeout: 300 * time.Millisecond}, ts)
	for _, c := range []struct {
		path       string
		missing    bool
		status     int
		redirected bool
	}{
		{"/status/404", true, 404, false},
		{"/status/410", true, 410, false},
		{"/moved", true, 404, true},
		{"/moved-gone", true, 410, true},
		{"/moved-walled", false, 403, true},
		{"/status/401", false, 401, false},
		{"/status/403", false, 403, false},
		{"/status/429", false, 429, false},
		{"/status/451", false, 451, false},
		{"/status/500", false, 500, false},
		{"/status/503", false, 503, false},
		{"/status/400", false, 400, false},
		{"/slow", false, 0, false},
		{"/pdf", false, 0, false},
	} {
		_, err := f.Fetch(context.Background(), ts.URL+c.path)
		fe := fetchError(t, err, nil)
		if got := errors.Is(err, ErrNotFound); got != c.missing {
			t.Errorf("%s: errors.Is(ErrNotFound) = %v, want %v (%v)", c.path, got, c.missing, err)
		}
		if fe.Status != c.status || fe.Redirected != c.redirected {
			t.Errorf("%s: Status %d, Redirected %v; want %d, %v", c.path, fe.Status, fe.Redirected, c.status, c.redirected)
		}
	}
}

// TestFetchNameThatDoesNotExist: a host name DNS says does not exist, at
// the link or after a redirect, is not ErrNotFound (a resolver that knows
// only an intranet's names says so of every outside site), nor is a DNS
// server that fails to answer: the page is only unreadable, and the
// reason says which.
func TestFetchNameThatDoesNotExist(t *testing.T) {
	t.Parallel()
	site := newTestServer(t, "tcp4", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://nowhere.example.test/a", http.StatusFound)
	})
	dns := newFakeDNS(t, func(name string, _ int) []netip.Addr {
		if name == "site.example.test" {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
		}
		return nil // no address: the name does not exist as a site
	})
	f := dns.fetcher(Options{Timeout: 2 * time.Second}, site)

	_, err := f.Fetch(context.Background(), "http://nowhere.example.test/news/1")
	fe := fetchError(t, err, nil)
	if errors.Is(err, ErrNotFound) || fe.Reason != "the site's name could not be found" || fe.Redirected {
		t.Errorf("no such name: Reason %q, Redirected %v", fe.Reason, fe.Redirected)
	}
	_, err = f.Fetch(context.Background(), "http://site.example.test:"+site.port()+"/moved")
	fe = fetchError(t, err, nil)
	if errors.Is(err, ErrNotFound) || !fe.Redirected {
		t.Errorf("a redirect to a name that does not exist: Redirected false in %v", err)
	}

	failing := failingDNS(t)
	_, err = failing.Fetch(context.Background(), "http://nowhere.example.test/news/1")
	fe = fetchError(t, err, nil)
	if errors.Is(err, ErrNotFound) || fe.Reason != "the site's name could not be looked up" {
		t.Errorf("a failing DNS server: %v (Reason %q), want a name that could not be looked up", err, fe.Reason)
	}
}
