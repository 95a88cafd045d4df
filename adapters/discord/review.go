package discord

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sharednews/sharednews/bot"
	"github.com/sharednews/sharednews/digest"
)

// cardRef is how a posted card is found again: "CHANNEL:MESSAGE".
func cardRef(channelID, messageID string) string { return bot.JoinRef(channelID, messageID, ":") }

// parseCardRef splits a reference made by cardRef.
func parseCardRef(ref string) (channelID, messageID string, err error) { return bot.SplitRef(ref, ":") }

// PostReviewCard implements bot.Platform: the story goes to
// discord.review_channel as an embed with Approve, Reject and Edit buttons
// and a sector select.
func (a *Adapter) PostReviewCard(ctx context.Context, card bot.ReviewCard) (string, error) {
	if a.cfg.ReviewChannel == "" {
		return "", nil
	}
	m, err := a.postMessage(ctx, a.cfg.ReviewChannel, cardPayload(card, a.bot.Sectors(), a.bot.Location()))
	if err != nil {
		// Worded as a delivery report words it, so that the operator
		// reading the log sees what the bot lacks there and what to do.
		return "", fmt.Errorf("discord: post review card for #%d to review channel %s: %w", card.Story.ID, a.cfg.ReviewChannel, deliveryError(a.rest.named(err)))
	}
	return cardRef(a.cfg.ReviewChannel, m.ID), nil
}

// UpdateReviewCard implements bot.Platform: after a decision the card
// shows who did what, and its buttons and select are removed (a rejected
// card keeps one, Approve after all).
func (a *Adapter) UpdateReviewCard(ctx context.Context, ref string, card bot.ReviewCard) error {
	channelID, messageID, err := parseCardRef(ref)
	if err != nil {
		return fmt.Errorf("discord: update review card for #%d: %w", card.Story.ID, err)
	}
	p := cardPayload(card, a.bot.Sectors(), a.bot.Location())
	endpoint := discordgo.EndpointChannelMessage(channelID, messageID)
	if err := a.again(ctx, "update a review card", nil, func() error {
		_, err := a.session.RequestWithBucketID("PATCH", endpoint, p.edit(), discordgo.EndpointChannelMessages(channelID), within(ctx)...)
		return err
	}); err != nil {
		return fmt.Errorf("discord: update review card for #%d: %w", card.Story.ID, err)
	}
	return nil
}

// cardPayload is a review card's outline (bot.ReviewCard.Outline): where
// the story stands as the content, over the story's embed (storyEmbed, its
// summary under the title) with the facts the editor decides on as fields,
// in its verdict's colour, and the controls the outline names (waiting,
// the review buttons and a sector select; rejected, Approve after all).
func cardPayload(card bot.ReviewCard, sectors digest.Sectors, loc *time.Location) Payload {
	o := card.Outline(loc)
	story := o.Groups[0].Entries[0]
	e := storyEmbed(story)
	for _, f := range o.Groups[0].Entries[1:] {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: md(f.Name),
			Value: clip(strings.Join(markdown().Lines(f.Lines), "\n\n"), maxFieldValue), Inline: f.Inline})
	}
	// The summary takes what the title, fields and footer leave of the
	// 6,000 characters a message's embeds may have in all: a feed's summary,
	// a note and the commentary at their limits do not fit together whole.
	e.Description = clip(strings.Join(markdown().Lines(story.Lines), "\n\n"),
		min(maxEmbedDescription, maxEmbedCharacters-embedSize(e)))
	e.Color = card.Colour()
	content := strings.Join(append([]string{card.Mark() + "**" + md(o.Title) + "**"}, markdown().Lines(o.After)...), "\n")
	p := Payload{Content: clip(content, maxContent), Embeds: []*discordgo.MessageEmbed{e}}
	if len(o.Controls) > 0 {
		p.Components = cardComponents(card.Story, o.Controls, sectors)
	}
	return p
}

