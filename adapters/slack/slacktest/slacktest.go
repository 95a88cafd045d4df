// Package slacktest is a small, honest stand-in for Slack: the Web API
// methods the adapter calls, answering in Slack's wire format ({"ok": …})
// after checking the token; chat.postMessage rate-limited per channel the
// way Slack limits it, with message metadata kept for
// conversations.history and conversations.replies; a sink for
// response_url posts; and, when given one, a Socket Mode WebSocket. It can
// inject server errors and dropped connections, and it records every call.
// Like Slack, it refuses a message, modal or response over Slack's
// documented Block Kit limits (limits.go), and, unlike Slack, which ignores
// them, a chat or views call with an argument its method does not take; a
// refused call is recorded with what the fake answered (Call.Refused), and
// a refused response_url post apart from those taken (Refused).
// Signature signs a request to the app as Slack does. The adapter's unit
// tests, its benchmark and cmd/deliverybench all use it.
package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sharednews/sharednews/adapters/internal/fakenet"
	"github.com/sharednews/sharednews/internal/wirelog"
)

// Faults are the faults a fake injects; Stats what it answered.
type (
	Faults = fakenet.Faults
	Stats  = fakenet.Stats
)

// Options configure a Fake. The zero value accepts any token and limits
// nothing.
type Options struct {
	// BotToken and AppToken are the tokens the fake accepts ("" for any);
	// AppToken is the one apps.connections.open takes.
	BotToken, AppToken string
	// AuthError, when set, is the error auth.test answers (a refused token).
	AuthError string
	// PerChannelRate limits chat.postMessage to this many messages a second
	// in each channel after a burst of Burst (0: no limit). Slack's own is
	// about 1 a second.
	PerChannelRate float64
	Burst          int
	Faults         Faults
	// Gone channels answer channel_not_found; Outside ones not_in_channel
	// (Refuse changes either while the fake runs).
	Gone, Outside []string
	// Refuse are other channels whose chat.postMessage answers the given
	// error (e.g. restricted_action_read_only_channel).
	Refuse map[string]string
	// NoHistory is an app installed without channels:history:
	// conversations.history and conversations.replies answer missing_scope,
	// naming the scope needed, as Slack does.
	NoHistory bool
	// Users are what users.info knows; Group is the user group's members.
	Users map[string]User
	Group []string
}

// User is what users.info says about someone.
type User struct {
	Name  string
	Admin bool
}

// Call is one Web API call: its method and its arguments.
type Call struct {
	Method string
	Form   url.Values     // form-encoded calls
	JSON   map[string]any // JSON calls (views.open)
	// Refused is the error and the problems the fake answered a call it
	// refused for what it sent (over a limit, an argument its method does
	// not take); "" for one it took.
	Refused string
}

// Blocks decodes a chat call's blocks argument.
func (c Call) Blocks() ([]map[string]any, error) {
	var out []map[string]any
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &out); err != nil {
		return nil, fmt.Errorf("%s blocks: %w", c.Method, err)
	}
	return out, nil
}

// Response is one post to a response_url.
type Response struct {
	Path string
	Body map[string]any
	// Refused is what the fake answered a post it refused over a limit
	// (the member sees nothing); "" for one it took.
	Refused string
}

// Part is one received message that names a delivery and a part of it
// in its metadata.
type Part struct {
	Key  string
	Part int
}

// Fake is the stand-in. Serve it with httptest.NewServer (or any server)
// and point slack.api_url at its URL + "/api/"; anything else it receives
// is a response_url post (or, at /socket, the Socket Mode connection).
type Fake struct {
	opts   Options
	inject *fakenet.Injector

	mu        sync.Mutex
	limit     map[string]string // channel → the error it answers
	throttled map[string]string // "method channel" → the Retry-After of the 429 every such call answers ("": none)
	users     map[string]User
	group     []string
	calls     []Call
	responses []Response
	refused   []Response           // response_url posts refused over a limit
	messages  map[string][]message // channel → messages, oldest first
	buckets   map[string]fakenet.Bucket
	seq       int
	limitNext int
	// limitResponses posts to a response_url answer 429 with
	// Retry-After: responseWait before one is taken.
	limitResponses int
	responseWait   time.Duration
	onResponse     func(path string)
	socket         http.Handler
	url            string
}

