package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf16"
)

// Slack's documented limits on what an app sends (docs.slack.dev: Block
// Kit blocks, block elements and composition objects; views; chat methods),
// which the fake enforces as Slack does: a chat method answers
// invalid_blocks (msg_too_long for the fallback text), views.open
// invalid_arguments, and a response_url 400 with "invalid_blocks"; nothing
// is posted. Lengths are counted in UTF-16 code units, never fewer than
// Slack's own count.
const (
	limitMessageBlocks = 50
	limitModalBlocks   = 100
	limitSectionText   = 3000
	limitSectionFields = 10
	limitFieldText     = 2000
	limitHeaderText    = 150
	limitContextElems  = 10
	limitActionElems   = 25
	limitBlockID       = 255
	limitActionID      = 255
	limitButtonText    = 75
	limitButtonValue   = 2000
	limitPlaceholder   = 150
	limitOptions       = 100
	limitOptionText    = 75
	limitOptionValue   = 150
	limitModalTitle    = 24 // and its submit and close buttons
	limitInputLabel    = 2000
	limitInputHint     = 2000
	limitInputLength   = 3000 // a plain_text_input's max_length
	limitPrivateMeta   = 3000
	limitCallbackID    = 255
	limitMessageText   = 40000
	// limitBlocksText is the most text all of a message's blocks may hold
	// together: chat.postMessage answers msg_blocks_too_long past about
	// 13,000 characters (undocumented; slackapi/bolt-js#2509 measured
	// 13,172 to 13,297), so the fake refuses past 12,000.
	limitBlocksText = 12000
)

func units(s string) int { return len(utf16.Encode([]rune(s))) }

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// text checks a text object at v: present, not empty, plain_text where
// Slack requires it, and within limit.
func (p *problems) text(where string, v any, plainOnly bool, limit int) {
	t, ok := v.(map[string]any)
	if !ok {
		p.add("%s: no text object", where)
		return
	}
	s, _ := t["text"].(string)
	switch {
	case s == "":
		p.add("%s: empty text", where)
	case units(s) > limit:
		p.add("%s: text of %d characters, over %d", where, units(s), limit)
	}
	if plainOnly && t["type"] != "plain_text" {
		p.add("%s: %v where plain_text is required", where, t["type"])
	}
}

func (p *problems) length(where, key string, m map[string]any, limit int) {
	if s, _ := m[key].(string); units(s) > limit {
		p.add("%s: %s of %d characters, over %d", where, key, units(s), limit)
	}
}

// MessageProblems returns every way a message (its fallback text and its
// blocks, as chat.postMessage, chat.update, chat.postEphemeral and a
// response_url take them) breaks Slack's limits.
func MessageProblems(text string, blocks []any) []string {
	var p problems
	if units(text) > limitMessageText {
		p.add("fallback text of %d characters, over %d", units(text), limitMessageText)
	}
	if len(blocks) > limitMessageBlocks {
		p.add("%d blocks, over %d", len(blocks), limitMessageBlocks)
	}
	total := 0
	for _, b := range blocks {
		total += textIn(b)
	}
	if total > limitBlocksText {
		p.add("blocks hold %d characters of text, over %d", total, limitBlocksText)
	}
	p.blocks(blocks)
	return p
}

// ViewProblems returns every way a modal view breaks Slack's limits.
func ViewProblems(view map[string]any) []string {
	var p problems
	p.text("modal title", view["title"], true, limitModalTitle)
	for _, k := range []string{"submit", "close"} {
		if view[k] != nil {
			p.text("modal "+k, view[k], true, limitModalTitle)
		}
	}
	p.length("modal", "private_metadata", view, limitPrivateMeta)
	p.length("modal", "callback_id", view, limitCallbackID)
	blocks, _ := view["blocks"].([]any)
	if len(blocks) == 0 || len(blocks) > limitModalBlocks {
		p.add("%d blocks (1 to %d allowed)", len(blocks), limitModalBlocks)
	}
	p.blocks(blocks)
	return p
}

func (p *problems) blocks(blocks []any) {
	for i, raw := range blocks {
		b, _ := raw.(map[string]any)
		where := fmt.Sprintf("block %d (%v)", i+1, b["type"])
		p.length(where, "block_id", b, limitBlockID)
		switch b["type"] {
		case "section":
			if b["text"] != nil {
				p.text(where, b["text"], false, limitSectionText)
			}
			fields, _ := b["fields"].([]any)
			if len(fields) > limitSectionFields {
				p.add("%s: %d fields, over %d", where, len(fields), limitSectionFields)
			}
			for _, f := range fields {
				p.text(where+" field", f, false, limitFieldText)
			}
			if b["text"] == nil && len(fields) == 0 {
				p.add("%s: neither text nor fields", where)
			}
			if acc, ok := b["accessory"].(map[string]any); ok {
				p.element(where+" accessory", acc)
			}
		case "header":
			p.text(where, b["text"], true, limitHeaderText)
		case "context":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > limitContextElems {
				p.add("%s: %d elements (1 to %d allowed)", where, len(elems), limitContextElems)
			}
			for _, e := range elems {
				p.text(where+" element", e, false, limitSectionText)
			}
		case "actions":
			elems, _ := b["elements"].([]any)
			if len(elems) == 0 || len(elems) > limitActionElems {
				p.add("%s: %d elements (1 to %d allowed)", where, len(elems), limitActionElems)
			}
			for _, e := range elems {
				el, _ := e.(map[string]any)
				p.element(where, el)
			}
		case "input":
			p.text(where+" label", b["label"], true, limitInputLabel)
			if b["hint"] != nil {
				p.text(where+" hint", b["hint"], true, limitInputHint)
			}
			el, _ := b["element"].(map[string]any)
			p.element(where, el)
		}
	}
}

