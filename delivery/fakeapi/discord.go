package fakeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DiscordOptions configure a Discord fake. Zero values take Discord's
// limits: 50 requests a second for the whole bot, and 5 messages per 5
// seconds per channel.
type DiscordOptions struct {
	GlobalPerSecond int           // default 50
	RouteLimit      int           // messages per RoutePeriod per channel (default 5)
	RoutePeriod     time.Duration // default 5s
	NonceWindow     time.Duration // how long an enforced nonce is remembered (default 5m)
	Faults          Faults
	// Gone channels answer 404 Unknown Channel; Forbidden ones 403 Missing Access.
	Gone, Forbidden []string
}

// Discord is a fake Discord REST API: creating a message (with the
// per-route bucket and the global limit, X-RateLimit headers and 429 with
// Retry-After, and enforce_nonce deduplication) and listing a channel's
// recent messages. Point discord.api_url at URL+"/api/v10/".
type Discord struct {
	opts   DiscordOptions
	dice   *dice
	status map[string]int // channel → refusal status

	mu       sync.Mutex
	global   window
	routes   map[string]*window
	messages map[string][]discordMessage
	nonces   map[string]discordMessage // channel+nonce → message
	seq      int64
	stats    Stats
}

type discordMessage struct {
	ID, ChannelID, Nonce string
	Embeds               json.RawMessage
	Content              string
	at                   time.Time
}

// DiscordDefaults is opts with its zero values filled in.
func DiscordDefaults(opts DiscordOptions) DiscordOptions {
	if opts.GlobalPerSecond <= 0 {
		opts.GlobalPerSecond = 50
	}
	if opts.RouteLimit <= 0 {
		opts.RouteLimit = 5
	}
	if opts.RoutePeriod <= 0 {
		opts.RoutePeriod = 5 * time.Second
	}
	if opts.NonceWindow <= 0 {
		opts.NonceWindow = 5 * time.Minute
	}
	return opts
}

// NewDiscord makes a Discord fake.
func NewDiscord(opts DiscordOptions) *Discord {
	opts = DiscordDefaults(opts)
	d := &Discord{opts: opts, dice: newDice(opts.Faults), status: map[string]int{},
		routes: map[string]*window{}, messages: map[string][]discordMessage{}, nonces: map[string]discordMessage{}}
	for _, c := range opts.Gone {
		d.status[c] = http.StatusNotFound
	}
	for _, c := range opts.Forbidden {
		d.status[c] = http.StatusForbidden
	}
	return d
}

// ServeHTTP implements http.Handler.
func (d *Discord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, rest, ok := strings.Cut(r.URL.Path, "/channels/")
	channel, sub, _ := strings.Cut(rest, "/")
	if !ok || sub != "messages" {
		d.refuse(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	if code, bad := d.status[channel]; bad {
		if code == http.StatusNotFound {
			d.refuse(w, code, 10003, "Unknown Channel")
		} else {
			d.refuse(w, code, 50001, "Missing Access")
		}
		return
	}
	switch r.Method {
	case http.MethodPost:
		d.create(w, r, channel)
	case http.MethodGet:
		d.list(w, r, channel)
	default:
		d.refuse(w, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
	}
}

func (d *Discord) refuse(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"message": msg, "code": code})
}

func (d *Discord) create(w http.ResponseWriter, r *http.Request, channel string) {
	var body struct {
		Content      string          `json:"content"`
		Embeds       json.RawMessage `json:"embeds"`
		Nonce        string          `json:"nonce"`
		EnforceNonce bool            `json:"enforce_nonce"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		d.refuse(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	now := time.Now()
	d.mu.Lock()
	if _, reset, ok := d.global.take(now, d.opts.GlobalPerSecond, time.Second); !ok {
		d.stats.RateLimited++
		d.mu.Unlock()
		d.limited(w, reset, true)
		return
	}
	route := d.routes[channel]
	if route == nil {
		route = &window{}
		d.routes[channel] = route
	}
	remaining, reset, ok := route.take(now, d.opts.RouteLimit, d.opts.RoutePeriod)
	if !ok {
		d.stats.RateLimited++
		d.mu.Unlock()
		d.limited(w, reset, false)
		return
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(d.opts.RouteLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset-After", seconds(reset))
	h.Set("X-RateLimit-Bucket", "messages-"+channel)
	nonceKey := channel + "\x00" + body.Nonce
	if m, ok := d.nonces[nonceKey]; ok && body.EnforceNonce && body.Nonce != "" && now.Sub(m.at) < d.opts.NonceWindow {
		d.mu.Unlock()
		writeJSON(w, m.wire())
		return
	}
	f := d.dice.roll()
	if f != noFault {
		d.stats.Faults++
	}
	switch f {
	case serverError:
		d.mu.Unlock()
		d.refuse(w, http.StatusInternalServerError, 0, "500: Internal Server Error")
		return
	case dropBefore:
		d.mu.Unlock()
		drop(w)
		return
	}
	d.seq++
	m := discordMessage{ID: strconv.FormatInt(900000000000000000+d.seq, 10), ChannelID: channel, Nonce: body.Nonce,
		Embeds: body.Embeds, Content: body.Content, at: now}
	d.messages[channel] = append(d.messages[channel], m)
	if body.EnforceNonce && body.Nonce != "" {
		d.nonces[nonceKey] = m
	}
	d.stats.posted(now)
	d.mu.Unlock()
	if f == dropAfter {
		drop(w)
		return
	}
	writeJSON(w, m.wire())
}

// limited answers 429 the way Discord does, for the global limit or the route's bucket.
func (d *Discord) limited(w http.ResponseWriter, after time.Duration, global bool) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Retry-After", strconv.Itoa(int(after/time.Second)+1))
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

// list answers GET /channels/{id}/messages: the newest messages first.
func (d *Discord) list(w http.ResponseWriter, r *http.Request, channel string) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 50
	}
	d.mu.Lock()
	var out []map[string]any
	msgs := d.messages[channel]
	for i := len(msgs) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, msgs[i].wire())
	}
	d.mu.Unlock()
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, out)
}

func (m discordMessage) wire() map[string]any {
	out := map[string]any{"id": m.ID, "channel_id": m.ChannelID, "content": m.Content, "type": 0,
		"author": map[string]any{"id": "100000000000000001", "username": "Shared News", "bot": true}}
	if m.Embeds != nil {
		out["embeds"] = m.Embeds
	} else {
		out["embeds"] = []any{}
	}
	if m.Nonce != "" {
		out["nonce"] = m.Nonce
	}
	return out
}

// Nonces lists, per channel, the nonces of the messages it received, in order.
func (d *Discord) Nonces() map[string][]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string][]string{}
	for ch, msgs := range d.messages {
		for _, m := range msgs {
			out[ch] = append(out[ch], m.Nonce)
		}
	}
	return out
}

// Stats reports what the fake answered so far.
func (d *Discord) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
