// Package discordtest is a small, honest stand-in for Discord's REST API:
// the endpoints the adapter calls, answered with Discord's shapes.
// Creating a message honours the global limit and each channel's bucket
// the way Discord counts them (X-RateLimit headers, 429 with Retry-After)
// and enforce_nonce deduplication; a channel's recent messages can be
// listed. It can inject server errors and dropped connections, refuse
// channels that are gone or forbidden, and it records every call. Like
// Discord, it refuses (400, code 50035) a message, an interaction's
// response or a command over Discord's documented limits (limits.go), and
// one holding a key or a null Discord's API types do not have (keys.go). The
// adapter's unit tests and cmd/deliverybench both use it.
package discordtest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
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

// Options configure a Fake. The zero value limits nothing.
type Options struct {
	// GlobalPerSecond limits the requests of the whole bot a second (0:
	// no limit; Discord's is 50).
	GlobalPerSecond int
	// RouteLimit limits messages per RoutePeriod in each channel (0: no
	// limit; Discord's is 5 per 5 seconds).
	RouteLimit  int
	RoutePeriod time.Duration
	// NonceWindow is how long an enforced nonce is remembered (default 5m).
	NonceWindow time.Duration
	Faults      Faults
	// Gone channels answer 404 Unknown Channel; Forbidden ones 403 Missing Access.
	Gone, Forbidden []string
	// Muted channels are ones the bot sees but may not post in (no Send
	// Messages): creating a message answers 403 with Discord's code
	// 50013, Missing Permissions.
	Muted []string
	// ClosedDMs are users who do not accept direct messages from the bot:
	// their DM channel opens, but a message to it answers 403 with
	// Discord's code 50007, Cannot send messages to this user.
	ClosedDMs []string
	// NoHistory are channels where the bot lacks Read Message History:
	// listing their messages returns none, and a reply (a message with a
	// message_reference) is refused with 403 and code 160002, as Discord
	// does.
	NoHistory []string
	// Members are the servers' members the bot may look up (Get Guild
	// Member), with their roles: server ID → user ID → role IDs. Anyone
	// else is an Unknown Member (404, code 10007).
	Members map[string]map[string][]string
	// Guilds are the servers Get Guild returns, by ID; Channels the
	// channels Get Channel returns. Others are Unknown Guild (404, code
	// 10004) and Unknown Channel (404, code 10003).
	Guilds   map[string]Guild
	Channels map[string]Channel
}

// Guild is a server as Get Guild returns it: its owner and its roles'
// permissions (role ID → permission bits; the role whose ID is the
// server's is @everyone).
type Guild struct {
	OwnerID string
	Roles   map[string]int64
}

// Channel is a server channel as Get Channel returns it: its type
// (discordgo.ChannelType's numbers: 0 text, 11 public thread…), the
// channel a thread is in, and its permission overwrites.
type Channel struct {
	GuildID, ParentID string
	Type              int
	Overwrites        []Overwrite
}

// Overwrite is a channel's permission overwrite for a role (or, with
// Member, a member).
type Overwrite struct {
	ID          string
	Member      bool
	Allow, Deny int64
}

// Call is one request the fake received.
type Call struct {
	Method string
	Path   string // without the /api/v10/ prefix, e.g. "channels/1/messages"
	Body   []byte
	Auth   string // the Authorization header
	// Refused is what the fake answered a request it refused for its body
	// (over a limit, outside Discord's types); "" for one it took.
	Refused string
}

// JSON decodes the request body as an object.
func (c Call) JSON() (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(c.Body, &m); err != nil {
		return nil, fmt.Errorf("%s %s body %q: %w", c.Method, c.Path, c.Body, err)
	}
	return m, nil
}

// FirstMessageID is the ID the fake gives what the first call it records
// creates; the call recorded at index i (see Calls) creates
// FirstMessageID + i.
const FirstMessageID = 900000000000000001

// Fake is the stand-in. Serve it with httptest.NewServer (or any server)
// and point discord.api_url at its URL + "/api/v10/".
type Fake struct {
	opts   Options
	inject *fakenet.Injector
	closed map[string]bool // DM channels whose user takes no messages
	blind  map[string]bool // channels whose history the bot may not read

	mu        sync.Mutex
	status    map[string]int  // channel → refusal status
	muted     map[string]bool // channels the bot may not post in (50013)
	throttled map[string]bool // channels whose every new message answers 429
	calls     []Call
	global    fakenet.Window
	routes    map[string]fakenet.Window
	messages  map[string][]message
	nonces    map[string]message       // channel+nonce → message
	limitOnce map[string]time.Duration // path → answer 429 the first time, with this Retry-After
	proxyOnce map[string]string        // path → answer a proxy's 429 the first time, with this Retry-After
	deleted   map[string]bool          // paths of messages deleted, which Discord then does not know
	gateway   string
}

