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
// and the editor's commentary, each starting at its current value.
func editForm(meta formMeta, f storyForm) slackgo.ModalViewRequest {
	s := f.story
	headline := slackgo.NewPlainTextInputBlockElement(nil, bot.FieldHeadline).
		WithInitialValue(clipPlain(s.Headline, bot.MaxHeadline)).WithMaxLength(bot.MaxHeadline)
	summary := slackgo.NewPlainTextInputBlockElement(nil, bot.FieldSummary).
		WithInitialValue(clipRunes(s.Summary, bot.MaxSummary)).WithMaxLength(bot.MaxSummary).WithMultiline(true)
	commentary := slackgo.NewPlainTextInputBlockElement(plain("A line above the story in the edition"), bot.FieldCommentary).
		WithInitialValue(clipRunes(s.Commentary, bot.MaxCommentary)).WithMaxLength(bot.MaxCommentary).WithMultiline(true)
	blocks := []slackgo.Block{
		section(clipMarkup(headlineLink(f.story.Outline()), maxText)),
		slackgo.NewInputBlock(bot.FieldHeadline, plain("Headline"), nil, headline),
		slackgo.NewInputBlock(bot.FieldSummary, plain("Summary"), nil, summary).WithOptional(true),
	}
	if sel := sectorSelect(bot.FieldSector, f.sectors, s.Sector); sel != nil {
		blocks = append(blocks, slackgo.NewInputBlock(bot.FieldSector, plain("Sector"), nil, sel))
	}
	blocks = append(blocks, slackgo.NewInputBlock(bot.FieldCommentary, plain("Commentary"),
		plain("Shown in italics above the story. Leave empty for none."), commentary).WithOptional(true))
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

// clipRunes cuts s to at most n characters, for a form's initial value,
// which Slack refuses when it is longer than the input's maximum.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
