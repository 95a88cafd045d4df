package slack

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/adapters/slack/slacktest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/wirelog"
	"github.com/sharednews/sharednews/store"
)

// testdata is the shared collection of real Slack payloads.
const testdata = "../../../shared/testdata/slack"

// People in the test workspace.
const (
	editorID   = "UEDITOR"
	memberID   = "UMEMBER"
	adminID    = "UADMIN"
	groupieID  = "UGROUPIE"
	editorsGrp = "S0EDITORS"
	reviewChan = "CREVIEW"
	testSecret = "test-signing-secret"
)

// fixture is a real bot on a real SQLite file, with the Slack adapter
// talking to a fake Slack through the real slack-go client.
type fixture struct {
	t       testing.TB
	ad      *Adapter
	bot     *bot.Bot
	store   *store.Store
	slack   *slacktest.Fake
	handler http.Handler
	now     time.Time // the adapter's clock
	secret  string
	seq     atomic.Int64 // makes each response_url unique
}

type fixtureOptions struct {
	secret string
	now    time.Time
	config func(*config.Config)
	// transport, when set, stands between the adapter and the fake
	// Slack, to fail the calls a test chooses.
	transport func(http.RoundTripper) http.RoundTripper
	// editorName, when set, is the editor's display name in place of "Ed".
	editorName string
	// offline builds the bot without a page fetcher (adaptertest.OfflineBot).
	offline bool
	// logger, when set, is the adapter's logger in place of testLogger's.
	logger *slog.Logger
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, fixtureOptions{}) }

// failOnRefused fails t, when it ends, on each call or response_url post
// fake refused for what it carried: one Slack would refuse or ignore, and
// the adapter's error may only be logged (a card left as it was, an
// answer the member never sees), so every test against a fake of its own
// checks this too.
func failOnRefused(t testing.TB, fake *slacktest.Fake) {
	t.Cleanup(func() {
		for _, c := range fake.Calls("") {
			if c.Refused != "" {
				t.Errorf("Slack refused %s: %s", c.Method, c.Refused)
			}
		}
		for _, r := range fake.Refused() {
			t.Errorf("Slack refused the post to response_url %s: %s", r.Path, r.Refused)
		}
	})
}