type message struct {
	id, channelID, nonce string
	embeds               json.RawMessage
	content              string
	at                   time.Time
	// others are the fields of a message another app posted
	// (PostFromAnotherApp), over the bot's own message shape.
	others map[string]any
}

// New makes a fake.
func New(opts Options) *Fake {
	if opts.NonceWindow <= 0 {
		opts.NonceWindow = 5 * time.Minute
	}
	f := &Fake{opts: opts, inject: fakenet.NewInjector(opts.Faults), status: map[string]int{},
		closed: map[string]bool{}, muted: map[string]bool{}, throttled: map[string]bool{}, blind: map[string]bool{}, routes: map[string]fakenet.Window{}, messages: map[string][]message{}, nonces: map[string]message{},
		limitOnce: map[string]time.Duration{}, proxyOnce: map[string]string{}}
	for _, c := range opts.Gone {
		f.status[c] = http.StatusNotFound
	}
	for _, c := range opts.Forbidden {
		f.status[c] = http.StatusForbidden
	}
	for _, c := range opts.Muted {
		f.muted[c] = true
	}
	for _, u := range opts.ClosedDMs {
		f.closed[dmChannel(u)] = true
	}
	for _, c := range opts.NoHistory {
		f.blind[c] = true
	}
	return f
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := wirelog.Append("discord", r); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body, _ := io.ReadAll(r.Body)
	path, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v10/")
	if !ok {
		f.refuse(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	call := Call{Method: r.Method, Path: path, Body: body, Auth: r.Header.Get("Authorization")}
	parts := strings.Split(path, "/")
	if slices.Contains(parts, "") {
		// A call that names no channel, message or interaction (an ID
		// read from an answer that had none): Discord has no such route.
		call.Refused = "a path with an empty part: " + path
		f.record(call)
		f.refuse(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	if probs := RequestProblems(r.Method, path, body); len(probs) > 0 {
		// Discord refuses the whole request and posts nothing.
		call.Refused = strings.Join(probs, "; ")
		f.record(call)
		f.invalid(w, probs)
		return
	}
	f.mu.Lock()
	proxyRetryAfter, proxied := f.proxyOnce[path]
	delete(f.proxyOnce, path)
	f.mu.Unlock()
	if proxied {
		f.inject.Limited()
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		if proxyRetryAfter != "" {
			w.Header().Set("Retry-After", proxyRetryAfter)
		}
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title></head>"+
			"<body><h1>Error 1015</h1><p>You are being rate limited</p></body></html>")
		return
	}
	if parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages" {
		channel := parts[1]
		f.mu.Lock()
		code, bad := f.status[channel]
		muted := f.muted[channel]
		f.mu.Unlock()
		if bad {
			if code == http.StatusNotFound {
				f.refuse(w, code, 10003, "Unknown Channel")
			} else {
				f.refuse(w, code, 50001, "Missing Access")
			}
			return
		}
		switch r.Method {
		case http.MethodPost:
			if f.closed[channel] {
				f.record(call)
				f.refuse(w, http.StatusForbidden, 50007, "Cannot send messages to this user")
				return
			}
			if muted {
				f.record(call)
				f.refuse(w, http.StatusForbidden, 50013, "Missing Permissions")
				return
			}
			if f.blind[channel] && strings.Contains(string(body), `"message_reference"`) {
				f.record(call)
				f.refuse(w, http.StatusForbidden, 160002, "Cannot reply without permission to read message history")
				return
			}
			f.create(w, call, channel)
			return
		case http.MethodGet:
			f.record(call)
			f.list(w, r, channel)
			return
		}
	}
	f.mu.Lock()
	if after, ok := f.limitOnce[path]; ok {
		delete(f.limitOnce, path)
		f.mu.Unlock()
		f.limited(w, after, false, true)
		return
	}
	f.mu.Unlock()
	id := f.record(call)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && parts[0] == "guilds" && len(parts) == 4 && parts[2] == "members":
		roles, ok := f.opts.Members[parts[1]][parts[3]]
		if !ok {
			f.refuse(w, http.StatusNotFound, 10007, "Unknown Member")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"user": map[string]any{"id": parts[3], "username": "member" + parts[3]},
			"roles": append([]string{}, roles...), "joined_at": "2017-03-13T19:19:14.040000+00:00", "deaf": false, "mute": false})
	case r.Method == http.MethodGet && parts[0] == "guilds" && len(parts) == 2:
		answerKnown(f, w, f.opts.Guilds, parts[1], guildObject, 10004, "Unknown Guild")
	case r.Method == http.MethodGet && parts[0] == "channels" && len(parts) == 2:
		answerKnown(f, w, f.opts.Channels, parts[1], channelObject, 10003, "Unknown Channel")
	case r.Method == http.MethodGet && path == "gateway":
		f.mu.Lock()
		gateway := f.gateway
		f.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]string{"url": gateway})
	case r.Method == http.MethodPut && parts[0] == "applications":
		w.Write(body) // a bulk overwrite echoes the commands
	case r.Method == http.MethodPost && parts[0] == "interactions":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodDelete:
		f.mu.Lock()
		gone := f.deleted[path]
		if f.deleted == nil {
			f.deleted = map[string]bool{}
		}
		f.deleted[path] = true
		if parts[0] == "channels" && len(parts) == 4 && parts[2] == "messages" {
			// A deleted message is no longer listed.
			f.messages[parts[1]] = slices.DeleteFunc(slices.Clone(f.messages[parts[1]]), func(m message) bool { return m.id == parts[3] })
		}
		f.mu.Unlock()
		if gone {
			f.refuse(w, http.StatusNotFound, 10008, "Unknown Message")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && path == "users/@me/channels":
		var req struct {
			RecipientID string `json:"recipient_id"`
		}
		json.Unmarshal(body, &req)
		json.NewEncoder(w).Encode(map[string]any{"id": dmChannel(req.RecipientID), "type": 1})
	case r.Method == http.MethodPatch && parts[0] == "channels" && len(parts) == 4: // a message edit
		json.NewEncoder(w).Encode(map[string]any{"id": parts[3], "channel_id": parts[1]})
	case parts[0] == "webhooks": // follow-ups and edits of @original
		json.NewEncoder(w).Encode(map[string]any{"id": id})
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message": "Unknown endpoint", "code": 0}`)
	}
}