type message struct {
	ts, threadTS string
	metadata     json.RawMessage
	key          string
	part         int
}

// New makes a fake.
func New(opts Options) *Fake {
	f := &Fake{opts: opts, inject: fakenet.NewInjector(opts.Faults), limit: map[string]string{}, throttled: map[string]string{},
		users: map[string]User{}, group: opts.Group, messages: map[string][]message{}, buckets: map[string]fakenet.Bucket{}}
	for id, u := range opts.Users {
		f.users[id] = u
	}
	for _, c := range opts.Gone {
		f.limit[c] = "channel_not_found"
	}
	for _, c := range opts.Outside {
		f.limit[c] = "not_in_channel"
	}
	for c, e := range opts.Refuse {
		f.limit[c] = e
	}
	return f
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := wirelog.Append("slack", r); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	f.mu.Lock()
	if f.url == "" {
		f.url = "http://" + r.Host
	}
	socket := f.socket
	f.mu.Unlock()
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		f.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, "/api/"))
	case r.URL.Path == "/socket" && socket != nil:
		socket.ServeHTTP(w, r)
	default:
		f.serveResponseURL(w, r)
	}
}

// Client is an HTTP client that sends every request to base (the fake's
// URL), whatever its host: response_urls in real payloads
// (https://hooks.slack.com/…) land on the fake too, and nothing leaves the
// machine.
func Client(base string) *http.Client {
	u, _ := url.Parse(base)
	rt := http.DefaultTransport.(*http.Transport).Clone()
	rt.MaxIdleConnsPerHost = 64
	return &http.Client{Timeout: 10 * time.Second, Transport: redirect{base: u, rt: rt}}
}

type redirect struct {
	base *url.URL
	rt   http.RoundTripper
}

func (t redirect) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.rt.RoundTrip(r2)
}

func (f *Fake) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	hook := f.onResponse
	f.mu.Unlock()
	if hook != nil {
		// A benchmark times only the arrival: decoding every answer would
		// take CPU from the adapter it measures.
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
	text, _ := body["text"].(string)
	blocks, _ := body["blocks"].([]any)
	if probs := MessageProblems(text, blocks); len(probs) > 0 {
		// Slack answers so, and the member sees nothing.
		answer := "invalid_blocks: " + strings.Join(probs, "; ")
		f.mu.Lock()
		f.refused = append(f.refused, Response{Path: r.URL.Path, Body: body, Refused: answer})
		f.mu.Unlock()
		http.Error(w, answer, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	if f.limitResponses > 0 {
		f.limitResponses--
		f.inject.Limited()
		f.mu.Unlock()
		tooManyRequests(w, f.responseWait)
		return
	}
	f.responses = append(f.responses, Response{Path: r.URL.Path, Body: body})
	f.mu.Unlock()
	io.WriteString(w, "ok")
}

func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request, method string) {
	call := Call{Method: method}
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
	want := f.opts.BotToken
	if method == "apps.connections.open" {
		want = f.opts.AppToken
	}
	if want != "" && token != want {
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	args := argProblems(call)
	if probs := append(args, callProblems(call)...); len(probs) > 0 {
		// Slack refuses the whole call and posts nothing.
		e := "invalid_blocks"
		if strings.HasPrefix(call.Method, "views.") || len(args) > 0 {
			e = "invalid_arguments"
		}
		call.Refused = e + ": " + strings.Join(probs, "; ")
		f.mu.Lock()
		f.calls = append(f.calls, call)
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": e, "errors": probs,
			"response_metadata": map[string]any{"messages": probs}})
		return
	}
	if channelMethods[method] && call.Form.Get("channel") == "" {
		// Slack's answer to a call that names no channel; nothing is
		// posted.
		call.Refused = "channel_not_found: no channel given"
		f.mu.Lock()
		f.calls = append(f.calls, call)
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	if method == "chat.postMessage" {
		f.post(w, call)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, call)
	f.seq++
	ts := f.ts()
	f.mu.Unlock()
	form := call.Form
	switch method {
	case "auth.test":
		if f.opts.AuthError != "" {
			fakenet.WriteJSON(w, map[string]any{"ok": false, "error": f.opts.AuthError})
			return
		}
		fakenet.WriteJSON(w, map[string]any{"ok": true, "team": "Council", "user_id": "UBOT", "bot_id": "BBOT"})
	case "chat.update":
		fakenet.WriteJSON(w, map[string]any{"ok": true, "channel": form.Get("channel"), "ts": form.Get("ts"), "text": form.Get("text")})
	case "chat.postEphemeral":
		fakenet.WriteJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "chat.delete":
		f.delete(w, form)
	case "conversations.open":
		fakenet.WriteJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + form.Get("users")}})
	case "conversations.history", "conversations.replies":
		if f.opts.NoHistory {
			fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "missing_scope", "needed": "channels:history",
				"provided": "app_mentions:read,chat:write,commands,im:write,users:read,usergroups:read"})
			return
		}
		f.mu.Lock()
		limited := f.answerThrottled(w, method, form.Get("channel"))
		f.mu.Unlock()
		if limited {
			return
		}
		if method == "conversations.history" {
			f.history(w, form)
			return
		}
		f.replies(w, form)
	case "views.open":
		fakenet.WriteJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V1", "type": "modal"}})
	case "users.info":
		id := form.Get("user")
		f.mu.Lock()
		u, ok := f.users[id]
		f.mu.Unlock()
		if !ok {
			fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
			return
		}
		fakenet.WriteJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "name": strings.ToLower(u.Name),
			"is_admin": u.Admin, "profile": map[string]any{"display_name": u.Name}}})
	case "usergroups.users.list":
		f.mu.Lock()
		group := f.group
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": true, "users": group})
	case "apps.connections.open":
		f.mu.Lock()
		base := f.url
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(base, "http") + "/socket"})
	default:
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