func newFixtureWith(t testing.TB, o fixtureOptions) *fixture {
	t.Helper()
	fake := slacktest.New(slacktest.Options{BotToken: testBotToken, AppToken: testAppToken,
		Users: map[string]slacktest.User{
			editorID:  {Name: cmp.Or(o.editorName, "Ed")},
			memberID:  {Name: "Ana"},
			adminID:   {Name: "Ada", Admin: true},
			groupieID: {Name: "Gus"},
		},
		Group: []string{groupieID}})
	fakeSrv := httptest.NewServer(fake)
	t.Cleanup(fakeSrv.Close)
	failOnRefused(t, fake)
	if o.secret == "" {
		o.secret = testSecret
	}
	if o.now.IsZero() {
		o.now = time.Now()
	}
	cfg := config.Default()
	cfg.Bot.Database = filepath.Join(t.TempDir(), "news.db")
	cfg.Editors.Slack = []string{editorID}
	cfg.Editors.SlackUsergroup = editorsGrp
	cfg.Slack.Enabled = true
	cfg.Slack.Mode = "http"
	cfg.Slack.APIURL = fakeSrv.URL + "/api/"
	cfg.Slack.BotToken = testBotToken
	cfg.Slack.AppToken = testAppToken
	cfg.Slack.SigningSecret = o.secret
	cfg.Slack.ReviewChannel = reviewChan
	cfg.Submissions.AllowPrivateHosts = true
	if o.config != nil {
		o.config(cfg)
	}
	var (
		b  *bot.Bot
		st *store.Store
	)
	if o.offline {
		b, st = adaptertest.OfflineBot(t, cfg)
	} else {
		b, st = adaptertest.Bot(t, cfg, 2*time.Second)
	}
	f := &fixture{t: t, bot: b, store: st, slack: fake, now: o.now, secret: o.secret}
	client := slacktest.Client(fakeSrv.URL)
	if o.transport != nil {
		client.Transport = o.transport(client.Transport)
	}
	logger := o.logger
	if logger == nil {
		logger = testLogger(t)
	}
	ad, err := New(b, cfg, Options{HTTPClient: client, Now: func() time.Time { return f.now }, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Wire(t, b, st, drained{ad})
	mux := http.NewServeMux()
	ad.handle(mux) // in socket mode too: tests queue stories by slash command
	f.ad, f.handler = ad, mux
	return f
}

// drained is the adapter as adaptertest.Wire shuts it down when a test
// ends: its background work drained, as Run does before it returns.
type drained struct{ *Adapter }

func (d drained) Shutdown(ctx context.Context) error { return d.tasks.Shutdown(ctx) }

// send posts body to one of the adapter's endpoints, signed at the
// fixture's clock unless sig says otherwise ("" for a correct signature).
func (f *fixture) send(path, contentType string, body []byte, at time.Time, secret string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	ts, sig := slacktest.Signature(secret, at, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	logAnswer(f.t, "slack", path, rec)
	return rec
}

// logAnswer puts a successful answer to the platform in the wire log
// (wirelog.AppendAnswer), for cmd/apitypes to check against the official
// types as it checks what the adapter sends.
func logAnswer(t testing.TB, platform, path string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
		return
	}
	if err := wirelog.AppendAnswer(platform, path, rec.Header().Get("Content-Type"), rec.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) sendSigned(path, contentType string, body []byte) *httptest.ResponseRecorder {
	return f.send(path, contentType, body, f.now, f.secret)
}

// mention sends an @bot message from user, as Slack's Events API does
// (the real app_mention payload, text and event ID replaced), and fails
// the test unless the adapter acknowledges it.
func (f *fixture) mention(user, text, eventID string) {
	f.t.Helper()
	p := loadJSON(f.t, "event-callback-app-mention.json")
	ev := p["event"].(map[string]any)
	ev["user"], ev["text"] = user, text
	p["event_id"] = eventID
	body, err := json.Marshal(p)
	if err != nil {
		f.t.Fatal(err)
	}
	if rec := f.sendSigned("/slack/events", "application/json", body); rec.Code != http.StatusOK {
		f.t.Fatalf("mention %q: %d", text, rec.Code)
	}
}

const formType = "application/x-www-form-urlencoded"

// slashForm builds a /shared command from the real slash-command payload,
// with a response_url of its own; it returns the body and that URL's path.
func (f *fixture) slashForm(user, channel, text string) ([]byte, string) {
	f.t.Helper()
	raw, err := os.ReadFile(filepath.Join(testdata, "slash-command-hello-world.form"))
	if err != nil {
		f.t.Fatal(err)
	}
	form, err := url.ParseQuery(string(raw))
	if err != nil {
		f.t.Fatal(err)
	}
	path := fmt.Sprintf("/commands/T111/%d/answer", f.seq.Add(1))
	form.Set("command", "/shared")
	form.Set("text", text)
	form.Set("user_id", user)
	form.Set("user_name", strings.ToLower(user))
	form.Set("channel_id", channel)
	form.Set("channel_name", "general")
	form.Set("response_url", "https://hooks.slack.com"+path)
	return []byte(form.Encode()), path
}

// command runs a /shared command through POST /slack/commands and returns
// the first answer posted to its response_url.
func (f *fixture) command(user, text string) map[string]any {
	f.t.Helper()
	return f.commandIn(user, "CGENERAL", text)
}

func (f *fixture) commandIn(user, channel, text string) map[string]any {
	f.t.Helper()
	body, path := f.slashForm(user, channel, text)
	rec := f.sendSigned("/slack/commands", formType, body)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		f.t.Fatalf("/shared %s: ack %d %q, want an empty 200", text, rec.Code, rec.Body.String())
	}
	adaptertest.WaitFor(f.t, "the answer to /shared "+text, func() bool { return len(f.slack.Responses(path)) > 0 })
	return f.slack.Responses(path)[0].Body
}

// loadJSON reads a real payload from the shared test data as a map.
func loadJSON(t testing.TB, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// interactionForm encodes an interaction payload the way Slack posts it.
func interactionForm(t testing.TB, payload map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return []byte("payload=" + url.QueryEscape(string(b)))
}

// press builds a button press on a review card from the real block_actions
// payload, with its own response_url; it returns the payload and that path.
func (f *fixture) press(user, action string, storyID int64, cardRef string, sector string) (map[string]any, string) {
	f.t.Helper()
	p := loadJSON(f.t, "block-actions-button-in-message.json")
	channel, ts, _ := strings.Cut(cardRef, "/")
	path := fmt.Sprintf("/actions/T111/%d/press", f.seq.Add(1))
	blockID := reviewBlockID(storyID)
	p["user"] = map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user)}
	p["container"] = map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false}
	p["channel"] = map[string]any{"id": channel}
	p["response_url"] = "https://hooks.slack.com" + path
	p["trigger_id"] = fmt.Sprintf("trigger-%d", f.seq.Add(1))
	p["actions"] = []any{map[string]any{"action_id": action, "block_id": blockID, "value": fmt.Sprint(storyID),
		"type": "button", "action_ts": "1678252216.469172", "text": map[string]any{"type": "plain_text", "text": "x"}}}
	values := map[string]any{}
	if sector != "" {
		values[blockID] = map[string]any{actionSector: map[string]any{"type": "static_select",
			"selected_option": map[string]any{"value": sector, "text": map[string]any{"type": "plain_text", "text": sector}}}}
	}
	p["state"] = map[string]any{"values": values}
	return p, path
}