// cardComponents are the card's controls: its buttons in a row, then,
// when the sectors fit one select, the sector select with the story's
// sector chosen, in a row of its own, as Discord puts a select alone.
func cardComponents(s digest.Story, controls []bot.Control, sectors digest.Sectors) []discordgo.MessageComponent {
	var buttons, rows []discordgo.MessageComponent
	for _, c := range controls {
		switch {
		case c.Style != bot.SectorChoice:
			buttons = append(buttons, discordgo.Button{Label: c.Label, Style: buttonStyles[c.Style], CustomID: bot.ControlName(c.Action, s.ID)})
		case sectors.Selectable(maxSelectOptions):
			rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				component(discordgo.SelectMenuComponent, stringSelect{CustomID: bot.ControlName(c.Action, s.ID), Placeholder: clip(c.Label, maxPlaceholder),
					Options: sectorOptions(sectors, s.Sector)}),
			}})
		}
	}
	return append([]discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}, rows...)
}

// buttonStyles are Discord's styles of the bot's: the primary decision is
// green (Discord's own primary is blurple), as on Slack.
var buttonStyles = map[bot.ControlStyle]discordgo.ButtonStyle{
	bot.Primary: discordgo.SuccessButton, bot.Danger: discordgo.DangerButton, bot.Secondary: discordgo.SecondaryButton,
}

// sectorOptions are the sectors as select options (see
// digest.Sectors.Choices), current one chosen.
func sectorOptions(sectors digest.Sectors, current string) []selectOption {
	out := make([]selectOption, 0, len(sectors))
	for _, c := range sectors.Choices(maxChoiceValue) {
		out = append(out, selectOption{Label: clip(plain(c.Label()), maxOptionLabel), Value: c.Value,
			Description: clip(plain(c.Slug), maxOptionLabel), Default: c.Slug == current})
	}
	return out
}

// onComponent handles the review card's buttons and sector select through
// the bot (bot.PressControl), which decides what a press does and, on
// every press, whether the presser may. A form opens as the interaction's
// first response, which a deferral would take: it is asked for at once.
func (a *Adapter) onComponent(ctx context.Context, x *exchange) error {
	data := x.in.MessageComponentData()
	action, id, mark, ok := bot.ParseControlName(data.CustomID)
	if !ok || mark != "" {
		action = "" // not ours, or out of date: refused below
	}
	caller, _ := callerOf(x.in.User, x.in.Member) // nobody known: the bot refuses
	// A refused press on a card still offering a decision the story no
	// longer waits for (decided on the console, or while the card could not
	// be redrawn) redraws it, once answered (bot.AfterPress).
	stale := action != "" && showsWaiting(x.in.Message, id)
	if _, opens := bot.FormOn(action); opens {
		p := a.bot.PressControl(ctx, caller, action, id, "", maxChoiceValue)
		if !p.Opens {
			err := a.answer(ctx, x, p.Reply)
			a.bot.AfterPress(ctx, id, p.Reply, stale)
			return err
		}
		// The edit or reject form (bot.CardFormOutline).
		return x.send(ctx, modal(bot.FormName(p.Form, p.Story), bot.CardFormOutline(p.Form, p.Story), a.bot.Sectors(), ""))
	}
	// The select's one choice; none chosen: the bot says so, as on Slack, once it knows who pressed.
	chosen := cmp.Or(data.Values...)
	// reply has received the work's answer before it returns, so pressed
	// is read after it was written.
	var pressed bot.Reply
	err := a.reply(ctx, x, false, func(ctx context.Context) bot.Reply {
		pressed = a.bot.PressControl(ctx, caller, action, id, chosen, maxChoiceValue).Reply
		return pressed
	})
	a.bot.AfterPress(ctx, id, pressed, stale)
	return err
}

// showsWaiting reports whether m, the message pressed as Discord sends it
// with the press (the card as the channel shows it now), is story id's
// card still waiting for a decision: it carries the Approve button.
func showsWaiting(m *discordgo.Message, id int64) bool {
	want := bot.ControlName(bot.ActionApprove, id)
	return m != nil && slices.ContainsFunc(m.Components, func(c discordgo.MessageComponent) bool {
		row, ok := c.(*discordgo.ActionsRow)
		return ok && slices.ContainsFunc(row.Components, func(e discordgo.MessageComponent) bool {
			b, ok := e.(*discordgo.Button)
			return ok && b.CustomID == want
		})
	})
}
