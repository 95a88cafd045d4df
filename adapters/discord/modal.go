package discord

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// Discord's component types that discordgo v0.28 predates: a Label wraps
// one input of a modal with its label; a Text Display is a line of text.
const (
	labelComponentType       discordgo.ComponentType = 18
	textDisplayComponentType discordgo.ComponentType = 10
)

// Discord's limits on a modal. Inputs take the bot's own (bot.MaxHeadline
// and so on), so that Discord stops an over-long text before it is sent.
const (
	maxTextInputLength = 4000
	maxModalTitle      = 45
	maxLabel           = 45 // a Label's label; its description is maxDescription
	maxPlaceholder     = 100
)

// typed is a component as Discord documents it, its type then the fields
// of T: not discordgo's (it lacks some, and sends keys a modal refuses in
// others), each built with its type by component, so none can leave it out.
type typed[T any] struct {
	kind   discordgo.ComponentType
	fields T
}

// component is fields sent as a component of type kind.
func component[T any](kind discordgo.ComponentType, fields T) typed[T] {
	return typed[T]{kind: kind, fields: fields}
}

// Type implements discordgo.MessageComponent.
func (c typed[T]) Type() discordgo.ComponentType { return c.kind }

// MarshalJSON implements json.Marshaler: the JSON object of the fields,
// with "type" as its first key. Each component of this file always sends
// a key of its own (its custom_id or label): the object is never empty.
func (c typed[T]) MarshalJSON() ([]byte, error) {
	fields, err := json.Marshal(c.fields)
	if err != nil {
		return nil, fmt.Errorf("component of type %d: %w", c.kind, err)
	}
	return append(fmt.Appendf(nil, `{"type":%d,`, c.kind), fields[1:]...), nil
}

// labelComponent is a Label: a modal input with its label and description.
type labelComponent struct {
	Label       string                     `json:"label"`
	Description string                     `json:"description,omitempty"`
	Component   discordgo.MessageComponent `json:"component"`
}

// textDisplay is a Text Display: markdown text shown in a modal.
type textDisplay struct {
	Content string `json:"content"`
}

// textInput is a modal text input as Labels hold it: without the
// deprecated label of its own (discordgo's TextInput always sends one).
type textInput struct {
	CustomID    string                   `json:"custom_id"`
	Style       discordgo.TextInputStyle `json:"style"`
	Value       string                   `json:"value,omitempty"`
	Placeholder string                   `json:"placeholder,omitempty"`
	Required    bool                     `json:"required"`
	MaxLength   int                      `json:"max_length,omitempty"`
}

// stringSelect is a string select for a message's action row or a modal's
// Label. discordgo's SelectMenu always sends "disabled", which a modal
// refuses.
type stringSelect struct {
	CustomID    string         `json:"custom_id"`
	Placeholder string         `json:"placeholder,omitempty"`
	Options     []selectOption `json:"options"`
	Required    bool           `json:"required,omitempty"` // modals only
}

// selectOption is one choice of a stringSelect.
type selectOption struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	Default     bool   `json:"default,omitempty"`
}

// formInput is the custom_id of a paragraph form's one input, whatever
// its field, so that a form opened before an upgrade still arrives.
const formInput = "text"

// labelled draws a form's field as a Label holding its input (custom_id
// id), clipped to what Discord takes: a choice is a select of the sectors
// while they fit in one, else a line to type a sector in; a value longer
// than an input holds is a line saying so, the field left alone (Discord
// refuses the whole form otherwise).
func labelled(in bot.FormInput, id string, sectors digest.Sectors) discordgo.MessageComponent {
	var input discordgo.MessageComponent
	switch in.Widget(sectors, maxSelectOptions, maxTextInputLength) {
	case bot.WidgetNote:
		return component(textDisplayComponentType, textDisplay{Content: markdown().Line(in.Note())})
	case bot.WidgetSelect:
		input = component(discordgo.SelectMenuComponent, stringSelect{CustomID: id, Options: sectorOptions(sectors, in.Value), Required: in.Required})
	default:
		style := discordgo.TextInputShort
		if in.Multiline {
			style = discordgo.TextInputParagraph
		}
		input = component(discordgo.TextInputComponent, textInput{CustomID: id, Style: style, Value: in.Value, Required: in.Required,
			MaxLength: min(in.Limit, maxTextInputLength), Placeholder: clip(in.Placeholder, maxPlaceholder)})
	}
	return component(labelComponentType, labelComponent{Label: clip(in.Label, maxLabel), Description: clip(in.Hint, maxDescription), Component: input})
}

// modal is the response that opens form, named id (bot.FormName), each
// field a Label (labelled) whose input's custom_id is the field's name, or
// inputID when set (a paragraph form's one input, formInput).
func modal(id string, form bot.FormOutline, sectors digest.Sectors, inputID string) *interactionResponse {
	components := make([]discordgo.MessageComponent, 0, len(form.Fields))
	for _, in := range form.Fields {
		components = append(components, labelled(in, cmp.Or(inputID, in.Name), sectors))
	}
	return &interactionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &responseData{CustomID: id, Title: clip(form.Title, maxModalTitle), Payload: Payload{Components: components}},
	}
}

// onModalSubmit applies a submitted form through bot.SubmitForm, which
// says what changed or was refused, to the caller alone.
func (a *Adapter) onModalSubmit(ctx context.Context, x *exchange) error {
	// An edit or commentary form's custom_id carries the story's mark
	// (bot.FormName); a reject form's ends at the story's ID, and the
	// intro form's is for no story.
	action, id, mark, ok := bot.ParseControlName(x.in.ModalSubmitData().CustomID)
	kind, known := bot.FormNamed(action)
	if !ok || !known {
		return a.refuse(ctx, x, bot.StaleForm) // not ours, or out of date
	}
	caller, _ := callerOf(x.in.User, x.in.Member) // nobody known: the bot refuses
	caller = a.withServerRoles(ctx, caller, x.in.Member != nil)
	// A paragraph form's one input is formInput, whatever its field.
	input := map[bot.FormKind]string{bot.IntroForm: formInput, bot.NoteForm: formInput}[kind]
	form := bot.FormSubmission{Kind: kind, StoryID: id, Mark: mark, ChoiceMax: maxChoiceValue, Value: func(field string) (string, bool) {
		v, sent := x.in.fields[cmp.Or(input, field)]
		return v, sent
	}}
	return a.reply(ctx, x, false, func(ctx context.Context) bot.Reply { return a.bot.SubmitForm(ctx, caller, form).Reply })
}

// rawComponent is a submitted modal's component in either shape: action
// rows (type 1) of text inputs, or Labels (type 18) holding one input.
type rawComponent struct {
	Type       discordgo.ComponentType `json:"type"`
	CustomID   string                  `json:"custom_id"`
	Value      *string                 `json:"value"`
	Values     []string                `json:"values"`
	Components []rawComponent          `json:"components"`
	Component  *rawComponent           `json:"component"`
}

// collect gathers c's input values by custom_id, at any depth.
func (c rawComponent) collect(into map[string]string) {
	switch {
	case c.CustomID != "" && c.Value != nil:
		into[c.CustomID] = *c.Value
	case c.CustomID != "" && c.Values != nil:
		into[c.CustomID] = cmp.Or(c.Values...) // a select's one value, "" when none is chosen
	}
	for _, in := range c.Components {
		in.collect(into)
	}
	if c.Component != nil {
		c.Component.collect(into)
	}
}
