package discordtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Discord's documented limits on what a bot sends (discord.com/developers
// docs: Message, Embed Limits, Components, Interactions, Application
// Commands), which the fake enforces as Discord does: the whole request is
// refused with 400 and code 50035, "Invalid Form Body", and nothing is
// posted. Lengths are counted in UTF-16 code units, never fewer than
// Discord's own count.
const (
	limitContent          = 2000
	limitEmbeds           = 10
	limitEmbedTitle       = 256
	limitEmbedDescription = 4096
	limitEmbedFields      = 25
	limitFieldName        = 256
	limitFieldValue       = 1024
	limitFooter           = 2048
	limitAuthor           = 256
	limitEmbedTotal       = 6000
	limitEmbedURL         = 2048 // Discord's OpenAPI spec, RichEmbed.url
	limitActionRows       = 5
	limitRowButtons       = 5
	limitButtonLabel      = 80
	limitCustomID         = 100
	limitSelectOptions    = 25
	limitSelectOption     = 100 // an option's label, value and description
	limitSelectHolder     = 150 // a select's placeholder
	limitModalTitle       = 45
	limitModalComponents  = 5
	limitInputLabel       = 45 // a text input's or a Label's label
	limitLabelDescription = 100
	limitInputHolder      = 100 // a text input's placeholder
	limitInputValue       = 4000
	limitChoices          = 25 // of an option, and of an autocomplete answer
	limitChoiceName       = 100
	limitChoiceValue      = 100
	limitCommandName      = 32
	limitDescription      = 100
	limitOptions          = 25
	limitStringOption     = 6000 // a string option's max_length
	limitCommandTotal     = 8000 // names, descriptions and values of a command, its options and choices
)

// Component types the checks tell apart.
const (
	actionRowType   = 1
	buttonType      = 2
	stringSelType   = 3
	textInputType   = 4
	textDisplayType = 10
	labelType       = 18
)

// units counts s as the limits are counted.
func units(s string) int { return len(utf16.Encode([]rune(s))) }

// problems collects what a payload breaks.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// text checks the string at m[key] against limit.
func (p *problems) text(where string, m map[string]any, key string, limit int) {
	if s, _ := m[key].(string); units(s) > limit {
		p.add("%s: %s has %d characters, more than %d", where, key, units(s), limit)
	}
}

// RequestProblems returns every way the body of a request to path (as the
// fake sees it, after "/api/v10/") breaks Discord's limits or its types
// (keys.go): a message created or edited in a channel or through an
// interaction's webhook, an interaction's response, or a bulk overwrite of
// commands.
func RequestProblems(method, path string, body []byte) []string {
	return append(keyProblems(method, path, body), limitProblems(method, path, body)...)
}

// limitProblems is RequestProblems for the limits alone.
func limitProblems(method, path string, body []byte) []string {
	parts := strings.Split(path, "/")
	switch {
	case method == "PUT" && parts[0] == "applications":
		var cmds []map[string]any
		if err := json.Unmarshal(body, &cmds); err != nil {
			return []string{"commands: " + err.Error()}
		}
		var p problems
		for i, c := range cmds {
			p.command(fmt.Sprintf("command %d", i), c)
		}
		return p
	case method == "POST" && parts[0] == "interactions":
		return ResponseProblems(body)
	case (method == "POST" || method == "PATCH") && (parts[0] == "channels" || parts[0] == "webhooks"):
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			return []string{"message: " + err.Error()}
		}
		var p problems
		p.message("message", m)
		return p
	}
	return nil
}

// ResponseProblems returns every way an interaction's response breaks
// Discord's limits or its types: a message, a modal or autocomplete
// choices. Tests of HTTP interactions, whose response is the HTTP answer
// and never reaches the fake, check it with this.
func ResponseProblems(body []byte) []string {
	var r struct {
		Type int            `json:"type"`
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return []string{"response: " + err.Error()}
	}
	var p problems
	var v any
	if json.Unmarshal(body, &v) == nil { // it did above, as r
		p.keys("response", "response", v, true)
	}
	switch r.Type {
	case 4, 7: // a message, or an update of the message a component is on
		p.message("response", r.Data)
	case 8: // autocomplete choices
		p.choices("autocomplete", r.Data["choices"])
	case 9:
		p.modal("modal", r.Data)
	}
	return p
}

