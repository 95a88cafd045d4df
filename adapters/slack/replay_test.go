package slack

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
)

// TestReplayedRequestsAreRefused: a signed request sent again as it was,
// within the five minutes its timestamp allows, is a replay (Slack sends a
// command or an interaction once and never retries it): it gets 401 and
// nothing is done, so a captured "/shared subscribe" cannot subscribe the
// channel again after an editor unsubscribed it. The Events API, which
// Slack does retry, stays acknowledged and acts once per event ID.
func TestReplayedRequestsAreRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// signed is the request as Slack sent it at t; sent again later, the
	// same bytes and headers are a replay.
	t0 := f.now
	signed := func(path string, body []byte) *http.Request {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", formType)
		ts, sig := slacktest.Signature(f.secret, t0, body)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		return req
	}
	serve := func(req *http.Request) int {
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		return rec.Code
	}

	body, path := f.slashForm(editorID, "CREPLAY", "subscribe")
	if code := serve(signed("/slack/commands", body)); code != http.StatusOK {
		t.Fatalf("first subscribe: %d", code)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(path)) == 1 })
	f.command(editorID, "unsubscribe") // in CGENERAL: nothing to stop there
	if ans := allText(f.commandIn(editorID, "CREPLAY", "unsubscribe")); !strings.Contains(ans, "no longer receive") {
		t.Fatalf("unsubscribe: %s", ans)
	}
	f.now = f.now.Add(2 * time.Minute) // still within the five minutes
	if code := serve(signed("/slack/commands", body)); code != http.StatusUnauthorized {
		t.Errorf("replayed command: %d, want 401", code)
	}

	page := pageServer(t, "A story", "Summary", "Site")
	id, ref := f.submit(page.URL+"/a", "")
	press := f.selectSector(editorID, id, ref, "housing", "Housing")
	pressBody := interactionForm(t, press)
	if code := serve(signed("/slack/interactions", pressBody)); code != http.StatusOK {
		t.Fatalf("first press: %d", code)
	}
	adaptertest.WaitFor(t, "the sector change", func() bool { return f.story(id).Sector == "housing" })
	f.command(editorID, fmt.Sprintf("edit %d sector health", id))
	if code := serve(signed("/slack/interactions", pressBody)); code != http.StatusUnauthorized {
		t.Errorf("replayed press: %d, want 401", code)
	}

	time.Sleep(100 * time.Millisecond) // a wrongly taken replay shows itself
	if _, err := f.store.Subscription(ctx, PlatformName, "CREPLAY"); err == nil {
		t.Error("the replayed subscribe subscribed the channel again")
	}
	if n := len(f.slack.Responses(path)); n != 1 {
		t.Errorf("the replayed command was answered: %d answers", n)
	}
	if s := f.story(id); s.Sector != "health" {
		t.Errorf("the replayed press filed the story under %s", s.Sector)
	}
}

// TestReplayWithTheSignatureRewrittenIsRefused: the signature's hex digits
// may be written in capitals (hex decoding takes either), so a captured
// request sent again with its X-Slack-Signature upper-cased still carries
// a valid signature; it is the same request and is refused as a replay.
func TestReplayWithTheSignatureRewrittenIsRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	body, path := f.slashForm(editorID, "CREPLAY", "subscribe")
	ts, sig := slacktest.Signature(f.secret, f.now, body)
	serve := func(sig string) int {
		req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", formType)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := serve(sig); code != http.StatusOK {
		t.Fatalf("first subscribe: %d", code)
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(path)) == 1 })
	if ans := allText(f.commandIn(editorID, "CREPLAY", "unsubscribe")); !strings.Contains(ans, "no longer receive") {
		t.Fatalf("unsubscribe: %s", ans)
	}
	f.now = f.now.Add(time.Minute)
	rewritten := "v0=" + strings.ToUpper(strings.TrimPrefix(sig, "v0="))
	if code := serve(rewritten); code != http.StatusUnauthorized {
		t.Errorf("replay with the signature in capitals: %d, want 401", code)
	}
	time.Sleep(100 * time.Millisecond)
	if _, err := f.store.Subscription(ctx, PlatformName, "CREPLAY"); err == nil {
		t.Error("the replayed subscribe subscribed the channel again")
	}
	if n := len(f.slack.Responses(path)); n != 1 {
		t.Errorf("the replayed command was answered: %d answers", n)
	}
}
