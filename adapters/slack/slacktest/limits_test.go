package slacktest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestFakeRefusesWhatSlackRefuses: a message, modal or response over one
// of Slack's documented limits is refused as Slack refuses it, and nothing
// is posted, so that an adapter test sees the failure a member would; the
// same payload within the limits is taken. So is a call with an argument
// its method does not take.
func TestFakeRefusesWhatSlackRefuses(t *testing.T) {
	f := New(Options{})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	x := func(n int) string { return strings.Repeat("x", n) }
	section := func(text string) map[string]any {
		return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": text}}
	}
	sectionsOf := func(n int) []any {
		var out []any
		for range n {
			out = append(out, section("a story"))
		}
		return out
	}
	sel := func(value string) []any {
		return []any{map[string]any{"type": "actions", "elements": []any{map[string]any{"type": "static_select", "action_id": "s",
			"options": []any{map[string]any{"text": map[string]any{"type": "plain_text", "text": "Health"}, "value": value}}}}}}
	}
	modal := func(title string, maxLength int, initial string) map[string]any {
		return map[string]any{"type": "modal", "title": map[string]any{"type": "plain_text", "text": title},
			"blocks": []any{map[string]any{"type": "input", "label": map[string]any{"type": "plain_text", "text": "Headline"},
				"element": map[string]any{"type": "plain_text_input", "action_id": "h", "max_length": maxLength, "initial_value": initial}}}}
	}
	// call calls method with a message of blocks and more arguments.
	call := func(method string, blocks []any, more url.Values) string {
		b, _ := json.Marshal(blocks)
		form := url.Values{"channel": {"C1"}, "text": {"news"}, "blocks": {string(b)}}
		for k, v := range more {
			form[k] = v
		}
		resp, err := http.PostForm(srv.URL+"/api/"+method, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var answer struct {
			OK     bool     `json:"ok"`
			Error  string   `json:"error"`
			Errors []string `json:"errors"`
		}
		json.NewDecoder(resp.Body).Decode(&answer)
		return answer.Error + " " + strings.Join(answer.Errors, "; ")
	}
	chat := func(blocks []any) string { return call("chat.postMessage", blocks, nil) }
	ts, unfurl := url.Values{"ts": {"1.2"}}, url.Values{"ts": {"1.2"}, "unfurl_links": {"false"}}
	view := func(v map[string]any) string {
		b, _ := json.Marshal(map[string]any{"trigger_id": "1", "view": v})
		resp, err := http.Post(srv.URL+"/api/views.open", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var answer struct {
			Error  string   `json:"error"`
			Errors []string `json:"errors"`
		}
		json.NewDecoder(resp.Body).Decode(&answer)
		return answer.Error + " " + strings.Join(answer.Errors, "; ")
	}
	respond := func(blocks []any) string {
		b, _ := json.Marshal(map[string]any{"text": "news", "blocks": blocks})
		resp, err := http.Post(srv.URL+"/actions/T1/1/abc", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.Status + " " + string(body)
	}
	for _, c := range []struct {
		name     string
		ok, bad  func() string
		want     string
		okAnswer string
	}{
		{"section text", func() string { return chat([]any{section(x(3000))}) }, func() string { return chat([]any{section(x(3001))}) },
			"invalid_blocks block 1 (section): text of 3001 characters, over 3000", " "},
		{"blocks", func() string { return chat(sectionsOf(50)) }, func() string { return chat(sectionsOf(51)) }, "51 blocks, over 50", " "},
		// A message to no channel: one whose answer named none was taken
		// up as the channel of an edition's later messages, and the fake
		// posted them there.
		{"channel", func() string { return chat(sectionsOf(1)) },
			func() string { return call("chat.postMessage", sectionsOf(1), url.Values{"channel": {""}}) }, "channel_not_found", " "},
		{"option value", func() string { return chat(sel(x(150))) }, func() string { return chat(sel(x(151))) }, "option value of 151 characters", " "},
		{"modal title", func() string { return view(modal(x(24), 10, "")) }, func() string { return view(modal(x(25), 10, "")) },
			"invalid_arguments modal title: text of 25 characters", " "},
		{"initial value", func() string { return view(modal("Edit", 10, x(10))) }, func() string { return view(modal("Edit", 10, x(11))) },
			"initial_value of 11 characters, over its max_length 10", " "},
		// An argument the method does not take, as Slack's types list them.
		{"argument", func() string { return call("chat.update", sectionsOf(1), ts) },
			func() string { return call("chat.update", sectionsOf(1), unfurl) },
			`invalid_arguments chat.update takes no argument "unfurl_links"`, " "},
		{"response_url", func() string { return respond(sectionsOf(50)) }, func() string { return respond(sectionsOf(51)) },
			"400 Bad Request invalid_blocks: 51 blocks", "200 OK ok"},
	} {
		if got := c.ok(); got != c.okAnswer {
			t.Errorf("%s: within the limits, answered %q", c.name, got)
		}
		if got := c.bad(); !strings.Contains(got, c.want) {
			t.Errorf("%s: over the limit, answered %q, want %q", c.name, got, c.want)
		}
	}
	if n := len(f.Responses("/actions/T1/1/abc")); n != 1 {
		t.Errorf("%d responses recorded, want the one within the limits", n)
	}
	var refused []string
	for _, r := range f.Refused() {
		refused = append(refused, r.Path+" "+r.Refused)
	}
	if want := "/actions/T1/1/abc invalid_blocks: 51 blocks, over 50"; len(refused) != 1 || refused[0] != want {
		t.Errorf("refused responses %q, want only %q", refused, want)
	}
}
