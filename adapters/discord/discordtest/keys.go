package discordtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The keys Discord's API types give each object the adapter sends
// (docs.discord.com: Create and Edit Message, Execute and Edit Webhook
// Message, Create Interaction Response, Bulk Overwrite Application Commands,
// Create DM; the embed, allowed mentions, message reference and component
// objects), each with the kind of object or list of objects it holds ("" for
// a value). Discord ignores a key it does not know, and may or may not
// take a null where its type has none, as absent; either may be refused one
// day. The fake refuses both, so that a test sees them (Edit Message and
// Edit Webhook Message document every parameter as nullable: there a null
// is taken at the top).
var kinds = map[string]map[string]string{
	"create": {"content": "", "nonce": "", "tts": "", "embeds": "embed", "allowed_mentions": "mentions",
		"message_reference": "reference", "components": "component", "sticker_ids": "", "attachments": "",
		"flags": "", "enforce_nonce": "", "poll": ""},
	"edit": {"content": "", "embeds": "embed", "flags": "", "allowed_mentions": "mentions",
		"components": "component", "attachments": ""},
	"hookedit": {"content": "", "embeds": "embed", "flags": "", "allowed_mentions": "mentions",
		"components": "component", "attachments": "", "poll": ""},
	"execute": {"content": "", "username": "", "avatar_url": "", "tts": "", "embeds": "embed",
		"allowed_mentions": "mentions", "components": "component", "attachments": "", "flags": "",
		"thread_name": "", "applied_tags": "", "poll": ""},
	"response": {"type": "", "data": "data"},
	"data": {"tts": "", "content": "", "embeds": "embed", "allowed_mentions": "mentions", "flags": "",
		"components": "component", "attachments": "", "poll": "", "choices": "choice", "custom_id": "", "title": ""},
	"command": {"type": "", "name": "", "name_localizations": "", "description": "", "description_localizations": "",
		"options": "option", "default_member_permissions": "", "contexts": "", "integration_types": "", "nsfw": ""},
	"option": {"type": "", "name": "", "name_localizations": "", "description": "", "description_localizations": "",
		"required": "", "choices": "choice", "options": "option", "channel_types": "", "min_value": "",
		"max_value": "", "min_length": "", "max_length": "", "autocomplete": ""},
	"choice": {"name": "", "name_localizations": "", "value": ""},
	"dm":     {"recipient_id": ""},
	"embed": {"title": "", "type": "", "description": "", "url": "", "timestamp": "", "color": "", "footer": "footer",
		"image": "media", "thumbnail": "media", "author": "author", "fields": "field"},
	"footer":    {"text": "", "icon_url": ""},
	"media":     {"url": ""},
	"author":    {"name": "", "url": "", "icon_url": ""},
	"field":     {"name": "", "value": "", "inline": ""},
	"mentions":  {"parse": "", "roles": "", "users": "", "replied_user": ""},
	"reference": {"type": "", "message_id": "", "channel_id": "", "guild_id": "", "fail_if_not_exists": ""},
	"emoji":     {"id": "", "name": "", "animated": ""},
	"selectopt": {"label": "", "value": "", "description": "", "emoji": "emoji", "default": ""},
}

// componentKeys are each component type's keys (action row, button,
// string select, text input, text display, label).
var componentKeys = map[int]map[string]string{
	actionRowType: {"type": "", "id": "", "components": "component"},
	buttonType:    {"type": "", "id": "", "style": "", "label": "", "emoji": "emoji", "custom_id": "", "sku_id": "", "url": "", "disabled": ""},
	stringSelType: {"type": "", "id": "", "custom_id": "", "options": "selectopt", "placeholder": "", "min_values": "",
		"max_values": "", "required": "", "disabled": ""},
	textInputType: {"type": "", "id": "", "custom_id": "", "style": "", "label": "", "min_length": "", "max_length": "",
		"required": "", "value": "", "placeholder": ""},
	textDisplayType: {"type": "", "id": "", "content": ""},
	labelType:       {"type": "", "id": "", "label": "", "description": "", "component": "component"},
}

// keys checks v, an object (or list of objects) of kind, and what it
// holds: every key documented, no null (but at the top of an edit).
func (p *problems) keys(where, kind string, v any, top bool) {
	switch v := v.(type) {
	case []any:
		for i, x := range v {
			p.keys(fmt.Sprintf("%s[%d]", where, i), kind, x, false)
		}
	case map[string]any:
		allowed := kinds[kind]
		if kind == "component" {
			allowed = componentKeys[int(num(v["type"]))]
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			sub, ok := allowed[k]
			switch {
			case !ok:
				p.add("%s: key %q is not in Discord's %s object", where, k, kind)
			case v[k] == nil && !(top && (kind == "edit" || kind == "hookedit")):
				p.add("%s: %s is null", where, k)
			case sub != "":
				p.keys(where+"."+k, sub, v[k], false)
			}
		}
	}
}

// keyProblems returns every key of a request's body that Discord's type
// for it does not have, and every null where it takes none.
func keyProblems(method, path string, body []byte) []string {
	kind := bodyKind(method, path)
	var v any
	if kind == "" || json.Unmarshal(body, &v) != nil {
		return nil // no body the fake checks, or not JSON: limitProblems says so
	}
	var p problems
	p.keys(kind, kind, v, true)
	return p
}

// bodyKind is the kind of the body a request to path sends ("" for none
// the fake checks).
func bodyKind(method, path string) string {
	parts := strings.Split(path, "/")
	switch {
	case method == "POST" && parts[0] == "channels" && len(parts) == 3:
		return "create"
	case method == "PATCH" && parts[0] == "channels":
		return "edit"
	case method == "PATCH" && parts[0] == "webhooks":
		return "hookedit"
	case method == "POST" && parts[0] == "webhooks":
		return "execute"
	case method == "PUT" && parts[0] == "applications":
		return "command"
	case method == "POST" && path == "users/@me/channels":
		return "dm"
	}
	return ""
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}