// record records a call and returns the ID of what it creates.
func (f *Fake) record(c Call) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	return strconv.Itoa(FirstMessageID - 1 + len(f.calls))
}

func (f *Fake) refuse(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"message": msg, "code": code})
}

// invalid answers as Discord does a request over its limits: 400, code
// 50035, with what was wrong (Discord names the fields in "errors").
func (f *Fake) invalid(w http.ResponseWriter, probs []string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": probs})
}

// create answers Create Message: rate-limited, deduplicated by an
// enforced nonce, failed as the faults say, or created.
func (f *Fake) create(w http.ResponseWriter, call Call, channel string) {
	var body struct {
		Content      string          `json:"content"`
		Embeds       json.RawMessage `json:"embeds"`
		Nonce        string          `json:"nonce"`
		EnforceNonce bool            `json:"enforce_nonce"`
	}
	if err := json.Unmarshal(call.Body, &body); err != nil {
		f.refuse(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	now := time.Now()
	f.mu.Lock()
	if after, ok := f.limitOnce[call.Path]; ok {
		delete(f.limitOnce, call.Path)
		f.inject.Limited()
		f.mu.Unlock()
		f.limited(w, after, false, true)
		return
	}
	if f.throttled[channel] {
		f.inject.Limited()
		f.mu.Unlock()
		f.limited(w, time.Second, false, true)
		return
	}
	if f.opts.GlobalPerSecond > 0 {
		if _, reset, ok := f.global.Take(now, f.opts.GlobalPerSecond, time.Second); !ok {
			f.inject.Limited()
			f.mu.Unlock()
			f.limited(w, reset, true, false)
			return
		}
	}
	if f.opts.RouteLimit > 0 {
		route := f.routes[channel]
		remaining, reset, ok := route.Take(now, f.opts.RouteLimit, f.opts.RoutePeriod)
		f.routes[channel] = route
		if !ok {
			f.inject.Limited()
			f.mu.Unlock()
			f.limited(w, reset, false, false)
			return
		}
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(f.opts.RouteLimit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("X-RateLimit-Reset-After", seconds(reset))
		h.Set("X-RateLimit-Bucket", "messages-"+channel)
	}
	nonceKey := channel + "\x00" + body.Nonce
	if m, ok := f.nonces[nonceKey]; ok && body.EnforceNonce && body.Nonce != "" && now.Sub(m.at) < f.opts.NonceWindow {
		f.mu.Unlock()
		fakenet.WriteJSON(w, m.wire())
		return
	}
	fault := f.inject.Draw()
	var m message
	if fault.Posts() {
		f.calls = append(f.calls, call)
		m = message{id: strconv.Itoa(FirstMessageID - 1 + len(f.calls)), channelID: channel, nonce: body.Nonce,
			embeds: body.Embeds, content: body.Content, at: now}
		f.messages[channel] = append(f.messages[channel], m)
		if body.EnforceNonce && body.Nonce != "" {
			f.nonces[nonceKey] = m
		}
		f.inject.Posted(now)
	}
	f.mu.Unlock()
	fakenet.Answer(w, fault, m.wire(), func(w http.ResponseWriter) {
		f.refuse(w, http.StatusInternalServerError, 0, "500: Internal Server Error")
	})
}

// limited answers 429 the way Discord does, for the global limit or a
// route's bucket.
// Retry-After is whole seconds, rounded up, as Discord sends it, unless
// exact (LimitOnce, so that tests need not wait a second).
func (f *Fake) limited(w http.ResponseWriter, after time.Duration, global, exact bool) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	retry := strconv.Itoa(int(after/time.Second) + 1)
	if exact {
		retry = seconds(after)
	}
	h.Set("Retry-After", retry)
	h.Set("X-RateLimit-Reset-After", seconds(after))
	scope := "user"
	if global {
		// The route's own bucket is not exhausted: no X-RateLimit-Remaining.
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	} else {
		h.Set("X-RateLimit-Remaining", "0")
	}
	h.Set("X-RateLimit-Scope", scope)
	w.WriteHeader(http.StatusTooManyRequests)
	json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": after.Seconds(), "global": global})
}

// list answers GET /channels/{id}/messages: the newest messages first
// (before a message ID, when the query names one), at most limit.
func (f *Fake) list(w http.ResponseWriter, r *http.Request, channel string) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 50
	}
	var before uint64
	if b := r.URL.Query().Get("before"); b != "" {
		if before, err = strconv.ParseUint(b, 10, 64); err != nil {
			f.refuse(w, http.StatusBadRequest, 50035, "Invalid Form Body")
			return
		}
	}
	f.mu.Lock()
	out := []map[string]any{}
	msgs := f.messages[channel]
	if f.blind[channel] {
		msgs = nil
	}
	for i := len(msgs) - 1; i >= 0 && len(out) < limit; i-- {
		if id, _ := strconv.ParseUint(msgs[i].id, 10, 64); before != 0 && id >= before {
			continue
		}
		out = append(out, msgs[i].wire())
	}
	f.mu.Unlock()
	fakenet.WriteJSON(w, out)
}

