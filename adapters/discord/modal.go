package discord

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// labelComponentType is Discord's Label (type 18), which wraps one input of
// a modal with its label. discordgo v0.29 predates it.
const labelComponentType discordgo.ComponentType = 18

// Discord's limits on a modal. The form's inputs take the bot's limits
// (bot.MaxHeadline and so on), so that Discord stops an over-long text
// before it is sent; their custom_ids are the bot's field names.
const (
	maxTextInputLength = 4000
	maxModalTitle      = 45
	maxPlaceholder     = 100
)

// labelComponent is a Label: a modal input with its label and description.
type labelComponent struct {
	Label       string
	Description string
	Component   discordgo.MessageComponent
}

// Type implements discordgo.MessageComponent.
func (labelComponent) Type() discordgo.ComponentType { return labelComponentType }

// MarshalJSON implements json.Marshaler.
func (l labelComponent) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        discordgo.ComponentType    `json:"type"`
		Label       string                     `json:"label"`
		Description string                     `json:"description,omitempty"`
		Component   discordgo.MessageComponent `json:"component"`
	}{labelComponentType, l.Label, l.Description, l.Component})
}

// textInput is a modal text input as Labels hold it: without the
// deprecated label of its own (discordgo's TextInput always sends one).
type textInput struct {
	CustomID    string
	Style       discordgo.TextInputStyle
	Value       string
	Placeholder string
	Required    bool
	MaxLength   int
}

// Type implements discordgo.MessageComponent.
func (textInput) Type() discordgo.ComponentType { return discordgo.TextInputComponent }

// MarshalJSON implements json.Marshaler.
func (t textInput) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        discordgo.ComponentType  `json:"type"`
		CustomID    string                   `json:"custom_id"`
		Style       discordgo.TextInputStyle `json:"style"`
		Value       string                   `json:"value,omitempty"`
		Placeholder string                   `json:"placeholder,omitempty"`
		Required    bool                     `json:"required"`
		MaxLength   int                      `json:"max_length,omitempty"`
	}{discordgo.TextInputComponent, t.CustomID, t.Style, t.Value, t.Placeholder, t.Required, t.MaxLength})
}

// stringSelect is a string select for a message's action row or a modal's
// Label. discordgo's SelectMenu always sends "disabled", which a modal
// refuses.
type stringSelect struct {
	CustomID    string
	Placeholder string
	Options     []selectOption
	Required    bool // modals only
}