// ts is the timestamp of the latest call; f.mu is held.
func (f *Fake) ts() string { return fmt.Sprintf("1700000000.%06d", f.seq) }

// channelMethods are the Web API methods that act in the channel they
// name: Slack answers channel_not_found to a call that names none.
var channelMethods = map[string]bool{"chat.postMessage": true, "chat.update": true, "chat.postEphemeral": true, "chat.delete": true,
	"conversations.history": true, "conversations.replies": true}

// post answers chat.postMessage: refused in a gone channel, rate-limited,
// failed as the faults say, or posted and recorded with its metadata.
func (f *Fake) post(w http.ResponseWriter, call Call) {
	channel := call.Form.Get("channel")
	now := time.Now()
	f.mu.Lock()
	if e, ok := f.limit[channel]; ok {
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": e})
		return
	}
	if f.limitNext > 0 {
		f.limitNext--
		f.inject.Limited()
		f.mu.Unlock()
		tooManyRequests(w, time.Second)
		return
	}
	if f.answerThrottled(w, "chat.postMessage", channel) {
		f.mu.Unlock()
		return
	}
	if f.opts.PerChannelRate > 0 {
		b := f.buckets[channel]
		wait, ok := b.Take(now, f.opts.PerChannelRate, f.opts.Burst)
		f.buckets[channel] = b
		if !ok {
			f.inject.Limited()
			f.mu.Unlock()
			tooManyRequests(w, wait)
			fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
			return
		}
	}
	fault := f.inject.Draw()
	var answer map[string]any
	if fault.Posts() {
		ts := f.keep(channel, call)
		f.inject.Posted(now)
		answer = map[string]any{"ok": true, "channel": channel, "ts": ts,
			"message": map[string]any{"text": call.Form.Get("text"), "ts": ts}}
	}
	f.mu.Unlock()
	fakenet.Answer(w, fault, answer, serverError)
}

// keep records a posted message with its metadata and returns its
// timestamp; f.mu is held.
func (f *Fake) keep(channel string, call Call) string {
	f.calls = append(f.calls, call)
	f.seq++
	ts := f.ts()
	m := message{ts: ts, threadTS: call.Form.Get("thread_ts"), part: -1}
	if md := call.Form.Get("metadata"); md != "" {
		m.metadata = json.RawMessage(md)
		var v struct {
			EventPayload struct {
				Key  string `json:"key"`
				Part int    `json:"part"`
			} `json:"event_payload"`
		}
		if json.Unmarshal(m.metadata, &v) == nil {
			m.key, m.part = v.EventPayload.Key, v.EventPayload.Part
		}
	}
	f.messages[channel] = append(f.messages[channel], m)
	return ts
}

