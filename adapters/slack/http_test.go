package slack

import (
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/config"
	slackgo "github.com/slack-go/slack"

	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestForgedAndReplayedRequestsAreRefused sends each endpoint a request
// with a forged signature, one signed with the right secret but replayed
// six minutes late, and one without a signature: each gets 401 and nothing
// happens (no Web API call, no answer, nothing queued).
func TestForgedAndReplayedRequestsAreRefused(t *testing.T) {
	f := newFixture(t)
	page := pageServer(t, "Councils merge", "Two councils", "LocalGov")
	command, _ := f.slashForm(memberID, "CGENERAL", "submit "+page.URL+"/story")
	press, _ := f.press(editorID, actionApprove, 1, reviewChan+"/1.0", "")
	mention := mustRead(t, "event-callback-app-mention.json")

	for _, ep := range []struct {
		path, contentType string
		body              []byte
	}{
		{"/slack/commands", formType, command},
		{"/slack/interactions", formType, interactionForm(t, press)},
		{"/slack/events", "application/json", mention},
	} {
		for _, c := range []struct {
			name   string
			at     time.Time
			secret string
		}{
			{"forged signature", f.now, "not-the-secret"},
			{"replayed old timestamp", f.now.Add(-6 * time.Minute), f.secret},
			{"timestamp from the future", f.now.Add(6 * time.Minute), f.secret},
		} {
			if rec := f.send(ep.path, ep.contentType, ep.body, c.at, c.secret); rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", ep.path, c.name, rec.Code)
			}
		}
		req, _ := http.NewRequest(http.MethodPost, ep.path, strings.NewReader(string(ep.body)))
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s unsigned: status %d, want 401", ep.path, rec.Code)
		}
		// A correctly signed body that was altered afterwards.
		tampered := f.sendTampered(ep.path, ep.contentType, ep.body)
		if tampered.Code != http.StatusUnauthorized {
			t.Errorf("%s tampered: status %d, want 401", ep.path, tampered.Code)
		}
	}
	time.Sleep(50 * time.Millisecond) // give any wrongly started task a chance to show itself
	if calls := f.slack.Calls(""); len(calls) > 0 {
		t.Errorf("refused requests reached Slack: %+v", calls)
	}
	if n := len(f.slack.Responses("")); n > 0 {
		t.Errorf("refused requests were answered %d times", n)
	}
	if n, _ := f.store.QueueSize(context.Background()); n != 0 {
		t.Errorf("a refused submit queued %d stories", n)
	}
}

// sendTampered signs body, then sends it with one byte changed.
func (f *fixture) sendTampered(path, contentType string, body []byte) *httptest.ResponseRecorder {
	ts, sig := slacktest.Signature(f.secret, f.now, body)
	altered := append([]byte(nil), body...)
	altered[len(altered)/2] ^= 1
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(string(altered)))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRealSignedRequests replays the two requests Slack's documentation
// and slack-go signed, byte for byte with their headers, at their own
// (2018) time: the slash command is acknowledged and answered through its
// response_url, the mention answered in its channel.
func TestRealSignedRequests(t *testing.T) {
	t.Run("slash command from Slack's docs", func(t *testing.T) {
		v, body, at := loadVector(t, "signing-vector-slack-docs.json")
		f := newFixtureWith(t, fixtureOptions{secret: v.Secret, now: at.Add(time.Minute)})
		rec := f.sendWithHeaders("/slack/commands", body, v.Headers)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		path := "/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"
		adaptertest.WaitFor(t, "the answer", func() bool { return len(f.slack.Responses(path)) > 0 })
		ans := f.slack.Responses(path)[0].Body
		if ans["response_type"] != "ephemeral" || !strings.Contains(allText(ans), "Shared News commands") {
			t.Errorf("an empty command should get the help, to the caller only: %v", ans)
		}
	})
	t.Run("app mention from slack-go", func(t *testing.T) {
		v, body, at := loadVector(t, "signing-vector-slack-go.json")
		f := newFixtureWith(t, fixtureOptions{secret: v.Secret, now: at})
		f.slack.SetUser("AAAAAAAAA", slacktest.User{Name: "Someone"})
		rec := f.sendWithHeaders("/slack/events", body, v.Headers)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		adaptertest.WaitFor(t, "the ephemeral answer", func() bool { return len(f.slack.Calls("chat.postEphemeral")) > 0 })
		c := f.slack.Calls("chat.postEphemeral")[0]
		if c.Form.Get("channel") != "TTTTTTTTT" || c.Form.Get("user") != "AAAAAAAAA" {
			t.Errorf("answered %s/%s", c.Form.Get("channel"), c.Form.Get("user"))
		}
		if text := allText(blocksOf(t, c)); !strings.Contains(text, "Unknown command `hello`") {
			t.Errorf("“@bot hello world” should be an unknown command: %s", text)
		}
	})
}

