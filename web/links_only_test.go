package web

import (
	"context"
	"testing"
	"time"
)

// TestLinksOnlyKeepsThePagesDate: an archive serving the unsubscribe
// links alone (web.enabled = false) serves no page, and leaves the
// pages' date as the last run serving them recorded it. It recorded its
// own configuration's, so that the pages, on again with the
// configuration before, were dated anew and every reader's copy was
// sent again in full.
func TestLinksOnlyKeepsThePagesDate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	since, fp := f.archive.started, f.archive.fingerprint
	if _, err := New(ctx, Options{PublicURL: publicURL, SiteName: f.cfg.Bot.Name, Bot: f.bot, Store: f.store, Build: "test",
		Settings: "web off", LinksOnly: true}); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.PagesSince(ctx, fp, since.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(since) {
		t.Errorf("the pages date from %s after a links-only start, want %s as before it", got, since)
	}
}
