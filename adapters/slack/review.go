package slack

import (
	"context"
	"fmt"
	"strconv"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/delivery"
	"github.com/sharednews/sharednews/digest"
)

// Interaction identifiers. A card control's action ID is its bot action
// after actionPrefix; the buttons' are fixed by PRODUCT.md section 4, with
// the story ID as each button's value. The tests name the ones not here.
const (
	actionPrefix   = bot.ControlPrefix
	actionApprove  = actionPrefix + bot.ActionApprove
	actionSector   = actionPrefix + bot.ActionSector // the sector select on a card
	callbackEdit   = "sharednews:edit"               // the edit form's callback_id
	callbackReject = "sharednews:reject"             // the reject-reason form's callback_id
	reviewBlockPre = "sharednews:review:"            // + story ID: the card's actions block
)

func reviewBlockID(id int64) string { return reviewBlockPre + strconv.FormatInt(id, 10) }

// cardRef is how a posted message is found again: "CHANNEL/ts".
func cardRef(channel, ts string) string { return bot.JoinRef(channel, ts, "/") }

// parseCardRef splits a reference made by cardRef.
func parseCardRef(ref string) (channel, ts string, err error) { return bot.SplitRef(ref, "/") }

// cardMessage renders a review card's outline (bot.ReviewCard.Outline):
// where the story stands (a decided card's mark first), the story as a list
// shows it, the facts, the controls while it waits, the latest change.
func cardMessage(card bot.ReviewCard, sectors digest.Sectors, loc *time.Location) message {
	o := card.Outline(loc)
	entries := o.Groups[0].Entries
	blocks := append([]slackgo.Block{contextLine(card.Mark() + clipEscaped(o.Title, maxText))}, cardBlocks(entries[0])...)
	blocks = append(blocks, joinSections(mrkdwn().Entries(bot.Fields, entries[1:]), "\n")...)
	if len(o.Controls) > 0 {
		blocks = append(blocks, reviewActions(card.Story.ID, o.Controls, sectors, card.Story.Sector))
	}
	if len(o.After) > 0 {
		blocks = append(blocks, contextLine(mrkdwn().Lines(o.After)...))
	}
	return message{Text: clipEscaped(o.Title+" — "+entries[0].Name, maxText), Blocks: blocks}
}

// reviewActions is the card's controls in one actions block, in the
// outline's order: the sector select (whose choice Approve also reads)
// while the sectors fit one, and the buttons, the story's ID their value.
func reviewActions(id int64, controls []bot.Control, sectors digest.Sectors, current string) *slackgo.ActionBlock {
	value := strconv.FormatInt(id, 10)
	var elems []slackgo.BlockElement
	for _, c := range controls {
		switch {
		case c.Style != bot.SectorChoice:
			elems = append(elems, slackgo.NewButtonBlockElement(actionPrefix+c.Action, value, plain(c.Label)).WithStyle(buttonStyles[c.Style]))
		case sectors.Selectable(maxOptions):
			elems = append(elems, sectorSelect(actionPrefix+c.Action, c.Label, sectors, current))
		}
	}
	return slackgo.NewActionBlock(reviewBlockID(id), elems...)
}

// buttonStyles are Slack's styles of the bot's: primary is green; a
// secondary button has no style.
var buttonStyles = map[bot.ControlStyle]slackgo.Style{bot.Primary: slackgo.StylePrimary, bot.Danger: slackgo.StyleDanger}

// sectorSelect is a static select of the sectors (digest.Sectors.Choices)
// with its placeholder, starting at current when it is one of them.
func sectorSelect(actionID, placeholder string, sectors digest.Sectors, current string) *slackgo.SelectBlockElement {
	var opts []*slackgo.OptionBlockObject
	var initial *slackgo.OptionBlockObject // none: the placeholder shows
	for _, c := range sectors.Choices(maxOptionValue) {
		o := slackgo.NewOptionBlockObject(c.Value, plain(clipPlain(c.Name, maxOptionText)), nil)
		opts = append(opts, o)
		if c.Slug == current {
			initial = o
		}
	}
	sel := slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, plain(clipPlain(placeholder, maxPlaceholder)), actionID, opts...)
	return sel.WithInitialOption(initial)
}

// PostReviewCard implements bot.Platform: the card goes to
// slack.review_channel, if there is one, as "CHANNEL/ts".
func (a *Adapter) PostReviewCard(ctx context.Context, card bot.ReviewCard) (string, error) {
	if a.cfg.ReviewChannel == "" {
		return "", nil
	}
	m := cardMessage(card, a.bot.Sectors(), a.bot.Location())
	ch, ts, err := postMessage(ctx, a.api, a.cfg.ReviewChannel, "", m)
	if err != nil {
		// Worded as a delivery report words it, so that the operator
		// reading the log sees the remedy ("invite the bot to it with
		// /invite") and not Slack's bare code alone.
		return "", fmt.Errorf("post review card for story #%d to review channel %s: %w", card.Story.ID, a.cfg.ReviewChannel, deliveryError(err))
	}
	return cardRef(ch, ts), nil
}

// UpdateReviewCard implements bot.Platform: the card is replaced in place
// (chat.update), so the review channel reads as a log of decisions.
func (a *Adapter) UpdateReviewCard(ctx context.Context, ref string, card bot.ReviewCard) error {
	channel, ts, err := parseCardRef(ref)
	if err != nil {
		return fmt.Errorf("update review card for story #%d: %w", card.Story.ID, err)
	}
	m := cardMessage(card, a.bot.Sectors(), a.bot.Location())
	if _, _, _, err := a.api.UpdateMessageContext(ctx, channel, ts, contentOptions(m)...); err != nil {
		return fmt.Errorf("update review card for story #%d (%s): %w", card.Story.ID, ref, err)
	}
	return nil
}

// postMessage posts m to channel through api, in thread when it is set,
// with more options after its content and no link previews (a digest of
// links would unfurl into a wall of cards). An answer that names no
// message is delivery.ErrNoMessage.
func postMessage(ctx context.Context, api *slackgo.Client, channel, thread string, m message, more ...slackgo.MsgOption) (string, string, error) {
	opts := append(contentOptions(m), slackgo.MsgOptionDisableLinkUnfurl(), slackgo.MsgOptionDisableMediaUnfurl())
	if thread != "" {
		opts = append(opts, slackgo.MsgOptionTS(thread))
	}
	ch, ts, err := api.PostMessageContext(ctx, channel, append(opts, more...)...)
	if err == nil && (ch == "" || ts == "") {
		err = fmt.Errorf("%w: chat.postMessage answered no channel or ts", delivery.ErrNoMessage)
	}
	return ch, ts, err
}

// contentOptions are a message's blocks and fallback text: all that
// chat.postEphemeral and chat.update take (neither has unfurl_* arguments).
func contentOptions(m message) []slackgo.MsgOption {
	return []slackgo.MsgOption{slackgo.MsgOptionText(m.Text, false), slackgo.MsgOptionBlocks(m.Blocks...)}
}
