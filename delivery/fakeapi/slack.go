package fakeapi

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SlackOptions configure a Slack fake. Zero values take Slack's published
// chat.postMessage limit: about one message a second per channel, with a
// small burst.
type SlackOptions struct {
	PerChannelRate float64 // messages a second per channel (default 1)
	Burst          int     // messages a channel may take at once (default 3)
	Faults         Faults
	// Gone channels answer channel_not_found; Outside ones not_in_channel.
	Gone, Outside []string
}

// Slack is a fake Slack Web API: chat.postMessage (rate-limited per
// channel, with message metadata), conversations.history,
// conversations.replies and auth.test, in Slack's wire format. Mount it
// at any address and point slack.api_url at URL+"/api/".
type Slack struct {
	opts  SlackOptions
	dice  *dice
	limit map[string]string // channel → error it answers

	mu       sync.Mutex
	buckets  map[string]*bucket
	messages map[string][]slackMessage // channel → messages, oldest first
	seq      int64
	stats    Stats
}

// Stats count what a fake answered.
type Stats struct {
	Posts, RateLimited, Faults int
	// First and Last are when the first and the last message was posted.
	First, Last time.Time
}

// posted counts one posted message at now.
func (s *Stats) posted(now time.Time) {
	s.Posts++
	if s.First.IsZero() {
		s.First = now
	}
	s.Last = now
}

type slackMessage struct {
	TS, ThreadTS string
	Metadata     json.RawMessage
	key          string
	part         int
}

// SlackDefaults is opts with its zero values filled in.
func SlackDefaults(opts SlackOptions) SlackOptions {
	if opts.PerChannelRate <= 0 {
		opts.PerChannelRate = 1
	}
	if opts.Burst <= 0 {
		opts.Burst = 3
	}
	return opts
}

// NewSlack makes a Slack fake.
func NewSlack(opts SlackOptions) *Slack {
	opts = SlackDefaults(opts)
	s := &Slack{opts: opts, dice: newDice(opts.Faults), limit: map[string]string{},
		buckets: map[string]*bucket{}, messages: map[string][]slackMessage{}}
	for _, c := range opts.Gone {
		s.limit[c] = "channel_not_found"
	}
	for _, c := range opts.Outside {
		s.limit[c] = "not_in_channel"
	}
	return s
}

// ServeHTTP implements http.Handler.
func (s *Slack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch strings.TrimPrefix(r.URL.Path, "/api/") {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "user_id": "UBOT", "team": "Fake"})
	case "chat.postMessage":
		s.post(w, r)
	case "conversations.history":
		s.history(w, r)
	case "conversations.replies":
		s.replies(w, r)
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (s *Slack) post(w http.ResponseWriter, r *http.Request) {
	channel := r.Form.Get("channel")
	if e, ok := s.limit[channel]; ok {
		writeJSON(w, map[string]any{"ok": false, "error": e})
		return
	}
	s.mu.Lock()
	b := s.buckets[channel]
	if b == nil {
		b = &bucket{}
		s.buckets[channel] = b
	}
	wait, ok := b.take(time.Now(), s.opts.PerChannelRate, s.opts.Burst)
	if !ok {
		s.stats.RateLimited++
		s.mu.Unlock()
		// Slack's Retry-After is whole seconds.
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		w.WriteHeader(http.StatusTooManyRequests)
		writeJSON(w, map[string]any{"ok": false, "error": "ratelimited"})
		return
	}
	f := s.dice.roll()
	if f != noFault {
		s.stats.Faults++
	}
	switch f {
	case serverError:
		s.mu.Unlock()
		http.Error(w, "<html>upstream trouble</html>", http.StatusInternalServerError)
		return
	case dropBefore:
		s.mu.Unlock()
		drop(w)
		return
	}
	s.seq++
	ts := fmt.Sprintf("1700000000.%06d", s.seq)
	m := slackMessage{TS: ts, ThreadTS: r.Form.Get("thread_ts"), part: -1}
	if md := r.Form.Get("metadata"); md != "" {
		m.Metadata = json.RawMessage(md)
		var v struct {
			EventPayload struct {
				Key  string `json:"key"`
				Part int    `json:"part"`
			} `json:"event_payload"`
		}
		if json.Unmarshal(m.Metadata, &v) == nil {
			m.key, m.part = v.EventPayload.Key, v.EventPayload.Part
		}
	}
	s.messages[channel] = append(s.messages[channel], m)
	s.stats.posted(time.Now())
	s.mu.Unlock()
	if f == dropAfter {
		drop(w)
		return
	}
	writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts})
}

// history answers conversations.history: top-level messages, newest first,
// with their metadata when include_all_metadata is set.
func (s *Slack) history(w http.ResponseWriter, r *http.Request) {
	channel := r.Form.Get("channel")
	if e, ok := s.limit[channel]; ok {
		writeJSON(w, map[string]any{"ok": false, "error": e})
		return
	}
	withMeta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
	s.mu.Lock()
	var out []map[string]any
	msgs := s.messages[channel]
	for i := len(msgs) - 1; i >= 0 && len(out) < 200; i-- {
		if m := msgs[i]; m.ThreadTS == "" || m.ThreadTS == m.TS {
			out = append(out, m.wire(withMeta))
		}
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "messages": out, "has_more": false})
}

// replies answers conversations.replies: the parent and its thread, oldest first.
func (s *Slack) replies(w http.ResponseWriter, r *http.Request) {
	channel, ts := r.Form.Get("channel"), r.Form.Get("ts")
	withMeta := r.Form.Get("include_all_metadata") == "1" || r.Form.Get("include_all_metadata") == "true"
	s.mu.Lock()
	var out []map[string]any
	for _, m := range s.messages[channel] {
		if m.TS == ts || m.ThreadTS == ts {
			out = append(out, m.wire(withMeta))
		}
	}
	s.mu.Unlock()
	if len(out) == 0 {
		writeJSON(w, map[string]any{"ok": false, "error": "thread_not_found"})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "messages": out, "has_more": false})
}

func (m slackMessage) wire(withMeta bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "user": "UBOT"}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if withMeta && m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	return out
}

// Parts lists, per channel, the delivery parts it received in order.
func (s *Slack) Parts() map[string][]Part {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]Part{}
	for ch, msgs := range s.messages {
		for _, m := range msgs {
			out[ch] = append(out[ch], Part{Key: m.key, Part: m.part})
		}
	}
	return out
}

// Stats reports what the fake answered so far.
func (s *Slack) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	json.NewEncoder(w).Encode(v)
}
