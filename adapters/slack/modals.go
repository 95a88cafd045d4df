package slack

import (
	"encoding/json"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// formMeta travels in a form's private_metadata: which story, and which
// card to redraw afterwards.
type formMeta struct {
	Story int64  `json:"story"`
	Card  string `json:"card,omitempty"`
	// Drawn is bot.FormMark of the story as the edit form showed it.
	Drawn string `json:"drawn,omitempty"`
}

// cardForm is the modal a review card opens for story s, meta in its
// private_metadata: the edit form (bot.EditFormOutline) under a link to the
// story, recording the story as shown (meta.Drawn), or the reject form
// (bot.RejectFormOutline) under the question it answers.
func cardForm(kind bot.FormKind, meta formMeta, s digest.Story, sectors digest.Sectors) slackgo.ModalViewRequest {
	callback, form := callbackEdit, bot.CardFormOutline(kind, s)
	head := section(clipMarkup(headlineLink(s.Outline()), maxText))
	if kind == bot.RejectForm {
		callback = callbackReject
		head = section(clipMarkup("Reject "+headlineLink(s.Outline()), maxText-1) + "?")
	} else {
		meta.Drawn = bot.FormMark(s)
	}
	blocks := []slackgo.Block{head}
	for _, in := range form.Fields {
		blocks = append(blocks, inputBlock(in, sectors))
	}
	encoded, _ := json.Marshal(meta) // a struct of ints and strings always encodes
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		CallbackID:      callback,
		Title:           plain(clipPlain(form.Title, maxModalTitle)),
		Submit:          plain(form.Submit),
		Close:           plain("Cancel"),
		Blocks:          slackgo.Blocks{BlockSet: blocks},
		PrivateMetadata: string(encoded),
	}
}

// inputBlock is the block for one field, as bot.FormInput.Widget says: a
// text input starting at its value, whole (a value shown cut would be
// saved cut when the editor changed another field), a select of the
// sectors, or, for a value longer than any input holds, a line saying so.
func inputBlock(in bot.FormInput, sectors digest.Sectors) slackgo.Block {
	label, hint := plain(clipPlain(in.Label, maxInputLabel)), optionalPlain(in.Hint, maxInputLabel)
	switch in.Widget(sectors, maxOptions, maxInputLength) {
	case bot.WidgetSelect:
		return slackgo.NewInputBlock(in.Name, label, hint, sectorSelect(in.Name, in.Label, sectors, in.Value))
	case bot.WidgetNote:
		return contextLine(mrkdwn().Line(in.Note()))
	}
	// An empty initial value is left out of the request (omitempty).
	el := slackgo.NewPlainTextInputBlockElement(optionalPlain(in.Placeholder, maxPlaceholder), in.Name).
		WithMaxLength(min(in.Limit, maxInputLength)).WithMultiline(in.Multiline).WithInitialValue(in.Value)
	return slackgo.NewInputBlock(in.Name, label, hint, el).WithOptional(!in.Required)
}

// optionalPlain is text clipped to limit as a plain_text object; no text, none.
func optionalPlain(text string, limit int) *slackgo.TextBlockObject {
	if text == "" {
		return nil
	}
	return plain(clipPlain(text, limit))
}

// formField is a submitted field's text or selected value, and whether
// the form sent it; an input's block and action IDs are its field's name.
func formField(state *slackgo.ViewState, field string) (string, bool) {
	if state == nil {
		return "", false
	}
	act, ok := state.Values[field][field] // none: no type, no value
	if act.Type == slackgo.ActionType(slackgo.OptTypeStatic) {
		return act.SelectedOption.Value, act.SelectedOption.Value != ""
	}
	return act.Value, ok
}