// selectOption is one choice of a stringSelect.
type selectOption struct {
	Label       string `json:"label"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	Default     bool   `json:"default,omitempty"`
}

// Type implements discordgo.MessageComponent.
func (stringSelect) Type() discordgo.ComponentType { return discordgo.SelectMenuComponent }

// MarshalJSON implements json.Marshaler.
func (s stringSelect) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        discordgo.ComponentType `json:"type"`
		CustomID    string                  `json:"custom_id"`
		Placeholder string                  `json:"placeholder,omitempty"`
		Options     []selectOption          `json:"options"`
		Required    bool                    `json:"required,omitempty"`
	}{discordgo.SelectMenuComponent, s.CustomID, s.Placeholder, s.Options, s.Required})
}

// editForm is the edit modal for a story, built from Label components.
func editForm(s digest.Story, sectors digest.Sectors) *interactionResponse {
	var sector discordgo.MessageComponent = textInput{CustomID: bot.FieldSector, Style: discordgo.TextInputShort,
		Value: s.Sector, Required: true, MaxLength: 100, Placeholder: "A sector's name or short name"}
	if len(sectors) > 0 && len(sectors) <= maxSelectOptions {
		sector = stringSelect{CustomID: bot.FieldSector, Options: sectorOptions(sectors, s.Sector), Required: true}
	}
	components := []discordgo.MessageComponent{
		labelComponent{Label: "Headline", Component: textInput{CustomID: bot.FieldHeadline, Style: discordgo.TextInputShort,
			Value: digest.OneLine(s.Headline), Required: true, MaxLength: inputLimit(bot.MaxHeadline, digest.OneLine(s.Headline))}},
		labelComponent{Label: "Summary", Component: textInput{CustomID: bot.FieldSummary, Style: discordgo.TextInputParagraph,
			Value: digest.CleanText(s.Summary), MaxLength: inputLimit(bot.MaxSummary, digest.CleanText(s.Summary))}},
		labelComponent{Label: "Sector", Component: sector},
		labelComponent{Label: "Commentary", Description: "Shown above the story in the edition",
			Component: textInput{CustomID: bot.FieldCommentary, Style: discordgo.TextInputParagraph,
				Value: digest.CleanText(s.Commentary), MaxLength: inputLimit(bot.MaxCommentary, digest.CleanText(s.Commentary))}},
	}
	return modal(markedID(actionEditForm, s), fmt.Sprintf("Edit story #%d", s.ID), components...)
}

// rejectForm is the reject modal for a story: one optional paragraph, the
// reason the submitter is told.
func rejectForm(s digest.Story) *interactionResponse {
	return modal(customID(actionRejectForm, s.ID), fmt.Sprintf("Reject story #%d", s.ID),
		labelComponent{Label: "Reason", Description: clip("Optional: the submitter is told, with your reason if you give one", maxDescription),
			Component: textInput{CustomID: bot.FieldReason, Style: discordgo.TextInputParagraph,
				MaxLength:   min(bot.MaxReason, maxTextInputLength),
				Placeholder: clip("Why “"+digest.OneLine(s.Headline)+"” is not for the edition", maxPlaceholder)}})
}

// modal is the response that opens a form: id names it (see customID),
// the title is clipped to what Discord shows, and components are its
// Labels.
func modal(id, title string, components ...discordgo.MessageComponent) *interactionResponse {
	return &interactionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &responseData{CustomID: id, Title: clip(title, maxModalTitle), Payload: Payload{Components: components}},
	}
}

// inputLimit is a text input's max_length: bot.InputLimit (Discord refuses
// a form whose value exceeds its limit), within what Discord's inputs take.
func inputLimit(limit int, value string) int {
	return min(bot.InputLimit(limit, value), maxTextInputLength)
}

// onModalSubmit applies a submitted form through the bot: an edit form
// edits each field that changed, redraws the card and says what changed
// (and what was refused); a reject form rejects the story with its reason;
// the intro and commentary forms set that text.
func (a *Adapter) onModalSubmit(ctx context.Context, x *exchange) error {
	// An edit or commentary form's custom_id carries the story's mark
	// (markedID); a reject form's ends at the story's ID. The intro form is
	// "sharednews:introform".
	formID := x.in.ModalSubmitData().CustomID
	caller, _ := callerOf(x.in.Interaction) // nobody known: the bot refuses
	caller = a.withServerRoles(ctx, caller, x.in.Member != nil)
	if formID == customIDPrefix+actionIntroForm {
		text := x.in.fields[formInput]
		return a.reply(ctx, x, false, func(ctx context.Context) bot.Reply {
			return a.bot.SetIntro(ctx, caller, text)
		})
	}
	formID, mark := splitMark(formID)
	action, id, ok := parseCustomID(formID)
	if !ok {
		action = "" // not ours, or out of date: refused below
	}
	switch action {
	case actionNoteForm:
		text := x.in.fields[formInput]
		return a.reply(ctx, x, false, func(ctx context.Context) bot.Reply {
			return a.bot.EditStory(ctx, caller, id, bot.StoryChanges{Commentary: &text, Drawn: mark}).Reply
		})
	case actionRejectForm:
		reason := x.in.fields[bot.FieldReason]
		return a.reply(ctx, x, false, func(ctx context.Context) bot.Reply {
			return a.bot.RejectOnCard(ctx, caller, id, reason)
		})
	case actionEditForm:
		return a.reply(ctx, x, false, func(ctx context.Context) bot.Reply {
			changes := bot.FormChanges(func(field string) (string, bool) {
				v, sent := x.in.fields[field]
				return v, sent
			})
			changes.Drawn = mark
			return a.bot.EditStory(ctx, caller, id, changes).Reply
		})
	}
	return x.send(ctx, refusal("That form is not one of Shared News's, or is out of date."))
}

// rawComponent is a component of a submitted modal in either shape Discord
// sends: action rows (type 1) holding text inputs, or Labels (type 18)
// holding one text input or select in "component".
type rawComponent struct {
	Type       discordgo.ComponentType `json:"type"`
	CustomID   string                  `json:"custom_id"`
	Value      *string                 `json:"value"`
	Values     []string                `json:"values"`
	Components []rawComponent          `json:"components"`
	Component  *rawComponent           `json:"component"`
}

// collectFields gathers input values by custom_id, at any depth: a text
// input's value, or a select's first value.
func collectFields(cs []rawComponent, into map[string]string) {
	for _, c := range cs {
		switch {
		case c.CustomID != "" && c.Value != nil:
			into[c.CustomID] = *c.Value
		case c.CustomID != "" && c.Values != nil:
			into[c.CustomID] = ""
			if len(c.Values) > 0 {
				into[c.CustomID] = c.Values[0]
			}
		}
		collectFields(c.Components, into)
		if c.Component != nil {
			collectFields([]rawComponent{*c.Component}, into)
		}
	}
}