func (m message) wire() map[string]any {
	out := map[string]any{"id": m.id, "channel_id": m.channelID, "content": m.content, "type": 0,
		"timestamp": m.at.Format(time.RFC3339Nano),
		"author":    map[string]any{"id": "100000000000000001", "username": "Shared News", "bot": true}}
	if m.embeds != nil {
		out["embeds"] = m.embeds
	} else {
		out["embeds"] = []any{}
	}
	if m.nonce != "" {
		out["nonce"] = m.nonce
	}
	maps.Copy(out, m.others)
	return out
}

// PostFromAnotherApp puts in channel a message another app posted, with
// fields (its author, flags, components…) over the shape the fake lists
// messages in: a channel the bot reads back holds other apps' messages
// of every shape Discord has, not only the bot's own. It is recorded as
// that app's call, so that message IDs keep growing with time as
// Discord's do.
func (f *Fake) PostFromAnotherApp(channel string, fields map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, Call{Method: http.MethodPost, Path: "channels/" + channel + "/messages", Auth: "Bot another-app"})
	m := message{id: strconv.Itoa(FirstMessageID - 1 + len(f.calls)), channelID: channel, at: time.Now(),
		others: maps.Clone(fields)}
	f.messages[channel] = append(f.messages[channel], m)
}

// Calls returns every call recorded so far, in order.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// Nonces lists, per channel, the nonces of the messages it received, in order.
func (f *Fake) Nonces() map[string][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fakenet.PerChannel(f.messages, func(m message) string { return m.nonce })
}

// Stats reports what the fake answered so far.
func (f *Fake) Stats() Stats { return f.inject.Stats() }

// LimitOnce makes the next request to path (e.g. "channels/1/messages")
// answer 429 with Retry-After: 0.05.
func (f *Fake) LimitOnce(path string) { f.LimitOnceFor(path, 50*time.Millisecond) }