func (f *fixture) sendWithHeaders(path string, body []byte, headers map[string]string) *httptest.ResponseRecorder {
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func TestURLVerificationIsAnswered(t *testing.T) {
	f := newFixture(t)
	rec := f.sendSigned("/slack/events", "application/json", mustRead(t, "url-verification.json"))
	if rec.Code != http.StatusOK || rec.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %q", rec.Code, rec.Body)
	}
}

// TestUnusedPayloadsAreAcknowledged: interactions and events that are not
// the bot's (another control, a form of another app, a channel message) get
// a 200 and cause nothing.
func TestUnusedPayloadsAreAcknowledged(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct{ path, file, contentType string }{
		{"/slack/interactions", "block-actions-button-minimal.form", formType},
		{"/slack/events", "event-callback-message.json", "application/json"},
	} {
		if rec := f.sendSigned(c.path, c.contentType, mustRead(t, c.file)); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("%s: %d %q", c.file, rec.Code, rec.Body)
		}
	}
	for _, name := range []string{"block-actions-button-in-message.json", "view-submission.json"} {
		rec := f.sendSigned("/slack/interactions", formType, interactionForm(t, loadJSON(t, name)))
		if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("%s: %d %q", name, rec.Code, rec.Body)
		}
	}
	if rec := f.sendSigned("/slack/interactions", formType, []byte("payload=%7Bnot+json")); rec.Code != http.StatusBadRequest {
		t.Errorf("malformed payload: %d", rec.Code)
	}
	time.Sleep(50 * time.Millisecond)
	if calls := f.slack.Calls(""); len(calls) > 0 {
		t.Errorf("unused payloads caused calls: %+v", calls)
	}
}

// TestMountOnlyInHTTPMode: the endpoints exist in http mode only; in
// socket mode Slack never calls them and nothing answers there.
func TestMountOnlyInHTTPMode(t *testing.T) {
	for mode, want := range map[string]int{"http": http.StatusUnauthorized, "socket": http.StatusNotFound} {
		f := newFixtureWith(t, fixtureOptions{config: func(c *config.Config) { c.Slack.Mode = mode }})
		mux := http.NewServeMux()
		f.ad.Mount(mux)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader("x=1")))
		if rec.Code != want {
			t.Errorf("%s mode: POST /slack/commands answered %d, want %d", mode, rec.Code, want)
		}
	}
}

// TestIncompleteSlashCommandsChangeNothing: a signed slash command without
// the user, the channel or the response_url Slack always sends is refused
// with 400 before the bot acts. Without a channel, "subscribe" used to
// subscribe the channel "" (every edition then failed to reach it), and
// without a response_url the command ran with its answer lost.
func TestIncompleteSlashCommandsChangeNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, drop := range []string{"user_id", "channel_id", "response_url"} {
		body, _ := f.slashForm(adminID, "CNEWS", "subscribe")
		form, _ := url.ParseQuery(string(body))
		form.Del(drop)
		rec := f.sendSigned("/slack/commands", formType, []byte(form.Encode()))
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "not a slash command") {
			t.Errorf("without %s: %d %q, want 400", drop, rec.Code, rec.Body)
		}
	}
	time.Sleep(100 * time.Millisecond)
	for _, ch := range []string{"CNEWS", ""} {
		if s, err := f.store.Subscription(ctx, PlatformName, ch); err == nil {
			t.Errorf("an incomplete command subscribed %q: %+v", ch, s)
		}
	}

	// The same in Socket Mode, where the acknowledgement says so in the
	// words Discord says for a command that does not say who sent it.
	ack := f.ad.slashCommand(slackgo.SlashCommand{UserID: adminID, Text: "subscribe", ResponseURL: "https://hooks.slack.com/x"})
	if m, ok := ack.(slackgo.WebhookMessage); !ok || m.Text != "That command arrived incomplete; nothing was done. Please try again." ||
		m.ResponseType != slackgo.ResponseTypeEphemeral {
		t.Errorf("a command without a channel was acknowledged with %+v", ack)
	}
	// A mention with no channel is ignored.
	f = newFixture(t)
	p := loadJSON(t, "event-callback-app-mention.json")
	ev := p["event"].(map[string]any)
	ev["user"], ev["text"], p["event_id"] = adminID, "<@U111> subscribe", "EvNoChannel"
	delete(ev, "channel")
	b, _ := json.Marshal(p)
	f.sendSigned("/slack/events", "application/json", b)
	time.Sleep(200 * time.Millisecond)
	if s, err := f.store.Subscription(ctx, PlatformName, ""); err == nil {
		t.Errorf("a mention without a channel subscribed %q: %+v", "", s)
	}
}
