package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// submissionBudget is how long a form submission may take to answer
// synchronously: Slack closes the modal with an error after three seconds.
const submissionBudget = 2500 * time.Millisecond

// interaction takes one interactive payload: a press or select on a review
// card, or a submitted form. It returns the body to acknowledge with: nil
// (which also closes a submitted form), or the errors to show in the form.
// Who may do what is checked here, on the server, whatever the card showed.
func (a *Adapter) interaction(ctx context.Context, cb *slackgo.InteractionCallback) any {
	switch cb.Type {
	case slackgo.InteractionTypeBlockActions:
		for _, act := range cb.ActionCallback.BlockActions {
			a.blockAction(cb, act)
		}
	case slackgo.InteractionTypeViewSubmission:
		if kind, ours := formCallbacks[cb.View.CallbackID]; ours {
			ctx, cancel := context.WithTimeout(ctx, submissionBudget)
			defer cancel()
			return a.submitForm(ctx, cb, kind)
		}
	}
	return nil
}

// formCallbacks are the forms by their callback_id.
var formCallbacks = map[string]bot.FormKind{callbackEdit: bot.EditForm, callbackReject: bot.RejectForm}

// blockAction has the bot take one card action in the background
// (bot.PressControl, which decides what it does and who may); a form it
// opens is opened here.
func (a *Adapter) blockAction(cb *slackgo.InteractionCallback, act *slackgo.BlockAction) {
	action, ours := strings.CutPrefix(act.ActionID, actionPrefix)
	if !ours || !bot.IsCardAction(action) {
		return // not one of our controls
	}
	// The story is a button's value, or the number in its actions block's ID.
	id, err := strconv.ParseInt(cmp.Or(act.Value, strings.TrimPrefix(act.BlockID, reviewBlockPre)), 10, 64)
	if err != nil || id <= 0 {
		a.log.Warn("review action without a story number", "action", act.ActionID, "value", act.Value)
		return
	}
	// The sector chosen is the select's new choice, or for Approve the
	// card's select's ("" keeps the story's own).
	sector := act.SelectedOption.Value
	if act.ActionID != actionSector && cb.BlockActionState != nil {
		sector = cb.BlockActionState.Values[reviewBlockID(id)][actionSector].SelectedOption.Value
	}
	ok := a.tasks.Go(act.ActionID, func(ctx context.Context) {
		caller := a.caller(ctx, cb.User.ID, cb.User.Name)
		p := a.bot.PressControl(ctx, caller, action, id, sector, maxOptionValue)
		reply := p.Reply
		if p.Opens {
			reply = a.openForm(ctx, cb, p.Form, p.Story)
		}
		// Success shows on the card itself; a refusal needs words, and so
		// does a press that changed nothing (a sector chosen again), or
		// the editor sees no answer at all.
		if m, ok := reply.Body.(bot.Message); ok && m.Tone != bot.Success {
			if err := a.respond(ctx, cb.ResponseURL, cb.User.ID, reply); err != nil {
				a.log.WarnContext(ctx, "answer review action", "action", act.ActionID, "err", err)
			}
		}
		a.bot.AfterPress(ctx, id, reply, showsWaiting(cb, id))
	})
	if !ok {
		a.log.Warn("review action dropped during shutdown", "action", act.ActionID, "story", id)
	}
}

// showsWaiting reports whether the card pressed, as the channel shows it
// (Slack sends it with the press), still waits: it shows Approve.
func showsWaiting(cb *slackgo.InteractionCallback, id int64) bool {
	return slices.ContainsFunc(cb.Message.Blocks.BlockSet, func(b slackgo.Block) bool {
		ab, ok := b.(*slackgo.ActionBlock)
		return ok && ab.BlockID == reviewBlockID(id) && ab.Elements != nil &&
			slices.ContainsFunc(ab.Elements.ElementSet, func(e slackgo.BlockElement) bool {
				btn, ok := e.(*slackgo.ButtonBlockElement)
				return ok && btn.ActionID == actionApprove
			})
	})
}

// openForm opens the reject or edit form for story s (views.open: the
// trigger expires three seconds after the press, so first thing), naming
// the card pressed, to redraw it afterwards. It returns any problem.
func (a *Adapter) openForm(ctx context.Context, cb *slackgo.InteractionCallback, kind bot.FormKind, s digest.Story) bot.Reply {
	meta := formMeta{Story: s.ID}
	if c := cb.Container; c.ChannelID != "" && c.MessageTs != "" {
		meta.Card = cardRef(c.ChannelID, c.MessageTs)
	}
	view := cardForm(kind, meta, s, a.bot.Sectors())
	if _, err := a.api.OpenViewContext(ctx, cb.TriggerID, view); err != nil {
		a.log.WarnContext(ctx, "open form", "form", view.CallbackID, "story", s.ID, "err", err)
		return a.bot.FormNotOpened(PlatformName, kind, s.ID)
	}
	return bot.Reply{}
}

// submitForm applies a submitted form through the bot (bot.SubmitForm):
// refusals show under their fields, the form open and nothing saved, else
// it closes. A form whose private_metadata names no story is stale, and
// the bot says so (bot.StaleForm).
//
// A reject form closes at once, the decision following in the background,
// answered by the card itself; a refusal (someone decided first) reaches
// the editor privately in the card's channel, else the review channel.
func (a *Adapter) submitForm(ctx context.Context, cb *slackgo.InteractionCallback, kind bot.FormKind) any {
	var meta formMeta
	placed := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) == nil && meta.Story > 0
	caller := a.caller(ctx, cb.User.ID, cb.User.Name)
	form := bot.FormSubmission{Kind: kind, StoryID: meta.Story, Mark: meta.Drawn, ChoiceMax: maxOptionValue, Whole: true,
		Value: func(field string) (string, bool) { return formField(cb.View.State, field) }}
	if kind != bot.RejectForm || !placed {
		if errs := a.bot.SubmitForm(ctx, caller, form).Errors; errs != nil {
			return slackgo.NewErrorsViewSubmissionResponse(errs)
		}
		return nil
	}
	ok := a.tasks.Go("reject", func(ctx context.Context) {
		reply := a.bot.SubmitForm(ctx, caller, form).Reply
		if !bot.IsProblem(reply) {
			return
		}
		channel, _, _ := parseCardRef(meta.Card) // "" when there is none
		if channel = cmp.Or(channel, a.cfg.ReviewChannel); channel == "" {
			return
		}
		if err := a.answerInChannel(ctx, channel, caller.ID, "", reply); err != nil {
			a.log.WarnContext(ctx, "answer reject form", "story", form.StoryID, "err", err)
		}
	})
	if !ok {
		return slackgo.NewErrorsViewSubmissionResponse(map[string]string{bot.FieldReason: a.bot.Restarting().Text})
	}
	return nil
}
