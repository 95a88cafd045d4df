package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tokens the fake accepts.
const (
	testBotToken = "xoxb-test-token"
	testAppToken = "xapp-test-token"
)

// fakeSlack is a small, honest stand-in for Slack: the Web API methods the
// adapter calls, answering in Slack's wire format ({"ok": …}) after checking
// the token, plus a sink for response_url posts and, when set, a Socket Mode
// WebSocket. It records everything it is sent.
type fakeSlack struct {
	t     testing.TB
	srv   *httptest.Server
	users map[string]fakeUser // users.info
	group []string            // usergroups.users.list

	mu         sync.Mutex
	calls      []apiCall
	responses  []responsePost
	nextTS     int
	limitNext  int               // answer this many chat.postMessage calls with 429 first
	onResponse func(path string) // if set, called for each response_url post instead of recording it
	socket     http.Handler      // serves /socket when set
}

// fakeUser is what users.info says about someone.
type fakeUser struct {
	Name  string
	Admin bool
}

// apiCall is one Web API call: its method and its arguments.
type apiCall struct {
	Method string
	Form   url.Values     // form-encoded calls
	JSON   map[string]any // JSON calls (views.open)
}

// responsePost is one post to a response_url.
type responsePost struct {
	Path string
	Body map[string]any
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{t: t, users: map[string]fakeUser{}, nextTS: 1}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the Web API base URL to configure.
func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

// client sends every request to the fake, whatever its host: response_urls
// in real payloads (https://hooks.slack.com/…) land here too, and nothing
// leaves the machine.
func (f *fakeSlack) client() *http.Client {
	base, _ := url.Parse(f.srv.URL)
	rt := http.DefaultTransport.(*http.Transport).Clone()
	rt.MaxIdleConnsPerHost = 64
	return &http.Client{Timeout: 10 * time.Second, Transport: toFake{base: base, rt: rt}}
}

type toFake struct {
	base *url.URL
	rt   http.RoundTripper
}

func (t toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.rt.RoundTrip(r2)
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		f.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, "/api/"))
	case r.URL.Path == "/socket" && f.socket != nil:
		f.socket.ServeHTTP(w, r)
	default:
		f.serveResponseURL(w, r)
	}
}

func (f *fakeSlack) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	hook := f.onResponse
	f.mu.Unlock()
	if hook != nil {
		// The benchmark only times the arrival: decoding every answer
		// would take CPU from the adapter it measures.
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
		hook(r.URL.Path)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad response_url post", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.responses = append(f.responses, responsePost{Path: r.URL.Path, Body: body})
	f.mu.Unlock()
	io.WriteString(w, "ok")
}

func (f *fakeSlack) serveAPI(w http.ResponseWriter, r *http.Request, method string) {
	call := apiCall{Method: method}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		// apps.connections.open is a JSON call with no body at all.
		if len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &call.JSON); err != nil {
				http.Error(w, "bad json", http.StatusBadRequest)
				return
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		call.Form = r.Form
		if tok := r.Form.Get("token"); tok != "" {
			token = tok
		}
	}
	want := testBotToken
	if method == "apps.connections.open" {
		want = testAppToken
	}
	if token != want {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	f.mu.Lock()
	if method == "chat.postMessage" && f.limitNext > 0 {
		f.limitNext--
		f.mu.Unlock()
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	f.calls = append(f.calls, call)
	ts := fmt.Sprintf("1700000000.%06d", f.nextTS)
	f.nextTS++
	f.mu.Unlock()

	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "team": "Council", "user_id": "UBOT", "bot_id": "BBOT"})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": call.Form.Get("channel"), "ts": ts,
			"message": map[string]any{"text": call.Form.Get("text"), "ts": ts}})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": call.Form.Get("channel"), "ts": call.Form.Get("ts"),
			"text": call.Form.Get("text")})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "conversations.open":
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + call.Form.Get("users")}})
	case "views.open":
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V1", "type": "modal"}})
	case "users.info":
		id := call.Form.Get("user")
		f.mu.Lock()
		u, ok := f.users[id]
		f.mu.Unlock()
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "name": strings.ToLower(u.Name),
			"is_admin": u.Admin, "profile": map[string]any{"display_name": u.Name}}})
	case "usergroups.users.list":
		f.mu.Lock()
		group := f.group
		f.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "users": group})
	case "apps.connections.open":
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/socket"})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// callsTo returns the recorded calls of one method, in order.
func (f *fakeSlack) callsTo(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// allCalls is every recorded Web API call.
func (f *fakeSlack) allCalls() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.calls...)
}

// responsesTo returns the posts to one response_url path.
func (f *fakeSlack) responsesTo(path string) []responsePost {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []responsePost
	for _, r := range f.responses {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakeSlack) responseCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.responses)
}

// waitFor polls cond until it holds or five seconds pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// blocksOf decodes a chat call's blocks argument.
func (c apiCall) blocks(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &out); err != nil {
		t.Fatalf("%s blocks: %v\n%s", c.Method, err, c.Form.Get("blocks"))
	}
	return out
}

// allText is every string in a decoded JSON value, joined by newlines: what
// a test searches for rendered words.
func allText(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
			b.WriteByte('\n')
		case []any:
			for _, x := range v {
				walk(x)
			}
		case []map[string]any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}
