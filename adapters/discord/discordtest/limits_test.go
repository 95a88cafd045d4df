package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFakeRefusesWhatDiscordRefuses: a request over one of Discord's
// documented limits, or outside its types, is refused as Discord refuses
// it (400, code 50035) and posts nothing, so that an adapter test sees the
// failure a member would; the same request within them is taken.
func TestFakeRefusesWhatDiscordRefuses(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	t.Cleanup(srv.Close)
	x := func(n int) string { return strings.Repeat("x", n) }
	button := func(label, id string) map[string]any {
		return map[string]any{"type": 2, "style": 1, "label": label, "custom_id": id}
	}
	// sel is a select of n options, the first of value, the rest of
	// values of their own: a select's values are its options' names.
	sel := func(value string, n int, others ...string) map[string]any {
		var opts []any
		for i := range n {
			v := value
			if i > 0 {
				v = fmt.Sprint("other-", i)
			}
			opts = append(opts, map[string]any{"label": "Health", "value": v})
		}
		for _, v := range others {
			opts = append(opts, map[string]any{"label": "Health", "value": v})
		}
		return map[string]any{"type": 1, "components": []any{map[string]any{"type": 3, "custom_id": "s", "options": opts}}}
	}
	choices := func(value string, n int) []any {
		var out []any
		for range n {
			out = append(out, map[string]any{"name": "Health", "value": value})
		}
		return out
	}
	// command has options sector options, each of n choices.
	command := func(value string, n, options int) []any {
		var opts []any
		for i := range options {
			opts = append(opts, map[string]any{"type": 3, "name": "sector" + strings.Repeat("s", i), "description": "A sector", "choices": choices(value, n)})
		}
		return []any{map[string]any{"type": 1, "name": "shared", "description": "News", "options": opts}}
	}
	modal := func(title string) map[string]any {
		return map[string]any{"type": 9, "data": map[string]any{"custom_id": "m", "title": title, "components": []any{
			map[string]any{"type": 18, "label": "Reason", "component": map[string]any{"type": 4, "custom_id": "r", "style": 2}}}}}
	}
	cases := []struct {
		name, method, path string
		ok, bad            any
		want               string
	}{
		{"content", "POST", "channels/1/messages", map[string]any{"content": x(2000)}, map[string]any{"content": x(2001)}, "content has 2001"},
		{"embed total", "POST", "channels/1/messages",
			map[string]any{"embeds": []any{map[string]any{"description": x(4000)}, map[string]any{"description": x(2000)}}},
			map[string]any{"embeds": []any{map[string]any{"description": x(4000)}, map[string]any{"description": x(2001)}}}, "6001 characters"},
		{"embed url", "POST", "channels/1/messages",
			map[string]any{"embeds": []any{map[string]any{"title": "A story", "url": "https://x.org/" + x(2034)}}},
			map[string]any{"embeds": []any{map[string]any{"title": "A story", "url": "https://x.org/" + x(2035)}}}, "url has 2049"},
		{"button label", "PATCH", "channels/1/messages/2",
			map[string]any{"components": []any{map[string]any{"type": 1, "components": []any{button(x(80), "b")}}}},
			map[string]any{"components": []any{map[string]any{"type": 1, "components": []any{button(x(81), "b")}}}}, "label has 81"},
		{"custom_id", "POST", "webhooks/9/tok",
			map[string]any{"components": []any{map[string]any{"type": 1, "components": []any{button("Go", x(100))}}}},
			map[string]any{"components": []any{map[string]any{"type": 1, "components": []any{button("Go", x(101))}}}}, "custom_id has 101"},
		{"select option value", "POST", "channels/1/messages",
			map[string]any{"components": []any{sel(x(100), 25)}}, map[string]any{"components": []any{sel(x(101), 1)}}, "value has 101"},
		{"select options", "POST", "channels/1/messages",
			map[string]any{"components": []any{sel("health", 25)}}, map[string]any{"components": []any{sel("health", 26)}}, "26 options"},
		{"select option values", "POST", "channels/1/messages",
			map[string]any{"components": []any{sel("health", 2, "housing")}}, map[string]any{"components": []any{sel("health", 2, "health")}},
			`option 3: value "health" is already used`},
		{"modal title", "POST", "interactions/5/tok/callback", modal(x(45)), modal(x(46)), "title has 46"},
		{"autocomplete", "POST", "interactions/5/tok/callback",
			map[string]any{"type": 8, "data": map[string]any{"choices": choices("health", 25)}},
			map[string]any{"type": 8, "data": map[string]any{"choices": choices("health", 26)}}, "26 choices"},
		{"choice value", "PUT", "applications/7/commands", command(x(100), 1, 1), command(x(101), 1, 1), "value has 101"},
		// Keys Discord's types do not have, and nulls, anywhere in a body;
		// an edit's parameters are nullable.
		{"undocumented key", "POST", "channels/1/messages", map[string]any{"content": "Hi"},
			map[string]any{"content": "Hi", "ID": ""}, `key "ID" is not in Discord's create object`},
		{"null", "POST", "webhooks/9/tok", map[string]any{"content": "Hi"},
			map[string]any{"content": "Hi", "components": nil}, "components is null"},
		{"null in an edit", "PATCH", "channels/1/messages/2", map[string]any{"content": nil, "embeds": []any{map[string]any{"title": "A"}}},
			map[string]any{"embeds": []any{map[string]any{"title": "A", "footer": nil}}}, "embeds[0]: footer is null"},
		{"component key", "POST", "interactions/5/tok/callback", modal("Reject"),
			map[string]any{"type": 9, "data": map[string]any{"custom_id": "m", "title": "Reject", "components": []any{
				map[string]any{"type": 18, "label": "Reason", "Required": true, "component": map[string]any{"type": 4, "custom_id": "r", "style": 2}}}}},
			`data.components[0]: key "Required" is not in Discord's component object`},
		{"option key", "PUT", "applications/7/commands", command("health", 1, 1),
			[]any{map[string]any{"type": 1, "name": "shared", "description": "News", "options": []any{
				map[string]any{"type": 3, "name": "sector", "description": "A sector", "channel_types": nil}}}}, "options[0]: channel_types is null"},
		// Each option's choices are 25 × 105 characters: three options
		// make 7,930 with the names and descriptions, four 10,572.
		{"command size", "PUT", "applications/7/commands", command(x(99), 25, 3), command(x(99), 25, 4), "10572 characters in all, more than 8000"},
	}
	for _, c := range cases {
		send := func(v any) (int, string) {
			body, _ := json.Marshal(v)
			req, _ := http.NewRequest(c.method, srv.URL+"/api/v10/"+c.path, bytes.NewReader(body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var answer struct {
				Code   int      `json:"code"`
				Errors []string `json:"errors"`
			}
			json.NewDecoder(resp.Body).Decode(&answer)
			return resp.StatusCode, strings.Join(answer.Errors, "; ")
		}
		if status, errs := send(c.ok); status >= 400 {
			t.Errorf("%s: within the limits, refused: %d %s", c.name, status, errs)
		}
		if status, errs := send(c.bad); status != http.StatusBadRequest || !strings.Contains(errs, c.want) {
			t.Errorf("%s: over the limit, answered %d %q, want 400 saying %q", c.name, status, errs, c.want)
		}
	}
}
