package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/digest"
	"github.com/sharednews/sharednews/server"
)

// startSlack serves a fake Slack that knows user U1 (Ana); command
// answers reach it at /respond.
func startSlack(t *testing.T, opts slacktest.Options) (*slacktest.Fake, *httptest.Server) {
	t.Helper()
	opts.Users = map[string]slacktest.User{"U1": {Name: "Ana"}}
	fake := slacktest.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	return fake, srv
}

var slackSecrets = map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_SIGNING_SECRET": "shh"}

// TestSlackSetupHTTPMode: in http mode the Slack adapter mounts the three
// endpoints, which refuse unsigned requests and answer signed commands
// through the response_url; run returns when its context ends.
func TestSlackSetupHTTPMode(t *testing.T) {
	fake, api := startSlack(t, slacktest.Options{})
	a := openTestApp(t, "[slack]\nenabled = true\nmode = \"http\"\napi_url = "+quote(api.URL+"/api/")+"\n", slackSecrets)
	srv, stop := runSlackHTTPMode(t, a)
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader("payload=x")))
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("unsigned POST %s: %d, want 401", path, rec.Code)
		}
	}
	wantSignedCommandAnswered(t, srv, fake, api.URL, "shh")
	stop()
}

// runSlackHTTPMode mounts a's Slack adapter, in http mode, on a server and
// runs it; stop ends the run and fails the test unless it returns cleanly.
func runSlackHTTPMode(t *testing.T, a *app) (srv *server.Server, stop func()) {
	t.Helper()
	srv = server.New("127.0.0.1:0", a.reg, a.log)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ad := onlyChatAdapter(t, a)
	ad.Mount(srv)
	done := make(chan error, 1)
	go func() { done <- ad.Run(ctx) }()
	return srv, func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("run did not return after cancel")
		}
	}
}

// wantSignedCommandAnswered posts `/shared sectors`, signed with secret,
// to srv and wants it answered through the response_url on the fake.
func wantSignedCommandAnswered(t *testing.T, srv *server.Server, fake *slacktest.Fake, api, secret string) {
	t.Helper()
	form := url.Values{"command": {"/shared"}, "text": {"sectors"}, "user_id": {"U1"}, "user_name": {"ana"},
		"channel_id": {"C1"}, "response_url": {api + "/respond"}}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, slashCommand(t, "/slack/commands", secret, form))
	if rec.Code != http.StatusOK {
		t.Fatalf("signed command: %d %s", rec.Code, rec.Body)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(fake.Responses("/respond")) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if ans := fake.Responses("/respond"); len(ans) != 1 || !strings.Contains(mustMarshal(t, ans[0].Body), "Sectors") {
		t.Errorf("answers = %v", ans)
	}
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSlackSetupRefusedTokens: a bot token Slack refuses stops Run with
// a clear error; in socket mode a refused app token ends run with one.
func TestSlackSetupRefusedTokens(t *testing.T) {
	_, api := startSlack(t, slacktest.Options{AuthError: "invalid_auth"}) // auth.test refuses the bot token
	a := openTestApp(t, "[slack]\nenabled = true\napi_url = "+quote(api.URL+"/api/")+"\n", slackSecrets)
	if err := onlyChatAdapter(t, a).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "refused the bot token") {
		t.Errorf("run with a refused bot token: %v", err)
	}

	_, api = startSlack(t, slacktest.Options{AppToken: "xapp-another"}) // apps.connections.open refuses the app token
	a = openTestApp(t, "[slack]\nenabled = true\napi_url = "+quote(api.URL+"/api/")+"\n", slackSecrets)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := onlyChatAdapter(t, a).Run(ctx); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Errorf("socket mode with a refused app token: %v", err)
	}
}

func TestRenderSlackPreview(t *testing.T) {
	e := digest.Edition{Number: 3, State: digest.EditionPublished, Title: "News Summary <!channel>",
		Date: time.Date(2014, 11, 20, 0, 0, 0, 0, time.UTC),
		Sections: []digest.Section{{Sector: digest.Sector{Slug: "health", Name: "Health & Social Care"},
			Stories: []digest.Story{{URL: "https://example.org/a", Headline: "Trusts merge", Summary: "Two trusts.", Source: "HSJ"}}}}}
	out, err := renderSlackPreview(e)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []struct {
		Text   string           `json:"text"`
		Blocks []map[string]any `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(out), &msgs); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(msgs) != 1 || msgs[0].Text != "News Summary &lt;!channel&gt;" || len(msgs[0].Blocks) < 5 {
		t.Fatalf("preview = %s", out)
	}
	if !strings.Contains(out, "*<https://example.org/a|Trusts merge>*") || !strings.Contains(out, "Thursday 20 November 2014 · Edition 3") {
		t.Errorf("preview lacks the story or the date line:\n%s", out)
	}
}

// slashCommand is Slack's POST of a slash command, form, to target (a
// URL, or a path for a handler), signed with the signing secret as Slack
// signs it.
func slashCommand(t *testing.T, target, secret string, form url.Values) *http.Request {
	t.Helper()
	body := form.Encode()
	ts, sig := slacktest.Signature(secret, time.Now(), []byte(body))
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	return req
}

// TestSlackSecretsInTheFileAreTrimmed: a token and signing secret written
// in the file with the newline or spaces a paste brings (`"shh\n"`, `"shh "`)
// work as the same values set in the environment do: a signed command is
// answered, not refused as unsigned, and the bot token Slack receives is
// the token itself.
func TestSlackSecretsInTheFileAreTrimmed(t *testing.T) {
	fake, api := startSlack(t, slacktest.Options{})
	a := openTestApp(t, "[slack]\nenabled = true\nmode = \"http\"\napi_url = "+quote(api.URL+"/api/")+
		"\nbot_token = \"xoxb-test \\n\"\nsigning_secret = \" shh\\n\"\n", nil)
	if a.cfg.Slack.BotToken != "xoxb-test" || a.cfg.Slack.SigningSecret != "shh" {
		t.Errorf("secrets read from the file as %q and %q, want them without the white space around them",
			a.cfg.Slack.BotToken, a.cfg.Slack.SigningSecret)
	}
	srv, stop := runSlackHTTPMode(t, a)
	wantSignedCommandAnswered(t, srv, fake, api.URL, "shh")
	stop()
}