func (p *problems) message(where string, m map[string]any) {
	if m == nil {
		return
	}
	p.text(where, m, "content", limitContent)
	embeds, _ := m["embeds"].([]any)
	if len(embeds) > limitEmbeds {
		p.add("%s: %d embeds, more than %d", where, len(embeds), limitEmbeds)
	}
	total := 0
	for i, raw := range embeds {
		e, _ := raw.(map[string]any)
		w := fmt.Sprintf("%s embed %d", where, i+1)
		total += p.embed(w, e)
	}
	if total > limitEmbedTotal {
		p.add("%s: embeds hold %d characters, more than %d", where, total, limitEmbedTotal)
	}
	rows, _ := m["components"].([]any)
	if len(rows) > limitActionRows {
		p.add("%s: %d action rows, more than %d", where, len(rows), limitActionRows)
	}
	for i, raw := range rows {
		row, _ := raw.(map[string]any)
		w := fmt.Sprintf("%s row %d", where, i+1)
		if kind(row) != actionRowType {
			p.add("%s: a component of type %d where an action row belongs", w, kind(row))
			continue
		}
		items, _ := row["components"].([]any)
		if len(items) == 0 || len(items) > limitRowButtons {
			p.add("%s: %d components (1 to %d allowed)", w, len(items), limitRowButtons)
		}
		for j, raw := range items {
			c, _ := raw.(map[string]any)
			cw := fmt.Sprintf("%s component %d", w, j+1)
			switch kind(c) {
			case buttonType:
				p.text(cw, c, "label", limitButtonLabel)
				p.text(cw, c, "custom_id", limitCustomID)
			case stringSelType:
				if len(items) > 1 {
					p.add("%s: a select shares its row", cw)
				}
				p.stringSelect(cw, c)
			default:
				p.add("%s: a component of type %d in a message", cw, kind(c))
			}
		}
	}
}

// embed checks one embed and returns what it counts against the total.
func (p *problems) embed(where string, e map[string]any) int {
	p.text(where, e, "title", limitEmbedTitle)
	p.text(where, e, "description", limitEmbedDescription)
	p.text(where, e, "url", limitEmbedURL)
	n := units(str(e, "title")) + units(str(e, "description"))
	fields, _ := e["fields"].([]any)
	if len(fields) > limitEmbedFields {
		p.add("%s: %d fields, more than %d", where, len(fields), limitEmbedFields)
	}
	for j, raw := range fields {
		f, _ := raw.(map[string]any)
		fw := fmt.Sprintf("%s field %d", where, j+1)
		p.text(fw, f, "name", limitFieldName)
		p.text(fw, f, "value", limitFieldValue)
		n += units(str(f, "name")) + units(str(f, "value"))
	}
	if footer, ok := e["footer"].(map[string]any); ok {
		p.text(where+" footer", footer, "text", limitFooter)
		n += units(str(footer, "text"))
	}
	if author, ok := e["author"].(map[string]any); ok {
		p.text(where+" author", author, "name", limitAuthor)
		n += units(str(author, "name"))
	}
	return n
}

func (p *problems) stringSelect(where string, c map[string]any) {
	p.text(where, c, "custom_id", limitCustomID)
	p.text(where, c, "placeholder", limitSelectHolder)
	opts, _ := c["options"].([]any)
	if len(opts) == 0 || len(opts) > limitSelectOptions {
		p.add("%s: %d options (1 to %d allowed)", where, len(opts), limitSelectOptions)
	}
	values := map[string]bool{}
	for k, raw := range opts {
		o, _ := raw.(map[string]any)
		ow := fmt.Sprintf("%s option %d", where, k+1)
		for _, key := range []string{"label", "value", "description"} {
			p.text(ow, o, key, limitSelectOption)
		}
		// SELECT_COMPONENT_OPTION_VALUE_DUPLICATED
		if v := str(o, "value"); values[v] {
			p.add("%s: value %q is already used", ow, v)
		}
		values[str(o, "value")] = true
	}
}