// LimitOnceFor makes the next request to path answer 429 with Retry-After
// (and X-RateLimit-Reset-After) after.
func (f *Fake) LimitOnceFor(path string, after time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limitOnce[path] = after
}

// LimitOnceAsProxy makes the next request to path answer 429 as the
// proxy in front of Discord (Cloudflare) does when it limits the bot's
// address: an HTML page, not Discord's JSON, no X-RateLimit headers, and
// Retry-After as written ("" for none).
func (f *Fake) LimitOnceAsProxy(path, retryAfter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.proxyOnce[path] = retryAfter
}

// Permit lets the bot post in channel again, as a channel that refused it
// (Gone, Forbidden, Muted) does once the bot is given its permissions
// back.
func (f *Fake) Permit(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.status, channel)
	delete(f.muted, channel)
}

// Mute takes Send Messages from the bot in channel from now on, as
// Options.Muted does from the start.
func (f *Fake) Mute(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.muted[channel] = true
}

// Throttle makes every new message in channel answer 429 with Retry-After
// 1 from now on, as a Discord that never lets the bot through.
func (f *Fake) Throttle(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.throttled[channel] = true
}

// SetGateway sets the URL GET /gateway returns.
func (f *Fake) SetGateway(url string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gateway = url
}

// dmChannel is the ID of the fake's direct message channel with a user.
func dmChannel(userID string) string { return "dm" + userID }

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// answerKnown answers a Get of the object the fake knows as id, or
// Discord's 404 with code and message when it knows none.
func answerKnown[T any](f *Fake, w http.ResponseWriter, known map[string]T, id string, object func(string, T) map[string]any, code int, message string) {
	v, ok := known[id]
	if !ok {
		f.refuse(w, http.StatusNotFound, code, message)
		return
	}
	json.NewEncoder(w).Encode(object(id, v))
}

// guildObject is a guild as Get Guild answers it (developers/resources/
// guild): permissions as strings, as API v8 and later send them.
func guildObject(id string, g Guild) map[string]any {
	roles := []any{}
	for _, rid := range slices.Sorted(maps.Keys(g.Roles)) {
		name := "role" + rid
		if rid == id {
			name = "@everyone"
		}
		roles = append(roles, map[string]any{"id": rid, "name": name, "color": 0, "hoist": false, "icon": nil,
			"unicode_emoji": nil, "position": len(roles), "permissions": strconv.FormatInt(g.Roles[rid], 10),
			"managed": false, "mentionable": false, "flags": 0})
	}
	return map[string]any{"id": id, "name": "Council " + id, "icon": nil, "splash": nil, "discovery_splash": nil,
		"owner_id": g.OwnerID, "afk_channel_id": nil, "afk_timeout": 300, "verification_level": 1,
		"default_message_notifications": 1, "explicit_content_filter": 2, "roles": roles, "emojis": []any{},
		"features": []any{}, "mfa_level": 0, "application_id": nil, "system_channel_id": nil,
		"system_channel_flags": 0, "rules_channel_id": nil, "vanity_url_code": nil, "description": nil,
		"banner": nil, "premium_tier": 0, "preferred_locale": "en-GB", "public_updates_channel_id": nil,
		"nsfw_level": 0, "premium_progress_bar_enabled": false, "safety_alerts_channel_id": nil}
}

// channelObject is a channel as Get Channel answers it (developers/
// resources/channel).
func channelObject(id string, c Channel) map[string]any {
	overwrites := []any{}
	for _, o := range c.Overwrites {
		kind := 0
		if o.Member {
			kind = 1
		}
		overwrites = append(overwrites, map[string]any{"id": o.ID, "type": kind,
			"allow": strconv.FormatInt(o.Allow, 10), "deny": strconv.FormatInt(o.Deny, 10)})
	}
	m := map[string]any{"id": id, "type": c.Type, "guild_id": c.GuildID, "name": "channel-" + id,
		"position": 0, "permission_overwrites": overwrites, "nsfw": false, "last_message_id": nil,
		"rate_limit_per_user": 0, "parent_id": nil, "topic": nil, "flags": 0}
	if c.ParentID != "" {
		m["parent_id"] = c.ParentID
	}
	if c.Type >= 10 && c.Type <= 12 {
		delete(m, "permission_overwrites") // threads have none of their own
		m["thread_metadata"] = map[string]any{"archived": false, "auto_archive_duration": 1440,
			"archive_timestamp": "2026-11-30T04:00:00.000000+00:00", "locked": false}
	}
	return m
}
