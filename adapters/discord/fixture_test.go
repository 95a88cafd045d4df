package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/adapters/discord/discordtest"
	"github.com/sharednews/sharednews/adapters/internal/adaptertest"
	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/internal/wirelog"
	"github.com/sharednews/sharednews/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// payloadDir holds real Discord payloads (see shared/testdata/SOURCES.md).
const payloadDir = "../../../shared/testdata/discord"

// IDs of the test application, server and people.
const (
	appID         = "845027738276462632"
	reviewChannel = "700000000000000001"
	newsChannel   = "645027906669510667"
	editorID      = "100000000000000001" // in [editors].discord
	roleEditorID  = "100000000000000002" // holds the editor role
	memberID      = "53908232506183680"  // Mason, from the payloads: no editor
	editorRole    = "200000000000000001"
	botToken      = "test-bot-token-not-real"
)

// call is one request the fake Discord REST API received.
type call = discordtest.Call

// jsonOf decodes a call's body.
func jsonOf(t testing.TB, c call) map[string]any {
	t.Helper()
	m, err := c.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fakeAPI is the fake Discord REST API a fixture talks to.
type fakeAPI struct {
	*discordtest.Fake
	url string
}

func newFakeDiscord(t testing.TB, opts discordtest.Options) *fakeAPI {
	fake := discordtest.New(opts)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	// A request the fake refused for its body is one Discord would refuse
	// or ignore: the adapter's error may only be logged (a card left as it
	// was), so every test fails on it.
	t.Cleanup(func() {
		for _, c := range fake.Calls() {
			if c.Refused != "" {
				t.Errorf("Discord refused %s %s: %s", c.Method, c.Path, c.Refused)
			}
		}
	})
	return &fakeAPI{Fake: fake, url: srv.URL}
}

// apiURL is the base to configure as discord.api_url.
func (f *fakeAPI) apiURL() string { return f.url + "/api/v10/" }

// all returns the calls so far.
func (f *fakeAPI) all() []call { return f.Calls() }

// since returns the calls after the first n.
func (f *fakeAPI) since(n int) []call { return f.all()[n:] }

// count is how many calls were made so far.
func (f *fakeAPI) count() int { return len(f.all()) }

// find returns the calls with this method whose path starts with prefix.
func find(calls []call, method, prefix string) []call {
	var out []call
	for _, c := range calls {
		if c.Method == method && strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// fixture is a real bot on a real SQLite file with the Discord adapter
// pointed at the fake API.
type fixture struct {
	t       testing.TB
	bot     *bot.Bot
	store   *store.Store
	adapter *Adapter
	api     *fakeAPI
	priv    ed25519.PrivateKey
	cfg     *config.Config
	seq     int // numbers interaction IDs and tokens
}

func newFixture(t testing.TB, tweak func(*config.Config, *Options)) *fixture {
	t.Helper()
	return newFixtureWithAPI(t, discordtest.Options{}, tweak)
}

// newFixtureWithAPI is newFixture with a fake Discord configured by api.
func newFixtureWithAPI(t testing.TB, apiOpts discordtest.Options, tweak func(*config.Config, *Options)) *fixture {
	t.Helper()
	return buildFixture(t, apiOpts, tweak, false)
}

// newOfflineFixture is newFixture whose bot has no page fetcher
// (adaptertest.OfflineBot), for fuzzing: a fuzzed submission names any
// host, and a test reaches nothing beyond loopback.
func newOfflineFixture(t testing.TB, tweak func(*config.Config, *Options)) *fixture {
	t.Helper()
	return buildFixture(t, discordtest.Options{}, tweak, true)
}

func buildFixture(t testing.TB, apiOpts discordtest.Options, tweak func(*config.Config, *Options), offline bool) *fixture {
	t.Helper()
	api := newFakeDiscord(t, apiOpts)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Bot.Database = filepath.Join(t.TempDir(), "bot.db")
	cfg.Editors.Discord = []string{editorID}
	cfg.Editors.DiscordRole = editorRole
	cfg.Submissions.AllowPrivateHosts = true
	cfg.Discord.Enabled = true
	cfg.Discord.BotToken = botToken
	cfg.Discord.ApplicationID = appID
	cfg.Discord.PublicKey = hex.EncodeToString(pub)
	cfg.Discord.APIURL = api.apiURL()
	cfg.Discord.ReviewChannel = reviewChannel
	opts := Options{DeferAfter: 2 * time.Second}
	if tweak != nil {
		tweak(cfg, &opts)
	}
	var (
		b  *bot.Bot
		st *store.Store
	)
	if offline {
		b, st = adaptertest.OfflineBot(t, cfg)
	} else {
		b, st = adaptertest.Bot(t, cfg, 5*time.Second)
	}
	a, err := New(b, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Wire(t, b, st, drained{a})
	return &fixture{t: t, bot: b, store: st, adapter: a, api: api, priv: priv, cfg: cfg}
}

// drained is the adapter as adaptertest.Wire shuts it down when a test
// ends: its interactions drained, as Run does before it returns.
type drained struct{ *Adapter }

func (d drained) Shutdown(ctx context.Context) error { return d.tasks.Shutdown(ctx) }

// payload loads a real Discord payload and applies edits to it.
func payload(t testing.TB, name string, edit func(m map[string]any)) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(payloadDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return reshaped(t, raw, edit)
}

// reshaped is body, an interaction or event's JSON, with edit applied to
// it (none when nil): what a test sends that the fixture's bodies do not
// (another name, the app's permissions, a field Discord leaves out).
func reshaped(t testing.TB, body []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(m)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// who sets the member who triggers an interaction.
func who(m map[string]any, userID string, roles []string, permissions string) {
	member := m["member"].(map[string]any)
	user := member["user"].(map[string]any)
	user["id"] = userID
	user["username"] = map[string]string{editorID: "ed", roleEditorID: "rosa"}[userID]
	if user["username"] == "" {
		user["username"] = "Mason"
	}
	// The name shown is the payload's global_name when it has one.
	if _, ok := user["global_name"]; ok {
		user["global_name"] = user["username"]
	}
	member["roles"] = roles
	member["permissions"] = permissions
}

// Callers, as (user ID, roles, permissions).
type person struct {
	id          string
	roles       []string
	permissions string
}

var (
	editor     = person{editorID, []string{}, "0"}
	roleEditor = person{roleEditorID, []string{"539082325061836999", editorRole}, "0"}
	member     = person{memberID, []string{"539082325061836999"}, "0"}
	manager    = person{"100000000000000009", []string{}, strconv.Itoa(discordgo.PermissionManageChannels)}
)

// slash builds a /shared interaction from the docs' example payload, with
// the subcommand and options nested as Discord nests them.
func (f *fixture) slash(p person, sub string, options ...map[string]any) []byte {
	f.seq++
	seq := f.seq
	return payload(f.t, "application-command-slash-with-option.json", func(m map[string]any) {
		who(m, p.id, p.roles, p.permissions)
		m["id"] = fmt.Sprintf("7860087297152%05d", seq)
		m["token"] = fmt.Sprintf("TOKEN_%d", seq)
		// The bot as invited (the docs' example is another app's, which
		// may not post in the channel).
		m["app_permissions"] = strconv.FormatInt(InvitePermissions, 10)
		opts := []map[string]any{}
		opts = append(opts, options...)
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "771825006014889984",
			"options": []map[string]any{{"type": 1, "name": sub, "options": opts}}}
	})
}

func str(name, value string) map[string]any {
	return map[string]any{"type": 3, "name": name, "value": value}
}

func num(name string, value int) map[string]any {
	return map[string]any{"type": 4, "name": name, "value": value}
}

// button builds a press of a review card button (or a select choice) from
// the docs' component payload, on the card message cardID.
func (f *fixture) button(p person, customID, cardID string, values ...string) []byte {
	f.seq++
	seq := f.seq
	return payload(f.t, "message-component-button.json", func(m map[string]any) {
		who(m, p.id, p.roles, p.permissions)
		m["id"] = fmt.Sprintf("8464626391346%05d", seq)
		m["token"] = fmt.Sprintf("BTOKEN_%d", seq)
		m["application_id"] = appID
		m["channel_id"] = reviewChannel
		msg := m["message"].(map[string]any)
		msg["id"] = cardID
		msg["channel_id"] = reviewChannel
		data := map[string]any{"custom_id": customID, "component_type": 2}
		if len(values) > 0 {
			data["component_type"] = 3
			data["values"] = values
		}
		m["data"] = data
	})
}

// modal builds an edit form submission from the docs' modal payload, with
// components in the legacy (action rows) or Label shape, submitted from
// the card message cardID.
func (f *fixture) modal(p person, customID, cardID string, components ...any) []byte {
	f.seq++
	seq := f.seq
	return payload(f.t, "modal-submit.json", func(m map[string]any) {
		who(m, p.id, p.roles, p.permissions)
		m["id"] = fmt.Sprintf("8475873884978%05d", seq)
		m["token"] = fmt.Sprintf("MTOKEN_%d", seq)
		m["application_id"] = appID
		m["channel_id"] = reviewChannel
		m["message"] = map[string]any{"id": cardID, "channel_id": reviewChannel, "type": 0, "content": "", "embeds": []any{}}
		m["data"] = map[string]any{"custom_id": customID, "components": components}
	})
}

// legacyInput is a text input in an action row, the older modal shape.
func legacyInput(id, value string) any {
	return map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": id, "value": value}}}
}

// labelInput is a text input in a Label (type 18), the newer shape.
func labelInput(id, value string) any {
	return map[string]any{"type": 18, "id": 1, "component": map[string]any{"type": 4, "id": 2, "custom_id": id, "value": value}}
}

// labelSelect is a string select in a Label.
func labelSelect(id string, values ...string) any {
	return map[string]any{"type": 18, "id": 3, "component": map[string]any{"type": 3, "id": 4, "custom_id": id, "values": values}}
}

// sign signs body as Discord does, with the fixture's key and now.
func (f *fixture) sign(body []byte) (sig, ts string) {
	ts = strconv.FormatInt(time.Now().Unix(), 10)
	return hex.EncodeToString(ed25519.Sign(f.priv, append([]byte(ts), body...))), ts
}

// post sends a raw request to the interactions endpoint.
func (f *fixture) post(body []byte, sig, ts string) *httptest.ResponseRecorder {
	// Discord gives up on an answer after three seconds; a request left
	// unanswered fails the test (an empty response) rather than hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	if sig != "" {
		req.Header.Set("X-Signature-Ed25519", sig)
	}
	if ts != "" {
		req.Header.Set("X-Signature-Timestamp", ts)
	}
	rec := httptest.NewRecorder()
	f.adapter.ServeHTTP(rec, req)
	// A successful answer goes in the wire log, for cmd/apitypes to check
	// against the official types as it checks what the adapter sends.
	if rec.Code == http.StatusOK && rec.Body.Len() > 0 {
		if err := wirelog.AppendAnswer("discord", req.URL.Path, rec.Header().Get("Content-Type"), rec.Body.Bytes()); err != nil {
			f.t.Fatal(err)
		}
	}
	return rec
}

// response is an interaction response as Discord reads it.
type response struct {
	Type int `json:"type"`
	Data struct {
		Content         string                    `json:"content"`
		Flags           int                       `json:"flags"`
		Embeds          []*discordgo.MessageEmbed `json:"embeds"`
		Components      []map[string]any          `json:"components"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		CustomID string           `json:"custom_id"`
		Title    string           `json:"title"`
		Choices  []map[string]any `json:"choices"`
	} `json:"data"`
	raw string
}

// text is everything a member reads in a response, for assertions.
func (r response) text() string {
	var sb strings.Builder
	sb.WriteString(r.Data.Content)
	for _, e := range r.Data.Embeds {
		if e.Author != nil {
			sb.WriteString("\n" + e.Author.Name)
		}
		sb.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, fl := range e.Fields {
			sb.WriteString("\n" + fl.Name + ": " + fl.Value)
		}
		if e.Footer != nil {
			sb.WriteString("\n" + e.Footer.Text)
		}
	}
	return sb.String()
}

// interact signs and posts an interaction and decodes the response.
func (f *fixture) interact(body []byte) response {
	f.t.Helper()
	sig, ts := f.sign(body)
	rec := f.post(body, sig, ts)
	if rec.Code != http.StatusOK {
		f.t.Fatalf("interaction: HTTP %d %s", rec.Code, rec.Body.String())
	}
	// Discord would refuse a response over its limits, and the member
	// would see "The application did not respond".
	for _, p := range discordtest.ResponseProblems(rec.Body.Bytes()) {
		f.t.Errorf("the response breaks Discord's limits: %s", p)
	}
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		f.t.Fatalf("response %s: %v", rec.Body.String(), err)
	}
	r.raw = rec.Body.String()
	return r
}

// interactAtOnce signs and posts bodies at the same moment, each from a
// goroutine of its own, as presses of two editors racing, and returns the
// text of each one's answer, in order ("" for an answer that is no
// response).
func (f *fixture) interactAtOnce(bodies ...[]byte) []string {
	answers := make([]string, len(bodies))
	var wg sync.WaitGroup
	for j, body := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig, ts := f.sign(body)
			var resp response
			_ = json.Unmarshal(f.post(body, sig, ts).Body.Bytes(), &resp)
			answers[j] = resp.text()
		}()
	}
	wg.Wait()
	return answers
}

// say runs a slash command and returns the response.
func (f *fixture) say(p person, sub string, options ...map[string]any) response {
	f.t.Helper()
	return f.interact(f.slash(p, sub, options...))
}

// pageServer serves article pages whose title and description come from
// the path's last segment (see pages below), optionally slowly.
func pageServer(t testing.TB, delay time.Duration, pages map[string][2]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		p, ok := pages[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			p = [2]string{"Two NHS trusts agree to share a chief executive", "The hospital trusts expect savings."}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>ignored</title>
<meta property="og:title" content="%s">
<meta property="og:description" content="%s">
<meta property="og:site_name" content="Health Service Journal"></head><body></body></html>`,
			html.EscapeString(p[0]), html.EscapeString(p[1]))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// deferredAnswer fails the test unless r acknowledges a command deferred
// for the caller alone, and returns the edit of the original response
// that answers it once the bot is done.
func (f *fixture) deferredAnswer(t *testing.T, r response) call {
	t.Helper()
	if r.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || r.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Fatalf("first response: %s", r.raw)
	}
	var edit call
	adaptertest.WaitFor(t, "the deferred answer", func() bool {
		edits := find(f.api.all(), "PATCH", "webhooks/"+appID+"/TOKEN_")
		if len(edits) > 0 {
			edit = edits[0]
		}
		return len(edits) > 0
	})
	return edit
}