func (p *problems) element(where string, e map[string]any) {
	where += fmt.Sprintf(" %v", e["type"])
	p.length(where, "action_id", e, limitActionID)
	if e["placeholder"] != nil {
		p.text(where+" placeholder", e["placeholder"], true, limitPlaceholder)
	}
	switch e["type"] {
	case "button":
		p.text(where, e["text"], true, limitButtonText)
		p.length(where, "value", e, limitButtonValue)
	case "static_select":
		opts, _ := e["options"].([]any)
		if len(opts) == 0 || len(opts) > limitOptions {
			p.add("%s: %d options (1 to %d allowed)", where, len(opts), limitOptions)
		}
		for _, raw := range opts {
			o, _ := raw.(map[string]any)
			p.text(where+" option", o["text"], true, limitOptionText)
			if v, _ := o["value"].(string); v == "" || units(v) > limitOptionValue {
				p.add("%s: an option value of %d characters (1 to %d allowed)", where, units(v), limitOptionValue)
			}
		}
	case "plain_text_input":
		max, hasMax := e["max_length"].(float64)
		if hasMax && (max < 1 || max > limitInputLength) {
			p.add("%s: max_length %v (1 to %d allowed)", where, max, limitInputLength)
		}
		init, _ := e["initial_value"].(string)
		if hasMax && float64(units(init)) > max {
			p.add("%s: an initial_value of %d characters, over its max_length %v", where, units(init), max)
		}
	}
}

// textIn counts the characters of every "text" string in v, however deep.
func textIn(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if s, ok := y.(string); ok && k == "text" {
				n += units(s)
			} else {
				n += textIn(y)
			}
		}
	case []any:
		for _, y := range x {
			n += textIn(y)
		}
	}
	return n
}

// formProblems checks a chat method's form: its text and blocks (JSON).
func formProblems(text, blocks string) []string {
	var list []any
	if blocks != "" {
		if err := json.Unmarshal([]byte(blocks), &list); err != nil {
			return []string{"blocks: " + err.Error()}
		}
	}
	return MessageProblems(text, list)
}

// callProblems checks what a Web API call sends: a chat method's message
// or a views method's modal.
func callProblems(c Call) []string {
	switch c.Method {
	case "chat.postMessage", "chat.update", "chat.postEphemeral":
		return formProblems(c.Form.Get("text"), c.Form.Get("blocks"))
	case "views.open", "views.update", "views.push":
		view, _ := c.JSON["view"].(map[string]any)
		return ViewProblems(view)
	}
	return nil
}

// methodArgs are the arguments Slack's Web API types (@slack/web-api's
// ChatPostMessageArguments, ChatPostEphemeralArguments, ChatUpdateArguments,
// ChatDeleteArguments, ViewsOpenArguments, ViewsPushArguments, ViewsUpdateArguments) give the
// methods whose payloads the fake checks, besides token. Slack ignores an
// argument a method does not take (chat.update's unfurl_links, say); the
// fake refuses it, as invalid_arguments, so that a test sees it.
var methodArgs = map[string]string{
	"chat.postMessage": "channel text blocks attachments markdown_text thread_ts reply_broadcast as_user icon_emoji icon_url " +
		"username parse link_names metadata unfurl_links unfurl_media mrkdwn",
	"chat.postEphemeral": "channel user text blocks attachments markdown_text thread_ts as_user icon_emoji icon_url username parse link_names",
	"chat.update":        "channel ts text blocks attachments markdown_text as_user link_names metadata parse file_ids reply_broadcast",
	"chat.delete":        "channel ts as_user",
	"views.open":         "view trigger_id interactivity_pointer",
	"views.push":         "view trigger_id interactivity_pointer",
	"views.update":       "view view_id external_id hash",
}

// argProblems names every argument of c that its method does not take.
func argProblems(c Call) []string {
	allowed, ok := methodArgs[c.Method]
	if !ok {
		return nil
	}
	var p problems
	names := slices.AppendSeq(slices.Collect(maps.Keys(c.Form)), maps.Keys(c.JSON))
	slices.Sort(names)
	for _, k := range names {
		if k != "token" && !slices.Contains(strings.Fields(allowed), k) {
			p.add("%s takes no argument %q", c.Method, k)
		}
	}
	return p
}