func (p *problems) modal(where string, m map[string]any) {
	p.text(where, m, "title", limitModalTitle)
	p.text(where, m, "custom_id", limitCustomID)
	comps, _ := m["components"].([]any)
	if len(comps) == 0 || len(comps) > limitModalComponents {
		p.add("%s: %d components (1 to %d allowed)", where, len(comps), limitModalComponents)
	}
	for i, raw := range comps {
		c, _ := raw.(map[string]any)
		w := fmt.Sprintf("%s component %d", where, i+1)
		switch kind(c) {
		case labelType:
			p.text(w, c, "label", limitInputLabel)
			p.text(w, c, "description", limitLabelDescription)
			inner, _ := c["component"].(map[string]any)
			p.modalInput(w, inner)
		case actionRowType: // the older form: a row holding one text input
			items, _ := c["components"].([]any)
			if len(items) != 1 {
				p.add("%s: a row of %d inputs", w, len(items))
			}
			for _, raw := range items {
				in, _ := raw.(map[string]any)
				p.text(w, in, "label", limitInputLabel)
				p.modalInput(w, in)
			}
		case textDisplayType:
		default:
			p.add("%s: a component of type %d in a modal", w, kind(c))
		}
	}
}

func (p *problems) modalInput(where string, in map[string]any) {
	switch kind(in) {
	case textInputType:
		p.text(where, in, "custom_id", limitCustomID)
		p.text(where, in, "placeholder", limitInputHolder)
		p.text(where, in, "value", limitInputValue)
		if max, ok := in["max_length"].(float64); ok && (max < 1 || max > limitInputValue) {
			p.add("%s: max_length %v (1 to %d allowed)", where, max, limitInputValue)
		} else if ok && float64(units(str(in, "value"))) > max {
			p.add("%s: a value of %d characters, over its max_length %v", where, units(str(in, "value")), max)
		}
	case stringSelType:
		p.stringSelect(where, in)
	default:
		p.add("%s: an input of type %d", where, kind(in))
	}
}

// choices checks an option's choices or an autocomplete answer's.
func (p *problems) choices(where string, v any) int {
	list, _ := v.([]any)
	if len(list) > limitChoices {
		p.add("%s: %d choices, more than %d", where, len(list), limitChoices)
	}
	n := 0
	for i, raw := range list {
		c, _ := raw.(map[string]any)
		w := fmt.Sprintf("%s choice %d", where, i+1)
		if name := str(c, "name"); name == "" || units(name) > limitChoiceName {
			p.add("%s: a name of %d characters (1 to %d allowed)", w, units(name), limitChoiceName)
		}
		p.text(w, c, "value", limitChoiceValue)
		n += units(str(c, "name")) + units(fmt.Sprint(c["value"]))
	}
	return n
}

// command checks one application command, as a bulk overwrite sends it.
func (p *problems) command(where string, c map[string]any) {
	total := p.named(where, c)
	if total > limitCommandTotal {
		p.add("%s: %d characters in all, more than %d", where, total, limitCommandTotal)
	}
}

// named checks a command or option's name, description, choices and
// options, and returns the characters they count against the command.
func (p *problems) named(where string, c map[string]any) int {
	name, desc := str(c, "name"), str(c, "description")
	where += " " + name
	if units(name) < 1 || units(name) > limitCommandName || strings.ToLower(name) != name || strings.ContainsAny(name, " ") {
		p.add("%s: name %q (1 to %d lower-case characters, no spaces)", where, name, limitCommandName)
	}
	if units(desc) < 1 || units(desc) > limitDescription {
		p.add("%s: a description of %d characters (1 to %d allowed)", where, units(desc), limitDescription)
	}
	if max, ok := c["max_length"].(float64); ok && (max < 1 || max > limitStringOption) {
		p.add("%s: max_length %v (1 to %d allowed)", where, max, limitStringOption)
	}
	n := units(name) + units(desc) + p.choices(where, c["choices"])
	opts, _ := c["options"].([]any)
	if len(opts) > limitOptions {
		p.add("%s: %d options, more than %d", where, len(opts), limitOptions)
	}
	for _, raw := range opts {
		o, _ := raw.(map[string]any)
		n += p.named(where, o)
	}
	return n
}

func kind(m map[string]any) int {
	t, _ := m["type"].(float64)
	return int(t)
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