// delete answers chat.delete: the message goes from the channel, or
// message_not_found. (Slack leaves a thread's replies, under a "This
// message was deleted." in the first message's place; the fake takes back
// only messages without replies.)
func (f *Fake) delete(w http.ResponseWriter, form url.Values) {
	channel, ts := form.Get("channel"), form.Get("ts")
	f.mu.Lock()
	msgs := f.messages[channel]
	kept := slices.DeleteFunc(slices.Clone(msgs), func(m message) bool { return m.ts == ts })
	f.messages[channel] = kept
	f.mu.Unlock()
	if len(kept) == len(msgs) {
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "message_not_found"})
		return
	}
	fakenet.WriteJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts})
}

// serverError is the answer of a Web API server in trouble: not JSON.
func serverError(w http.ResponseWriter) {
	http.Error(w, "<html>upstream trouble</html>", http.StatusInternalServerError)
}

// history answers conversations.history: top-level messages, newest first,
// with their metadata when include_all_metadata is set, a page of limit
// (Slack's default 100, at most 999) at a time, the next page named by
// response_metadata.next_cursor.
func (f *Fake) history(w http.ResponseWriter, form url.Values) {
	channel := form.Get("channel")
	limit, err := strconv.Atoi(form.Get("limit"))
	if err != nil || limit <= 0 || limit > 999 {
		limit = 100
	}
	from := 0 // the cursor is the offset of the page's first message
	if c := form.Get("cursor"); c != "" {
		if from, err = strconv.Atoi(strings.TrimPrefix(c, "offset:")); err != nil || from < 0 {
			fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "invalid_cursor"})
			return
		}
	}
	withMeta := includeMetadata(form)
	f.mu.Lock()
	if e, ok := f.limit[channel]; ok {
		f.mu.Unlock()
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": e})
		return
	}
	var out []map[string]any
	msgs, skipped, more := f.messages[channel], 0, false
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.threadTS != "" && m.threadTS != m.ts {
			continue
		}
		if skipped < from {
			skipped++
			continue
		}
		if len(out) == limit {
			more = true
			break
		}
		out = append(out, m.wire(withMeta))
	}
	f.mu.Unlock()
	answer := map[string]any{"ok": true, "messages": out, "has_more": more}
	if more {
		answer["response_metadata"] = map[string]any{"next_cursor": "offset:" + strconv.Itoa(from+limit)}
	}
	fakenet.WriteJSON(w, answer)
}

// replies answers conversations.replies: the parent and its thread, oldest first.
func (f *Fake) replies(w http.ResponseWriter, form url.Values) {
	channel, ts := form.Get("channel"), form.Get("ts")
	withMeta := includeMetadata(form)
	f.mu.Lock()
	var out []map[string]any
	for _, m := range f.messages[channel] {
		if m.ts == ts || m.threadTS == ts {
			out = append(out, m.wire(withMeta))
		}
	}
	f.mu.Unlock()
	if len(out) == 0 {
		fakenet.WriteJSON(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	fakenet.WriteJSON(w, map[string]any{"ok": true, "messages": out, "has_more": false})
}

func includeMetadata(form url.Values) bool {
	v := form.Get("include_all_metadata")
	return v == "1" || v == "true"
}

func (m message) wire(withMeta bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.ts, "user": "UBOT"}
	if m.threadTS != "" {
		out["thread_ts"] = m.threadTS
	}
	if withMeta && m.metadata != nil {
		out["metadata"] = m.metadata
	}
	return out
}

// Calls returns the recorded calls of one method ("" for all), in order.
func (f *Fake) Calls(method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return matching(f.calls, func(c Call) bool { return method == "" || c.Method == method })
}

// Responses returns the posts to one response_url path ("" for all).
func (f *Fake) Responses(path string) []Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	return matching(f.responses, func(r Response) bool { return path == "" || r.Path == path })
}

// Refused returns the posts to a response_url the fake refused over a
// limit, which Responses leaves out, each with what it answered.
func (f *Fake) Refused() []Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.refused)
}

