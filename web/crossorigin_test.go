package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A page on another site can hold a form that posts to /subscribe and
// submits itself: each visitor's browser would then sign up an address of
// that page's choosing, from the visitor's own network, so that the limit
// of sign-ups per network held no longer and the newsletter's mail server
// sent confirmation mail to whoever the other site chose. A browser says
// where a form came from (Sec-Fetch-Site, and Origin in older ones): the
// sign-up and the confirmation refuse a form from elsewhere, change
// nothing and say why; the site's own form, a reverse proxy's rewritten
// Host, and a client that is no browser (no such header) are served as
// before.
func TestFormsFromAnotherSiteAreRefused(t *testing.T) {
	f := newEmailFixture(t)
	ctx := context.Background()
	form := url.Values{"address": {"victim@example.org"}}
	for _, c := range []struct {
		name    string
		headers []string
	}{
		{"a browser's cross-site form", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://attacker.example"}},
		{"a browser's form from a sibling subdomain", []string{"Sec-Fetch-Site", "same-site", "Origin", "https://blog.example.org"}},
		{"an older browser's form, Origin alone", []string{"Origin", "https://attacker.example"}},
	} {
		r := f.post("/subscribe", form, c.headers...)
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "another site") || !strings.Contains(r.body, "nothing was changed") {
			t.Errorf("%s: POST /subscribe = %d\n%s", c.name, r.status, r.body)
		}
		if r.title() != "Refused: form from another site · Shared News" {
			t.Errorf("%s: titled %q", c.name, r.title())
		}
	}
	if n := len(f.smtp.Messages()); n != 0 {
		t.Errorf("forms from another site sent %d confirmation mails", n)
	}
	if subs, err := f.store.Subscribers(ctx); err != nil || len(subs) != 0 {
		t.Errorf("forms from another site stored %d readers (%v)", len(subs), err)
	}

	// The site's own form, as a browser sends it; behind a reverse proxy
	// whose Host is the back end's, Origin alone from an older browser; a
	// script or test with no browser's headers.
	for i, headers := range [][]string{
		{"Sec-Fetch-Site", "same-origin", "Origin", "https://news.example.org"},
		{"Origin", "https://news.example.org"},
		nil,
	} {
		r := f.post("/subscribe", url.Values{"address": {"reader" + itoa(i) + "@example.org"}}, headers...)
		if r.status != http.StatusOK || !strings.Contains(r.body, "Check your inbox") {
			t.Errorf("the site's own form %v: POST /subscribe = %d\n%s", headers, r.status, r.body)
		}
	}
	msgs := f.smtp.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d confirmation mails for the site's own forms, want 3", len(msgs))
	}

	// The confirmation's button, posted from elsewhere with a token the
	// other site somehow had, confirms no one.
	_, text := textOf(t, msgs[0])
	token := tokenOf(confirmLink.FindString(text))
	r := f.post("/subscribe/confirm", url.Values{"t": {token}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://attacker.example")
	if r.status != http.StatusForbidden || !strings.Contains(r.body, "nothing was changed") {
		t.Errorf("a cross-site confirmation = %d\n%s", r.status, r.body)
	}
	if sub, err := f.store.SubscriberByAddress(ctx, "reader0@example.org"); err != nil || sub.State == "confirmed" {
		t.Errorf("a cross-site confirmation confirmed the reader: %+v %v", sub.State, err)
	}
	if ok := f.post("/subscribe/confirm", url.Values{"t": {token}}, "Sec-Fetch-Site", "same-origin"); ok.status != http.StatusOK {
		t.Errorf("the site's own confirmation = %d\n%s", ok.status, ok.body)
	}
}
