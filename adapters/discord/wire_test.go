package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/config"
	"github.com/sharednews/sharednews/delivery"
)

// documentedKeys are the JSON keys Discord's API types give each request
// body the adapter sends (developers/docs: Create Message, Edit Message,
// Create Followup Message, Edit Original Interaction Response, Create
// Interaction Response, Bulk Overwrite Application Commands, Create DM),
// by method and path with the IDs and tokens replaced by *.
var documentedKeys = map[string][]string{
	"POST channels/*/messages":             {"content", "nonce", "tts", "embeds", "allowed_mentions", "message_reference", "components", "sticker_ids", "attachments", "flags", "enforce_nonce", "poll"},
	"PATCH channels/*/messages/*":          {"content", "embeds", "flags", "allowed_mentions", "components", "attachments"},
	"POST webhooks/*/*":                    {"content", "username", "avatar_url", "tts", "embeds", "allowed_mentions", "components", "attachments", "flags", "thread_name", "applied_tags", "poll"},
	"PATCH webhooks/*/*/messages/*":        {"content", "embeds", "allowed_mentions", "components", "attachments", "poll"},
	"POST interactions/*/*/callback":       {"type", "data"},
	"PUT applications/*/commands":          {"type", "name", "name_localizations", "description", "description_localizations", "options", "default_member_permissions", "contexts", "integration_types", "nsfw"},
	"PUT applications/*/guilds/*/commands": {"type", "name", "name_localizations", "description", "description_localizations", "options", "default_member_permissions", "nsfw"},
	"POST users/@me/channels":              {"recipient_id"},
}

// callbackDataKeys are an interaction response's data keys: a message, an
// autocomplete result or a modal.
var callbackDataKeys = []string{"tts", "content", "embeds", "allowed_mentions", "flags", "components", "attachments", "poll",
	"choices", "custom_id", "title"}

// optionKeys are an application command option's keys.
var optionKeys = []string{"type", "name", "name_localizations", "description", "description_localizations", "required",
	"choices", "options", "channel_types", "min_value", "max_value", "min_length", "max_length", "autocomplete"}

// route is a call's method and path with IDs and tokens made *.
func route(c call) string {
	p := c.Path
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts); i++ {
		if known := map[string]bool{"messages": true, "callback": true, "commands": true, "guilds": true, "channels": true, "@me": true}; !known[parts[i]] {
			parts[i] = "*"
		}
	}
	return c.Method + " " + strings.Join(parts, "/")
}

// TestOutgoingJSONMatchesDiscordsTypes drives the adapter through what it
// does (registering the command, a submission and its review card, the
// sector select, the edit form, a decision, a deferred answer with
// follow-ups, an autocomplete, a delivery), decodes every body the fake
// Discord received and every interaction response, and checks that none
// holds a null and that each carries only the keys Discord documents for
// its endpoint.
func TestOutgoingJSONMatchesDiscordsTypes(t *testing.T) {
	f := newFixture(t, func(cfg *config.Config, _ *Options) {
		for i := range 20 {
			cfg.Sectors = append(cfg.Sectors, config.Sector{Slug: "extra-" + string(rune('a'+i)), Name: "Extra " + string(rune('A'+i))})
		}
	})
	ctx := context.Background()
	page := pageServer(t, 0, nil)
	if err := f.adapter.registerCommands(ctx); err != nil {
		t.Fatal(err)
	}
	var answers []string
	say := func(body []byte) { answers = append(answers, f.interact(body).raw) }
	cardID, _ := f.postedCard(page.URL + "/a")
	say(f.button(editor, "sharednews:sector:1", cardID, "housing"))
	say(f.button(editor, "sharednews:edit:1", cardID))
	say(f.modal(editor, "sharednews:editform:1", cardID, labelInput("headline", "A better headline"), labelSelect("sector", "health")))
	say(f.button(editor, "sharednews:approve:1", cardID))
	raw := payload(t, "application-command-slash-with-option.json", func(m map[string]any) {
		m["type"] = 4
		m["data"] = map[string]any{"type": 1, "name": "shared", "id": "1", "options": []any{map[string]any{
			"type": 1, "name": "news", "options": []any{map[string]any{"type": 3, "name": "sector", "value": "nothing-matches", "focused": true}}}}}
	})
	say(raw)

	// A slow answer of several messages: deferred, then the original
	// response edited and the rest sent as follow-ups.
	in, err := decodeInteraction(f.slash(editor, "edition"))
	if err != nil {
		t.Fatal(err)
	}
	in.AppID = appID
	f.adapter.deferAfter = time.Millisecond
	var first *interactionResponse
	x := &exchange{in: in, respond: func(_ context.Context, r *interactionResponse) error { first = r; return nil }}
	if err := f.adapter.reply(ctx, x, false, func(context.Context) bot.Reply {
		time.Sleep(20 * time.Millisecond)
		return bot.Reply{Body: bot.EditionView{Edition: longEdition()}}
	}); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(first)
	answers = append(answers, string(b))
	if err := f.adapter.PostEdition(ctx, delivery.Post{ChannelID: newsChannel, Edition: longEdition(), Key: "e1"},
		func(int, string) error { return nil }); err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	for _, c := range f.api.all() {
		if len(c.Body) == 0 {
			continue
		}
		r := route(c)
		allowed, ok := documentedKeys[r]
		if !ok {
			t.Errorf("%s: a body sent to an endpoint this test does not know", r)
			continue
		}
		seen[r] = true
		var v any
		if err := json.Unmarshal(c.Body, &v); err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		checkNoNull(t, r, v)
		objects := []any{v}
		if list, ok := v.([]any); ok {
			objects = list
		}
		for _, o := range objects {
			checkKeys(t, r, o, allowed)
			if strings.HasSuffix(r, "/commands") {
				checkOptions(t, r, o.(map[string]any)["options"])
			}
		}
		if strings.HasSuffix(r, "/callback") {
			checkKeys(t, r+" data", v.(map[string]any)["data"], callbackDataKeys)
		}
	}
	for _, a := range answers {
		var v map[string]any
		if err := json.Unmarshal([]byte(a), &v); err != nil {
			t.Fatalf("answer %s: %v", a, err)
		}
		checkNoNull(t, "interaction response", v)
		checkKeys(t, "interaction response", v, documentedKeys["POST interactions/*/*/callback"])
		checkKeys(t, "interaction response data", v["data"], callbackDataKeys)
	}
	for _, want := range []string{"PUT applications/*/commands", "POST channels/*/messages", "PATCH channels/*/messages/*",
		"POST webhooks/*/*", "PATCH webhooks/*/*/messages/*", "POST users/@me/channels"} {
		if !seen[want] {
			t.Errorf("the scenario sent nothing to %s; the test proves less than it says", want)
		}
	}
}

func checkNoNull(t *testing.T, where string, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil:
		t.Errorf("%s: null", where)
	case map[string]any:
		for k, x := range v {
			checkNoNull(t, where+"."+k, x)
		}
	case []any:
		for _, x := range v {
			checkNoNull(t, where+"[]", x)
		}
	}
}

func checkKeys(t *testing.T, where string, v any, allowed []string) {
	t.Helper()
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k := range obj {
		if !contains(allowed, k) {
			t.Errorf("%s: key %q is not in Discord's type", where, k)
		}
	}
}

func checkOptions(t *testing.T, where string, v any) {
	t.Helper()
	list, _ := v.([]any)
	for _, o := range list {
		checkKeys(t, where+" option", o, optionKeys)
		checkOptions(t, where, o.(map[string]any)["options"])
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