// selectSector builds the interaction of an editor choosing sector slug
// (shown as label) in the select of story storyID's review card at cardRef.
func (f *fixture) selectSector(user string, storyID int64, cardRef, slug, label string) map[string]any {
	f.t.Helper()
	press, _ := f.press(user, actionSector, storyID, cardRef, "")
	act := press["actions"].([]any)[0].(map[string]any)
	act["type"], act["value"] = "static_select", ""
	act["selected_option"] = map[string]any{"value": slug, "text": map[string]any{"type": "plain_text", "text": label}}
	return press
}

// submitView builds a form submission from the real view_submission
// payload: callback, metadata and the fields' values.
func (f *fixture) submitView(user, callback, metadata string, fields map[string]string) map[string]any {
	f.t.Helper()
	p := loadJSON(f.t, "view-submission.json")
	p["user"] = map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user)}
	view := p["view"].(map[string]any)
	view["callback_id"] = callback
	view["private_metadata"] = metadata
	values := map[string]any{}
	for field, v := range fields {
		if field == bot.FieldSector {
			values[field] = map[string]any{field: map[string]any{"type": "static_select",
				"selected_option": map[string]any{"value": v, "text": map[string]any{"type": "plain_text", "text": v}}}}
			continue
		}
		values[field] = map[string]any{field: map[string]any{"type": "plain_text_input", "value": v}}
	}
	view["state"] = map[string]any{"values": values}
	return p
}

// pageServer serves a news page with OpenGraph tags, for submissions.
func pageServer(t testing.TB, title, description, site string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta property="og:title" content="%s"><meta property="og:description" content="%s">`+
			`<meta property="og:site_name" content="%s"><title>x</title></head><body>news</body></html>`, title, description, site)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// submit queues a story as the member through /shared submit and returns
// its number and its review card's reference.
func (f *fixture) submit(pageURL, rest string) (int64, string) {
	f.t.Helper()
	text := allText(f.command(memberID, "submit "+pageURL+" "+rest))
	m := regexp.MustCompile(`Queued as #(\d+)`).FindStringSubmatch(text)
	if m == nil {
		f.t.Fatalf("submit: %s", text)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	refs, err := f.store.ReviewCards(context.Background(), id)
	if err != nil || refs[PlatformName] == "" {
		f.t.Fatalf("no review card recorded for #%d: %v %v", id, refs, err)
	}
	return id, refs[PlatformName]
}

// testLogger logs to the test's output when SLACK_TEST_LOG is set.
func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("SLACK_TEST_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// openForm presses a card's button that opens a form (Edit, Reject) and
// waits for the views.open it causes; it returns the press and that call's
// JSON, whose "view" is the form.
func (f *fixture) openForm(user, action string, storyID int64, cardRef string) (press, open map[string]any) {
	f.t.Helper()
	n := len(f.slack.Calls("views.open"))
	press, _ = f.press(user, action, storyID, cardRef, "")
	f.sendSigned("/slack/interactions", formType, interactionForm(f.t, press))
	adaptertest.WaitFor(f.t, "views.open", func() bool { return len(f.slack.Calls("views.open")) == n+1 })
	return press, f.slack.Calls("views.open")[n].JSON
}