// matching returns, in a new slice, the items keep keeps, in order.
func matching[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// Parts lists, per channel, the delivery parts it received, in order
// (-1 for a message that names none).
func (f *Fake) Parts() map[string][]Part {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fakenet.PerChannel(f.messages, func(m message) Part { return Part{Key: m.key, Part: m.part} })
}

// Stats reports what the fake answered so far.
func (f *Fake) Stats() Stats { return f.inject.Stats() }

// LimitNext makes the next n chat.postMessage calls answer 429 with
// Retry-After: 1.
func (f *Fake) LimitNext(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limitNext = n
}

// LimitResponses makes the next n posts to a response_url answer 429
// with Retry-After: wait (in whole seconds, rounded up), taking nothing.
func (f *Fake) LimitResponses(n int, wait time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limitResponses, f.responseWait = n, wait
}

// OnResponse makes every response_url post call hook with its path instead
// of being recorded.
func (f *Fake) OnResponse(hook func(path string)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onResponse = hook
}

// ServeSocket serves h at /socket, the URL apps.connections.open gives.
func (f *Fake) ServeSocket(h http.Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.socket = h
}

// Refuse makes chat.postMessage and conversations.history answer
// slackError in channel from now on, as Slack answers an app that may not
// post there: "not_in_channel" in a public channel it was never added to
// or was removed from, "channel_not_found" in a private one it was not
// invited to, "is_archived", "restricted_action".
func (f *Fake) Refuse(channel, slackError string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limit[channel] = slackError
}

// Admit undoes Refuse: channel takes the app's posts again, as it does
// once the app is invited back or given the permission it lacked.
func (f *Fake) Admit(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.limit, channel)
}

// Throttle makes every chat.postMessage in channel answer 429 with
// Retry-After: 1 from now on, as a Slack that never lets the app through.
func (f *Fake) Throttle(channel string) { f.ThrottleFor("chat.postMessage", channel, time.Second) }

// ThrottleFor makes every call of method (chat.postMessage,
// conversations.history, conversations.replies) in channel answer 429
// with Retry-After: retryAfter, in whole seconds as Slack gives it, until
// Unthrottle. A negative retryAfter sends no Retry-After at all, as a
// proxy's 429 may not.
func (f *Fake) ThrottleFor(method, channel string, retryAfter time.Duration) {
	f.ThrottleSaying(method, channel, retryAfterHeader(retryAfter))
}

// ThrottleSaying is ThrottleFor with the Retry-After header written as
// given ("" for none): Slack writes whole seconds, but a proxy in front
// of it may write a fraction ("1.5") or an HTTP date.
func (f *Fake) ThrottleSaying(method, channel, retryAfter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttled[method+" "+channel] = retryAfter
}

// Unthrottle undoes Throttle and ThrottleFor: method's calls in channel
// are answered again, as once Slack's window has passed.
func (f *Fake) Unthrottle(method, channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.throttled, method+" "+channel)
}

// answerThrottled answers 429 when method is throttled in channel, and
// says whether it did; f.mu is held.
func (f *Fake) answerThrottled(w http.ResponseWriter, method, channel string) bool {
	retryAfter, ok := f.throttled[method+" "+channel]
	if !ok {
		return false
	}
	f.inject.Limited()
	limitedSaying(w, retryAfter)
	return true
}

// tooManyRequests answers 429 with Retry-After: wait, in whole seconds
// as Slack gives it, or with none when wait is negative (a proxy's).
func tooManyRequests(w http.ResponseWriter, wait time.Duration) {
	limitedSaying(w, retryAfterHeader(wait))
}

// retryAfterHeader is wait as Slack writes it in Retry-After, whole
// seconds rounded up; "" (none) when wait is negative.
func retryAfterHeader(wait time.Duration) string {
	if wait < 0 {
		return ""
	}
	return strconv.Itoa(int(math.Ceil(wait.Seconds())))
}

// limitedSaying answers 429 with the Retry-After header retryAfter, or
// none when it is "".
func limitedSaying(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(http.StatusTooManyRequests)
}

// SetUser sets what users.info says about id.
func (f *Fake) SetUser(id string, u User) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[id] = u
}

// SetGroup sets the user group's members.
func (f *Fake) SetGroup(ids []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.group = ids
}
