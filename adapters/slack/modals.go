package slack

import (
	"encoding/json"
	"errors"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// Form fields. Each input's block ID and action ID are the bot.Edit field
// name, so a refusal from bot.Edit shows under the input it is about.
const (
	fieldHeadline   = "headline"
	fieldSummary    = "summary"
	fieldSector     = "sector"
	fieldCommentary = "commentary"
	fieldReason     = "reason"
)

// Input limits, the same as the bot's for typed commands, so Slack stops
// over-long text in the form before it is sent.
const (
	maxHeadlineInput = 300
	maxSummaryInput  = 1000
	maxNoteInput     = 1000
	maxReasonInput   = 500
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
	headline := slackgo.NewPlainTextInputBlockElement(nil, fieldHeadline).
		WithInitialValue(clipPlain(s.Headline, maxHeadlineInput)).WithMaxLength(maxHeadlineInput)
	summary := slackgo.NewPlainTextInputBlockElement(nil, fieldSummary).
		WithInitialValue(clipRunes(s.Summary, maxSummaryInput)).WithMaxLength(maxSummaryInput).WithMultiline(true)
	commentary := slackgo.NewPlainTextInputBlockElement(plain("A line above the story in the edition"), fieldCommentary).
		WithInitialValue(clipRunes(s.Commentary, maxNoteInput)).WithMaxLength(maxNoteInput).WithMultiline(true)
	blocks := []slackgo.Block{
		section(headlineLink(f.story)),
		slackgo.NewInputBlock(fieldHeadline, plain("Headline"), nil, headline),
		slackgo.NewInputBlock(fieldSummary, plain("Summary"), nil, summary).WithOptional(true),
	}
	if sel := sectorSelect(fieldSector, f.sectors, s.Sector); sel != nil {
		blocks = append(blocks, slackgo.NewInputBlock(fieldSector, plain("Sector"), nil, sel))
	}
	blocks = append(blocks, slackgo.NewInputBlock(fieldCommentary, plain("Commentary"),
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
	reason := slackgo.NewPlainTextInputBlockElement(plain("Optional: the submitter sees it"), fieldReason).
		WithMaxLength(maxReasonInput).WithMultiline(true)
	blocks := []slackgo.Block{
		section("Reject " + headlineLink(f.story) + "? The submitter will be told, with your reason if you give one."),
		slackgo.NewInputBlock(fieldReason, plain("Reason"), nil, reason).WithOptional(true),
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

// formChanges reads a submitted edit form: a field the form did not send
// is left nil, so the bot leaves it alone.
func formChanges(state *slackgo.ViewState) bot.StoryChanges {
	field := func(name string) *string {
		if v, sent := formField(state, name); sent {
			return &v
		}
		return nil
	}
	return bot.StoryChanges{Headline: field(fieldHeadline), Summary: field(fieldSummary),
		Sector: field(fieldSector), Commentary: field(fieldCommentary)}
}

// formValue is a submitted field's text or selected value ("" if absent).
func formValue(state *slackgo.ViewState, field string) string {
	v, _ := formField(state, field)
	return v
}

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
