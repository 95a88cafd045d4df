package slack

import (
	"encoding/json"
	"errors"
	"fmt"

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

func (m formMeta) encode() string {
	b, _ := json.Marshal(m) // a struct of an int and a string always encodes
	return string(b)
}

func parseFormMeta(s string) (formMeta, error) {
	var m formMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return formMeta{}, fmt.Errorf("form metadata: %w", err)
	}
	if m.Story <= 0 {
		return formMeta{}, errors.New("form metadata: no story")
	}
	return m, nil
}

// storyForm is what a form shows of a story.
type storyForm struct {
	story   digest.Story
	sectors digest.Sectors
}

// editForm is the modal that corrects a story: headline, summary, sector
// and the editor's commentary, each starting at its current value, whole.
func editForm(meta formMeta, f storyForm) slackgo.ModalViewRequest {
	s := f.story
	blocks := []slackgo.Block{section(clipMarkup(headlineLink(f.story.Outline()), maxText))}
	blocks = append(blocks, textInput(bot.FieldHeadline, "Headline", nil, nil, digest.OneLine(s.Headline), bot.MaxHeadline, false)...)
	blocks = append(blocks, textInput(bot.FieldSummary, "Summary", nil, nil, s.Summary, bot.MaxSummary, true)...)
	if sel := sectorSelect(bot.FieldSector, f.sectors, s.Sector); sel != nil {
		blocks = append(blocks, slackgo.NewInputBlock(bot.FieldSector, plain("Sector"), nil, sel))
	}
	blocks = append(blocks, textInput(bot.FieldCommentary, "Commentary", plain("A line above the story in the edition"),
		plain("Shown in italics above the story. Leave empty for none."), s.Commentary, bot.MaxCommentary, true)...)
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		CallbackID:      callbackEdit,
		Title:           plain(clipPlain(fmt.Sprintf("Edit story #%d", s.ID), maxModalTitle)),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		Blocks:          slackgo.Blocks{BlockSet: blocks},
		PrivateMetadata: meta.encode(),
	}
}

// textInput is the input block for one of a story's text fields, starting
// at value, whole: a form that showed a value cut would save it cut when
// the editor changed only another field. Its max_length is
// bot.InputLimit. A value longer than any input holds gets a note instead
// of an input, and the form leaves that field alone. The headline is the
// one field required.
func textInput(field, label string, placeholder, hint *slackgo.TextBlockObject, value string, limit int, multiline bool) []slackgo.Block {
	n := textLen(value)
	if n > maxInputLength {
		return []slackgo.Block{contextLine(fmt.Sprintf("*%s:* %d characters, more than a form can show; it is kept as it is.", label, n))}
	}
	in := slackgo.NewPlainTextInputBlockElement(placeholder, field).WithMaxLength(bot.InputLimit(limit, value)).WithMultiline(multiline)
	if value != "" {
		in = in.WithInitialValue(value)
	}
	block := slackgo.NewInputBlock(field, plain(label), hint, in)
	if field != bot.FieldHeadline {
		block = block.WithOptional(true)
	}
	return []slackgo.Block{block}
}

// rejectForm asks for an optional reason, which the submitter is told.
func rejectForm(meta formMeta, f storyForm) slackgo.ModalViewRequest {
	reason := slackgo.NewPlainTextInputBlockElement(plain("Optional: the submitter sees it"), bot.FieldReason).
		WithMaxLength(bot.MaxReason).WithMultiline(true)
	blocks := []slackgo.Block{
		section(clipMarkup("Reject "+headlineLink(f.story.Outline()), maxText-70) + "? The submitter will be told, with your reason if you give one."),
		slackgo.NewInputBlock(bot.FieldReason, plain("Reason"), nil, reason).WithOptional(true),
	}
	return slackgo.ModalViewRequest{
		Type:            slackgo.VTModal,
		CallbackID:      callbackReject,
		Title:           plain(clipPlain(fmt.Sprintf("Reject story #%d", f.story.ID), maxModalTitle)),
		Submit:          plain("Reject"),
		Close:           plain("Cancel"),
		Blocks:          slackgo.Blocks{BlockSet: blocks},
		PrivateMetadata: meta.encode(),
	}
}

// formField is a submitted field's text or selected value, and whether
// the form sent it. Each input's block ID and action ID are its bot.Field
// name.
func formField(state *slackgo.ViewState, field string) (string, bool) {
	if state == nil {
		return "", false
	}
	act, ok := state.Values[field][field]
	if !ok {
		return "", false
	}
	if act.Type == slackgo.ActionType(slackgo.OptTypeStatic) {
		return act.SelectedOption.Value, act.SelectedOption.Value != ""
	}
	return act.Value, true
}
